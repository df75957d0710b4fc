"""``ogi ingest`` and ``ogi dictionary`` as a user runs them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import dagster as dg
import duckdb
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.load.dictionary import dictionary_markdown, embed_in_readme
from pipeline.load.store import ALL_TABLES

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "tests" / "fixtures" / "samples" / "reports"
runner = CliRunner()


def _summary(output: str) -> dict[str, str]:
    rows = {}
    for line in output.splitlines():
        cells = [c.strip() for c in line.strip("│┃ ").split("│")]
        if len(cells) == 2 and cells[0]:
            rows[cells[0]] = cells[1]
    return rows


def test_ingest_twice_then_a_bad_file(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    raw = tmp_path / "raw"
    shutil.copytree(REPORTS, raw)
    wh = tmp_path / "wh" / "ogi.duckdb"

    first = runner.invoke(app, ["ingest", str(raw), "--warehouse", str(wh)])
    assert first.exit_code == 0, first.output
    s = _summary(first.output)
    assert (s["files seen"], s["parsed"], s["skipped (unchanged)"], s["facts loaded"]) == ("5", "5", "0", "1000")
    assert s["warehouse (published)"] == str(wh)
    assert (tmp_path / "wh" / "ogi_work.duckdb").exists()

    def snapshot() -> dict:
        con = duckdb.connect(str(wh), read_only=True)
        try:
            return {t: sorted(con.execute(f"select * from {t}").fetchall(), key=repr) for t in ALL_TABLES}
        finally:
            con.close()

    before = snapshot()
    second = runner.invoke(app, ["ingest", str(raw), "--warehouse", str(wh)])
    assert second.exit_code == 0, second.output
    assert _summary(second.output)["skipped (unchanged)"] == "5"
    assert snapshot() == before

    (raw / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    third = runner.invoke(app, ["ingest", str(raw), "--warehouse", str(wh)])
    assert third.exit_code == 0, third.output
    s = _summary(third.output)
    assert s["failed"].startswith("1")
    assert "broken.pdf" in third.output
    assert "parse_failures (ERROR)" in s["asset checks"]

    # unchanged, the file is skipped, and it is still a failure: in the summary, the check, --strict
    fourth = runner.invoke(app, ["ingest", str(raw), "--warehouse", str(wh), "--strict"])
    assert fourth.exit_code == 1, fourth.output
    s = _summary(fourth.output)
    assert (s["skipped (unchanged)"], s["parsed"]) == ("6", "0")
    assert s["failed"].startswith("1") and "earlier run" in s["failed"]
    assert "parse_failures (ERROR)" in s["asset checks"]
    assert "broken.pdf" in fourth.output and "--strict: 1 file(s) failed to parse" in fourth.output

    (raw / "broken.pdf").unlink()  # the file is gone: the failure with it
    fifth = runner.invoke(app, ["ingest", str(raw), "--warehouse", str(wh), "--strict"])
    assert fifth.exit_code == 0, fifth.output
    assert _summary(fifth.output)["failed"] == "0"


def test_every_check_evaluated_in_a_run_of_ingest_job(tmp_path: Path, monkeypatch):
    """What `make run` leaves: a run of the named job in DAGSTER_HOME in which every check ran."""
    monkeypatch.setenv("COLUMNS", "200")
    wh = tmp_path / "ogi.duckdb"
    result = runner.invoke(app, ["ingest", str(REPORTS), "--warehouse", str(wh)])
    assert result.exit_code == 0, result.output
    from pipeline.definitions import defs

    with dg.DagsterInstance.get() as instance:
        assert Path(instance.root_directory) == Path(os.environ["DAGSTER_HOME"])  # the tests' own home
        run = instance.get_runs(limit=1)[0]
        assert (run.job_name, run.status, run.tags["ogi/trigger"]) == ("ingest_job", dg.DagsterRunStatus.SUCCESS, "cli")
        check_keys = defs.resolve_job_def("ingest_job").asset_layer.asset_graph.asset_check_keys
        assert len(check_keys) >= 14
        for key in check_keys:
            record = instance.get_latest_asset_check_evaluation_record(key)
            assert record is not None and record.run_id == run.run_id, key.to_user_string()
        evaluations = instance.get_records_for_run(
            run.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION).records
        assert {r.event_log_entry.dagster_event.event_specific_data.asset_check_key for r in evaluations} == check_keys
    s = _summary(result.output)
    assert s["asset checks"].startswith(f"{len(check_keys)} evaluated")
    assert s["data-quality report"] == str(tmp_path / "dq_report.html") and (tmp_path / "dq_report.html").exists()
    assert s["Dagster run"].startswith(f"ingest_job {run.run_id[:8]}")


def test_ingest_of_a_missing_path_fails_and_publishes_nothing(tmp_path: Path):
    wh = tmp_path / "wh" / "ogi.duckdb"
    result = runner.invoke(app, ["ingest", str(tmp_path / "no_such_dir"), "--warehouse", str(wh)])
    assert result.exit_code == 2
    assert "no such file or folder" in result.output and "no_such_dir" in result.output
    assert "nothing published" in result.output
    assert not wh.exists() and not wh.parent.exists()


def test_dagster_home_defaults_to_the_projects(monkeypatch):
    """Without DAGSTER_HOME (no Makefile), CLI runs still land in the project's instance."""
    from pipeline.defs.ingest import dagster_home
    from pipeline.settings import DEFAULT_DAGSTER_HOME, PROJECT_ROOT

    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    assert DEFAULT_DAGSTER_HOME == PROJECT_ROOT / ".dagster_home"
    assert dagster_home() == DEFAULT_DAGSTER_HOME.resolve()
    assert os.environ["DAGSTER_HOME"] == str(DEFAULT_DAGSTER_HOME.resolve())  # what dagster.yaml reads


def test_dictionary_covers_every_table_and_is_up_to_date():
    text = dictionary_markdown()
    for table in ALL_TABLES:
        assert f"### `{table}`" in text
    assert "| `count` | DOUBLE |" in text
    assert (ROOT / "docs" / "data_dictionary.md").read_text(encoding="utf-8") == text, (
        "docs/data_dictionary.md is stale: run `make dictionary`")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert embed_in_readme(readme, text) == readme, "the README's data dictionary is stale: run `make dictionary`"


def test_dictionary_command_prints_markdown():
    result = runner.invoke(app, ["dictionary"])
    assert result.exit_code == 0
    assert result.output.startswith("# Data dictionary")
