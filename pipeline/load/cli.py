"""``ogi ingest`` and ``ogi dictionary``: the warehouse stage's commands."""

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
) -> None:
    """Parse new or changed reports, load the warehouse, check it and publish the snapshot."""
    from pipeline.load.ingest import ingest

    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    console = Console()
    summary = ingest(paths or None, warehouse, console=console)
    console.print(summary.table())
    if summary.success:
        _print_findings(console, Path(summary.warehouse))
    console.print(f"warehouse: [bold]{summary.warehouse}[/bold] (open it with duckdb -readonly)")
    if not summary.success:
        raise typer.Exit(1)


def _print_findings(console: Console, published: Path, max_listed: int = 40) -> None:
    """The data-quality summary of the published snapshot, and the findings themselves if few."""
    import duckdb

    from pipeline.check.findings import findings_summary, list_findings

    with duckdb.connect(str(published), read_only=True) as con:
        console.print(findings_summary(con))
        rows = list_findings(con, limit=max_listed + 1)
    for r in rows[:max_listed]:
        style = "red" if r["severity"] == "error" else "yellow"
        console.print(
            f"[{style}]{r['severity']:<7}[/{style}] {r['agency']} {r['year']}  [bold]{r['location']}[/bold]\n"
            f"        {r['message']}",
            soft_wrap=False,
        )
    if len(rows) > max_listed:
        console.print(f"more than {max_listed} findings: list them with [bold]ogi findings[/bold]")


def dictionary_command(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    readme: Annotated[Path | None, typer.Option("--readme", help="Also refresh the dictionary section of this README.")] = None,
) -> None:
    """Print the data dictionary (Markdown) generated from the COMMENTs in sql/."""
    from pipeline.load.dictionary import dictionary_markdown, embed_in_readme

    text = dictionary_markdown()
    if readme:
        readme.write_text(embed_in_readme(readme.read_text(encoding="utf-8"), text), encoding="utf-8")
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        typer.echo(text, nl=False)


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the ``ogi`` app."""
    app.command("ingest")(ingest_command)
    app.command("dictionary")(dictionary_command)
