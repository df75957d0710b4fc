"""``ogi check`` and ``ogi findings`` on a real DuckDB file: filters, unknown values, CSV/JSON/XLSX exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import dq_fixture as fx
import pytest
import typer
from openpyxl import load_workbook
from rich.console import Console
from typer.testing import CliRunner

from pipeline.check import cli
from pipeline.check.engine import run_checks
from pipeline.check.findings import findings_summary, list_findings

app = typer.Typer()
cli.register(app)
WIDE = {"COLUMNS": "250"}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    con = fx.warehouse(path, fx.all_truths())
    run_checks(con)
    con.close()
    return path


def invoke(*args: str):
    return CliRunner().invoke(app, list(args), env=WIDE)


def test_check_writes_findings_docs_and_report(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    fx.warehouse(db, fx.all_truths()).close()
    out = invoke("check", "--db", str(db))
    assert out.exit_code == 0, out.output
    assert "checked 5 reports: 4 findings" in out.output and "great-expectations: failed" in out.output
    assert "appeal_total" in out.output
    assert (tmp_path / "data_docs" / "index.html").exists()
    report = (tmp_path / "dq_report.html").read_text(encoding="utf-8")
    assert "表四 行政复议 · 总计" in report


def test_findings_filters(db: Path) -> None:
    out = invoke("findings", "--db", str(db), "--severity", "error")
    assert out.exit_code == 0, out.output
    assert "1 findings" in out.output and "天津市东丽区" in out.output and "泽州县" not in out.output
    assert "表四 行政复议 · 总计" in out.output
    out = invoke("findings", "--db", str(db), "--agency", "泽州", "--rule", "completeness_row", "--year", "2023")
    assert out.exit_code == 0, out.output
    assert "1 findings" in out.output and "proactive.administrative_coercion" in out.output
    assert "表二 行政强制" in out.output


@pytest.mark.parametrize(("option", "value", "says"), [
    ("--severity", "erorr", "unknown severity 'erorr': use one of error, warning"),
    ("--rule", "row_total", "unknown rule 'row_total'"),
    ("--year", "1999", "no report for year 1999: the warehouse has 2023"),
    ("--agency", "不存在的机关", "no agency name contains '不存在的机关'"),
    ("--format", "docx", "unknown format 'docx'"),
])
def test_unknown_filter_values_exit_2_with_a_clear_message(db: Path, option: str, value: str, says: str) -> None:
    out = invoke("findings", "--db", str(db), option, value)
    assert out.exit_code == 2, out.output
    assert says in out.output and "Traceback" not in out.output


def test_export_csv_json_xlsx_with_chinese_headers(db: Path, tmp_path: Path) -> None:
    out = invoke("findings", "--db", str(db), "--format", "csv")
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert len(rows) == 4
    assert list(rows[0])[:10] == ["机关", "年度", "规则", "严重程度", "单元格", "报告值", "应为", "文件", "位置", "说明"]
    dongli = next(r for r in rows if r["规则"] == "appeal_total")
    assert (dongli["单元格"], dongli["报告值"], dongli["应为"]) == ("表四 行政复议 · 总计", "0", "1")

    out = invoke("findings", "--db", str(db), "--format", "json", "--severity", "warning")
    records = json.loads(out.stdout)
    assert len(records) == 3 and {r["严重程度"] for r in records} == {"warning"}

    target = tmp_path / "findings.xlsx"
    out = invoke("findings", "--db", str(db), "--format", "xlsx", "--output", str(target))
    assert out.exit_code == 0, out.output
    sheet = load_workbook(target).active
    values = list(sheet.values)
    assert values[0][:4] == ("机关", "年度", "规则", "严重程度") and len(values) == 5
    assert invoke("findings", "--db", str(db), "--format", "xlsx").exit_code == 2  # a file is needed

    target = tmp_path / "findings.csv"
    invoke("findings", "--db", str(db), "--format", "csv", "-o", str(target))
    assert target.read_bytes().startswith("\ufeff机关".encode())  # Excel reads the BOM as UTF-8


def test_findings_without_warehouse_is_a_clear_error(tmp_path: Path) -> None:
    out = CliRunner().invoke(app, ["findings", "--db", str(tmp_path / "missing.duckdb")])
    assert out.exit_code == 1 and "no warehouse" in out.output and "Traceback" not in out.output
    db = tmp_path / "old.duckdb"  # a warehouse from before dq_findings existed
    con = fx.warehouse(db, fx.all_truths())
    con.execute("drop view if exists v_findings_summary")
    con.execute("drop table dq_findings")
    con.close()
    out = CliRunner().invoke(app, ["findings", "--db", str(db)])
    assert out.exit_code == 1 and "no dq_findings" in out.output


def test_list_and_summary_functions(tmp_path: Path) -> None:
    con = fx.warehouse(tmp_path / "w.duckdb", fx.all_truths())
    run_checks(con)
    rows = list_findings(con)
    assert rows[0]["severity"] == "error" and len(rows) == 4
    assert [r["rule"] for r in list_findings(con, agency="武汉")] == ["completeness_row"]
    assert list_findings(con, year=2022) == []
    console = Console(record=True, width=120)
    console.print(findings_summary(con))
    text = console.export_text()
    assert "appeal_total" in text and "appeals_without_applications" in text
