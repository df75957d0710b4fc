"""Run every rule inside DuckDB and replace ``dq_findings`` (and ``dq_rules``) with what they found.

All the work is SQL pushdown (one staging pass, then one query per rule), so validation of 100k
reports stays in DuckDB; only the findings, a small table, are then placed (label, file, line) and
written. Each rule's query is the text of its ``sql/rules`` file, unchanged.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipeline.check.locate import RAW_TABLE, ensure_locations_view, locate
from pipeline.check.messages import message_sql, number_text
from pipeline.check.rules import RULES, Rule
from pipeline.check.staging import stage_all, table_names
from pipeline.load.paths import DDL_DIR, VIEWS_DIR

FINDINGS_DDL = DDL_DIR / "005_dq_findings.sql"
SUMMARY_VIEW = VIEWS_DIR / "006_v_findings_summary.sql"

log = logging.getLogger(__name__)

FINDING_COLUMNS = ("report_id", "agency", "year", "rule", "severity", "concern", "location", "label_zh",
                   "label_en", "expected", "actual", "printed_value", "expected_value", "message_zh",
                   "message_en", "source_name", "source_url", "source_where")


@dataclass
class CheckRun:
    """What one validation run did: findings per rule and the rules it could not run."""

    reports: int = 0
    findings: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # per rule, plus "staging" and "locate"

    @property
    def total(self) -> int:
        return sum(self.findings.values())


def apply_sql_file(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    con.execute(path.read_text(encoding="utf-8"))


def output_columns(con: duckdb.DuckDBPyConnection, rule: Rule) -> set[str]:
    """The column names a rule's query returns (planned, not run)."""
    return {d[0] for d in con.execute(f"select * from ({rule.query}) as q limit 0").description}


def raw_insert_sql(con: duckdb.DuckDBPyConnection, rule: Rule) -> str:
    """``insert into dq_raw`` for one rule: its query, with the optional columns filled in."""
    cols = output_columns(con, rule)
    missing = {"report_id", "location", "expected", "actual"} - cols
    if missing:
        raise ValueError(f"rule {rule.id} ({rule.path}) does not return {', '.join(sorted(missing))}")

    def pick(*names: str) -> str:
        return next((f"q.{n}::varchar" for n in names if n in cols), "null::varchar")

    return f"""
    insert into dq_raw
    select '{rule.id}', q.report_id, q.location, q.expected::double, q.actual::double,
           {pick("detail_zh", "detail")}, {pick("detail_en", "detail")}, {pick("source_where")}
    from ({rule.query}) as q
    """


def findings_insert_sql(rule: Rule) -> str:
    """``insert into dq_findings`` for one rule from its located raw findings, messages rendered."""
    return f"""
    insert into dq_findings ({", ".join(FINDING_COLUMNS)})
    select f.report_id, f.agency, f.year, '{rule.id}', '{rule.severity}', '{rule.concern}', f.location,
           f.label_zh, f.label_en, f.expected, f.actual,
           {number_text("f.actual")}, {number_text("f.expected")},
           {message_sql(rule.message_zh, "zh")}, {message_sql(rule.message_en, "en")},
           f.source_name, f.source_url, f.source_where
    from dq_located f where f.rule = '{rule.id}'
    order by f.n
    """


def write_rules_table(con: duckdb.DuckDBPyConnection, rules: tuple[Rule, ...] = RULES) -> None:
    """Replace ``dq_rules`` with the rule definitions (inside the caller's transaction)."""
    con.execute("delete from dq_rules")
    con.executemany(
        "insert into dq_rules values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(r.id, r.severity, r.concern, r.description_zh, r.description_en, r.message_zh, r.message_en,
          r.sql, r.path) for r in rules],
    )


def run_checks(con: duckdb.DuckDBPyConnection, rules: tuple[Rule, ...] = RULES) -> CheckRun:
    """Stage the warehouse, run ``rules``, replace ``dq_findings``, ``dq_rules``, ``v_findings_summary``."""
    started = time.perf_counter()
    stage_all(con)
    apply_sql_file(con, FINDINGS_DDL)
    ensure_locations_view(con)
    con.execute(RAW_TABLE)
    run = CheckRun(reports=con.execute("select count(*) from dq_reports").fetchone()[0])
    run.seconds["staging"] = round(time.perf_counter() - started, 3)
    present = table_names(con)
    for rule in rules:
        missing = [t for t in rule.requires if t not in present]
        if missing:
            run.skipped[rule.id] = f"warehouse has no {', '.join(missing)}"
            log.info("rule %s skipped: %s", rule.id, run.skipped[rule.id])
            continue
        started = time.perf_counter()
        run.findings[rule.id] = con.execute(raw_insert_sql(con, rule)).fetchone()[0]
        run.seconds[rule.id] = round(time.perf_counter() - started, 3)
    started = time.perf_counter()
    locate(con)
    con.execute("begin transaction")
    try:
        con.execute("delete from dq_findings")
        for rule in rules:
            if rule.id in run.findings:
                con.execute(findings_insert_sql(rule))
        write_rules_table(con, rules)
        apply_sql_file(con, SUMMARY_VIEW)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    run.seconds["locate"] = round(time.perf_counter() - started, 3)
    log.info("checked %d reports: %d findings", run.reports, run.total)
    return run
