"""Let great-expectations' SQL path run on the caller's own DuckDB connection.

Why not a connection string: DuckDB allows one open database per file and process, and refuses a
second connection with a different configuration (duckdb-engine sets its own), so GX cannot open
the file the pipeline holds; and the rules read this connection's staged temp tables, which no
other connection sees. Why the no-op transaction methods: SQLAlchemy rolls back when GX closes its
connection, before GX reads the result, and on a shared DuckDB connection that rollback discards
the pending result (GX then sees no rows). GX only reads, so there is nothing to commit or undo.
"""

from __future__ import annotations

from typing import Any

import duckdb
from duckdb_engine import ConnectionWrapper
from sqlalchemy.pool import StaticPool


class SharedConnection(ConnectionWrapper):
    """A DB-API connection over an existing DuckDB connection that never ends its transactions."""

    def begin(self) -> None:
        """GX reads only; the caller's transaction state is left alone."""

    def commit(self) -> None:
        """Nothing to commit: GX reads only."""

    def rollback(self) -> None:
        """Kept as a no-op so the pending result survives SQLAlchemy's reset."""

    def close(self) -> None:
        """The caller owns the connection and closes it."""


def engine_kwargs(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """``create_engine`` keyword arguments that make every GX query run on ``con``."""
    return {"creator": lambda: SharedConnection(con), "poolclass": StaticPool}
