"""The ``dq_findings`` asset: run the data-quality rules, replace the table, rebuild GX Data Docs.

``published_warehouse`` depends on it, so nothing is published before the checks ran. The asset
checks in ``pipeline.defs.checks`` read the table this asset writes.
"""


from pathlib import Path

import dagster as dg
from dagster import AssetExecutionContext
from dagster_duckdb import DuckDBResource

from pipeline.check.engine import run_checks
from pipeline.check.gx_run import validate
from pipeline.defs.constants import WAREHOUSE_GROUP, WRITER_POOL


def data_docs_dir(database: str) -> Path:
    """Data Docs sit beside the working database (``data/warehouse/data_docs/`` by default)."""
    return Path(database).resolve().parent / "data_docs"


@dg.asset(group_name=WAREHOUSE_GROUP, deps=["warehouse_views"], kinds={"duckdb"}, pool=WRITER_POOL,
          description="Data-quality findings over the current reports (one row per defect), replaced "
                      "per run; view v_findings_summary; GX Data Docs rebuilt beside the database.")
def dq_findings(context: AssetExecutionContext, duckdb: DuckDBResource) -> dg.MaterializeResult:
    docs = data_docs_dir(duckdb.database)
    with duckdb.get_connection() as con:
        run = run_checks(con)
        severities = dict(con.execute("select severity, count(*) from dq_findings group by 1").fetchall())
        gx = validate(con, docs)
    context.log.info("%d reports checked, %d findings, skipped: %s", run.reports, run.total, run.skipped)
    metadata: dict[str, object] = {
        "reports_checked": run.reports,
        "findings": run.total,
        "errors": severities.get("error", 0),
        "warnings": severities.get("warning", 0),
        "gx_success": gx["success"],
        "gx_failed_suites": dg.MetadataValue.json(
            {k: v["failed_rules"] for k, v in gx["suites"].items() if not v["success"]}),
        "rules_skipped": dg.MetadataValue.json(run.skipped),
        "gx_disagreements": dg.MetadataValue.json(gx["disagreements"]),
        "gx_seconds": gx["seconds"],
    }
    for d in gx["disagreements"]:
        context.log.error("GX and dq_findings disagree: %s", d)
    metadata.update({f"findings_{rule}": n for rule, n in run.findings.items()})
    if gx["docs_index"]:
        metadata["data_docs"] = dg.MetadataValue.url("file://" + gx["docs_index"])
        metadata["data_docs_path"] = dg.MetadataValue.path(gx["docs_index"])
    return dg.MaterializeResult(metadata=metadata)


QUALITY_ASSETS = [dq_findings]
