"""Where the warehouse lives: the published snapshot and the working database derived from it.

The defaults and the environment variables are ``pipeline.settings`` (the one place that reads
them), so the CLI, the Dagster resources and the tests agree on them.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.settings import (  # noqa: F401 - re-exported: the load stage's names for them
    DEFAULT_DUCKDB_MEMORY,
    DEFAULT_RAW_DIR,
    DEFAULT_WAREHOUSE,
    PROJECT_ROOT,
    SHIPPED_DIR,
    settings,
    work_path_for,
)

SQL_DIR = SHIPPED_DIR / "sql"
DDL_DIR = SQL_DIR / "ddl"
VIEWS_DIR = SQL_DIR / "views"
EXAMPLES_DIR = SQL_DIR / "examples"


def published_path() -> Path:
    """The snapshot analysts open read-only (``OGI_WAREHOUSE``)."""
    return settings().warehouse


def work_path() -> Path:
    """The database the pipeline writes (``OGI_WORK_DB``, else derived from the published path)."""
    return settings().work_path


def raw_dir() -> Path:
    """The folder the sensor watches and ingest reads by default (``OGI_RAW_DIR``)."""
    return settings().raw_dir



def duckdb_config() -> dict[str, str]:
    """Settings for every connection the pipeline opens (``OGI_DUCKDB_MEMORY``, default 300MB).

    DuckDB otherwise caches up to 80% of RAM; a fixed limit (spilling to disk beyond it) keeps the
    pipeline's memory flat whatever the number of reports.
    """
    return {"memory_limit": settings().duckdb_memory}


def connect(path: str | os.PathLike[str], read_only: bool = False):  # -> duckdb.DuckDBPyConnection
    """A DuckDB connection with the pipeline's settings."""
    import duckdb

    return duckdb.connect(str(path), read_only=read_only, config=duckdb_config())
