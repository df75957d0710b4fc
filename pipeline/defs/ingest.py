"""``ogi ingest``: a run of ``ingest_job`` in this process, with a progress bar and a summary.

The same named job as the schedule and the sensor run (``pipeline.defs.jobs.ingest_job``), from
``raw_report_files`` on, with every asset check of those assets, recorded in the project's Dagster
instance (``DAGSTER_HOME``, default the project's ``.dagster_home``) so the run and its checks show
in the UI (``make ui``). The CLI and the UI can never drift apart.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline.load import progress
from pipeline.load.paths import duckdb_config, published_path, raw_dir, work_path, work_path_for
from pipeline.settings import settings


class MissingPathError(FileNotFoundError):
    """A file or folder given to ingest does not exist: nothing is ingested or published."""

    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__(f"no such file or folder: {', '.join(missing)}")


@dataclass
class CheckOutcome:
    name: str
    asset: str
    passed: bool
    severity: str  # ERROR or WARN


@dataclass
class IngestSummary:
    """What one ingest run did."""

    files_seen: int = 0
    parsed: int = 0
    skipped: int = 0
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (file, code, reason) still failing, listed
    failed_count: int = 0  # every file still failing (the list above may be cut short)
    failed_now: int = 0  # of those, the files that failed in this run (the rest failed before, unchanged)
    facts_loaded: int = 0
    checks: list[CheckOutcome] = field(default_factory=list)
    findings: dict[str, int] = field(default_factory=dict)  # severity → count
    published: bool = False
    dq_report: str = ""
    data_docs: str = ""
    warehouse: str = ""
    work_db: str = ""
    run_id: str = ""
    dagster_home: str = ""
    seconds: float = 0.0
    success: bool = True
    errors: list[str] = field(default_factory=list)

    @property
    def failed_checks(self) -> list[CheckOutcome]:
        return [c for c in self.checks if not c.passed]

    def table(self) -> Table:
        t = Table(title="ogi ingest", show_header=False)
        reasons = Counter(code for _, code, _ in self.failed)
        t.add_row("files seen", str(self.files_seen))
        t.add_row("parsed", str(self.parsed))
        t.add_row("skipped (unchanged)", str(self.skipped))
        earlier = max(0, self.failed_count - self.failed_now)
        detail = ", ".join(f"{c}: {n}" for c, n in sorted(reasons.items()))
        if earlier:
            detail += f"; {earlier} failed in an earlier run, file unchanged"
        style = "red" if self.failed_count else "green"
        t.add_row("failed", f"[{style}]{self.failed_count}[/{style}]" + (f"  ({detail})" if detail else ""))
        for name, code, message in self.failed:
            t.add_row("", f"[red]{name}[/red]: {code}: {message}")
        if self.failed_count > len(self.failed):
            t.add_row("", f"… and {self.failed_count - len(self.failed)} more (asset check parse_failures)")
        t.add_row("facts loaded", str(self.facts_loaded))
        errors, warnings = self.findings.get("error", 0), self.findings.get("warning", 0)
        t.add_row("findings", f"[red]{_n(errors, 'error')}[/red], [yellow]{_n(warnings, 'warning')}[/yellow]"
                  if self.findings else "not checked")
        failing = ", ".join(f"{c.name} ({c.severity})" for c in self.failed_checks)
        t.add_row("asset checks", f"{len(self.checks)} evaluated, {len(self.failed_checks)} failed"
                  + (f": {failing}" if failing else ""))
        published = self.warehouse if self.published else f"[red]not published[/red] (still {self.warehouse})"
        t.add_row("warehouse (published)", published)
        t.add_row("working database", self.work_db)
        t.add_row("data-quality report", self.dq_report or "not written")
        if self.data_docs:
            t.add_row("GX Data Docs", self.data_docs)
        if self.run_id:
            t.add_row("Dagster run", f"ingest_job {self.run_id[:8]} in {self.dagster_home} (make ui)")
        t.add_row("time", f"{self.seconds:.1f} s")
        for e in self.errors:
            t.add_row("[red]run error[/red]", e)
        return t


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def dagster_home() -> Path:
    """``DAGSTER_HOME``, else the project's ``.dagster_home`` (then exported, as Dagster reads it)."""
    path = settings().dagster_home.resolve()
    os.environ["DAGSTER_HOME"] = str(path)  # the project's dagster.yaml names its storage by this variable
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextmanager
def project_instance() -> Iterator[dg.DagsterInstance]:
    """The project's Dagster instance (run history, asset checks: what the UI shows)."""
    dagster_home()
    with dg.DagsterInstance.get() as instance:
        yield instance


