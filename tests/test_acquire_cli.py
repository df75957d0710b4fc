"""``ogi crawl`` end to end against the local portal, and its errors for bad input."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from pipeline.acquire import manifest
from pipeline.cli import app

pytestmark = pytest.mark.timeout(60)

import fixtures.portal.portal as portal_mod  # noqa: E402  (tests/ is on sys.path)

portal = portal_mod.fixture()

FAST = ["--delay", "0.005", "--timeout", "0.5", "--retries", "2", "--backoff", "0.01", "--max-mb", "0.2"]


def test_crawl_url_into_out_dir(portal, tmp_path):
    out = tmp_path / "raw"
    result = CliRunner().invoke(app, ["crawl", portal.list_url, "--out", str(out), *FAST])

    assert result.exit_code == 0, result.output
    assert "new files" in result.output and "failures" in result.output
    assert "redirect loop" in result.output  # a failure reason is shown
    stored = {r.source_url.removeprefix(portal.base) for r in manifest.read_records(out) if r.file}
    assert stored == set(portal_mod.EXPECTED_FILES)


def test_crawl_sources_file(portal, tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[[source]]\nname = "本地门户"\nlist_url = "{portal.list_url}"\n'
        '[[source]]\nname = "停用"\nlist_url = "http://127.0.0.1:9/never.html"\nenabled = false\n',
        encoding="utf-8",
    )
    out = tmp_path / "raw"
    result = CliRunner().invoke(app, ["crawl", "--sources", str(sources), "--out", str(out), *FAST])

    assert result.exit_code == 0, result.output
    records = [r for r in manifest.read_records(out) if r.file]
    assert len(records) == len(portal_mod.EXPECTED_FILES)
    assert {r.source for r in records} == {"本地门户"}


def test_bad_input_gives_a_reason_not_a_traceback(tmp_path):
    runner = CliRunner()
    nothing = runner.invoke(app, ["crawl", "--out", str(tmp_path)])
    assert nothing.exit_code == 2 and "nothing to crawl" in nothing.output
    missing = runner.invoke(app, ["crawl", "--sources", str(tmp_path / "none.toml")])
    assert missing.exit_code == 2 and "sources file not found" in missing.output
    down = runner.invoke(app, ["crawl", "http://127.0.0.1:9/index.html", "--out", str(tmp_path), *FAST])
    assert down.exit_code == 1 and "connection_failed" in down.output
    assert down.exception is None or isinstance(down.exception, SystemExit)
