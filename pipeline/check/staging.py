"""Stage the warehouse into the narrow temp tables every rule reads.

Rules are plain SQL over four temp tables, so each rule stays a few lines and DuckDB scans the fact
tables once (17.5M application cells at 100k reports):

- ``dq_reports(report_id, agency, year)``: the current reports (``reports.is_current``) or, when
  the warehouse has no ``reports`` table yet, every report found in the facts;
- ``dq_cells(report_id, section, row_key, col_key, value)``: every printed cell of the three tables;
- ``dq_template(section, row_key, col_key, is_outcome, is_decimal, row_width)``: the template's
  cells, built from ``pipeline.template`` (never re-typed);
- ``dq_null_cells(report_id, section, row_key, col_key)``: template cells that are null or absent.
"""

from __future__ import annotations

import duckdb

from pipeline.load import facts
from pipeline.template import (
    APPEAL_PROCEEDING_KEYS,
    DECIMAL_MEASURES,
    OUTCOME_KEYS,
    PROACTIVE_MEASURES,
    SECTION_CELLS,
)

FACT_TABLES: dict[str, tuple[str, str, str, str]] = {
    # section: (table, row column, col column, value column), from the loader's own mapping
    section: (table, row, col, value)
    for table, (section, row, col, value) in facts.FACT_TABLES.items()
}


# headline counts the cross-year jump rule compares (contract paths of cells, rows or groups)
HEADLINE_LOCATIONS: tuple[str, ...] = (
    "applications.new_received.total", "applications.total_handled.total", "appeals",
    "proactive.administrative_licensing", "proactive.administrative_penalty",
)


def template_cells() -> list[tuple[str, str, str, bool, bool]]:
    """Every contract cell as (section, row, col, is_outcome, is_decimal)."""
    outcomes = set(OUTCOME_KEYS)
    return [
        (section, row, col, section == "applications" and row in outcomes, section == "proactive" and col in DECIMAL_MEASURES)
        for section, cells in SECTION_CELLS.items()
        for row, col in cells
    ]


def table_names(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}


