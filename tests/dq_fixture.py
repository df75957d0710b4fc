"""Fill a DuckDB warehouse straight from contract JSON (truth files), for the data-quality tests.

Uses the table and column names of docs/INTERFACES.md, so the rules are tested on the same shape the
loader writes, without depending on the parser or loader.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import duckdb

SAMPLES = Path(__file__).parent / "fixtures" / "samples"
TRUTH = SAMPLES / "truth"

DDL = """
create table if not exists reports (report_id varchar, agency varchar, year integer, is_current boolean);
create table if not exists fact_applications (report_id varchar, agency varchar, year integer,
  category varchar, applicant_type varchar, count double, raw_text varchar, source_where varchar);
create table if not exists fact_proactive (report_id varchar, agency varchar, year integer,
  item varchar, measure varchar, value double, raw_text varchar, source_where varchar);
create table if not exists fact_appeals (report_id varchar, agency varchar, year integer,
  proceeding varchar, outcome varchar, count double, raw_text varchar, source_where varchar);
create table if not exists narrative_figures (report_id varchar, agency varchar, year integer,
  location varchar, scope varchar, value double, unit varchar, text varchar, source_where varchar);
create table if not exists parse_warnings (report_id varchar, code varchar, location varchar, message varchar);
create table if not exists dim_agency (agency varchar, level varchar);
"""


def truth(name: str) -> dict[str, Any]:
    """A deep copy of one truth file (``pinghu`` → pinghu_hrss_2023.json)."""
    path = next(TRUTH.glob(f"{name}*.json"))
    return copy.deepcopy(json.loads(path.read_text(encoding="utf-8")))


def all_truths() -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(TRUTH.glob("*.json"))]


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path))
    con.execute(DDL)
    return con


def load_report(con: duckdb.DuckDBPyConnection, report: dict[str, Any], report_id: str | None = None,
                level: str | None = None, is_current: bool = True) -> str:
    """Insert one contract JSON (plus optional ``narrative``/``warnings``) as fact rows."""
    rid = report_id or f"{report.get('file', report['agency'])}:{report['year']}"
    agency, year = report["agency"], report["year"]
    con.execute("insert into reports values (?, ?, ?, ?)", [rid, agency, year, is_current])
    for table, section in (("fact_applications", "applications"), ("fact_proactive", "proactive"),
                           ("fact_appeals", "appeals")):
        rows = [(rid, agency, year, r, c, v, None if v is None else str(v), None)
                for r, cols in report[section].items() for c, v in cols.items()]
        con.executemany(f"insert into {table} values (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    for n in report.get("narrative", []):
        con.execute("insert into narrative_figures values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [rid, agency, year, n["location"], n.get("scope"), n["value"], n.get("unit"),
                     n.get("text"), n.get("where")])
    for w in report.get("warnings", []):
        con.execute("insert into parse_warnings values (?, ?, ?, ?)",
                    [rid, w["code"], w.get("location"), w.get("message", "")])
    if level:
        con.execute("insert into dim_agency values (?, ?)", [agency, level])
    return rid


def warehouse(path: Path, reports: list[dict[str, Any]], **kw: Any) -> duckdb.DuckDBPyConnection:
    con = connect(path)
    for r in reports:
        load_report(con, r, **kw)
    return con
