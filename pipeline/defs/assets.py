"""The pipeline as assets: raw files → parsed reports → warehouse tables → views → published.

Each asset is thin: it calls the plain functions of ``pipeline.load`` and reports what happened
as metadata. Every asset that opens the working database sits in the ``duckdb_writer`` pool, so
runs never fight over DuckDB's single-writer lock.
"""

from collections import Counter
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipeline.defs.constants import INGEST_GROUP, PREVIEW_ROWS, WAREHOUSE_GROUP, WRITER_POOL
from pipeline.defs.resources import PublishedWarehouse
from pipeline.load import progress
from pipeline.load.batch import ParseBatch, RawFile, parse_batch, scan_files
from pipeline.load.paths import raw_dir
from pipeline.load.publish import publish, snapshot_counts
from pipeline.load.schema import apply_ddl, apply_views
from pipeline.load.store import load_batch, loaded_versions

DQ_REPORT_NAME = "dq_report.html"


class RawFilesConfig(dg.Config):
    """Files or folders to ingest; empty means the raw folder (``OGI_RAW_DIR``, default data/raw)."""

    paths: list[str] = []


def markdown_table(columns: list[str], rows: list[tuple]) -> str:
    """A small Markdown table for asset previews."""
    out = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    out += ["| " + " | ".join("" if v is None else str(v) for v in r) + " |" for r in rows]
    return "\n".join(out)


@dg.asset(group_name=INGEST_GROUP, deps=["crawled_reports"],
          description="Report files on disk (data/raw/ or the paths given), hashed.")
def raw_report_files(context: dg.AssetExecutionContext, config: RawFilesConfig) -> dg.Output[list[RawFile]]:
    roots = [Path(p) for p in config.paths] or [raw_dir()]
    missing = [str(p) for p in roots if not p.exists()]
    if missing:  # a typo must not publish a warehouse that silently lacks the files
        raise dg.Failure(description=f"no such file or folder: {', '.join(missing)}", allow_retries=False)
    files = scan_files(roots)
    context.log.info("found %d files", len(files))
    preview = markdown_table(["name", "bytes", "report_id"],
                             [(f.name, f.bytes, f.report_id) for f in files[:PREVIEW_ROWS]])
    return dg.Output(files, metadata={"files": len(files), "bytes": sum(f.bytes for f in files),
                                      "preview": dg.MetadataValue.md(preview)})


@dg.asset(group_name=INGEST_GROUP, pool=WRITER_POOL, kinds={"duckdb"},
          description="Files parsed into the contract dict; unchanged ones (same bytes, same parser) skipped.")
def parsed_reports(context: dg.AssetExecutionContext, duckdb: DuckDBResource,
                   raw_report_files: list[RawFile]) -> dg.Output[ParseBatch]:
    with duckdb.get_connection() as con:
        loaded = loaded_versions(con)
    progress.notify("start", "parse", len(raw_report_files))
    batch = parse_batch(raw_report_files, loaded, progress=lambda name: progress.notify("advance", name))
    reasons = Counter(o.error_code for o in batch.failed)
    preview = markdown_table(["file", "agency", "year", "status"],
                             [(o.file.name, (o.parsed or {}).get("agency"), (o.parsed or {}).get("year"),
                               "parsed" if o.ok else f"failed: {o.error_code}")
                              for o in batch.outcomes[:PREVIEW_ROWS]])
    return dg.Output(batch, metadata={
        "parser_version": batch.parser_version,
        "reports_parsed": len(batch.parsed),
        "reports_failed": len(batch.failed),
        "reports_skipped_unchanged": len(batch.skipped),
        "failure_reasons": dict(reasons),
        "preview": dg.MetadataValue.md(preview),
    })


@dg.asset(group_name=WAREHOUSE_GROUP, pool=WRITER_POOL, kinds={"duckdb"},
          description="reports, fact_*, narrative_figures, parse_warnings and dim_* in the working DB.")
def warehouse_tables(context: dg.AssetExecutionContext, duckdb: DuckDBResource,
                     parsed_reports: ParseBatch) -> dg.MaterializeResult:
    with duckdb.get_connection() as con:
        stats = load_batch(con, parsed_reports)
        current = con.execute(
            "select agency, year, report_id, status from reports order by version_seq desc limit ?",
            [PREVIEW_ROWS]).fetchall()
    return dg.MaterializeResult(metadata={
        "reports_parsed": stats.parsed,
        "reports_failed": stats.failed,
        "reports_skipped_unchanged": len(parsed_reports.skipped),
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
    target = publish(duckdb.database, warehouse.target())
    counts = snapshot_counts(target)
    metadata: dict[str, object] = {"path": dg.MetadataValue.path(str(target)),
                                   "bytes": Path(target).stat().st_size, "row_counts": counts}
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
