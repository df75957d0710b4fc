"""``ogi crawl URL… [--out DIR] [--sources FILE]``: crawl list pages into the raw directory."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline.errors import ReportError


def crawl_command(
    urls: Annotated[list[str] | None, typer.Argument(help="List-page URLs of 政府信息公开年报 columns.")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Raw directory (default: $OGI_RAW_DIR or data/raw).")] = None,
    sources: Annotated[
        Path | None, typer.Option("--sources", help="TOML file of sources; its enabled entries are crawled.")
    ] = None,
    delay: float = typer.Option(1.0, help="Seconds between requests to one host."),
    per_host: int = typer.Option(2, help="Concurrent requests to one host."),
    timeout: float = typer.Option(20.0, help="Seconds per request."),
    retries: int = typer.Option(3, help="Retries after a 5xx, timeout or connection error."),
    backoff: float = typer.Option(1.0, help="First retry wait in seconds (doubles each retry)."),
    max_mb: float = typer.Option(20.0, "--max-mb", help="Size cap per response, in MB."),
    max_pages: int = typer.Option(50, help="List pages to follow per source."),
) -> None:
    """Download annual reports (inline pages and attachments) politely and incrementally."""
    from pipeline.acquire.crawl import crawl, raw_dir_from_env
    from pipeline.acquire.fetch import FetchConfig
    from pipeline.acquire.sources import Source, load_sources

    err = Console(stderr=True)
    try:
        todo: list[Source] = [Source.from_url(u) for u in urls or []]
        if sources is not None:
            todo += load_sources(sources)
    except ReportError as exc:
        err.print(f"[red]{exc.code}[/]: {exc}")
        raise typer.Exit(2) from None
    if not todo:
        err.print("nothing to crawl: give list URLs, or --sources FILE with enabled entries")
        raise typer.Exit(2)
    config = FetchConfig(
        delay=delay,
        per_host=per_host,
        timeout=timeout,
        retries=retries,
        backoff=backoff,
        max_bytes=int(max_mb * 1024 * 1024),
    )
    raw = out or raw_dir_from_env()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    counts = dict.fromkeys(("page", "new", "updated", "unchanged", "failure"), 0)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err) as bar:
        task = bar.add_task("crawling", total=None)

        def on_event(kind: str, url: str) -> None:
            counts[kind] += 1
            line = ", ".join(f"{k} {v}" for k, v in counts.items())
            bar.update(task, description=f"{line} · {url[-60:]}")

        summary = crawl(todo, raw, config, max_list_pages=max_pages, on_event=on_event)

    console = Console()
    table = Table(title=f"crawl → {raw}", show_header=False)
    for key, value in summary.as_metadata().items():
        table.add_row(key.replace("_", " "), str(value))
    console.print(table)
    if summary.failures:
        fails = Table(title="failures", show_lines=False)
        fails.add_column("code")
        fails.add_column("reason", overflow="fold")
        for f in summary.failures:
            fails.add_row(f.code, f.message)
        console.print(fails)
    if summary.list_pages == 0:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the ``ogi`` app."""
    app.command("crawl")(crawl_command)
