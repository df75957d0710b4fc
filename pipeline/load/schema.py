"""Create the warehouse schema from ``sql/ddl`` and the analyst views from ``sql/views``.

Both are plain SQL files applied in name order; every statement is idempotent (``create … if not
exists``, ``create or replace view``), so applying them on every run is safe.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline.load.paths import DDL_DIR, VIEWS_DIR


def sql_files(folder: Path) -> list[Path]:
    """The ``.sql`` files of a folder in the order they must run."""
    return sorted(folder.glob("*.sql"))


def apply_ddl(con: duckdb.DuckDBPyConnection, folder: Path = DDL_DIR) -> list[str]:
    """Create every table (if missing) and (re)set its comments; returns the files applied."""
    files = sql_files(folder)
    for f in files:
        con.execute(f.read_text(encoding="utf-8"))
    return [f.name for f in files]


def apply_views(con: duckdb.DuckDBPyConnection, folder: Path = VIEWS_DIR) -> list[str]:
    """(Re)create the ``current_*`` and ``v_*`` views; returns the view names in the database."""
    for f in sql_files(folder):
        con.execute(f.read_text(encoding="utf-8"))
    return view_names(con)


def view_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "select view_name from duckdb_views() where not internal and schema_name = 'main' order by 1"
    ).fetchall()
    return [r[0] for r in rows]
