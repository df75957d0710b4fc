"""The resources, configured from ``pipeline.settings`` (the environment, read in one place).

``OGI_WORK_DB`` names the working database the pipeline writes (default
``data/warehouse/ogi_work.duckdb``), ``OGI_WAREHOUSE`` the published snapshot analysts open. A run
may point them elsewhere through its run config (``ogi ingest --warehouse`` does). Importing this
module creates no file or folder: the working database's folder is made on first connection.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from pipeline.load.paths import duckdb_config, published_path, work_path

LOCK_RETRIES = 10


class WorkingDuckDB(DuckDBResource):
    """``DuckDBResource`` whose connection is closed also when the step fails.

    The jobs run their steps in one process (in-process executor): a connection a failed step left
    open would hold the file with another configuration and fail every later step that opens it.
    The connection has exactly ``connection_config`` (no user-agent setting), so the pipeline's own
    ``connect()`` of the same file in the same process is compatible with it. Another process
    holding the write lock is waited for, with backoff, as by ``DuckDBResource``.
    """

    @contextmanager
    def get_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        if self.database and self.database != ":memory:" and ":" not in self.database.split("/")[0]:
            Path(self.database).parent.mkdir(parents=True, exist_ok=True)  # here, not at import
        delay = 0.1
        for attempt in range(LOCK_RETRIES + 1):
            try:
                conn = duckdb.connect(self.database, read_only=False, config=dict(self.connection_config))
                break
            except (duckdb.IOException, RuntimeError):
                if attempt == LOCK_RETRIES:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 5.0)
        try:
            yield conn
        finally:
            conn.close()


class PublishedWarehouse(dg.ConfigurableResource):
    """Where ``published_warehouse`` writes the read-only snapshot for analysts."""

    path: str

    def target(self) -> Path:
        return Path(self.path)


def make_resources(work: str | Path | None = None, published: str | Path | None = None) -> dict[str, object]:
    """Resources for a working and a published path (defaults from the environment: ``pipeline.settings``)."""
    work = Path(work) if work else work_path()
    published = Path(published) if published else published_path()
    return {
        "duckdb": WorkingDuckDB(database=str(work), connection_config=duckdb_config()),
        "warehouse": PublishedWarehouse(path=str(published)),
    }


RESOURCES = make_resources()
