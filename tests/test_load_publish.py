"""Publishing: an atomic snapshot that analysts open read-only while the pipeline moves on."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from pipeline.load.batch import parse_batch, scan_files
from pipeline.load.publish import publish
from pipeline.load.schema import apply_ddl, apply_views
from pipeline.load.store import load_batch, loaded_versions

SAMPLES = sorted((Path(__file__).parent / "fixtures" / "samples" / "reports").iterdir())


def _work(path: Path, n: int) -> None:
    con = duckdb.connect(str(path))
    apply_ddl(con)
    con.execute("create or replace table marker as select range as i from range(?)", [n])
    con.close()


def test_publish_copies_everything(tmp_path: Path):
    work, pub = tmp_path / "w.duckdb", tmp_path / "pub" / "ogi.duckdb"
    _work(work, 3)
    publish(work, pub, incremental_above=0)
    con = duckdb.connect(str(pub), read_only=True)
    assert con.execute("select count(*) from marker").fetchall() == [(3,)]
    comment = con.execute("select comment from duckdb_tables() where table_name = 'reports'").fetchall()[0][0]
    assert comment and "document version" in comment
    con.close()
    assert sorted(p.name for p in pub.parent.iterdir()) == [".ogi.duckdb.snapshots", "ogi.duckdb"]  # no temp file
    assert [p.name for p in (pub.parent / ".ogi.duckdb.snapshots").iterdir()] == ["a.duckdb"]


def test_publish_while_analyst_holds_snapshot(tmp_path: Path):
    work, pub = tmp_path / "w.duckdb", tmp_path / "ogi.duckdb"
    _work(work, 1)
    publish(work, pub, incremental_above=0)
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
        publish(work, pub, incremental_above=0)
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


def _load(work: Path, files: list[Path], views: bool = True) -> None:
    with duckdb.connect(str(work)) as con:
        load_batch(con, parse_batch(scan_files(files), loaded_versions(con)))
        if views:
            apply_views(con)


def _dump(db: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [r[0] for r in con.execute("select table_name from duckdb_tables() order by 1").fetchall()]
        views = [r[0] for r in con.execute("select view_name from duckdb_views() where not internal").fetchall()]
        return {t: con.execute(f"select * from {t} order by all").fetchall() for t in tables + views}


def test_publish_copies_only_what_changed(tmp_path: Path):
    """The third publish updates the snapshot of the first in place: the facts of the one new report
    are copied, not the whole file; the snapshot then equals the working database on every table."""
    work, pub = tmp_path / "w.duckdb", tmp_path / "ogi.duckdb"
    _load(work, SAMPLES[:3])
    assert publish(work, pub, incremental_above=0).method == "full copy"  # a.duckdb
    _load(work, SAMPLES[3:4], views=False)
    second = publish(work, pub, incremental_above=0)  # b.duckdb: none yet, so copied whole
    assert (second.method, second.snapshot.name) == ("full copy", "b.duckdb")
    _load(work, SAMPLES[4:])
    third = publish(work, pub, incremental_above=0)
    assert (third.method, third.snapshot.name, third.reports_copied) == ("incremental", "a.duckdb", 2)
    assert pub.resolve() == third.snapshot.resolve()
    assert _dump(pub) == _dump(work)
    with duckdb.connect(str(work)) as con:  # a report removed from the working DB goes from the snapshot too
        rid = con.execute("select min(report_id) from reports").fetchall()[0][0]
        for table in ("reports", "fact_proactive", "fact_applications", "fact_appeals", "narrative_figures",
                      "parse_warnings", "dq_findings"):
            con.execute(f"delete from {table} where report_id = ?", [rid])
    fourth = publish(work, pub, incremental_above=0)
    assert (fourth.method, fourth.snapshot.name) == ("incremental", "b.duckdb")
    assert _dump(pub) == _dump(work)


def test_publish_copies_whole_file_when_snapshot_schema_differs(tmp_path: Path):
    work, pub = tmp_path / "w.duckdb", tmp_path / "ogi.duckdb"
    _load(work, SAMPLES[:2])
    publish(work, pub, incremental_above=0)
    publish(work, pub, incremental_above=0)
    with duckdb.connect(str(work)) as con:
        con.execute("create table analyst_notes as select 1 as n")  # not in the DDL: not ours to patch
    result = publish(work, pub, incremental_above=0)
    assert result.method == "full copy"
    assert _dump(pub) == _dump(work)


def test_publish_copies_whole_file_when_an_analyst_holds_the_old_snapshot(tmp_path: Path):
    work, pub = tmp_path / "w.duckdb", tmp_path / "ogi.duckdb"
    _load(work, SAMPLES[:2])
    first = publish(work, pub, incremental_above=0)  # a
    publish(work, pub, incremental_above=0)  # b; an analyst still has a open
    analyst = subprocess.Popen(
        [sys.executable, "-c", f"import sys, duckdb; c = duckdb.connect({str(first.snapshot)!r}, read_only=True); "
                               "print('open', flush=True); sys.stdin.readline()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert analyst.stdout.readline().strip() == "open"
        _load(work, SAMPLES[2:3])
        result = publish(work, pub, incremental_above=0)
        assert (result.method, result.snapshot.name) == ("full copy", "a.duckdb")
    finally:
        analyst.communicate("\n", timeout=30)
    assert _dump(pub) == _dump(work)


def test_a_small_working_file_is_copied_whole(tmp_path: Path):
    """Below the threshold (default 1 GB) a copy is faster than an update in place."""
    work, pub = tmp_path / "w.duckdb", tmp_path / "ogi.duckdb"
    _load(work, SAMPLES[:2])
    methods = [publish(work, pub).method for _ in range(3)]
    assert methods == ["full copy"] * 3
    assert publish(work, pub, incremental_above=1).method == "incremental"
