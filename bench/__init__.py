"""Benchmark stage: a seeded synthetic corpus and the `make bench` measurements."""
