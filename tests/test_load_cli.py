"""``ogi ingest`` and ``ogi dictionary`` as a user runs them."""

from __future__ import annotations

import shutil
from pathlib import Path

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
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
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