def run_ingest_job(paths: list[str | Path] | None, work: Path, published: Path, instance: dg.DagsterInstance,
                   tags: dict[str, str] | None = None, log_level: str = "WARNING") -> dg.ExecuteInProcessResult:
    """One run of ``ingest_job`` from ``raw_report_files`` on, in this process, recorded in ``instance``.

    The paths and the databases go in as run config (the run in the UI says what it read and wrote);
    every asset check of the selected assets runs. Never raises for a failed step: see the result.
    """
    from pipeline.definitions import defs
    from pipeline.defs.constants import INGEST_JOB
    from pipeline.defs.jobs import INGEST_SELECTION

    work.parent.mkdir(parents=True, exist_ok=True)
    run_config = {
        "ops": {"raw_report_files": {"config": {"paths": [str(p) for p in paths or []]}}},
        "resources": {"duckdb": {"config": {"database": str(work), "connection_config": duckdb_config()}},
                      "warehouse": {"config": {"path": str(published)}}},
        "loggers": {"console": {"config": {"log_level": log_level}}},
    }
    job = defs.resolve_job_def(INGEST_JOB)
    selection = sorted(INGEST_SELECTION.resolve(defs.resolve_asset_graph()))
    return job.execute_in_process(run_config=run_config, instance=instance, asset_selection=selection,
                                  raise_on_error=False, tags=tags)


def ingest(paths: list[str | Path] | None = None, warehouse: str | Path | None = None,
           console: Console | None = None, instance: dg.DagsterInstance | None = None) -> IngestSummary:
    """Ingest files/folders (default the raw folder) into ``warehouse`` (default data/warehouse/ogi.duckdb).

    Raises ``MissingPathError`` before anything runs when a path does not exist.
    """
    roots = [Path(p) for p in paths or []] or [raw_dir()]
    missing = [str(p) for p in roots if not p.exists()]
    if missing:
        raise MissingPathError(missing)
    if instance is None:
        with project_instance() as inst:
            return ingest(paths, warehouse, console, inst)

    published = Path(warehouse) if warehouse else published_path()
    work = work_path_for(published) if warehouse else work_path()
    summary = IngestSummary(warehouse=str(published), work_db=str(work), dagster_home=str(instance.root_directory))
    console = console or Console(stderr=True)
    started = time.perf_counter()
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   TextColumn("{task.fields[name]}"), console=console, transient=False)
    task = bar.add_task("parsing", total=None, name="")

    def on_event(event: str, name: str, total: int) -> None:
        if event == "start":
            bar.update(task, total=total, completed=0)
        else:
            bar.update(task, advance=total or 1, name=name)

    with bar, progress.listening(on_event):
        result = run_ingest_job(paths, work, published, instance, tags={"ogi/trigger": "cli"})
    summary.seconds = time.perf_counter() - started
    summary.success = result.success
    summary.run_id = result.run_id
    _fill(summary, result)
    return summary


def _metadata(result: dg.ExecuteInProcessResult, node: str) -> dict[str, object]:
    mats = result.asset_materializations_for_node(node)
    return {k: v.value for k, v in mats[-1].metadata.items()} if mats else {}


def _fill(summary: IngestSummary, result: dg.ExecuteInProcessResult) -> None:
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data and event.step_failure_data.error:
            error = event.step_failure_data.error
            while error.cause is not None:  # the user's exception, not Dagster's wrapper around it
                error = error.cause
            summary.errors.append(f"{event.step_key}: {error.message.strip()}")
    for ev in result.get_asset_check_evaluations():
        summary.checks.append(CheckOutcome(ev.check_name, ev.asset_key.to_user_string(), ev.passed,
                                           ev.severity.value))
        if ev.check_name == "parse_failures":
            listed = ev.metadata["failures"].value
            summary.failed = [(f["file"], f["code"], f["reason"]) for f in listed]
            summary.failed_count = int(ev.metadata["failed_files"].value)
    tables = _metadata(result, "warehouse_tables")
    summary.facts_loaded = int(tables.get("facts_loaded", 0))
    summary.failed_now = int(tables.get("reports_failed", 0))
    quality = _metadata(result, "dq_findings")
    if quality:
        summary.findings = {"error": int(quality.get("errors", 0)), "warning": int(quality.get("warnings", 0))}
        summary.data_docs = str(quality.get("data_docs_path", ""))
    publish = _metadata(result, "published_warehouse")
    summary.published = bool(publish)
    summary.dq_report = str(publish.get("dq_report", ""))
    parsed = _metadata(result, "parsed_reports")
    summary.files_seen = int(parsed.get("files_seen", 0))
    summary.parsed = int(parsed.get("reports_parsed", 0))
    summary.skipped = int(parsed.get("reports_skipped_unchanged", 0))
