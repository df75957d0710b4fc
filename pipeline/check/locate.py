"""Place each raw finding for a reader: label path, agency, year, file, URL and where in the file.

Rules only say *what* is wrong at which contract path; an auditor needs 表四 行政复议 · 总计, the
file and the line. Labels come from ``v_locations`` (built on the template dimension tables), the
file from ``reports``, the position from the facts' own provenance (``source_where``): the cell
itself, or for a row, group or table its first printed cell in template order. Only the cells of
reports that have findings are read, so this stays small however large the warehouse.
"""

from __future__ import annotations

import duckdb

from pipeline.load.paths import VIEWS_DIR

LOCATIONS_VIEW = VIEWS_DIR / "007_v_locations.sql"

RAW_TABLE = """
create or replace temp table dq_raw (
    rule varchar, report_id varchar, location varchar, expected double, actual double,
    detail_zh varchar, detail_en varchar, where_hint varchar
)
"""

_CELLS = """
    select report_id, 'proactive.' || item || '.' || measure as location, source_where
    from fact_proactive semi join reps using (report_id)
    union all
    select report_id, 'applications.' || category || '.' || applicant_type, source_where
    from fact_applications semi join reps using (report_id)
    union all
    select report_id, 'appeals.' || proceeding || '.' || outcome, source_where
    from fact_appeals semi join reps using (report_id)
"""

LOCATED = f"""
create or replace temp table dq_located as
with raw as (
    select row_number() over () as n, * from dq_raw
), reps as (
    select distinct report_id from raw
), cells as (
    {_CELLS}
), cell_where as (
    select raw.n,
           first(c.source_where order by c.location = raw.location desc, l.sort_order) as source_where
    from raw
    join cells c on c.report_id = raw.report_id
     and (c.location = raw.location or starts_with(c.location, raw.location || '.'))
    left join v_locations l on l.location = c.location
    where c.source_where is not null
    group by raw.n
)
select raw.*, i.agency, i.year, i.source_name, i.source_url, l.label_zh, l.label_en,
       coalesce(raw.where_hint, w.source_where) as source_where
from raw
left join dq_report_info i using (report_id)
left join v_locations l on l.location = raw.location
left join cell_where w using (n)
"""


def ensure_locations_view(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create ``v_locations``; the warehouse_views asset does the same, the fixtures do not."""
    con.execute(LOCATIONS_VIEW.read_text(encoding="utf-8"))


def locate(con: duckdb.DuckDBPyConnection) -> None:
    """Build ``dq_located`` (every ``dq_raw`` row with label, report, file and position)."""
    con.execute(LOCATED)
