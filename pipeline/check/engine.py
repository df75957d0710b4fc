"""Run every rule inside DuckDB and replace ``dq_findings`` with what they found.

All the work is SQL pushdown (one staging scan, then one query per rule), so validation of 100k
reports stays in DuckDB; only the findings, a small table, ever leave it.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field

import duckdb

from pipeline.check.rules import RULES, Rule
from pipeline.check.staging import stage, stage_derived, stage_levels, stage_warnings, table_names

log = logging.getLogger(__name__)

FINDING_COLUMNS = ("report_id", "agency", "year", "rule", "severity", "location", "expected", "actual",
                   "message", "concern")

SUMMARY_VIEW = """
create or replace view v_findings_summary as
select agency, rule, severity, concern, count(*) as findings, count(distinct report_id) as reports,
       string_agg(distinct year::varchar, ', ' order by year::varchar) as years,
       string_agg(location, ', ' order by location) as locations
from dq_findings group by agency, rule, severity, concern
"""


@dataclass
class CheckRun:
    """What one validation run did: findings per rule and the rules it could not run."""

    reports: int = 0
    findings: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # per rule, plus "staging"

    @property
    def total(self) -> int:
        return sum(self.findings.values())


def _num(col: str) -> str:
    """SQL rendering a number for a message: 7 not 7.0, 'empty' for null."""
    return (f"coalesce(case when {col} = round({col}) then cast(cast({col} as hugeint) as varchar) "
            f"else cast(round({col}, 4) as varchar) end, 'empty')")


def message_sql(template: str) -> str:
    """Turn a message template with ``{location} {expected} {actual} {detail}`` into a SQL concat."""
    parts: list[str] = []
    for piece in re.split(r"(\{\w+\})", template):
        if not piece:
            continue
        name = piece[1:-1] if piece.startswith("{") and piece.endswith("}") else None
        if name in ("expected", "actual"):
            parts.append(_num(f"q.{name}"))
        elif name in ("location", "detail"):
            parts.append(f"coalesce(q.{name}, '')")
        else:
            parts.append("'" + piece.replace("'", "''") + "'")
    return "concat(" + ", ".join(parts) + ")"


def _insert_sql(rule: Rule) -> str:
    return f"""
    insert into dq_findings
    select r.report_id, r.agency, r.year, '{rule.id}', '{rule.severity}', q.location,
           q.expected::double, q.actual::double, {message_sql(rule.message)}, '{rule.concern}'
    from ({rule.sql}) as q(report_id, location, expected, actual, detail)
    join dq_reports r using (report_id)
    """


def run_checks(con: duckdb.DuckDBPyConnection, rules: tuple[Rule, ...] = RULES) -> CheckRun:
    """Stage the warehouse, run ``rules``, replace ``dq_findings`` and ``v_findings_summary``."""
    started = time.perf_counter()
    stage(con)
    stage_warnings(con)
    stage_levels(con)
    stage_derived(con)
    con.execute(
        """
        create or replace table dq_findings as
        select report_id, agency, year, ''::varchar as rule, ''::varchar as severity,
               ''::varchar as location, 0::double as expected, 0::double as actual,
               ''::varchar as message, ''::varchar as concern
        from dq_reports where false
        """
    )
    run = CheckRun(reports=con.execute("select count(*) from dq_reports").fetchone()[0])
    run.seconds["staging"] = round(time.perf_counter() - started, 3)
    present = table_names(con)
    for rule in rules:
        missing = [t for t in rule.requires if t not in present]
        if missing:
            run.skipped[rule.id] = f"warehouse has no {', '.join(missing)}"
            log.info("rule %s skipped: %s", rule.id, run.skipped[rule.id])
            continue
        before = con.execute("select count(*) from dq_findings").fetchone()[0]
        started = time.perf_counter()
        con.execute(_insert_sql(rule))
        run.seconds[rule.id] = round(time.perf_counter() - started, 3)
        run.findings[rule.id] = con.execute("select count(*) from dq_findings").fetchone()[0] - before
    con.execute(SUMMARY_VIEW)
    log.info("checked %d reports: %d findings", run.reports, run.total)
    return run
