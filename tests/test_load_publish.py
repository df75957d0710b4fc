"""Publishing: an atomic snapshot that analysts open read-only while the pipeline moves on."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from pipeline.load.publish import publish
from pipeline.load.schema import apply_ddl


def _work(path: Path, n: int) -> None:
    con = duckdb.connect(str(path))
    apply_ddl(con)
    con.execute("create or replace table marker as select range as i from range(?)", [n])
    con.close()


def test_publish_copies_everything(tmp_path: Path):
    work, pub = tmp_path / "w.duckdb", tmp_path / "pub" / "ogi.duckdb"
    _work(work, 3)
    publish(work, pub)
    con = duckdb.connect(str(pub), read_only=True)
    assert con.execute("select count(*) from marker").fetchall() == [(3,)]
    comment = con.execute("select comment from duckdb_tables() where table_name = 'reports'").fetchall()[0][0]
    assert comment and "document version" in comment
    con.close()
    assert [p.name for p in pub.parent.iterdir()] == ["ogi.duckdb"]  # no temp file left behind


def test_publish_while_analyst_holds_snapshot(tmp_path: Path):
    work, pub = tmp_path / "w.duckdb", tmp_path / "ogi.duckdb"
    _work(work, 1)
    publish(work, pub)
    analyst = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, duckdb
            con = duckdb.connect({str(pub)!r}, read_only=True)
            print(con.execute("select count(*) from marker").fetchall()[0][0], flush=True)
            sys.stdin.readline()
            print(con.execute("select count(*) from marker").fetchall()[0][0], flush=True)
        """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert analyst.stdout.readline().strip() == "1"
        _work(work, 5)
        publish(work, pub)
        analyst.stdin.write("\n")
        analyst.stdin.flush()
        assert analyst.stdout.readline().strip() == "1"  # the analyst keeps a consistent old snapshot
    finally:
        analyst.communicate(timeout=30)
    con = duckdb.connect(str(pub), read_only=True)
    assert con.execute("select count(*) from marker").fetchall() == [(5,)]


def test_publish_without_working_db_is_a_clear_error(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="run the load first"):
        publish(tmp_path / "missing.duckdb", tmp_path / "ogi.duckdb")