def column_names(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute(
        "select column_name from information_schema.columns where table_name = ?", [table]
    ).fetchall()
    return {r[0] for r in rows}


def _reports_sql(con: duckdb.DuckDBPyConnection, tables: set[str]) -> str:
    if "reports" in tables and {"report_id", "agency", "year"} <= column_names(con, "reports"):
        current = "where is_current" if "is_current" in column_names(con, "reports") else ""
        return f"select report_id, agency, year from reports {current}"
    parts = [f"select distinct report_id, agency, year from {t}" for t, *_ in FACT_TABLES.values() if t in tables]
    if not parts:
        raise MissingWarehouseError("the warehouse has neither a reports table nor any fact table")
    return " union ".join(parts)


class MissingWarehouseError(RuntimeError):
    """The connection holds no warehouse the checks can read."""


def stage(con: duckdb.DuckDBPyConnection) -> None:
    """Create the ``dq_*`` temp tables for this connection (replacing earlier ones)."""
    tables = table_names(con)
    con.execute(f"create or replace temp table dq_reports as {_reports_sql(con, tables)}")
    cells = []
    for section, (table, row, col, value) in FACT_TABLES.items():
        if table in tables:
            cells.append(
                f"select f.report_id, '{section}' as section, f.{row} as row_key, f.{col} as col_key, "
                f"f.{value}::double as value from {table} f semi join dq_reports r using (report_id)"
            )
    con.execute("create or replace temp table dq_cells as " + " union all ".join(cells))
    con.execute(
        "create or replace temp table dq_template (section varchar, row_key varchar, col_key varchar, "
        "is_outcome boolean, is_decimal boolean)"
    )
    con.executemany("insert into dq_template values (?, ?, ?, ?, ?)", template_cells())
    con.execute(
        """
        create or replace temp table dq_template_rows as
        select section, row_key, count(*) as row_width from dq_template group by all
        """
    )
    # printed-empty cells, plus (only for reports missing some fact rows) template cells with no row
    con.execute(
        """
        create or replace temp table dq_null_cells as
        select c.report_id, c.section, c.row_key, c.col_key
        from dq_cells c semi join dq_template t using (section, row_key, col_key)
        where c.value is null
        union all
        select r.report_id, t.section, t.row_key, t.col_key
        from (select report_id from dq_reports
              except
              select report_id from dq_cells semi join dq_template t using (section, row_key, col_key)
              group by report_id having count(*) = (select count(*) from dq_template)) r
        cross join dq_template t
        anti join dq_cells c on c.report_id = r.report_id and c.section = t.section
         and c.row_key = t.row_key and c.col_key = t.col_key
        """
    )


def _in(keys: tuple[str, ...] | list[str]) -> str:
    """A SQL ``in`` list of template keys."""
    return "(" + ", ".join("'" + k.replace("'", "''") + "'" for k in keys) + ")"


def application_groups() -> dict[str, tuple[str, ...]]:
    """Label groups of table 三 whose children are all data rows (``denied`` → its 8 rows)."""
    from pipeline.template import application_rows

    rows = application_rows(include_groups=True)
    groups = {r.key for r in rows if r.kind == "group"}
    out: dict[str, tuple[str, ...]] = {}
    for g in groups:
        children = [r for r in rows if r.parent == g]
        if children and all(c.kind == "row" and c.is_outcome for c in children):
            out[g] = tuple(c.key for c in children)
    return out


def stage_derived(con: duckdb.DuckDBPyConnection) -> None:
    """Per-report headline figures and every addressable value (cell, row, group) for the rules."""
    groups = application_groups()
    denied = groups.get("denied", ())
    app = "section = 'applications' and col_key = 'total'"
    con.execute(
        f"""
        create or replace temp table dq_headline as
        select report_id,
          max(value) filter (where {app} and row_key = 'new_received') as new_received,
          max(value) filter (where {app} and row_key = 'carried_over') as carried_over,
          max(value) filter (where {app} and row_key = 'total_handled') as total_handled,
          max(value) filter (where {app} and row_key = 'granted') as granted,
          max(value) filter (where {app} and row_key = 'partially_granted') as partially_granted,
          case when count(value) filter (where {app} and row_key in {_in(denied)}) = {len(denied)}
               then sum(value) filter (where {app} and row_key in {_in(denied)}) end as denied,
          case when count(value) filter (where section = 'appeals' and col_key = 'total')
                    = {len(APPEAL_PROCEEDING_KEYS)}
               then sum(value) filter (where section = 'appeals' and col_key = 'total') end as appeals_total,
          max(value) filter (where section = 'proactive' and col_key in {_in(sorted(DECIMAL_MEASURES))}) as fee
        from dq_cells group by report_id
        """
    )
    single = [i for i, ms in PROACTIVE_MEASURES.items() if len(ms) == 1]
    group_values = "\n".join(
        f"""union all
        select report_id, 'applications.{g}',
               case when count(value) = {len(keys)} then sum(value) end
        from dq_cells where {app} and row_key in {_in(keys)} group by report_id"""
        for g, keys in groups.items()
    )
    narrative = ("union all select distinct location from narrative_figures"
                 if "narrative_figures" in table_names(con) else "")
    con.execute(
        f"""
        create or replace temp table dq_wanted as
        select unnest({list(HEADLINE_LOCATIONS)}::varchar[]) as location {narrative}
        """
    )
    # only the locations some rule asks for: a copy of every cell would double the staging cost
    con.execute(
        f"""
        create or replace temp table dq_values as
        select * from (
        select report_id, section || '.' || row_key || '.' || col_key as location, value from dq_cells
        union all
        select report_id, section || '.' || row_key, value from dq_cells
        where (section in ('applications', 'appeals') and col_key = 'total')
           or (section = 'proactive' and row_key in {_in(single)})
        union all
        select report_id, 'appeals', appeals_total from dq_headline
        {group_values}
        ) semi join dq_wanted using (location)
        """
    )


def stage_levels(con: duckdb.DuckDBPyConnection) -> None:
    """``dq_agency_level(agency, level)`` from ``dim_agency`` (``admin_level`` or ``level``), known levels only."""
    cols = column_names(con, "dim_agency") if "dim_agency" in table_names(con) else set()
    level = next((c for c in ("admin_level", "level") if c in cols), None)
    if level and "agency" in cols:
        sql = (f"select agency, any_value({level}) as level from dim_agency "
               f"where {level} is not null and {level} <> 'unknown' group by agency")
    else:
        sql = "select ''::varchar as agency, ''::varchar as level where false"
    con.execute(f"create or replace temp table dq_agency_level as {sql}")


def stage_warnings(con: duckdb.DuckDBPyConnection) -> None:
    """The current reports' parse warnings (empty when the warehouse has none)."""
    if "parse_warnings" in table_names(con):
        sql = "select w.* from parse_warnings w semi join dq_reports r using (report_id)"
    else:
        sql = (
            "select report_id, ''::varchar as code, ''::varchar as location, ''::varchar as message "
            "from dq_reports where false"
        )
    con.execute(f"create or replace temp table dq_parse_warnings as {sql}")
