"""The data dictionary, generated from the ``COMMENT ON`` statements of the DDL and views.

The comments in ``sql/`` are the single description of every table and column; this renders them
as Markdown (``ogi dictionary``, saved as ``docs/data_dictionary.md``).
"""

from __future__ import annotations

import duckdb

from pipeline.load.schema import apply_ddl, apply_views


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def dictionary_markdown(con: duckdb.DuckDBPyConnection | None = None) -> str:
    """Markdown for every table (with columns) and view of the schema; builds one in memory if needed."""
    if con is None:
        con = duckdb.connect()
        apply_ddl(con)
        apply_views(con)
    lines = ["# Data dictionary", "",
             "Generated from the `COMMENT ON` statements in `sql/` by `ogi dictionary`; do not edit by hand.", "",
             "## Tables", ""]
    tables = con.execute(
        "select table_name, comment from duckdb_tables() where schema_name = 'main' order by "
        "case when table_name = 'reports' then 0 when table_name like 'fact_%' then 1 "
        "when table_name like 'dim_%' then 3 else 2 end, table_name"
    ).fetchall()
    for name, comment in tables:
        lines += [f"### `{name}`", "", _cell(comment), "", "| column | type | description |", "|---|---|---|"]
        cols = con.execute(
            "select column_name, data_type, comment from duckdb_columns() "
            "where schema_name = 'main' and table_name = ? order by column_index", [name]
        ).fetchall()
        lines += [f"| `{c}` | {t} | {_cell(d)} |" for c, t, d in cols]
        lines.append("")
    lines += ["## Views", "", "Views see current report versions only.", "", "| view | description |", "|---|---|"]
    views = con.execute(
        "select view_name, comment from duckdb_views() where not internal and schema_name = 'main' order by 1"
    ).fetchall()
    lines += [f"| `{v}` | {_cell(c)} |" for v, c in views]
    for v, c in views:  # the columns of views whose columns are described (current_* keep their table's)
        cols = con.execute(
            "select column_name, data_type, comment from duckdb_columns() "
            "where schema_name = 'main' and table_name = ? order by column_index", [v]
        ).fetchall()
        if any(d for _, _, d in cols):
            lines += ["", f"### `{v}`", "", _cell(c), "", "| column | type | description |", "|---|---|---|"]
            lines += [f"| `{n}` | {t} | {_cell(d)} |" for n, t, d in cols]
    return "\n".join(lines) + "\n"


README_START = "<!-- data-dictionary:start -->"
README_END = "<!-- data-dictionary:end -->"


def embed_in_readme(readme: str, dictionary: str) -> str:
    """The README text with the generated dictionary between its markers (headings demoted one level)."""
    start, end = readme.index(README_START) + len(README_START), readme.index(README_END)
    body = "\n".join(line for line in dictionary.splitlines() if not line.startswith("# "))
    body = body.replace("\n## ", "\n### ").replace("\n### `", "\n#### `")
    return readme[:start] + "\n" + body.strip() + "\n" + readme[end:]
