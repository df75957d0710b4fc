"""Run every rule inside DuckDB and replace ``dq_findings`` with what they found.

All the work is SQL pushdown (one staging scan, then one query per rule), so validation of 100k
reports stays in DuckDB; only the findings, a small table, ever leave it.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipeline.check.rules import RULES, Rule
from pipeline.check.staging import stage, stage_derived, stage_levels, stage_warnings, table_names
from pipeline.load.paths import DDL_DIR, VIEWS_DIR

FINDINGS_DDL = DDL_DIR / "005_dq_findings.sql"
SUMMARY_VIEW = VIEWS_DIR / "006_v_findings_summary.sql"

log = logging.getLogger(__name__)

FINDING_COLUMNS = ("report_id", "agency", "year", "rule", "severity", "location", "expected", "actual",
                   "message", "concern")



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


def apply_sql_file(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    con.execute(path.read_text(encoding="utf-8"))


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
    apply_sql_file(con, FINDINGS_DDL)
    run = CheckRun(reports=con.execute("select count(*) from dq_reports").fetchone()[0])
    run.seconds["staging"] = round(time.perf_counter() - started, 3)
    present = table_names(con)
    con.execute("begin transaction")
    try:
        con.execute("delete from dq_findings")
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
        apply_sql_file(con, SUMMARY_VIEW)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    log.info("checked %d reports: %d findings", run.reports, run.total)
    return run
