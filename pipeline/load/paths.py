"""Where the warehouse lives: the published snapshot and the working database derived from it.

One place decides the defaults and the environment variables, so the CLI, the Dagster resources
and the tests agree on them.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SQL_DIR = PROJECT_ROOT / "sql"
DDL_DIR = SQL_DIR / "ddl"
VIEWS_DIR = SQL_DIR / "views"
EXAMPLES_DIR = SQL_DIR / "examples"

DEFAULT_RAW_DIR = PROJECT_ROOT / "data" / "raw"
DEFAULT_WAREHOUSE = PROJECT_ROOT / "data" / "warehouse" / "ogi.duckdb"


def work_path_for(published: str | os.PathLike[str]) -> Path:
    """The working database beside a published one: ``ogi.duckdb`` → ``ogi_work.duckdb``."""
    p = Path(published)
    return p.with_name(f"{p.stem}_work{p.suffix or '.duckdb'}")


def published_path() -> Path:
    """The snapshot analysts open read-only (``OGI_WAREHOUSE``)."""
    return Path(os.environ.get("OGI_WAREHOUSE") or DEFAULT_WAREHOUSE)


def work_path() -> Path:
    """The database the pipeline writes (``OGI_WORK_DB``, else derived from the published path)."""
    env = os.environ.get("OGI_WORK_DB")
    return Path(env) if env else work_path_for(published_path())


def raw_dir() -> Path:
    """The folder the sensor watches and ingest reads by default (``OGI_RAW_DIR``)."""
    return Path(os.environ.get("OGI_RAW_DIR") or DEFAULT_RAW_DIR)


DEFAULT_DUCKDB_MEMORY = "300MB"


def duckdb_config() -> dict[str, str]:
    """Settings for every connection the pipeline opens (``OGI_DUCKDB_MEMORY``, default 300MB).

    DuckDB otherwise caches up to 80% of RAM; a fixed limit (spilling to disk beyond it) keeps the
    pipeline's memory flat whatever the number of reports.
    """
    return {"memory_limit": os.environ.get("OGI_DUCKDB_MEMORY") or DEFAULT_DUCKDB_MEMORY}


def connect(path: str | os.PathLike[str], read_only: bool = False):  # -> duckdb.DuckDBPyConnection
    """A DuckDB connection with the pipeline's settings."""
    import duckdb

    return duckdb.connect(str(path), read_only=read_only, config=duckdb_config())
