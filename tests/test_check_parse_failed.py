"""A file that fails to parse is a ``parse_failed`` finding (error) on every run until the file changes,
also when ingest skips it as unchanged; ``ogi findings`` lists it."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import typer
from typer.testing import CliRunner

from pipeline.check import cli
from pipeline.check.engine import run_checks
from pipeline.load.batch import parse_batch, scan_files
from pipeline.load.store import load_batch, loaded_versions

REPORTS = Path(__file__).parent / "fixtures" / "samples" / "reports"


def ingest_and_check(con: duckdb.DuckDBPyConnection, raw: Path) -> tuple[int, list[tuple]]:
    """One run as the pipeline does it: skip what is loaded, load the rest, check. Returns (skipped, failures)."""
    batch = parse_batch(scan_files([raw]), loaded_versions(con))
    load_batch(con, batch)
    run_checks(con)
    rows = con.execute("select source_name, severity, location, label_zh, message_zh, message_en "
                       "from dq_findings where rule = 'parse_failed' order by 1").fetchall()
    return len(batch.skipped), rows


def test_parse_failure_is_a_finding_on_every_run_until_the_file_changes(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(REPORTS / "pinghu_hrss_2023.txt", raw)
    broken = raw / "broken.txt"
    broken.write_bytes(b"")
    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))

    skipped, rows = ingest_and_check(con, raw)
    assert skipped == 0 and len(rows) == 1
    name, severity, location, label, zh, en = rows[0]
    assert (name, severity, location, label) == ("broken.txt", "error", "file", "文件")
    assert "empty_file" in en and "broken.txt" in en and "empty_file" in zh and "未能解析" in zh

    skipped, rows = ingest_and_check(con, raw)  # unchanged: skipped by the ingest, still a finding
    assert skipped == 2 and [r[0] for r in rows] == ["broken.txt"]
    con.close()

    app = typer.Typer()
    cli.register(app)
    out = CliRunner().invoke(app, ["findings", "--db", str(db), "--rule", "parse_failed"], env={"COLUMNS": "250"})
    assert out.exit_code == 0, out.output
    assert "broken.txt" in out.output and "empty_file" in out.output and "1 findings" in out.output

    con = duckdb.connect(str(db))
    shutil.copy(REPORTS / "meizhou_hrss_2023.txt", broken)  # the file is fixed
    _, rows = ingest_and_check(con, raw)
    assert rows == []
    assert con.execute("select count(*) from dq_findings where source_name = 'broken.txt'").fetchone()[0] == 0
    con.close()
