"""``ogi ingest``: a run of ``ingest_job`` from the command line, with its findings and a summary.

It lives with the orchestration (it runs the Dagster job), above the stages it drives.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console


def ingest_command(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders to ingest (default data/raw/).")] = None,
    warehouse: Annotated[Path | None, typer.Option(
        "--warehouse", help="Published DuckDB file (default data/warehouse/ogi.duckdb); "
                            "the working DB is <stem>_work.duckdb beside it.")] = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Exit 1 when any file failed to parse (in this run, or earlier and unchanged).")] = False,
) -> None:
    """Parse new or changed reports, load the warehouse, check it and publish the snapshot."""
    from pipeline.defs.ingest import MissingPathError, ingest

    logging.basicConfig(level=logging.WARNING)
    for handler in logging.getLogger().handlers:  # great-expectations sets some of its loggers to INFO
        handler.setLevel(logging.WARNING)
    console = Console()
    try:
        summary = ingest(paths or None, warehouse, console=console)
    except MissingPathError as exc:
        Console(stderr=True).print(f"[red]ogi ingest: {exc}[/red]: nothing ingested, nothing published")
        raise typer.Exit(2) from None
    if summary.published:
        _print_findings(console, Path(summary.warehouse))
    console.print(summary.table())
    if summary.published:
        console.print(f"warehouse: [bold]{summary.warehouse}[/bold] (open it with duckdb -readonly)")
    if summary.dq_report:
        console.print(f"data-quality report: [bold]{summary.dq_report}[/bold]")
    if not summary.success:
        console.print("[red]the run failed[/red]" + ("" if summary.published else ": nothing was published"))
        raise typer.Exit(1)
    if strict and summary.failed_count:
        console.print(f"[red]--strict: {summary.failed_count} file(s) failed to parse[/red]")
        raise typer.Exit(1)


def _print_findings(console: Console, published: Path, max_listed: int = 40) -> None:
    """The data-quality summary of the published snapshot, and the findings themselves if few."""
    import duckdb

    from pipeline.check.findings import findings_summary

    with duckdb.connect(str(published), read_only=True) as con:
        console.print(findings_summary(con))
        cur = con.execute("select * from dq_findings order by severity = 'warning', agency, year, rule, location "
                          f"limit {max_listed + 1}")
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    for r in rows[:max_listed]:
        style = "red" if r["severity"] == "error" else "yellow"
        where = " ".join(str(r[k]) for k in ("label_zh", "location") if r.get(k))
        file = " ".join(str(r[k]) for k in ("source_name", "source_where") if r.get(k))
        message = r.get("message_zh") or r.get("message") or ""
        console.print(
            f"[{style}]{r['severity']:<7}[/{style}] {r.get('agency') or ''} {r.get('year') or ''}  [bold]{where}[/bold]"
            + (f"  ({file})" if file else "") + f"\n        {message}",
            soft_wrap=False,
        )
    if len(rows) > max_listed:
        console.print(f"more than {max_listed} findings: list them with [bold]ogi findings[/bold]")


def register(app: typer.Typer) -> None:
    """Add the orchestration's command to the ``ogi`` app."""
    app.command("ingest")(ingest_command)
