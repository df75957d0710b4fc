"""The raw-folder sensor starts a run for new or changed files, and only then."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from pipeline.defs.sensors import raw_files_sensor


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
