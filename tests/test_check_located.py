"""Findings an auditor can act on: the real sample parsed, loaded and checked; the Tianjin Dongli finding
reads 表四 行政复议 · 总计, printed 0, expected 1, in tianjin_dongli_hrss_2023.txt at its line — in SQL and
in ``ogi findings --format csv``."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipeline.check.engine import run_checks
from pipeline.check.rules import RULES
from pipeline.load.batch import parse_batch, scan_files
from pipeline.load.schema import apply_views
from pipeline.load.store import load_batch

REPORTS = Path(__file__).parent / "fixtures" / "samples" / "reports"
DONGLI = REPORTS / "tianjin_dongli_hrss_2023.txt"
OGI = Path(sys.executable).parent / "ogi"


def review_total_line() -> int:
    """The line of 表四's 行政复议 总计 cell, read from the file itself: the fifth number after the heading."""
    lines = DONGLI.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("四、") and "行政复议" in line)
    numbers = [i + 1 for i, line in enumerate(lines) if i > start and re.fullmatch(r"\t\d+", line)]
    return numbers[4]  # upheld, corrected, other, pending, total


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("located") / "w.duckdb"
    con = duckdb.connect(str(path))
    load_batch(con, parse_batch(scan_files([REPORTS]), {}))
    apply_views(con)
    run_checks(con)
    con.close()
    return path


def test_dongli_finding_in_sql(db: Path) -> None:
    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute(
            """select label_zh, label_en, printed_value, expected_value, source_name, source_where,
                      message_zh, message_en
               from dq_findings where rule = 'appeal_total' and agency like '%东丽%'""").fetchall()
    finally:
        con.close()
    assert len(row) == 1
    label, label_en, printed, expected, file, where, zh, en = row[0]
    assert (label, printed, expected, file) == ("表四 行政复议 · 总计", "0", "1", "tianjin_dongli_hrss_2023.txt")
    assert where == f"line {review_total_line()}"
    assert label_en == "Table 4 Administrative review · Total"
    assert "表四 行政复议 · 总计" in zh and "0" in zh and "1" in zh
    assert en == "Table 4 Administrative review · Total is 0 but its four outcomes add up to 1."


def test_dongli_finding_in_ogi_findings_csv(db: Path) -> None:
    out = subprocess.run([str(OGI), "findings", "--db", str(db), "--format", "csv", "--agency", "东丽"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    rows = [r for r in csv.DictReader(io.StringIO(out.stdout)) if r["规则"] == "appeal_total"]
    assert len(rows) == 1
    r = rows[0]
    assert (r["单元格"], r["报告值"], r["应为"], r["文件"], r["位置"]) == (
        "表四 行政复议 · 总计", "0", "1", "tianjin_dongli_hrss_2023.txt", f"line {review_total_line()}")
    assert r["机关"] == "天津市东丽区人力资源和社会保障局" and r["年度"] == "2023" and r["严重程度"] == "error"


def test_every_finding_has_labels_messages_and_file(db: Path) -> None:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("select rule, location, label_zh, message_zh, message_en, source_name from dq_findings"
                           ).fetchall()
    finally:
        con.close()
    assert rows
    for rule, location, label, zh, en, file in rows:
        assert label and re.search(r"[\u4e00-\u9fff]", label), (rule, location)
        assert re.search(r"[\u4e00-\u9fff]", zh) and en and file, rule
        assert "{" not in zh + en, (rule, zh, en)


def test_rules_table_holds_each_rule_once_with_its_sql(db: Path) -> None:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = {r[0]: r for r in con.execute(
            "select rule, severity, concern, description_zh, description_en, sql, source_file from dq_rules").fetchall()}
    finally:
        con.close()
    assert set(rows) == {r.id for r in RULES}
    appeal = rows["appeal_total"]
    assert appeal[1:3] == ("error", "appeal_total") and "表四" in appeal[3]
    assert appeal[5] == (Path(__file__).parents[1] / "sql" / "rules" / "11_appeal_total.sql").read_text(encoding="utf-8")
    assert appeal[6] == "sql/rules/11_appeal_total.sql"
