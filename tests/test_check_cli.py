"""``ogi check`` and ``ogi findings`` on a real DuckDB file; ``findings_summary`` for ``ogi ingest``."""

from __future__ import annotations

from pathlib import Path

import dq_fixture as fx
import typer
from rich.console import Console
from typer.testing import CliRunner

from pipeline.check import cli
from pipeline.check.engine import run_checks
from pipeline.check.findings import findings_summary, list_findings

app = typer.Typer()
cli.register(app)


def _db(tmp_path: Path) -> Path:
    db = tmp_path / "w.duckdb"
    fx.warehouse(db, fx.all_truths()).close()
    return db


def test_check_then_findings_filters(tmp_path: Path) -> None:
    db = _db(tmp_path)
    runner = CliRunner()
    out = runner.invoke(app, ["check", "--db", str(db)], env={"COLUMNS": "200"})
    assert out.exit_code == 0, out.output
    assert "checked 5 reports: 4 findings" in out.output and "appeal_total" in out.output
    assert (tmp_path / "data_docs" / "index.html").exists()
    out = runner.invoke(app, ["findings", "--db", str(db), "--severity", "error"], env={"COLUMNS": "250"})
    assert out.exit_code == 0, out.output
    assert "1 findings" in out.output and "天津市东丽区" in out.output and "泽州县" not in out.output
    out = runner.invoke(app, ["findings", "--db", str(db), "--agency", "泽州", "--rule", "completeness_row"],
                        env={"COLUMNS": "250"})
    assert "1 findings" in out.output and "proactive.administrative_coercion" in out.output


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
    console = Console(record=True, width=120)
    console.print(findings_summary(con))
    text = console.export_text()
    assert "appeal_total" in text and "appeals_without_applications" in text
