"""The assets end to end in real runs of ``ingest_job``, real DuckDB files and a real analyst process."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipeline.defs.ingest import run_ingest_job

REPORTS = Path(__file__).parent / "fixtures" / "samples" / "reports"


def run(tmp_path: Path, paths: list[Path]) -> dg.ExecuteInProcessResult:
    with dg.DagsterInstance.ephemeral() as instance:
        return run_ingest_job(paths, tmp_path / "ogi_work.duckdb", tmp_path / "ogi.duckdb", instance)


def checks(result: dg.ExecuteInProcessResult) -> dict[str, dg.AssetCheckEvaluation]:
    return {e.check_name: e for e in result.get_asset_check_evaluations()}


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
    assert result.dagster_run.job_name == "ingest_job"
    assert checks(result)["parse_failures"].passed and checks(result)["warehouse_keys_unique"].passed
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
        failing = checks(result)["parse_failures"]
        assert not failing.passed and failing.severity == dg.AssetCheckSeverity.ERROR
        assert failing.metadata["failures"].value == [{
            "report_id": failing.metadata["failures"].value[0]["report_id"], "source_path": str(bad / "empty.txt"),
            "file": "empty.txt", "code": "empty_file", "reason": failing.metadata["failures"].value[0]["reason"],
            "parser_version": parsed["parser_version"]}]
        assert "empty.txt" in failing.metadata["failed_files_table"].value
    finally:
        analyst.communicate("\n", timeout=30)
    con = duckdb.connect(str(tmp / "ogi.duckdb"), read_only=True)
    assert con.execute("select status, count(*) from reports group by 1 order by 1").fetchall() == [
        ("failed", 1), ("parsed", 5)]
    con.close()


def test_failure_stays_red_until_the_file_changes(first_run):
    """Unchanged, the failed file is skipped, and the check still fails; fixed, it passes."""
    tmp, _ = first_run
    bad = tmp / "incoming"
    again = run(tmp, [REPORTS, bad])
    parsed = metadata(again, "parsed_reports")
    assert (parsed["reports_parsed"], parsed["reports_failed"], parsed["reports_skipped_unchanged"]) == (0, 0, 6)
    failing = checks(again)["parse_failures"]
    assert not failing.passed and failing.metadata["failed_files"].value == 1
    assert failing.metadata["failure_codes"].value == {"empty_file": 1}

    (bad / "empty.txt").write_bytes((REPORTS / "pinghu_hrss_2023.txt").read_bytes())  # the file changes
    fixed = run(tmp, [REPORTS, bad])
    assert checks(fixed)["parse_failures"].passed


def test_missing_path_fails_the_run_and_publishes_nothing(tmp_path: Path):
    result = run(tmp_path, [tmp_path / "no_such_folder"])
    assert not result.success
    assert not (tmp_path / "ogi.duckdb").exists()
    (failure,) = [e for e in result.all_events if e.is_step_failure]
    assert failure.step_key == "raw_report_files"
    assert "no such file or folder" in failure.step_failure_data.error.message


def test_blocking_key_check_stops_publication(tmp_path: Path):
    """A fact cell loaded twice fails warehouse_keys_unique, and nothing downstream runs."""
    assert run(tmp_path, [REPORTS]).success
    published = (tmp_path / "ogi.duckdb").stat().st_mtime_ns
    with duckdb.connect(str(tmp_path / "ogi_work.duckdb")) as con:
        con.execute("insert into fact_appeals select * from fact_appeals limit 1")
    result = run(tmp_path, [REPORTS])
    assert not result.success
    assert not checks(result)["warehouse_keys_unique"].passed
    assert not result.asset_materializations_for_node("published_warehouse")
    assert (tmp_path / "ogi.duckdb").stat().st_mtime_ns == published


def test_a_run_sweeps_what_ended_runs_left_in_staging(tmp_path: Path):
    """A run that crashed between parse and merge leaves its parts; the next run removes them, but not the
    parts of a run still going, nor (for a day) those of a run this instance does not know."""
    with dg.DagsterInstance.ephemeral() as instance:
        first = run_ingest_job([REPORTS], tmp_path / "ogi_work.duckdb", tmp_path / "ogi.duckdb", instance)
        assert first.success
        staging = tmp_path / "ogi_work_staging"
        assert sorted(p.name for p in staging.iterdir()) == []  # merged: parts and file list removed
        going = dg.DagsterRun(job_name="ingest_job", run_id="f" * 36, status=dg.DagsterRunStatus.STARTED)
        instance.add_run(going)
        for name in (first.run_id, going.run_id, "unknown-recent", "unknown-old"):
            (staging / name).mkdir()
            (staging / name / "part-000000.parquet").write_bytes(b"left by a crash")
        (staging / f"{first.run_id}.files.json").write_text("[]", encoding="utf-8")
        two_days_ago = time.time() - 2 * 24 * 3600
        os.utime(staging / "unknown-old", (two_days_ago, two_days_ago))

        second = run_ingest_job([REPORTS], tmp_path / "ogi_work.duckdb", tmp_path / "ogi.duckdb", instance)
    assert second.success
    assert metadata(second, "parsed_reports")["staging_swept"] == 3
    assert sorted(p.name for p in staging.iterdir()) == sorted([going.run_id, "unknown-recent"])
