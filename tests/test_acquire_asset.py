"""The Dagster asset ``crawled_reports``: materialized in-process against the local portal."""

from __future__ import annotations

import dagster as dg
import pytest

from pipeline.acquire import manifest
from pipeline.defs.acquire import crawled_reports

pytestmark = pytest.mark.timeout(60)

import fixtures.portal.portal as portal_mod  # noqa: E402  (tests/ is on sys.path)

portal = portal_mod.fixture()

RUN = {"ops": {"crawled_reports": {"config": {
    "delay": 0.005, "timeout": 0.5, "retries": 2, "backoff": 0.01, "max_bytes": 200_000,
}}}}


def _metadata(result: dg.ExecuteInProcessResult) -> dict[str, object]:
    (mat,) = result.asset_materializations_for_node("crawled_reports")
    return {k: v.value for k, v in mat.metadata.items()}


def test_asset_crawls_enabled_sources_into_raw_dir(portal, tmp_path, monkeypatch):
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nname = "本地门户"\nlist_url = "{portal.list_url}"\n', encoding="utf-8")
    raw = tmp_path / "raw"
    monkeypatch.setenv("OGI_SOURCES", str(sources))
    monkeypatch.setenv("OGI_RAW_DIR", str(raw))

    first = _metadata(dg.materialize([crawled_reports], run_config=RUN))
    second = _metadata(dg.materialize([crawled_reports], run_config=RUN))

    n = len(portal_mod.EXPECTED_FILES)
    assert (first["new_files"], first["unchanged"], first["failures"]) == (n, 0, len(portal_mod.EXPECTED_FAILURES))
    assert (second["new_files"], second["updated_files"], second["unchanged"]) == (0, 0, n)
    assert first["pages_fetched"] > 0 and first["list_pages"] == 3
    assert len([r for r in manifest.read_records(raw) if r.file]) == n


def test_asset_with_no_enabled_sources_does_nothing(tmp_path, monkeypatch):
    sources = tmp_path / "sources.toml"
    sources.write_text('[[source]]\nname = "x"\nlist_url = "http://127.0.0.1:9/"\nenabled = false\n', encoding="utf-8")
    monkeypatch.setenv("OGI_SOURCES", str(sources))
    monkeypatch.setenv("OGI_RAW_DIR", str(tmp_path / "raw"))
    meta = _metadata(dg.materialize([crawled_reports]))
    assert (meta["sources"], meta["pages_fetched"], meta["new_files"]) == (0, 0, 0)
