"""The pipeline as assets: raw files → parsed reports → warehouse tables → views → published.

Each asset is thin: it calls the plain functions of ``pipeline.load`` and reports what happened
as metadata. Every asset that opens the working database sits in the ``duckdb_writer`` pool, so
runs never fight over DuckDB's single-writer lock.
"""

import json
import shutil
import time
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipeline.defs.constants import INGEST_GROUP, PREVIEW_ROWS, WAREHOUSE_GROUP, WRITER_POOL
from pipeline.defs.resources import PublishedWarehouse
from pipeline.load import progress
from pipeline.load.batch import list_files
from pipeline.load.parquet import merge_parquet
from pipeline.load.paths import raw_dir
from pipeline.load.publish import publish, snapshot_counts
from pipeline.load.schema import apply_ddl, apply_views
from pipeline.load.stage import stage_files
from pipeline.load.store import loaded_versions, stats_of

DQ_REPORT_NAME = "dq_report.html"
STALE_UNKNOWN_SECONDS = 24 * 3600  # staging of a run this instance does not know: left alone for a day


class RawFilesConfig(dg.Config):
    """Files or folders to ingest; empty means the raw folder (``OGI_RAW_DIR``, default data/raw)."""

    paths: list[str] = []


def markdown_table(columns: list[str], rows: list[tuple]) -> str:
    """A small Markdown table for asset previews."""
    out = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    out += ["| " + " | ".join("" if v is None else str(v) for v in r) + " |" for r in rows]
    return "\n".join(out)


@dg.asset(group_name=INGEST_GROUP, deps=["crawled_reports"],
          description="Report files on disk (data/raw/ or the paths given), in path order. Its value is the "
                      "path of a JSON file listing them, beside the working database (not the list itself).")
def raw_report_files(context: dg.AssetExecutionContext, config: RawFilesConfig,
                     duckdb: DuckDBResource) -> dg.Output[str]:
    roots = [Path(p) for p in config.paths] or [raw_dir()]
    missing = [str(p) for p in roots if not p.exists()]
    if missing:  # a typo must not publish a warehouse that silently lacks the files
        raise dg.Failure(description=f"no such file or folder: {', '.join(missing)}", allow_retries=False)
    files = list_files(roots)
    context.log.info("found %d files", len(files))
    sizes = [f.stat().st_size for f in files]
    listing = file_list_path(duckdb.database, context.run.run_id)
    listing.parent.mkdir(parents=True, exist_ok=True)
    listing.write_text(json.dumps([str(f) for f in files], ensure_ascii=False), encoding="utf-8")
    preview = markdown_table(["name", "bytes"], list(zip((f.name for f in files[:PREVIEW_ROWS]), sizes, strict=False)))
    return dg.Output(str(listing), metadata={
        "files": len(files), "bytes": sum(sizes), "file_list": dg.MetadataValue.path(str(listing)),
        "preview": dg.MetadataValue.md(preview)})


def staging_root(database: str) -> Path:
    """``<working db>_staging``: runs' file lists and Parquet parts, beside the database."""
    db = Path(database)
    return db.with_name(f"{db.stem}_staging")


def staging_dir(database: str, run_id: str) -> Path:
    """Where a run's Parquet parts wait for the merge: ``<working db>_staging/<run id>``."""
    return staging_root(database) / run_id


def file_list_path(database: str, run_id: str) -> Path:
    """The run's list of files to parse: ``<working db>_staging/<run id>.files.json``."""
    return staging_root(database) / f"{run_id}.files.json"


def _run_of(entry: Path) -> str:
    return entry.name.removesuffix(".files.json")


def sweep_staging(instance: dg.DagsterInstance, database: str, current_run: str) -> list[str]:
    """Remove what runs that have ended left in the staging folder (a crash between parse and merge
    leaves its parts); a run still going, or not known to this instance and younger than a day, keeps its own."""
    root = staging_root(database)
    if not root.is_dir():
        return []
    removed = []
    for entry in sorted(root.iterdir()):
        run_id = _run_of(entry)
        if run_id == current_run:
            continue
        run = instance.get_run_by_id(run_id)
        if run is not None and not run.is_finished:
            continue
        if run is None and time.time() - entry.stat().st_mtime < STALE_UNKNOWN_SECONDS:
            continue
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed.append(entry.name)
    return removed


@dg.asset(group_name=INGEST_GROUP, pool=WRITER_POOL, kinds={"duckdb", "parquet"},
          description="New or changed files parsed into Parquet parts (one per chunk of files, on a pool of "
                      "processes); unchanged ones (same bytes, same parser) skipped. Its value is the parts' folder.")
