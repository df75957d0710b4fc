"""The data-quality rules, as data: one row per rule, its logic a SQL query over the staged tables.

Each query returns ``report_id, location, expected, actual, detail`` for every violation; the engine
adds agency, year, rule, severity and renders ``message`` from the template (placeholders
``{location} {expected} {actual} {detail}``). The staged tables are described in
``pipeline.check.staging``. Arithmetic rules only fire when every part is printed: a null part makes
the identity unknown, and completeness reports it instead (no double-flagging).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.check.staging import FACT_TABLES, HEADLINE_LOCATIONS, _in
from pipeline.template import APPEAL_OUTCOME_KEYS, APPLICANT_KEYS, OUTCOME_KEYS, PROACTIVE_MEASURES

TOL = 1e-6
JUMP_FACTOR = 5.0
JUMP_FLOOR = 20
OUTLIER_Z = 3.5
OUTLIER_MIN_PEERS = 8

PARTS = tuple(k for k in APPLICANT_KEYS if k != "total")
APPEAL_PARTS = tuple(k for k in APPEAL_OUTCOME_KEYS if k != "total")
STOCK_ITEMS = tuple(i for i, ms in PROACTIVE_MEASURES.items() if {"issued", "repealed", "in_force"} <= set(ms))
# parse-warning codes that another rule already reports (completeness, domain)
COVERED_WARNINGS = ("row_not_found", "non_integer")
CONFLICT_WARNINGS = ("table_conflict",)


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str  # "error" (broken identity, impossible value) or "warning" (implausible)
    concern: str  # one Dagster asset check and one GX suite per concern
    description: str
    message: str
    sql: str
    requires: tuple[str, ...] = ()  # warehouse tables the rule reads beyond the facts


def _parts_sum_sql(section: str, along: str, across: str, parts: tuple[str, ...], total: str, location: str) -> str:
    """Violations of ``total = sum(parts)``: one line per ``along`` key, parts and total taken ``across``.

    Only lines where every part and the total are printed are checked (a blank is completeness's).
    """
    return f"""
        select report_id, {location},
               sum(value) filter (where {across} in {_in(parts)}) as expected,
               max(value) filter (where {across} = '{total}') as actual, ''
        from dq_cells where section = '{section}'
        group by report_id, {along}
        having count(value) filter (where {across} in {_in(parts)}) = {len(parts)}
           and count(value) filter (where {across} = '{total}') = 1
           and abs(expected - actual) > {TOL}
        """


def _other_cells_sql() -> str:
    """Cells of every report version (not only current ones), in the dq_cells shape."""
    return " union all ".join(
        f"select report_id, '{section}' as section, {row} as row_key, {col} as col_key, {value}::double as value "
        f"from {table}"
        for section, (table, row, col, value) in FACT_TABLES.items()
    )


def _prev_join(alias: str = "p") -> str:
    """Join the same agency's current report of the previous year."""
    return (
        f"join dq_reports r using (report_id) "
        f"join dq_reports {alias} on {alias}.agency = r.agency and {alias}.year = r.year - 1"
    )


_OUTLIER_METRICS = {
    # metric: (location, SQL expression over dq_headline h)
    "applications": ("applications.new_received.total", "ln(1 + h.new_received)"),
    "refusal_share": ("applications.denied", "h.denied / nullif(h.total_handled, 0)"),
    "appeals_per_application": ("appeals", "ln(1 + h.appeals_total / nullif(h.new_received, 0))"),
    "fees": ("proactive.administrative_fees", "ln(1 + h.fee)"),
}

_OUTLIER_SQL = f"""
with m as (
  {" union all ".join(
      f"select h.report_id, '{name}' as metric, '{loc}' as location, {expr} as x from dq_headline h"
      for name, (loc, expr) in _OUTLIER_METRICS.items())}
), peers as (
  select m.*, r.year, a.level from m join dq_reports r using (report_id)
  join dq_agency_level a using (agency)
  where m.x is not null
), med as (
  select year, level, metric, median(x) as med, count(*) as n from peers group by all
), mad as (
  select p.year, p.level, p.metric, median(abs(p.x - med.med)) as mad
  from peers p join med using (year, level, metric) group by all
)
select p.report_id, p.location, round(med.med, 3) as expected, round(p.x, 3) as actual,
       p.metric || ' among ' || med.n || ' peers of level ' || p.level as detail
from peers p join med using (year, level, metric) join mad using (year, level, metric)
where med.n >= {OUTLIER_MIN_PEERS} and mad.mad > 0
  and abs(0.6745 * (p.x - med.med) / mad.mad) > {OUTLIER_Z}
"""

RULES: tuple[Rule, ...] = (
    Rule(
        "completeness_row",
        "warning",
        "completeness",
        "Every template row is printed; a row omitted or printed all empty is named once.",
        "{location}: {detail}; the template requires a number in every cell (0 when nothing happened).",
        """
        select n.report_id, n.section || '.' || n.row_key as location, null::double as expected,
               null::double as actual,
               case when bool_or(w.code is not null) then 'the report omits this row'
                    else 'every cell of this row is printed empty' end as detail
        from dq_null_cells n join dq_template_rows t using (section, row_key)
        left join (select report_id, location, code from dq_parse_warnings where code = 'row_not_found') w
          on w.report_id = n.report_id and w.location = n.section || '.' || n.row_key
        group by n.report_id, n.section, n.row_key, t.row_width
        having count(distinct n.col_key) = t.row_width
        """,
    ),
    Rule(
        "completeness_cell",
        "warning",
        "completeness",
        "Every contract cell is printed; an empty cell in an otherwise printed row is named.",
        "{location} is printed empty; the template requires a number (0 when nothing happened).",
        """
        select n.report_id, n.section || '.' || n.row_key || '.' || n.col_key, null::double, null::double, ''
        from dq_null_cells n
        where exists (select 1 from dq_cells c where c.report_id = n.report_id and c.section = n.section
                      and c.row_key = n.row_key and c.value is not null)
        """,
    ),
    Rule(
        "domain_negative",
        "error",
        "domain",
        "Counts and the fee are never negative.",
        "{location} is {actual}; a count or amount cannot be negative.",
        """
        select report_id, section || '.' || row_key || '.' || col_key, 0, value, ''
        from dq_cells where value < 0
        """,
    ),
    Rule(
        "domain_non_integer",
        "error",
        "domain",
        "Counts are whole numbers (only the fee, in 10k yuan, is a decimal).",
        "{location} is {actual}; a count of applications or documents must be a whole number.",
        """
        select c.report_id, c.section || '.' || c.row_key || '.' || c.col_key, round(c.value), c.value, ''
        from dq_cells c join dq_template t using (section, row_key, col_key)
        where not t.is_decimal and c.value <> floor(c.value)
        """,
    ),
    Rule(
        "row_sum",
        "error",
        "row_sum",
        "Per row of table 三, total = the sum of the six applicant columns.",
        "{location} is {actual} but the six applicant columns add up to {expected}.",
        _parts_sum_sql("applications", "row_key", "col_key", PARTS, "total", "'applications.' || row_key || '.total'"),
    ),
    Rule(
        "column_sum",
        "error",
        "column_sum",
        "Per column of table 三, total_handled = the sum of the 21 outcome rows.",
        "{location} is {actual} but the 21 outcome rows above it add up to {expected}.",
        _parts_sum_sql("applications", "col_key", "row_key", OUTCOME_KEYS, "total_handled",
                       "'applications.total_handled.' || col_key"),
    ),
    Rule(
        "balance",
        "error",
        "balance",
        "The template's 勾稽关系 per column: new_received + carried_over = total_handled + carried_forward.",
        "{location} is {actual} but new_received + carried_over − total_handled gives {expected} (勾稽关系).",
        f"""
        with c as (
          select report_id, col_key,
                 max(value) filter (where row_key = 'new_received') as nr,
                 max(value) filter (where row_key = 'carried_over') as co,
                 max(value) filter (where row_key = 'total_handled') as th,
                 max(value) filter (where row_key = 'carried_forward') as cf
          from dq_cells where section = 'applications'
            and row_key in ('new_received', 'carried_over', 'total_handled', 'carried_forward')
          group by report_id, col_key
        )
        select report_id, 'applications.carried_forward.' || col_key, nr + co - th, cf, ''
        from c where nr is not null and co is not null and th is not null and cf is not null
          and abs(nr + co - th - cf) > {TOL}
        """,
    ),
    Rule(
        "appeal_total",
        "error",
        "appeal_total",
        "Per row of table 四, total = upheld + corrected + other + pending.",
        "{location} is {actual} but its four outcomes add up to {expected}.",
        _parts_sum_sql("appeals", "row_key", "col_key", APPEAL_PARTS, "total", "'appeals.' || row_key || '.total'"),
    ),
    Rule(
        "prose_vs_table",
        "warning",
        "prose_vs_table",
        "A figure stated in the prose agrees with the table (scope 'handled' may mean "
        "new_received + carried_over or total_handled).",
        "The prose states {actual} for {location} but the table gives {expected}: “{detail}”.",
        """
        with n as (
          select row_number() over () as nid, n.* from narrative_figures n
          semi join dq_reports r using (report_id) where n.value is not null
        ), cand as (
          select n.nid, v.value as table_value, true as at_location
          from n join dq_values v using (report_id, location)
          union all
          select n.nid, h.new_received + h.carried_over, false
          from n join dq_headline h using (report_id) where n.scope = 'handled'
        )
        select n.report_id, n.location, min(c.table_value) filter (where c.at_location), n.value, n.text
        from n join cand c using (nid)
        group by n.nid, n.report_id, n.location, n.value, n.text
        having count(*) filter (where c.at_location) > 0
           and count(c.table_value) = count(*)
           and not bool_or(abs(c.table_value - n.value) <= 1e-6)
        """,
        requires=("narrative_figures",),
    ),
    Rule(
        "cross_year_carry",
        "error",
        "cross_year",
        "Last year's carried_forward (same agency) = this year's carried_over, per column.",
        "{location} is {actual} but the same agency's report for the previous year carried forward {expected}.",
        f"""
        select c.report_id, 'applications.carried_over.' || c.col_key, pc.value, c.value, ''
        from dq_cells c {_prev_join()}
        join dq_cells pc on pc.report_id = p.report_id and pc.section = 'applications'
         and pc.row_key = 'carried_forward' and pc.col_key = c.col_key
        where c.section = 'applications' and c.row_key = 'carried_over'
          and c.value is not null and pc.value is not null and abs(c.value - pc.value) > {TOL}
        """,
    ),
    Rule(
        "cross_year_in_force",
        "warning",
        "cross_year",
        "Documents in force move by issued − repealed from the previous year's count.",
        "{location} is {actual} but last year's in_force + issued − repealed gives {expected}.",
        f"""
        with s as (
          select report_id, row_key,
                 max(value) filter (where col_key = 'issued') as issued,
                 max(value) filter (where col_key = 'repealed') as repealed,
                 max(value) filter (where col_key = 'in_force') as in_force
          from dq_cells where section = 'proactive' and row_key in {_in(STOCK_ITEMS)}
          group by report_id, row_key
        )
        select s.report_id, 'proactive.' || s.row_key || '.in_force',
               ps.in_force + s.issued - s.repealed, s.in_force, ''
        from s {_prev_join()}
        join s ps on ps.report_id = p.report_id and ps.row_key = s.row_key
        where abs(ps.in_force + s.issued - s.repealed - s.in_force) > {TOL}
        """,
    ),
    Rule(
        "cross_year_jump",
        "warning",
        "cross_year",
        f"A headline count rarely moves by more than {JUMP_FACTOR:g}× (or below 1/{JUMP_FACTOR:g}) "
        f"from one year to the next (ignored below {JUMP_FLOOR}).",
        "{location} is {actual} against {expected} in the previous year's report: a jump worth checking.",
        f"""
        with v as (
          select * from dq_values where location in {_in(HEADLINE_LOCATIONS)}
        )
        select v.report_id, v.location, pv.value, v.value, ''
        from v {_prev_join()}
        join v pv on pv.report_id = p.report_id and pv.location = v.location
        where greatest(v.value, pv.value) >= {JUMP_FLOOR}
          and (v.value > {JUMP_FACTOR} * pv.value or v.value < pv.value / {JUMP_FACTOR})
        """,
    ),
    Rule(
        "outlier",
        "warning",
        "outliers",
        f"Robust z-score (median/MAD) beyond {OUTLIER_Z} against peers of the same year and "
        f"administrative level (at least {OUTLIER_MIN_PEERS} peers), for applications (log), refusal share, "
        "appeals per application (log) and fees (log).",
        "{location}: {detail}: value {actual} against a peer median of {expected}, an outlier worth checking.",
        _OUTLIER_SQL,
    ),
    Rule(
        "appeals_without_applications",
        "warning",
        "implausible",
        "Review or litigation cases while the agency received and carried over no application this year "
        "and last year (or has no report for last year).",
        "{location}: {actual} review/litigation cases but {detail}: implausible, check the table.",
        """
        select h.report_id, 'appeals', 0, h.appeals_total,
               case when ph.report_id is null then 'no application received or carried over this year '
                    || '(no report for last year)'
                    else 'no application received or carried over this year or last year' end
        from dq_headline h join dq_reports r using (report_id)
        left join dq_reports p on p.agency = r.agency and p.year = r.year - 1
        left join dq_headline ph on ph.report_id = p.report_id
        where h.appeals_total > 0 and h.new_received + h.carried_over = 0
          and (ph.report_id is null or coalesce(ph.new_received + ph.carried_over, 0) = 0)
        """,
    ),
    Rule(
        "disclosure_rate",
        "warning",
        "implausible",
        "Granted + partially granted never exceed the applications on hand (new_received + carried_over).",
        "{location}: {actual} applications granted in full or part but only {expected} were on hand.",
        """
        select report_id, 'applications.granted', new_received + carried_over, granted + partially_granted, ''
        from dq_headline
        where granted + partially_granted > new_received + carried_over
        """,
    ),
    Rule(
        "duplicate_report",
        "error",
        "duplicates",
        "One agency and year has one current report; two with different numbers contradict each other.",
        "{location} is {actual} here but {expected} in another current report for the same agency "
        "and year ({detail}).",
        """
        with d as (
          select a.report_id, b.report_id as other_id from dq_reports a
          join dq_reports b on a.agency = b.agency and a.year = b.year and a.report_id <> b.report_id
        ), dc as (
          select * from dq_cells semi join d using (report_id)
        )
        select d.report_id, c.section || '.' || c.row_key || '.' || c.col_key, o.value, c.value,
               'report ' || d.other_id
        from d join dc c on c.report_id = d.report_id
        join dc o on o.report_id = d.other_id and o.section = c.section
         and o.row_key = c.row_key and o.col_key = c.col_key
        where c.value is distinct from o.value
        """,
    ),
    Rule(
        "republished_changed",
        "warning",
        "duplicates",
        "A report re-published (or published twice) for the same agency and year keeps its numbers; "
        "a changed number after publication is worth a look (发布后有变动).",
        "{location} is {actual} in the current report but was {expected} in an earlier version for "
        "the same agency and year ({detail}).",
        f"""
        with d as (
          select c.report_id, o.report_id as other_id, o.source_name
          from dq_reports c
          join reports o on o.agency = c.agency and o.year = c.year and o.report_id <> c.report_id
           and o.status = 'parsed' and not o.is_current
        ), oc as (
          {_other_cells_sql()}
        )
        select d.report_id, c.section || '.' || c.row_key || '.' || c.col_key, o.value, c.value,
               'version ' || d.other_id || coalesce(', ' || d.source_name, '')
        from d join dq_cells c on c.report_id = d.report_id
        join oc o on o.report_id = d.other_id and o.section = c.section
         and o.row_key = c.row_key and o.col_key = c.col_key
        where c.value is distinct from o.value
        """,
        requires=("reports",),
    ),
    Rule(
        "parse_table_conflict",
        "error",
        "parse",
        "The parser found two tables (or copies of a table) that disagree.",
        "{location}: {detail}",
        f"""
        select report_id, coalesce(location, ''), null::double, null::double, message
        from dq_parse_warnings where code in {_in(CONFLICT_WARNINGS)}
        """,
    ),
    Rule(
        "parse_warning",
        "warning",
        "parse",
        "Anything else the parser was unsure about (e.g. row_cells_mismatch): check the source.",
        "{location}: {detail}",
        f"""
        select report_id, coalesce(location, ''), null::double, null::double, code || ': ' || message
        from dq_parse_warnings where code not in {_in(CONFLICT_WARNINGS + COVERED_WARNINGS)}
        """,
    ),
)

RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}
CONCERNS: tuple[str, ...] = tuple(dict.fromkeys(r.concern for r in RULES))
