"""``python -m bench`` (what ``make bench`` runs): the benchmark, outside the runtime package."""

import typer

from bench.cli import bench

if __name__ == "__main__":
    typer.run(bench)
