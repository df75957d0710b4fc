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
import pandas as pd

from pipeline.load.dimensions import replace_template_dimensions
from pipeline.load.schema import apply_ddl

SAMPLES = Path(__file__).parent / "fixtures" / "samples"
TRUTH = SAMPLES / "truth"



def truth(name: str) -> dict[str, Any]:
    """A deep copy of one truth file (``pinghu`` → pinghu_hrss_2023.json)."""
    path = next(TRUTH.glob(f"{name}*.json"))
    return copy.deepcopy(json.loads(path.read_text(encoding="utf-8")))


def all_truths() -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(TRUTH.glob("*.json"))]


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    apply_ddl(con)  # the warehouse engineer's real schema (sql/ddl)
    replace_template_dimensions(con)  # the dim_* tables the labels and key checks read
    return con


def load_report(con: duckdb.DuckDBPyConnection, report: dict[str, Any], report_id: str | None = None,
                level: str | None = None, is_current: bool = True) -> str:
    """Insert one contract JSON (plus optional ``narrative``/``warnings``) as fact rows."""
    rid = report_id or f"{report.get('file', report['agency'])}:{report['year']}"
    agency, year = report["agency"], report["year"]
    seq = con.execute("select count(*) + 1 from reports").fetchone()[0]
    con.execute(
        "insert into reports (report_id, agency, year, template_version, sha256, parsed_at, parser_version, "
        "status, version_seq, is_current) values (?, ?, ?, '2021', ?, now(), 'truth', 'parsed', ?, ?)",
        [rid, agency, year, rid, seq, is_current])
    for table, section, keys in (("fact_applications", "applications", "category, applicant_type, count"),
                                 ("fact_proactive", "proactive", "item, measure, value"),
                                 ("fact_appeals", "appeals", "proceeding, outcome, count")):
        rows = [(rid, agency, year, r, c, v, None if v is None else str(v), None)
                for r, cols in report[section].items() for c, v in cols.items()]
        frame = pd.DataFrame(rows, columns=["a", "b", "c", "d", "e", "f", "g", "h"]).astype(
            {"f": "float64", "g": "object", "h": "object"})
        con.register("fixture_rows", frame)
        con.execute(f"insert into {table} (report_id, agency, year, {keys}, raw_text, source_where) "
                    "select * from fixture_rows")
        con.unregister("fixture_rows")
    for n in report.get("narrative", []):
        con.execute("insert into narrative_figures (report_id, agency, year, location, scope, value, unit, text, "
                    "source_where) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [rid, agency, year, n["location"], n.get("scope"), n["value"], n.get("unit"),
                     n.get("text"), n.get("where")])
    for w in report.get("warnings", []):
        con.execute("insert into parse_warnings (report_id, code, location, message) values (?, ?, ?, ?)",
                    [rid, w["code"], w.get("location"), w.get("message", "")])
    if level:
        con.execute("insert or replace into dim_agency (agency, admin_level) values (?, ?)", [agency, level])
    return rid


def warehouse(path: Path, reports: list[dict[str, Any]], **kw: Any) -> duckdb.DuckDBPyConnection:
    con = connect(path)
    for r in reports:
        load_report(con, r, **kw)
    return con
