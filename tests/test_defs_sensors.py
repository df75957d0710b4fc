"""The raw-folder sensor starts a run for new or changed files, and only then."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import dagster as dg

from pipeline.defs.sensors import raw_files_sensor

SAMPLES = Path(__file__).parent / "fixtures" / "samples" / "reports"
INGEST_ASSETS = {"raw_report_files", "parsed_reports", "warehouse_tables", "warehouse_views", "dq_findings",
                 "published_warehouse"}


def _evaluate(cursor: str | None) -> dg.SensorResult | dg.SkipReason:
    with dg.instance_for_test() as instance:
        return raw_files_sensor(dg.build_sensor_context(instance=instance, cursor=cursor))


def test_sensor_sees_new_and_changed_files(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("OGI_RAW_DIR", str(tmp_path))
    first = _evaluate(None)
    assert isinstance(first, dg.SkipReason)  # empty folder

    (tmp_path / "a.txt").write_text("报告一", encoding="utf-8")
    new = _evaluate(None)
    assert isinstance(new, dg.SensorResult) and len(new.run_requests) == 1
    # ingest_job from the raw files on (no crawl), its checks with it
    assert {k.to_user_string() for k in new.run_requests[0].asset_selection} == INGEST_ASSETS
    assert new.run_requests[0].asset_check_keys is None
    cursor = new.cursor

    assert isinstance(_evaluate(cursor), dg.SkipReason)  # nothing changed since

    (tmp_path / "b.txt").write_text("报告二", encoding="utf-8")
    again = _evaluate(cursor)
    assert isinstance(again, dg.SensorResult)
    assert again.run_requests[0].run_key != new.run_requests[0].run_key
    assert again.run_requests[0].tags["ogi/changed_files"] == "1"

    st = (tmp_path / "a.txt").stat()
    os.utime(tmp_path / "a.txt", ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    changed = _evaluate(again.cursor)
    assert isinstance(changed, dg.SensorResult)


def test_sensor_ignores_hidden_files(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("OGI_RAW_DIR", str(tmp_path))
    (tmp_path / ".partial.download").write_text("x")
    assert isinstance(_evaluate(None), dg.SkipReason)


def test_sensor_run_is_as_quick_as_the_cli_and_evaluates_every_check(tmp_path: Path, monkeypatch):
    """The sensor's run request, executed the way the daemon's run worker does (a new process that
    rebuilds ingest_job and runs it with its own executor), in the test's DAGSTER_HOME."""
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLES, raw)
    monkeypatch.setenv("OGI_RAW_DIR", str(raw))
    (request,) = _evaluate(None).run_requests
    env = {**os.environ, "OGI_RAW_DIR": str(raw), "OGI_WORK_DB": str(tmp_path / "ogi_work.duckdb"),
           "OGI_WAREHOUSE": str(tmp_path / "ogi.duckdb"), "DAGSTER_DISABLE_TELEMETRY": "1"}
    keys = [k.to_user_string() for k in request.asset_selection]
    script = textwrap.dedent(f"""
        import dagster as dg
        recon = dg.build_reconstructable_job("pipeline.definitions", "job_def", ("ingest_job",))
        with dg.DagsterInstance.get() as instance:
            result = dg.execute_job(recon, instance=instance, tags={json.dumps(dict(request.tags))},
                                    asset_selection=[dg.AssetKey(k) for k in {keys!r}])
            print(result.run_id)
    """)
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300)
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr[-3000:]
    assert seconds < 90, f"sensor-path run took {seconds:.0f} s"  # was 2-3 minutes with the multiprocess executor
    run_id = done.stdout.split()[-1]
    with dg.DagsterInstance.get() as instance:
        run = instance.get_run_by_id(run_id)
        assert (run.job_name, run.status) == ("ingest_job", dg.DagsterRunStatus.SUCCESS)
        events = instance.all_logs(run_id)
        assert any((e.message or "").startswith("Executing steps in process") for e in events)  # in_process executor
        planned = {e.dagster_event.event_specific_data.asset_check_key.name for e in events
                   if e.dagster_event and e.dagster_event.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION_PLANNED}
        evaluated = {e.dagster_event.event_specific_data.check_name for e in events
                     if e.dagster_event and e.dagster_event.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION}
    assert planned == evaluated and {"parse_failures", "warehouse_keys_unique", "dq_appeal_total"} <= evaluated
    assert (tmp_path / "ogi.duckdb").exists()
