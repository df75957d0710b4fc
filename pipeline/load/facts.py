"""Turn one parsed report (the contract dict) into the long-format rows of the fact tables.

The report's template version decides which cells exist (``pipeline.template.report_cells``), so
every report of a version yields the same rows and a cell the report printed empty becomes a row
with a null value, never a missing row or a zero. A cell the version's template does not have (a
2021 measure in a 2019 report) is a null row too; the checks know it is absent, not omitted.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from pipeline.load.arrow_schema import arrow_schema
from pipeline.template import COLLAPSED_GROUPS, CURRENT, report_cells

# table name -> (section in the parse dict, row-key column, column-key column, value column)
FACT_TABLES: dict[str, tuple[str, str, str, str]] = {
    "fact_proactive": ("proactive", "item", "measure", "value"),
    "fact_applications": ("applications", "category", "applicant_type", "count"),
    "fact_appeals": ("appeals", "proceeding", "outcome", "count"),
}


def _number(value: Any) -> float | None:
    """The printed number, or None; bools and text are not numbers."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    return None


def fact_rows(report_id: str, parsed: dict[str, Any], table: str) -> list[dict[str, Any]]:
    """Rows of one fact table for one parsed report, with provenance when the parser gave it."""
    section, row_col, col_col, value_col = FACT_TABLES[table]
    body = parsed.get(section) or {}
    provenance = parsed.get("provenance") or {}
    rows = []
    version = parsed.get("template_version") or CURRENT
    unprinted = {  # a 2021 group the report did not collapse into one row has no row of its own
        g for g in COLLAPSED_GROUPS
        if version == CURRENT and all(v is None for v in (body.get(g) or {}).values())
    }
    for row_key, col_key in report_cells(version)[section]:
        if row_key in unprinted:
            continue
        prov = provenance.get(f"{section}.{row_key}.{col_key}") or {}
        rows.append(
            {
                "report_id": report_id,
                "agency": parsed.get("agency"),
                "year": parsed.get("year"),
                row_col: row_key,
                col_col: col_key,
                value_col: _number((body.get(row_key) or {}).get(col_key)),
                "raw_text": prov.get("raw"),
                "source_where": prov.get("where"),
                **({"unit": prov.get("unit")} if section == "proactive" else {}),
            }
        )
    return rows


def narrative_rows(report_id: str, parsed: dict[str, Any]) -> list[dict[str, Any]]:
    """The prose figures the parser extracted, one row each."""
    return [
        {
            "report_id": report_id,
            "agency": parsed.get("agency"),
            "year": parsed.get("year"),
            "location": n.get("location"),
            "scope": n.get("scope"),
            "value": _number(n.get("value")),
            "unit": n.get("unit"),
            "text": n.get("text"),
            "source_where": n.get("where"),
        }
        for n in parsed.get("narrative") or []
    ]


def warning_rows(report_id: str, parsed: dict[str, Any]) -> list[dict[str, Any]]:
    """The parser's warnings, one row each."""
    return [
        {
            "report_id": report_id,
            "code": w.get("code") or "warning",
            "location": w.get("location"),
            "message": w.get("message"),
        }
        for w in parsed.get("warnings") or []
    ]


REPORT_TABLES = ("fact_proactive", "fact_applications", "fact_appeals", "narrative_figures", "parse_warnings")
"""The tables that hold one parsed report's rows (a report's rows are replaced together)."""


def to_arrow(table: str, rows: list[dict[str, Any]]) -> pa.Table:
    """Rows as an Arrow table with the warehouse column types (fast bulk insert into DuckDB)."""
    return pa.Table.from_pylist(rows, schema=arrow_schema(table))


def batch_tables(reports: list[tuple[str, dict[str, Any]]]) -> dict[str, pa.Table]:
    """All fact, narrative and warning rows of a batch of (report_id, parsed) pairs, per table."""
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in REPORT_TABLES}
    for report_id, parsed in reports:
        for table in FACT_TABLES:
            out[table].extend(fact_rows(report_id, parsed, table))
        out["narrative_figures"].extend(narrative_rows(report_id, parsed))
        out["parse_warnings"].extend(warning_rows(report_id, parsed))
    return {t: to_arrow(t, rows) for t, rows in out.items()}
