"""Asset checks: one per data-quality concern, on ``dq_findings`` (the data-quality dashboard).

Each check reads the findings the ``dq_findings`` asset just wrote. It fails when its concern has
any finding; severity is ERROR when one of them breaks an identity (``error`` rules), WARN when they
are all implausibilities. Metadata lists the failing reports and cells as a Markdown table and
counts findings per rule, so the Dagster UI plots them over runs.
"""

from __future__ import annotations

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from pipeline.check.rules import CONCERNS, RULES
from pipeline.load.facts import FACT_TABLES

MAX_LISTED = 50
_SEVERITY = {"error": dg.AssetCheckSeverity.ERROR, "warning": dg.AssetCheckSeverity.WARN}


def _md(rows: list[tuple]) -> str:
    out = ["| agency | year | file | rule | severity | location | printed | expected | message | where |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    out += ["| " + " | ".join("" if v is None else str(v).replace("|", "\\|").replace("\n", " ") for v in r) + " |"
            for r in rows]
    return "\n".join(out)


def concern_result(con: duckdb.DuckDBPyConnection, concern: str) -> dg.AssetCheckResult:
    """The check result for one concern, from the ``dq_findings`` table of ``con``."""
    rules = [r for r in RULES if r.concern == concern]
    counts = dict(con.execute(
        "select rule, count(*) from dq_findings where concern = ? group by rule", [concern]).fetchall())
    listed = con.execute(
        """select agency, year, source_name, rule, severity, concat_ws(' ', label_zh, '(' || location || ')'), printed_value,
                  expected_value, concat_ws(' / ', message_zh, message_en), source_where
           from dq_findings where concern = ?
           order by severity = 'warning', agency, year, location limit ?""", [concern, MAX_LISTED]).fetchall()
    reports = con.execute(
        "select count(distinct report_id) from dq_findings where concern = ?", [concern]).fetchone()[0]
    agencies = [r[0] for r in con.execute(
        "select distinct coalesce(agency, source_name, report_id) from dq_findings where concern = ? order by 1 limit ?",
        [concern, MAX_LISTED]).fetchall()]
    total = sum(counts.values())
    failing = [r for r in rules if counts.get(r.id)] or rules  # a passing check shows its strongest rule
    worst = "error" if any(r.severity == "error" for r in failing) else "warning"
    metadata: dict[str, object] = {
        "findings": total,
        "failing_reports": reports,
        "failing_agencies": dg.MetadataValue.text("; ".join(agencies) or "none"),
    }
    metadata.update({f"findings_{r.id}": counts.get(r.id, 0) for r in rules})
    if listed:
        metadata["failing_cells"] = dg.MetadataValue.md(_md(listed))
    return dg.AssetCheckResult(passed=total == 0, severity=_SEVERITY[worst], metadata=metadata)


def _make_check(concern: str) -> dg.AssetChecksDefinition:
    rules = [r for r in RULES if r.concern == concern]
    description = f"Data quality, {concern}: " + " ".join(
        f"[{r.id}, {r.severity}] {r.description}" for r in rules)

    @dg.asset_check(asset="dq_findings", name=f"dq_{concern}", description=description, blocking=False)
    def _check(duckdb: DuckDBResource) -> dg.AssetCheckResult:
        with duckdb.get_connection() as con:
            return concern_result(con, concern)

    return _check


def duplicate_keys(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Per fact table, how many (report_id, row, column) keys occur more than once (should be none)."""
    out = {}
    for table, (_, row, col, _) in FACT_TABLES.items():
        out[table] = con.execute(
            f"select count(*) from (select 1 from {table} group by report_id, {row}, {col} having count(*) > 1)"
        ).fetchone()[0]
    out["reports"] = con.execute(
        "select count(*) from (select 1 from reports where is_current group by agency, year "
        "having count(*) > 1 and agency is not null and year is not null)"
    ).fetchone()[0]
    return out


@dg.asset_check(
    asset="warehouse_tables",
    name="warehouse_keys_unique",
    blocking=True,
    description="Our own invariant, not a publisher's: every fact cell is loaded once per report "
    "version, and each agency-year has at most one current version. A failure stops the snapshot "
    "from being published.",
)
def warehouse_keys_unique(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    with duckdb.get_connection() as con:
        dupes = duplicate_keys(con)
    return dg.AssetCheckResult(
        passed=not any(dupes.values()),
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={f"duplicate_keys_{t}": n for t, n in dupes.items()},
    )


ASSET_CHECKS: list = [*(_make_check(c) for c in CONCERNS), warehouse_keys_unique]
