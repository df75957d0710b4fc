"""Table 三 printed transposed: applicant types as rows, the outcome rows as columns.

Some agencies turn the table: ``自然人 | 5 | 0 | 3 …`` with 一、本年新收… / 三、本年度办理结果 →
（三）不予公开 → 1.属于国家秘密 … as (nested) column headers. In a grid table each value column is
named by the header cells above it — their labels, outermost first, read like a row label of the
template (the same keywords, the same group rules) — and each data row by its applicant label.
A column no header names, or two columns naming one row, abandons the reading: never a guess.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from pipeline.parse.header import APPLICANTS, header_key
from pipeline.parse.tables import FoundRow, Instance, Problem, RowSpec, TableSpec, latest_keyword_row
from pipeline.parse.tokens import Token

MIN_COLUMNS = 10  # the template has 25 data rows; a transposed table has that many value columns
MIN_APPLICANT_ROWS = 3


def _row_for(spec: TableSpec, path: str) -> RowSpec | None:
    """The template row a column's header path names: the keyword ending latest, its group present."""

    def group_present(row: RowSpec) -> bool:
        if not row.requires_group:
            return True
        members = spec.group_members.get(row.requires_group, frozenset({row.requires_group}))
        return any(kw in path for g in members for kw in spec.groups.get(g, ()))

    return latest_keyword_row((r for r in spec.rows if group_present(r)), path)


def transposed_instance(spec: TableSpec, tokens: Sequence[Token]) -> tuple[Instance | None, list[Problem]]:
    """The instance of a transposed table 三 among ``tokens`` (one grid block), or None."""
    by_block: dict[int, list[Token]] = defaultdict(list)
    for tok in tokens:
        if tok.block >= 0:
            by_block[tok.block].append(tok)
    for block_tokens in by_block.values():
        found = _read_block(spec, block_tokens)
        if found is not None:
            return found
    return None, []


def _read_block(spec: TableSpec, tokens: list[Token]) -> tuple[Instance | None, list[Problem]] | None:
    rows: dict[int, list[Token]] = defaultdict(list)
    for tok in tokens:
        rows[tok.row].append(tok)
    data: list[tuple[str, list[Token]]] = []
    first_data_row = None
    for r in sorted(rows):
        labels = [t for t in rows[r] if t.kind == "label"]
        values = [t for t in rows[r] if t.kind == "value" and t.span != 0]
        key = header_key(labels[-1], APPLICANTS) if labels else None  # 法人或其他组织 | 商业企业
        if key and not key.startswith("__") and len(values) >= MIN_COLUMNS:
            data.append((key, values))
            first_data_row = r if first_data_row is None else first_data_row
    if len(data) < MIN_APPLICANT_ROWS or first_data_row is None:
        return None
    header = [t for r in sorted(rows) if r < first_data_row for t in rows[r] if t.kind == "label" and t.span != 0]
    columns = sorted({t.col for _, values in data for t in values})
    names: dict[int, RowSpec] = {}
    for col in columns:
        path = "".join(t.norm for t in header if t.col <= col <= t.col + max(t.span, 1) - 1)
        row = _row_for(spec, path) if path else None
        if row is None:
            return None, [Problem("transposed_unnamed_column", "", f"transposed table 三: column {col + 1} "
                                  f"({path or 'no header'}) names no template row; table left empty")]
        names[col] = row
    if len({r.key for r in names.values()}) != len(names):
        return None, [Problem("transposed_ambiguous", "", "transposed table 三: two columns name the same row; "
                              "table left empty")]
    instance = Instance()
    applicants = spec.rows[0].columns
    for col, row in names.items():
        cells: list[Token | None] = []
        for applicant in applicants:
            tok = next((t for key, values in data if key == applicant for t in values if t.col == col), None)
            cells.append(tok)
        instance.rows[row.key] = FoundRow(row, cells, row.key)
    instance.first = tokens[0].row
    instance.last = tokens[-1].row
    return instance, [Problem("transposed_table", "", "table 三 is printed transposed (applicants as rows); "
                              "columns named by their headers")]
