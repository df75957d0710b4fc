"""Name the columns of a table by its header cells, never by position alone.

Table 三's header prints 自然人 | 法人或其他组织 (over five sub-columns) | 总计 on one level and the
five organisation types below; reports reorder columns, drop some, or add 小计/合计/备注. The printed
order is read from the header labels (``_applicant_order`` says how far a text export tells it).
Table 二 prints a header row per block (信息内容 | 本年制发件数 | …). In a grid table (absolute
columns, merged cells known) each header cell also names the columns it covers, so a value is
placed under the header cell above it — also where a Word-pasted page merges the data cells
differently from the header's. Labels come from the template CSVs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

from pipeline import template
from pipeline.parse.tokens import Token
from pipeline.textnorm import norm

GROUP = "__group__"
EXTRA = "__extra__"
APPLICANTS = "applicants"
MEASURES = "measures"
APPEALS = "appeals"  # table 四: a proceeding header over each block of outcome headers
_LOOSE_MIN = 3  # keywords this long may match a cell that holds a little more (a footnote mark)


@cache
def _keywords(kind: str) -> tuple[tuple[str, str], ...]:
    pairs: list[tuple[str, str]] = []
    for v in template.VERSIONS:
        if kind == APPLICANTS:
            pairs += [(kw, t.key) for t in template.applicant_types(v) for kw in t.keywords]
            pairs += [(kw, GROUP if c.kind == "group" else EXTRA) for c in template.column_labels(v) for kw in c.keywords]
        elif kind == APPEALS:
            pairs += [(kw, f"proc:{p.key}") for p in template.appeal_proceedings(v) for kw in p.keywords]
            pairs += [(kw, f"out:{o.key}") for o in template.appeal_outcomes(v) for kw in o.keywords]
        else:
            pairs += [(norm(m.label_zh), m.key) for m in template.proactive_measures(v)]
    return tuple(sorted(dict.fromkeys(pairs), key=lambda p: -len(p[0])))


def header_key(token: Token, kind: str = APPLICANTS) -> str | None:
    """The column a header cell names (an applicant or measure key, GROUP or EXTRA), or None."""
    if token.kind != "label":
        return None
    return _key_of(token.norm, kind)


@lru_cache(maxsize=1 << 14)
def _key_of(text: str, kind: str) -> str | None:
    for kw, key in _keywords(kind):
        if text == kw or (len(kw) >= _LOOSE_MIN and text.startswith(kw) and len(text) <= len(kw) + 3):
            return key
    return None


@dataclass(frozen=True)
class Header:
    """Printed column order (EXTRA for columns the template lacks) and, in grids, the column range
    each header cell covers: (block, first column, last column, key)."""

    order: tuple[str, ...]
    ranges: tuple[tuple[int, int, int, str], ...] = field(default_factory=tuple)
    labels: str = ""
    kind: str = APPLICANTS

    @property
    def is_template_order(self) -> bool:
        return self.order == template.APPLICANT_KEYS


def _range(key: str, tok: Token) -> tuple[int, int, int, str]:
    """(block, first column, last column, key) a header cell covers."""
    return tok.block, tok.col, tok.col + max(tok.span, 1) - 1, key


def build_appeals_header(cells: Sequence[tuple[str, Token]]) -> Header | None:
    """Table 四's header in a grid: proceeding cells (行政复议, 未经复议直接起诉, 复议后起诉) over the
    outcome cells (结果维持 … 总计) they cover; a value is named by the two cells above it."""
    ranges = tuple(sorted(_range(k, t) for k, t in cells if t.block >= 0 and t.span > 0))
    if len({r[0] for r in ranges}) != 1 or not any(k.startswith("proc:") for *_, k in ranges):
        return None
    return Header((), ranges, " | ".join(t.text for _, t in cells), kind=APPEALS)


def _by_appeal_column(header: Header, cands: Sequence[Token]) -> dict[str, Token] | None:
    placed: dict[str, Token] = {}
    for tok in cands:
        if tok.span == 0:
            continue
        covering = [k for b, start, end, k in header.ranges if b == tok.block and start <= tok.col <= end]
        procs = [k[5:] for k in covering if k.startswith("proc:")]
        outs = [k[4:] for k in covering if k.startswith("out:")]
        if len(procs) != 1 or len(outs) != 1:
            if tok.is_blank:
                continue
            return None
        key = f"{procs[0]}.{outs[0]}"
        if key in placed:
            return None
        placed[key] = tok
    return placed


def _applicant_order(cells: Sequence[tuple[str, Token]]) -> list[tuple[str, Token]]:
    """Table 三's header cells in column order.

    In a grid the columns say it. In one printed line, reading order is column order. A text
    export of a two-level header does not say where a cell spanning rows (自然人, 总计) stands
    among the others — Markdown puts 总计 on the first line — so there the organisation types and
    any extra columns keep the order they print in, between 自然人 first and 总计 last, as in the
    template; reordering those two cannot be read from such a header and is not assumed.
    """
    leaves = [(k, t) for k, t in cells if k != GROUP]
    if cells and all(t.block >= 0 for _, t in cells) and len({t.block for _, t in cells}) == 1:
        return sorted(leaves, key=lambda kt: kt[1].col)
    if len({t.row for _, t in cells}) <= 1:
        return leaves
    members = {t.key for t in template.applicant_types() if t.parent}
    first_member = next((t.row for k, t in leaves if k in members), None)
    if any(k == EXTRA and (first_member is None or t.row < first_member) for k, t in leaves):
        return []  # an extra column above the members' line: where it stands cannot be read
    first = [kt for kt in leaves if kt[0] == "natural_person"]
    last = [kt for kt in leaves if kt[0] == "total"]
    middle = [kt for kt in leaves if kt[0] not in ("natural_person", "total")]
    return first + middle + last


def build_header(cells: Sequence[tuple[str, Token]], kind: str = APPLICANTS) -> Header | None:
    """The header from its cells in reading order; None when they do not name a usable header."""
    if kind == APPEALS:
        return build_appeals_header(cells)
    ordered = _applicant_order(cells) if kind == APPLICANTS else list(cells)
    ordered = [(k, t) for k, t in ordered if k != GROUP]
    named = [k for k, _ in ordered if k != EXTRA]
    if len(set(named)) != len(named) or len(named) < (3 if kind == APPLICANTS else 1):
        return None
    labels = " | ".join(t.text for _, t in ordered)
    blocks = {t.block for _, t in ordered}
    ranges: tuple[tuple[int, int, int, str], ...] = ()
    if len(blocks) == 1 and -1 not in blocks:
        spans = sorted(_range(k, t) for k, t in ordered)
        if all(a[2] < b[1] for a, b in zip(spans, spans[1:], strict=False)):  # no two cells overlap
            ranges = tuple(spans)
    return Header(tuple(k for k, _ in ordered), ranges, labels)


def _under(header: Header, tok: Token) -> str | None:
    """The header key above a value cell: the header cell covering its first column, else the
    first header cell its span overlaps."""
    last = tok.col + max(tok.span, 1) - 1
    for block, start, end, key in header.ranges:
        if block == tok.block and start <= tok.col <= end:
            return key
    for block, start, end, key in header.ranges:
        if block == tok.block and start <= last and tok.col <= end:
            return key
    return None


def by_column(header: Header, cands: Sequence[Token]) -> dict[str, Token] | None:
    """Values placed under the header cell of their own column; None when a printed value sits
    under no header cell, or two printed values under one (the grid and the header disagree)."""
    if not header.ranges or not any(t.block == header.ranges[0][0] for t in cands):
        return None  # values in another table (a page break split the table): placed by header order
    if header.kind == APPEALS:
        return _by_appeal_column(header, cands)
    placed: dict[str, Token] = {}
    for tok in cands:
        if tok.span == 0:
            continue  # a position a merged cell covers: nothing is printed there
        key = _under(header, tok)
        if key is None:
            if not tok.is_blank:
                return None
            continue
        if key == EXTRA:
            continue
        earlier = placed.get(key)
        if earlier is not None:
            if tok.is_blank:
                continue  # a blank beside a value under one header cell: the value stands
            if not earlier.is_blank:
                return None
        placed[key] = tok
    return placed