def parsed_reports(context: dg.AssetExecutionContext, duckdb: DuckDBResource,
                   raw_report_files: str) -> dg.Output[str]:
    swept = sweep_staging(context.instance, duckdb.database, context.run.run_id)
    if swept:
        context.log.warning("removed what ended runs left in staging: %s", ", ".join(swept))
    files = json.loads(Path(raw_report_files).read_text(encoding="utf-8"))
    with duckdb.get_connection() as con:
        loaded = loaded_versions(con)
    staging = staging_dir(duckdb.database, context.run.run_id)
    if staging.exists():  # a re-executed step starts from nothing, never from a half-written folder
        shutil.rmtree(staging)
    progress.notify("start", "parse", len(files))
    stats = stage_files(files, loaded, staging,
                        progress=lambda n, name: progress.notify("advance", name, n))
    preview = markdown_table(["file", "agency", "year", "status"], stats.preview[:PREVIEW_ROWS])
    return dg.Output(str(staging), metadata={
        "parser_version": stats.parser_version,
        "files_seen": stats.files,
        "reports_parsed": stats.parsed,
        "reports_failed": stats.failed,
        "reports_skipped_unchanged": stats.skipped,
        "staging_swept": len(swept),
        "files_unreadable": stats.unreadable,
        "failure_reasons": dict(stats.failure_codes),
        "workers": stats.workers,
        "parquet_dir": dg.MetadataValue.path(str(staging)),
        "preview": dg.MetadataValue.md(preview),
    })


@dg.asset(group_name=WAREHOUSE_GROUP, pool=WRITER_POOL, kinds={"duckdb"},
          description="reports, fact_*, narrative_figures, parse_warnings and dim_* in the working DB, "
                      "merged from the run's Parquet parts in one transaction.")
def warehouse_tables(context: dg.AssetExecutionContext, duckdb: DuckDBResource,
                     parsed_reports: str) -> dg.MaterializeResult:
    staging = Path(parsed_reports)
    with duckdb.get_connection() as con:
        inserted = merge_parquet(con, staging, require_parts=False)
        stats = stats_of(con, inserted)
        current = con.execute(
            "select agency, year, report_id, status from reports order by version_seq desc limit ?",
            [PREVIEW_ROWS]).fetchall()
    shutil.rmtree(staging, ignore_errors=True)  # merged and committed: the parts are spent
    file_list_path(duckdb.database, staging.name).unlink(missing_ok=True)
    return dg.MaterializeResult(metadata={
        "reports_parsed": stats.parsed,
        "reports_failed": stats.failed,
        "failed_reparse_kept": inserted.get("kept_failed", 0),
        "facts_loaded": stats.facts,
        "row_counts": stats.row_counts,
        "preview": dg.MetadataValue.md(markdown_table(["agency", "year", "report_id", "status"], current)),
    })


@dg.asset(group_name=WAREHOUSE_GROUP, pool=WRITER_POOL, kinds={"duckdb"}, deps=[warehouse_tables],
          description="Analyst views (current_*, v_*) over the current report versions.")
def warehouse_views(context: dg.AssetExecutionContext, duckdb: DuckDBResource) -> dg.MaterializeResult:
    with duckdb.get_connection() as con:
        apply_ddl(con)
        views = apply_views(con)
        counts = {v: con.execute(f"select count(*) from {v}").fetchall()[0][0] for v in views}
        rows = con.execute(
            "select agency, year, total_handled, round(granted_or_partial_rate, 3) from v_disclosure_rate "
            "order by year desc, agency limit ?", [PREVIEW_ROWS]).fetchall()
    preview = markdown_table(["agency", "year", "total_handled", "granted_or_partial_rate"], rows)
    return dg.MaterializeResult(metadata={"view_rows": counts, "preview": dg.MetadataValue.md(preview)})


@dg.asset(group_name=WAREHOUSE_GROUP, pool=WRITER_POOL, kinds={"duckdb"},
          deps=[warehouse_views, "dq_findings"],
          description="The read-only snapshot analysts open (data/warehouse/ogi.duckdb), replaced atomically, "
                      "and the offline data-quality report beside it (dq_report.html).")
def published_warehouse(context: dg.AssetExecutionContext, duckdb: DuckDBResource,
                        warehouse: PublishedWarehouse) -> dg.MaterializeResult:
    published = publish(duckdb.database, warehouse.target())
    target = published.path
    counts = snapshot_counts(target)
    metadata: dict[str, object] = {"path": dg.MetadataValue.path(str(target)),
                                   "snapshot": dg.MetadataValue.path(str(published.snapshot)),
                                   "publish_method": published.method,
                                   "bytes": published.snapshot.stat().st_size, "row_counts": counts}
    if published.reports_copied is not None:
        metadata["reports_copied"] = published.reports_copied
    report = write_dq_report_beside(Path(target))
    metadata["dq_report"] = dg.MetadataValue.path(str(report))
    metadata["dq_report_url"] = dg.MetadataValue.url(report.resolve().as_uri())
    return dg.MaterializeResult(metadata=metadata)


def write_dq_report_beside(published: Path) -> Path:
    """Write the offline data-quality report (``dq_report.html``) beside the published snapshot."""
    from pipeline.check.report import write_dq_report  # imported here: it is only needed at publish time

    out = published.parent / DQ_REPORT_NAME
    write_dq_report(published, out)
    return out


WAREHOUSE_ASSETS = [raw_report_files, parsed_reports, warehouse_tables, warehouse_views, published_warehouse]
