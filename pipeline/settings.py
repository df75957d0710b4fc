"""Configuration in one place: every environment variable the pipeline reads, with its default.

| variable | setting | default |
|---|---|---|
| ``OGI_RAW_DIR`` | ``raw_dir`` | ``data/raw`` |
| ``OGI_WAREHOUSE`` | ``warehouse`` (the published snapshot) | ``data/warehouse/ogi.duckdb`` |
| ``OGI_WORK_DB`` | ``work_db`` (the pipeline's working database) | ``<warehouse stem>_work.duckdb`` beside it |
| ``OGI_SOURCES`` | ``sources`` (crawl sources) | ``pipeline/acquire/sources.toml`` |
| ``OGI_DUCKDB_MEMORY`` | ``duckdb_memory`` | ``300MB`` |
| ``OGI_PARQUET_DIR`` | ``parquet_dir`` (the partitioned path's parts) | ``parquet/`` beside the default warehouse |
| ``OGI_PARSE_WORKERS`` | ``parse_workers`` (parse processes) | one per core |
| ``OGI_PARSE_CHUNK`` | ``parse_chunk`` (files per Parquet part) | ``100`` |
| ``OGI_PUBLISH_INCREMENTAL_ABOVE`` | ``publish_incremental_above`` (bytes; smaller files are copied whole) | 1 GB |
| ``DAGSTER_HOME`` | ``dagster_home`` (run history, what the UI shows) | the project's ``.dagster_home`` |

Relative defaults are under the project root. An empty variable counts as unset. Nothing is read at
import: ``settings()`` reads the environment each time it is called (cheap), so a test or a
deployment that changes a variable is seen by the next call.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT = PACKAGE_DIR.parent
IN_CHECKOUT = (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "sql").is_dir()
"""True when running from a source checkout (``make install``'s editable install); False from a wheel."""
PROJECT_ROOT = _CHECKOUT if IN_CHECKOUT else Path.cwd()
"""Relative defaults (data/, .dagster_home) live here: the checkout, or the folder a wheel's user runs in."""
SHIPPED_DIR = _CHECKOUT if IN_CHECKOUT else PACKAGE_DIR / "_shipped"
"""Where ``sql/`` and ``expectations/`` are: beside the package in a checkout, inside it in a wheel."""
DEFAULT_RAW_DIR = PROJECT_ROOT / "data" / "raw"
DEFAULT_WAREHOUSE = PROJECT_ROOT / "data" / "warehouse" / "ogi.duckdb"
DEFAULT_SOURCES = PACKAGE_DIR / "acquire" / "sources.toml"
DEFAULT_DAGSTER_HOME = PROJECT_ROOT / ".dagster_home"
DEFAULT_DUCKDB_MEMORY = "300MB"


def work_path_for(published: str | Path) -> Path:
    """The working database beside a published one: ``ogi.duckdb`` → ``ogi_work.duckdb``."""
    p = Path(published)
    return p.with_name(f"{p.stem}_work{p.suffix or '.duckdb'}")


class Settings(BaseSettings):
    """The pipeline's settings, from ``OGI_*`` and ``DAGSTER_HOME``."""

    model_config = SettingsConfigDict(env_prefix="OGI_", env_ignore_empty=True, extra="ignore", frozen=True)

    raw_dir: Path = DEFAULT_RAW_DIR
    warehouse: Path = DEFAULT_WAREHOUSE
    work_db: Path | None = None
    sources: Path = DEFAULT_SOURCES
    duckdb_memory: str = DEFAULT_DUCKDB_MEMORY
    parquet_dir: Path | None = None
    parse_workers: int = 0  # 0: one per core
    parse_chunk: int = Field(100, ge=1)
    publish_incremental_above: int = Field(1 << 30, ge=0)
    dagster_home: Path = Field(DEFAULT_DAGSTER_HOME, validation_alias="DAGSTER_HOME")

    @property
    def work_path(self) -> Path:
        """``work_db``, else the working database beside ``warehouse``."""
        return self.work_db or work_path_for(self.warehouse)

    @property
    def parquet_path(self) -> Path:
        return self.parquet_dir or DEFAULT_WAREHOUSE.parent / "parquet"


def settings() -> Settings:
    """The settings as the environment says now."""
    return Settings()
