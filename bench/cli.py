"""``python -m bench`` (``make bench``): generate (or reuse) a seeded corpus and measure parse, load and checks on it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from bench.corpus import DEFAULT_MIX
from bench.render import FORMATS


def _mix(text: str | None, no_pdf: bool) -> dict[str, float]:
    """``text=0.3,html=0.7`` → a mix; the default mix otherwise; ``--no-pdf`` drops PDF."""
    mix = dict(DEFAULT_MIX)
    if text:
        try:
            mix = {k.strip(): float(v) for k, v in (part.split("=") for part in text.split(","))}
        except ValueError as e:
            raise typer.BadParameter(f"--mix wants name=share pairs like text=0.5,html=0.5 ({e})") from e
    if no_pdf:
        mix.pop("pdf", None)
    unknown = sorted(set(mix) - set(FORMATS))
    if unknown or not any(v > 0 for v in mix.values()):
        raise typer.BadParameter(f"--mix: unknown formats {unknown} (known: {', '.join(FORMATS)})"
                                 if unknown else "--mix: no format has a positive share")
    return mix


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(p) for p in text.replace("_", "").split(",") if p.strip())
    except ValueError as e:
        raise typer.BadParameter(f"--e2e wants sizes like 10000,100000 ({e})") from e
    if any(n < 1 for n in sizes):
        raise typer.BadParameter("--e2e sizes must be at least 1")
    return sizes


def bench(
    reports: Annotated[int, typer.Option("--reports", "-n", help="Corpus size.")] = 1000,
    workers: Annotated[int, typer.Option(help="Parse processes (default: all cores).")] = os.cpu_count() or 1,
    out: Annotated[Path, typer.Option(help="Results JSON.")] = Path("bench/results/latest.json"),
    seed: Annotated[int, typer.Option(help="Corpus seed (same seed and size → same bytes).")] = 7,
    chunk: Annotated[int, typer.Option(help="Files per pool task (one Parquet part each).")] = 50,
    serial_sample: Annotated[int, typer.Option(help="Reports per format parsed serially (the baseline).")] = 60,
    mix: Annotated[str | None, typer.Option(help="Format mix, e.g. text=0.3,html=0.4,docx=0.3.")] = None,
    no_pdf: Annotated[bool, typer.Option("--no-pdf", help="Leave PDF (LibreOffice, slow) out.")] = False,
    corpus_root: Annotated[Path, typer.Option(help="Where corpora are cached.")] = Path("bench/corpus"),
    keep_work: Annotated[bool, typer.Option(help="Keep the Parquet parts and the bench warehouse.")] = False,
    validation: Annotated[bool, typer.Option(help="Also run bench.checks.bench_validation.")] = True,
    e2e: Annotated[str, typer.Option(help="Corpus sizes run end to end through `ogi ingest` ('' for none).")]
    = "10000,100000",
) -> None:
    """Benchmark parse (serial and on a process pool), load and checks; print a table, write JSON."""
    from bench.run import BenchConfig, run_bench

    if reports < 1 or workers < 1:
        raise typer.BadParameter("--reports and --workers must be at least 1")
    cfg = BenchConfig(reports=reports, workers=workers, seed=seed, chunk=chunk, serial_sample=serial_sample,
                      mix=_mix(mix, no_pdf), corpus_root=str(corpus_root), out=str(out), keep_work=keep_work,
                      validation=validation, e2e=_sizes(e2e))
    results = run_bench(cfg)
    failed = [k for k, v in results["stages"].items() if "error" in v]
    if failed:
        typer.echo(f"stages failed: {', '.join(failed)}", err=True)
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the benchmark's commands to the ``ogi`` app."""
    app.command("bench")(bench)
