"""Name the columns of table 三 by its header cells, never by position alone.

The header prints 自然人 | 法人或其他组织 (over five sub-columns) | 总计 on one level and the five
organisation types below; reports reorder columns, drop some, or add 小计/合计/备注. The printed order
is read from the header labels (level-one labels, with the group replaced by its members), and in
a grid table (absolute columns) each header cell also names its column index, so a value is placed
under the header cell above it. Labels come from the template CSVs (applicant types and
``column_labels.csv``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from pipeline import template
from pipeline.parse.tokens import Token

GROUP = "__group__"
EXTRA = "__extra__"
_LOOSE_MIN = 3  # keywords this long may match a cell that holds a little more (a footnote mark)


@cache
def _keywords(version: str) -> tuple[tuple[str, str], ...]:
    pairs = [(kw, t.key) for t in template.applicant_types(version) for kw in t.keywords]
    pairs += [(kw, GROUP if c.kind == "group" else EXTRA) for c in template.column_labels(version) for kw in c.keywords]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def header_key(token: Token, version: str = template.CURRENT) -> str | None:
    """The column a header cell names (an applicant key, GROUP or EXTRA), or None."""
    if token.kind != "label":
        return None
    text = token.norm
    for kw, key in _keywords(version):
        if text == kw or (len(kw) >= _LOOSE_MIN and text.startswith(kw) and len(text) <= len(kw) + 3):
            return key
    return None


@dataclass(frozen=True)
class Header:
    """Printed column order (EXTRA for columns the template lacks) and, in grids, column indices."""

    order: tuple[str, ...]
    colmap: dict[tuple[int, int], str] = field(default_factory=dict)
    labels: str = ""

    @property
    def is_template_order(self) -> bool:
        return self.order == template.APPLICANT_KEYS


def build_header(cells: Sequence[tuple[str, Token]], version: str = template.CURRENT) -> Header | None:
    """The header from its cells in reading order; None when they do not name a usable header."""
    members = {t.key for t in template.applicant_types(version) if t.parent}
    keys = [k for k, _ in cells]
    if GROUP in keys:
        first = next((i for i, k in enumerate(keys) if k in members), len(cells))
        level1, level2 = cells[:first], cells[first:]
        ordered: list[tuple[str, Token]] = []
        for key, tok in level1:
            ordered.extend(level2 if key == GROUP else [(key, tok)])
        if not any(k == GROUP for k, _ in level1):
            ordered = list(cells)
    else:
        ordered = list(cells)
    ordered = [(k, t) for k, t in ordered if k != GROUP]
    named = [k for k, _ in ordered if k != EXTRA]
    if len(set(named)) != len(named) or len(named) < 3:
        return None
    labels = " | ".join(t.text for _, t in ordered)
    blocks = {t.block for _, t in ordered}
    colmap: dict[tuple[int, int], str] = {}
    if len(blocks) == 1 and -1 not in blocks:
        colmap = {(t.block, t.col): k for k, t in ordered}
        if len(colmap) != len(ordered):
            colmap = {}
    return Header(tuple(k for k, _ in ordered), colmap, labels)


def by_column(header: Header, cands: Sequence[Token]) -> dict[str, Token] | None:
    """Values placed under the header cell of their own column; None when a printed value sits in a
    column no header cell names (the grid and the header disagree)."""
    if not header.colmap:
        return None
    placed: dict[str, Token] = {}
    for tok in cands:
        key = header.colmap.get((tok.block, tok.col))
        if key is None:
            if not tok.is_blank:
                return None
            continue
        if key != EXTRA:
            placed[key] = tok
    return placed
