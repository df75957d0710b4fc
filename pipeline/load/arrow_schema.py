"""Arrow schemas of the warehouse tables, derived from the DDL in ``sql/ddl``.

The DDL is the one schema definition: the Parquet parts the parse workers write and the rows the
merge inserts take their column names and types from it, so a column added to the DDL can never
be silently missing from (or typed differently in) the staging files.
"""

from __future__ import annotations

from functools import cache

import duckdb
import pyarrow as pa

from pipeline.load.schema import apply_ddl

STAGED_LATER = ("version_seq", "is_current")
"""Columns of ``reports`` the merge sets (load order, current version), not the parse workers."""


@cache
def _schemas() -> dict[str, pa.Schema]:
    con = duckdb.connect()
    try:
        apply_ddl(con)
        tables = [r[0] for r in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'main'").fetchall()]
        return {t: con.sql(f"select * from {t} limit 0").to_arrow_table().schema for t in tables}
    finally:
        con.close()


def arrow_schema(table: str, exclude: tuple[str, ...] = ()) -> pa.Schema:
    """The Arrow schema of a warehouse table as the DDL defines it, without the ``exclude`` columns."""
    schema = _schemas()[table]
    return pa.schema([f for f in schema if f.name not in exclude])


def staged_reports_schema() -> pa.Schema:
    """``reports`` as the parse workers write it: every column but those the merge sets."""
    return arrow_schema("reports", exclude=STAGED_LATER)
