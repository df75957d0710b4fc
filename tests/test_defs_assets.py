"""The assets end to end with real ``materialize()``, real DuckDB files and a real analyst process."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipeline.definitions import ALL_ASSETS
from pipeline.defs.jobs import INGEST_SELECTION
from pipeline.defs.resources import make_resources

REPORTS = Path(__file__).parent / "fixtures" / "samples" / "reports"


def run(tmp_path: Path, paths: list[Path]) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        ALL_ASSETS, selection=INGEST_SELECTION,
        resources=make_resources(tmp_path / "ogi_work.duckdb", tmp_path / "ogi.duckdb"),
        run_config={"ops": {"raw_report_files": {"config": {"paths": [str(p) for p in paths]}}}},
    )


def metadata(result: dg.ExecuteInProcessResult, asset: str) -> dict:
    (mat,) = result.asset_materializations_for_node(asset)
    return {k: v.value for k, v in mat.metadata.items()}


@pytest.fixture(scope="module")
def first_run(tmp_path_factory) -> tuple[Path, dg.ExecuteInProcessResult]:
    tmp = tmp_path_factory.mktemp("assets")
    return tmp, run(tmp, [REPORTS])


def test_first_run_loads_and_publishes(first_run):
    tmp, result = first_run
    assert result.success
    assert metadata(result, "raw_report_files")["files"] == 5
    parsed = metadata(result, "parsed_reports")
    assert (parsed["reports_parsed"], parsed["reports_failed"], parsed["reports_skipped_unchanged"]) == (5, 0, 0)
    tables = metadata(result, "warehouse_tables")
    assert tables["facts_loaded"] == 1000
    assert tables["row_counts"]["fact_applications"] == 875
    assert "平湖市人力资源和社会保障局" in tables["preview"]
    assert metadata(result, "warehouse_views")["view_rows"]["v_disclosure_rate"] == 5
    published = metadata(result, "published_warehouse")
    assert published["row_counts"]["reports"] == 5
    con = duckdb.connect(str(tmp / "ogi.duckdb"), read_only=True)
    assert con.execute("select count(*) from current_reports").fetchall() == [(5,)]
    con.close()


def test_analyst_holding_published_db_never_fails_a_run(first_run):
    tmp, _ = first_run
    bad = tmp / "incoming"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    analyst = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, duckdb
            con = duckdb.connect({str(tmp / "ogi.duckdb")!r}, read_only=True)
            print(con.execute("select count(*) from reports").fetchall()[0][0], flush=True)
            sys.stdin.readline()
        """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert analyst.stdout.readline().strip() == "5"  # session open and holding the file
        result = run(tmp, [REPORTS, bad])
        assert result.success
        parsed = metadata(result, "parsed_reports")
        assert (parsed["reports_parsed"], parsed["reports_failed"], parsed["reports_skipped_unchanged"]) == (0, 1, 5)
        assert parsed["failure_reasons"] == {"empty_file": 1}
        assert metadata(result, "warehouse_tables")["facts_loaded"] == 0
    finally:
        analyst.communicate("\n", timeout=30)
    con = duckdb.connect(str(tmp / "ogi.duckdb"), read_only=True)
    assert con.execute("select status, count(*) from reports group by 1 order by 1").fetchall() == [
        ("failed", 1), ("parsed", 5)]
    con.close()
