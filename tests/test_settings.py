"""One place reads the environment (pipeline.settings), at call time, not at import."""

from __future__ import annotations

from pathlib import Path

from pipeline.load import paths
from pipeline.settings import DEFAULT_RAW_DIR, DEFAULT_WAREHOUSE, PROJECT_ROOT, settings


def test_defaults(monkeypatch):
    for var in ("OGI_RAW_DIR", "OGI_WAREHOUSE", "OGI_WORK_DB", "OGI_DUCKDB_MEMORY", "OGI_PARQUET_DIR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("OGI_SOURCES", "")  # empty = unset
    s = settings()
    assert (s.raw_dir, s.warehouse, s.work_path) == (
        DEFAULT_RAW_DIR, DEFAULT_WAREHOUSE, DEFAULT_WAREHOUSE.with_name("ogi_work.duckdb"))
    assert s.sources == PROJECT_ROOT / "pipeline" / "acquire" / "sources.toml"
    assert paths.duckdb_config() == {"memory_limit": "300MB"}


def test_environment_read_when_asked(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("OGI_WAREHOUSE", str(tmp_path / "w.duckdb"))
    monkeypatch.setenv("OGI_RAW_DIR", str(tmp_path / "raw"))
    monkeypatch.setenv("OGI_DUCKDB_MEMORY", "1GB")
    monkeypatch.delenv("OGI_WORK_DB", raising=False)
    assert paths.published_path() == tmp_path / "w.duckdb"
    assert paths.work_path() == tmp_path / "w_work.duckdb"
    assert paths.raw_dir() == tmp_path / "raw"
    assert paths.duckdb_config() == {"memory_limit": "1GB"}
    monkeypatch.setenv("OGI_WORK_DB", str(tmp_path / "elsewhere.duckdb"))
    assert paths.work_path() == tmp_path / "elsewhere.duckdb"
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    assert settings().dagster_home == tmp_path / "home"
