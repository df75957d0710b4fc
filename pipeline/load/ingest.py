"""``ogi ingest``: run the Dagster ingest assets in-process, with a progress bar and a summary.

The same assets as the nightly job and the sensor run (``materialize`` over the definitions'
asset list), so the CLI and the UI can never drift apart.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline.load import progress
from pipeline.load.batch import ParseBatch
from pipeline.load.paths import published_path, work_path_for


@dataclass
class IngestSummary:
    """What one ingest run did."""

    files_seen: int = 0
    parsed: int = 0
    skipped: int = 0
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (file, code, message)
    facts_loaded: int = 0
    warehouse: str = ""
    work_db: str = ""
    seconds: float = 0.0
    success: bool = True
    errors: list[str] = field(default_factory=list)

    def table(self) -> Table:
        t = Table(title="ogi ingest", show_header=False)
        reasons = Counter(code for _, code, _ in self.failed)
        t.add_row("files seen", str(self.files_seen))
        t.add_row("parsed", str(self.parsed))
        t.add_row("skipped (unchanged)", str(self.skipped))
        t.add_row("failed", f"{len(self.failed)}" + (f"  ({', '.join(f'{c}: {n}' for c, n in reasons.items())})"
                                                     if reasons else ""))
        for name, code, message in self.failed:
            t.add_row("", f"[red]{name}[/red]: {code}: {message}")
        t.add_row("facts loaded", str(self.facts_loaded))
        t.add_row("warehouse (published)", self.warehouse)
        t.add_row("working database", self.work_db)
        t.add_row("time", f"{self.seconds:.1f} s")
        for e in self.errors:
            t.add_row("[red]run error[/red]", e)
        return t


def _instance() -> dg.DagsterInstance:
    """The project instance when ``DAGSTER_HOME`` is set (run history in the UI), else ephemeral."""
    import os

    home = os.environ.get("DAGSTER_HOME")
    if home and Path(home, "dagster.yaml").exists():
        return dg.DagsterInstance.get()
    return dg.DagsterInstance.ephemeral()


def ingest(paths: list[str | Path] | None = None, warehouse: str | Path | None = None,
           console: Console | None = None, instance: dg.DagsterInstance | None = None) -> IngestSummary:
    """Ingest files/folders (default the raw folder) into ``warehouse`` (default data/warehouse/ogi.duckdb)."""
    from pipeline.definitions import ALL_ASSETS
    from pipeline.defs.jobs import INGEST_SELECTION
    from pipeline.defs.resources import make_resources

    published = Path(warehouse) if warehouse else published_path()
    work = work_path_for(published) if warehouse else None
    resources = make_resources(work, published)
    summary = IngestSummary(warehouse=str(published), work_db=resources["duckdb"].database)
    run_config = {
        "ops": {"raw_report_files": {"config": {"paths": [str(p) for p in paths or []]}}},
        "loggers": {"console": {"config": {"log_level": "WARNING"}}},
    }
    console = console or Console(stderr=True)
    started = time.perf_counter()
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   TextColumn("{task.fields[name]}"), console=console, transient=False)
    task = bar.add_task("parsing", total=None, name="")

    def on_event(event: str, name: str, total: int) -> None:
        if event == "start":
            bar.update(task, total=total, completed=0)
        else:
            bar.update(task, advance=1, name=name)

    with bar, progress.listening(on_event):
        result = dg.materialize(ALL_ASSETS, selection=INGEST_SELECTION, resources=resources,
                                run_config=run_config, instance=instance or _instance(), raise_on_error=False)
    summary.seconds = time.perf_counter() - started
    summary.success = result.success
    _fill(summary, result)
    return summary


def _fill(summary: IngestSummary, result: dg.ExecuteInProcessResult) -> None:
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data and event.step_failure_data.error:
            summary.errors.append(f"{event.step_key}: {event.step_failure_data.error.message.strip()}")
    try:
        batch: ParseBatch = result.output_for_node("parsed_reports")
    except Exception:  # noqa: BLE001 - the step failed; its error is already in summary.errors
        return
    summary.files_seen = len(batch.outcomes) + len(batch.skipped)
    summary.parsed = len(batch.parsed)
    summary.skipped = len(batch.skipped)
    summary.failed = [(o.file.name, o.error_code or "", o.error_message or "") for o in batch.failed]
    for mat in result.asset_materializations_for_node("warehouse_tables"):
        summary.facts_loaded = int(mat.metadata["facts_loaded"].value)
