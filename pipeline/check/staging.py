"""Stage the warehouse into the narrow temp tables every rule reads.

Rules are plain SQL over these temp tables, so each rule stays a few lines and DuckDB scans the fact
tables once (17.5M application cells at 100k reports); ``sql/rules/README.md`` lists them for analysts:

- ``dq_reports(report_id, agency, agency_key, year)``: the current reports (``reports.is_current``) or, when
  the warehouse has no ``reports`` table yet, every report found in the facts;
- ``dq_cells(report_id, section, row_key, col_key, value)``: every printed cell of the three tables;
- ``dq_template(section, row_key, col_key, is_outcome, is_decimal, row_width)``: the template's
  cells, built from ``pipeline.template`` (never re-typed);
- ``dq_null_cells(report_id, section, row_key, col_key)``: template cells that are null or absent;
- ``dq_report_info(report_id, agency, agency_key, year, source_name, source_url, status, is_current)``:
  every report version, for the file a finding names (failed parses included);
- ``dq_open_failures(report_id, code, reason, kept_facts)``: files whose parse failed and still do.
"""

from __future__ import annotations

import duckdb

from pipeline.load import facts
from pipeline.template import (
    APPEAL_PROCEEDING_KEYS,
    COLLAPSED_GROUPS,
    DECIMAL_MEASURES,
    LAYOUTS,
    PROACTIVE_MEASURES,
    SIGNED_MEASURES,
    layout_cells,
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


def template_cells() -> list[tuple[str, str, str, str, bool, bool, bool]]:
    """Every cell of every layout as (layout, section, row, col, is_outcome, is_decimal, is_signed):
    a 2019 report is checked against the 2019 template's cells, a 2021 report that prints （六）
    as one row against the group's, so no rule reads a cell a report's template does not have."""
    return [
        (layout, section, row, col, is_outcome, section == "proactive" and col in DECIMAL_MEASURES,
         section == "proactive" and col in SIGNED_MEASURES)
        for layout in LAYOUTS
        for section, row, col, is_outcome in layout_cells(layout)
    ]


def table_names(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}


def column_names(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute(
        "select column_name from information_schema.columns where table_name = ?", [table]
    ).fetchall()
    return {r[0] for r in rows}


def _agency_key(cols: set[str]) -> str:
    """The agency's identity across years and name forms: its canonical name where the loader has one."""
    return "coalesce(agency_canonical, agency)" if "agency_canonical" in cols else "agency"


def _reports_sql(con: duckdb.DuckDBPyConnection, tables: set[str]) -> str:
    cols = column_names(con, "reports") if "reports" in tables else set()
    if {"report_id", "agency", "year"} <= cols:
        current = "where is_current" if "is_current" in cols else ""
        version = "coalesce(template_version, '2021')" if "template_version" in cols else "'2021'"
        return (f"select report_id, agency, {_agency_key(cols)} as agency_key, year, "
                f"{version} as template_version from reports {current}")
    parts = [f"select distinct report_id, agency, agency as agency_key, year, '2021' as template_version from {t}"
             for t, *_ in FACT_TABLES.values() if t in tables]
    if not parts:
        raise MissingWarehouseError("the warehouse has neither a reports table nor any fact table")
    return " union ".join(parts)


class MissingWarehouseError(RuntimeError):
    """The connection holds no warehouse the checks can read."""


def stage_all(con: duckdb.DuckDBPyConnection) -> None:
    """Every staged table the rules read, in dependency order."""
    stage(con)
    stage_warnings(con)
    stage_levels(con)
    stage_derived(con)
    stage_report_info(con)
    stage_failures(con)


def is_staged(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether this connection holds the staged tables (they are temporary, one set per connection)."""
    return con.execute(
        "select count(*) from duckdb_tables() where temporary and table_name = 'dq_open_failures'"
    ).fetchone()[0] > 0


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
    # the layout each report is checked against: its template version, and whether a 2021 report
    # printed a collapsible group (（六）其他处理) as one row
    collapsed = ", ".join(f"'{g}'" for g in COLLAPSED_GROUPS) or "''"
    con.execute(
        f"""
        create or replace temp table dq_cells_raw as {" union all ".join(cells)};
        alter table dq_reports add column layout varchar;
        update dq_reports r set layout = case
            when r.template_version = '2019' then '2019'
            when exists (select 1 from dq_cells_raw c where c.report_id = r.report_id
                         and c.section = 'applications' and c.row_key in ({collapsed}) and c.value is not null)
            then '2021-collapsed' else '2021' end;
        create or replace temp table dq_cells as
        select c.*, r.layout from dq_cells_raw c join dq_reports r using (report_id);
        drop table dq_cells_raw;
        """
    )
    con.execute(
        "create or replace temp table dq_template (layout varchar, section varchar, row_key varchar, "
        "col_key varchar, is_outcome boolean, is_decimal boolean, is_signed boolean)"
    )
    con.executemany("insert into dq_template values (?, ?, ?, ?, ?, ?, ?)", template_cells())
    con.execute(
        """
        create or replace temp table dq_template_rows as
        select layout, section, row_key, count(*) as row_width from dq_template group by all
        """
    )
    # printed-empty cells, plus (only for reports missing some fact rows) template cells with no row
    con.execute(
        """
        create or replace temp table dq_null_cells as
        select c.report_id, c.layout, c.section, c.row_key, c.col_key
        from dq_cells c semi join dq_template t using (layout, section, row_key, col_key)
        where c.value is null
        union all
        select r.report_id, r.layout, t.section, t.row_key, t.col_key
        from (select report_id, layout from dq_reports
              except
              select c.report_id, c.layout from dq_cells c semi join dq_template t using (layout, section, row_key, col_key)
              group by c.report_id, c.layout
              having count(*) = (select count(*) from dq_template t2 where t2.layout = c.layout)) r
        join dq_template t using (layout)
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
          max(value) filter (where section = 'proactive'
                             and col_key in {_in(sorted(DECIMAL_MEASURES))}) as fee
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
        f"create or replace temp table dq_headline_locations as "
        f"select unnest({list(HEADLINE_LOCATIONS)}::varchar[]) as location"
    )
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


def stage_report_info(con: duckdb.DuckDBPyConnection) -> None:
    """``dq_report_info``: agency, year, file and status of every report version (or of the staged ones)."""
    tables = table_names(con)
    cols = column_names(con, "reports") if "reports" in tables else set()
    if {"report_id", "agency", "year", "source_name", "source_url", "status", "is_current"} <= cols:
        sql = (f"select report_id, agency, {_agency_key(cols)} as agency_key, year, source_name, source_url, "
               "status, is_current from reports")
    else:
        sql = ("select report_id, agency, agency_key, year, null::varchar as source_name, "
               "null::varchar as source_url, 'parsed' as status, true as is_current from dq_reports")
    con.execute(f"create or replace temp table dq_report_info as {sql}")


def stage_failures(con: duckdb.DuckDBPyConnection) -> None:
    """``dq_open_failures``: the parse failures that still stand (``pipeline.load.failures`` decides
    which), plus current versions whose re-parse failed although their earlier facts are kept."""
    con.execute("create or replace temp table dq_open_failures (report_id varchar, code varchar, "
                "reason varchar, kept_facts boolean)")
    cols = column_names(con, "reports") if "reports" in table_names(con) else set()
    if not {"status", "error_code", "error_message", "source_path", "version_seq"} <= cols:
        return
    from pipeline.load.failures import open_failures

    rows = [(f.report_id, f.code, f.reason, False) for f in open_failures(con)]
    if rows:
        con.executemany("insert into dq_open_failures values (?, ?, ?, ?)", rows)
    con.execute(
        """
        insert into dq_open_failures
        select report_id, error_code, coalesce(error_message, ''), true from reports
        where status = 'parsed' and error_code is not null and is_current
        """
    )


def stage_levels(con: duckdb.DuckDBPyConnection) -> None:
    """``dq_agency_level(agency, level)`` from ``dim_agency`` (``admin_level`` or ``level``), known ones."""
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
