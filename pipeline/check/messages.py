"""Render a rule's message template (``{label} is {actual} but …``) as a SQL expression.

Messages are built inside DuckDB, in the same query that writes the findings, so 100k reports'
findings never pass through Python one by one. Numbers read as a person writes them: 7, not 7.0.
"""

from __future__ import annotations

import re

_EMPTY = {"zh": "空", "en": "empty"}


def number_text(col: str) -> str:
    """SQL rendering a number as text: 7 not 7.0, at most 4 decimals; null stays null."""
    return (f"(case when {col} = round({col}) then cast(cast({col} as hugeint) as varchar) "
            f"else cast(round({col}, 4) as varchar) end)")


def message_sql(template: str, lang: str, alias: str = "f") -> str:
    """A SQL ``concat`` for ``template`` over the columns of a staged raw finding ``alias``.

    Placeholders: ``{label}`` (label path in ``lang``), ``{location}``, ``{expected}``, ``{actual}``,
    ``{detail}`` (in ``lang``) and ``{file}``.
    """
    columns = {
        "label": f"coalesce({alias}.label_{lang}, {alias}.location, '')",
        "location": f"coalesce({alias}.location, '')",
        "detail": f"coalesce({alias}.detail_{lang}, '')",
        "file": f"coalesce({alias}.source_name, {alias}.report_id)",
        "expected": f"coalesce({number_text(f'{alias}.expected')}, '{_EMPTY[lang]}')",
        "actual": f"coalesce({number_text(f'{alias}.actual')}, '{_EMPTY[lang]}')",
    }
    parts: list[str] = []
    for piece in re.split(r"(\{\w+\})", template):
        if not piece:
            continue
        name = piece[1:-1] if piece.startswith("{") and piece.endswith("}") else None
        if name in columns:
            parts.append(columns[name])
        else:
            parts.append("'" + piece.replace("'", "''") + "'")
    return "concat(" + ", ".join(parts) + ")"
