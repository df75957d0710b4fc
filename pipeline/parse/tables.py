"""The label-anchored table engine shared by the three template tables.

Rows are found by their labels, never by position: a run of value cells belongs to the row whose
keyword ends closest before it. Row boundaries, where the reader knows them, separate printed
empty cells (values) from the empty placeholders that merged cells leave behind. A table quoted
twice yields two instances; the caller picks one and compares the others.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from pipeline.parse.glued import split_glued
from pipeline.parse.header import APPEALS, APPLICANTS, EXTRA, Header, build_header, by_column, header_key
from pipeline.parse.tokens import Token
from pipeline.template import APPEAL_OUTCOME_KEYS, APPEAL_PROCEEDING_KEYS, APPLICANT_KEYS

_ORDINAL = re.compile(r"^(\d+\.|\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+\.)")
_GROUP_THEN_ROW = re.compile(r"(\([一二三四五六七八九十]+\))[^()\d]{0,6}?(\d+\.)")


@dataclass(frozen=True)
class RowSpec:
    """A row to find: its key, the keywords of its label, its value columns."""

    key: str
    keywords: tuple[str, ...]
    columns: tuple[str, ...]
    parent: str = ""
    ordinal: str = ""
    requires_group: str = ""
    resets_group: bool = False

    @property
    def width(self) -> int:
        return len(self.columns)


@dataclass(frozen=True)
class TableSpec:
    """One template table: its rows, its label-only groups, and how strictly labels must sit."""

    section: str
    title: str
    rows: tuple[RowSpec, ...]
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    group_members: dict[str, frozenset[str]] = field(default_factory=dict)
    label_in_last_cell: bool = False
    fallback: RowSpec | None = None
    group_ordinals: dict[str, str] = field(default_factory=dict)  # "(三)" → "denied"
    header_kind: str = ""  # "applicants" (table 三) or "measures" (table 二): columns named by a header


@dataclass
class FoundRow:
    """A row located in the document: one token (or None) per value column."""

    spec: RowSpec
    cells: list[Token | None]
    label: str


@dataclass
class Instance:
    """One occurrence of a table in the document."""

    rows: dict[str, FoundRow] = field(default_factory=dict)
    first: int = -1
    last: int = -1

    def values(self) -> dict[str, list[object]]:
        return {
            key: [None if c is None else c.value.number for c in row.cells]  # type: ignore[union-attr]
            for key, row in self.rows.items()
        }


@dataclass
class Problem:
    """Something the engine could not place; becomes a parse warning."""

    code: str
    key: str
    message: str


def _window(cands: Sequence[Token], width: int) -> tuple[int | None, str]:
    """Start of the unique window of ``width`` cells holding every printed value, or a reason."""
    n = len(cands)
    filled = [i for i, t in enumerate(cands) if not t.is_blank]
    if not filled:
        return 0, "" if n >= width else f"{n} empty cells where {width} were expected"
    if n < width:
        return None, f"{n} cells where {width} were expected"
    lo, hi = max(0, filled[-1] - width + 1), min(filled[0], n - width)
    if lo > hi:
        return None, f"values spread over {filled[-1] - filled[0] + 1} cells where {width} were expected"
    if lo < hi:
        return None, f"cannot tell which {width} of the {n} cells hold the values"
    return lo, ""


def _identity(columns: tuple[str, ...]) -> Callable[[list[int | float | None]], bool] | None:
    """The sum a row's cells must satisfy, from the template: 总计 = the six applicant columns, and
    each appeal proceeding's 总计 = its four outcomes; None when the row has no such identity."""
    index = {c: i for i, c in enumerate(columns)}
    groups: list[tuple[int, list[int]]] = []
    if "total" in index and all(k in index for k in APPLICANT_KEYS):
        groups.append((index["total"], [index[k] for k in APPLICANT_KEYS if k != "total"]))
    for proceeding in APPEAL_PROCEEDING_KEYS:
        total = index.get(f"{proceeding}.total")
        parts = [index.get(f"{proceeding}.{o}") for o in APPEAL_OUTCOME_KEYS if o != "total"]
        if total is not None and all(p is not None for p in parts):
            groups.append((total, [p for p in parts if p is not None]))
    if not groups:
        return None

    def holds(numbers: list[int | float | None]) -> bool:
        for total, parts in groups:
            values = [numbers[i] for i in parts]
            if numbers[total] is None or any(v is None for v in values):
                continue
            if sum(v for v in values if v is not None) != numbers[total]:
                return False
        return True

    return holds


def latest_keyword_row(rows: Iterable[RowSpec], text: str, min_end: int = 0) -> RowSpec | None:
    """The row whose keyword ends latest in ``text`` (past ``min_end``); the longest keyword on ties."""
    best: tuple[int, int, RowSpec] | None = None
    for row in rows:
        for kw in row.keywords:
            pos = text.rfind(kw)
            if pos < 0 or pos + len(kw) <= min_end:
                continue
            cand = (pos + len(kw), len(kw), row)
            if best is None or cand[:2] > best[:2]:
                best = cand
    return best[2] if best else None


_BEST_CACHE: dict[tuple[int, str, int, str], RowSpec | None] = {}  # specs are built once (functools.cache)


class _Scanner:
    """Walks the tokens of one zone and collects table instances."""

    def __init__(self, spec: TableSpec) -> None:
        self.spec = spec
        self.instances: list[Instance] = [Instance()]
        self.problems: list[Problem] = []
        self.group = ""
        self.alignment: dict[tuple[str, int], int] = {}
        self.header: Header | None = None
        self.pending: list[tuple[str, Token]] = []  # header cells seen since the last placed row
        self.fragments: list[Token] = []  # unmatched label pieces: 商业 / 企业 wrapped over two lines

    def _update_group(self, token: Token) -> None:
        best = ""
        for group, keywords in self.spec.groups.items():
            for kw in keywords:
                if kw in token.norm and len(kw) > len(best):
                    best, self.group = kw, group

    def _eligible(self, row: RowSpec) -> bool:
        if not row.requires_group:
            return True
        return self.group in self.spec.group_members.get(row.requires_group, frozenset({row.requires_group}))

    def _best(self, text: str, min_end: int = 0) -> RowSpec | None:
        """The row whose keyword ends latest in ``text`` (past ``min_end``); the longest keyword on ties.
        Memoised per spec, text and group: the template's labels recur in every report."""
        key = (id(self.spec), text, min_end, self.group)
        if key in _BEST_CACHE:
            return _BEST_CACHE[key]
        if len(_BEST_CACHE) > 1 << 16:
            _BEST_CACHE.clear()
        found = latest_keyword_row((r for r in self.spec.rows if self._eligible(r)), text, min_end)
        _BEST_CACHE[key] = found
        return found

    def match(self, ctx: list[Token], ahead: Sequence[Token] = ()) -> RowSpec | None:
        """The row a run of values belongs to.

        ``ctx`` holds the label tokens before the run; ``ahead`` the label fragments after it when the
        run shares a line with the start of its label (PDF text, where a wrapped label's first
        fragment carries the numbers: ``2.其他法 0 0 …`` then ``律行`` ``政法规禁止公开``).
        """
        text = "".join(t.norm for t in ctx)
        last_start = len(text) - len(ctx[-1].norm)
        own = self._best(text, last_start)  # a keyword ending inside the label on the values' own line
        if own is not None or self.spec.label_in_last_cell:
            return own
        behind = self._best(text)
        forward = self._best(ctx[-1].norm + "".join(t.norm for t in ahead)) if ahead else None
        if forward is not None and (
            behind is None
            or behind.key in self.instances[-1].rows
            or _ORDINAL.match(ctx[-1].norm)
        ):
            return forward
        if behind is not None and behind.key not in self.instances[-1].rows:
            return behind  # a stale fragment of a row already placed is not a label for this run
        return self._by_ordinal(ctx[-1].norm)

    def _by_ordinal(self, label: str) -> RowSpec | None:
        """Fall back on the template's numbering: ``（三）不 1.属于国`` is row 1 of group （三）."""
        nested = _GROUP_THEN_ROW.search(label)
        group = self.spec.group_ordinals.get(nested.group(1), "") if nested else self.group
        ordinal = nested.group(2) if nested else (m.group(1) if (m := _ORDINAL.match(label)) else "")
        if not group or not ordinal:
            return None
        for row in self.spec.rows:
            if row.parent == group and row.ordinal == ordinal:
                return row
        return None

    def collect_header(self, tok: Token) -> None:
        """Keep a header cell: table 三's before its first row (or starting a new header with 自然人),
        table 二's before each block's rows."""
        kind = self.spec.header_kind
        if not kind:
            return
        key = header_key(tok, kind)
        in_header = bool(self.pending) or not self.instances[-1].rows
        if key is None and in_header and len(tok.norm) <= 4:
            for size in (2, 1):  # a header label wrapped over lines: 商业 + 企业
                if len(self.fragments) >= size:
                    parts = [*self.fragments[-size:], tok]
                    joined = replace(tok, text="".join(t.text for t in parts), norm="".join(t.norm for t in parts))
                    key = header_key(joined, kind)
                    if key is not None:
                        tok = replace(joined, col=parts[0].col)
                        break
        if key is None:
            self.fragments = [*self.fragments[-2:], tok]
            return
        self.fragments = []
        if kind != APPLICANTS or self.pending or not self.instances[-1].rows or key == "natural_person":
            self.pending.append((key, tok))

    def _close_header(self) -> None:
        if not self.pending:
            return
        kind = self.spec.header_kind
        header = build_header(self.pending, kind)
        self.pending = []
        if header is None:
            return
        if kind != APPLICANTS:
            self.header = header if header.ranges else None  # table 二: only grids name columns
            return
        missing = [k for k in self.spec.rows[0].columns if k not in header.order]
        if missing and not header.ranges:
            self.problems.append(
                Problem("header_incomplete", "", f"header cells {header.labels!r} do not name every column; "
                        "template column order assumed")
            )
            return
        self.header = header
        if EXTRA in header.order:
            self.problems.append(
                Problem("extra_column", "", f"table 三 prints columns the template lacks ({header.labels}); ignored")
            )
        elif not header.is_template_order:
            detail = f"columns as printed: {header.labels}"
            if missing:
                detail += f"; not printed: {', '.join(missing)}"
            self.problems.append(Problem("columns_by_header", "", detail))

    def _window_cells(self, row: RowSpec, cands: list[Token], label: str, columns: tuple[str, ...]) -> dict[str, Token]:
        """Values by position within ``columns`` (the header's order, or the template's)."""
        width = len(columns)
        start, reason = _window(cands, width)
        key = (",".join(columns), len(cands))
        if start is None and key in self.alignment:
            start, reason = self.alignment[key], ""
        if start is None and any(t.glued for t in cands):
            identity = _identity(columns)
            split, why = split_glued(cands, width, identity)
            if split is not None:
                if identity is None:
                    proof = "the only possible split"
                elif identity([t.value.number if t.value else None for t in split]):
                    proof = "the only split the table's sums allow"
                else:
                    proof = "the only possible split; the row's sums do not hold as printed"
                self.problems.append(Problem(
                    "digits_split", row.key,
                    f"row {label!r}: glued digits {' '.join(t.text for t in cands)} read as "
                    f"{' '.join(t.text for t in split)} ({proof})"))
                return {c: t for c, t in zip(columns, split, strict=True) if c != EXTRA}
            reason = f"{reason}; {why}"
        if start is None:
            self.problems.append(Problem("row_cells_mismatch", row.key, f"row {label!r}: {reason}; left empty"))
            return {}
        if len(cands) > width:
            self.alignment.setdefault(key, start)
        return {c: t for c, t in zip(columns, cands[start : start + width], strict=False) if c != EXTRA}

    def _cells(self, row: RowSpec, cands: list[Token], label: str) -> list[Token | None]:
        if self.spec.header_kind == APPEALS:
            placed = by_column(self.header, cands) if self.header is not None else None
            if placed and set(placed) <= set(row.columns):
                return [placed.get(c) for c in row.columns]
            return [self._window_cells(row, cands, label, row.columns).get(c) for c in row.columns]
        header = self.header if self.spec.header_kind and row.key != "*" else None
        if header is not None and self.spec.header_kind != APPLICANTS:
            placed = by_column(header, cands)
            if placed and set(placed) <= set(row.columns):
                return [placed.get(c) for c in row.columns]
            header = None  # a header of another block: place by the item's own measures
        if header is None:
            placed = self._window_cells(row, cands, label, row.columns)
        else:
            placed = by_column(header, cands)
            if placed is None:
                if header.ranges and any(t.block == header.ranges[0][0] for t in cands):
                    self.problems.append(
                        Problem("header_position_mismatch", row.key,
                                f"row {label!r}: values do not sit under the header cells; placed by header order")
                    )
                placed = self._window_cells(row, cands, label, header.order)
        return [placed.get(c) for c in row.columns]

    def place(self, row: RowSpec, cands: list[Token], label: str, index: int) -> None:
        self._close_header()
        cells = self._cells(row, cands, label)
        inst = self.instances[-1]
        if row.key in inst.rows:
            inst = Instance()
            self.instances.append(inst)
        if inst.first < 0:
            inst.first = index
        inst.last = index
        inst.rows[row.key] = FoundRow(row, cells, label)
        self.group = "" if row.resets_group else (row.parent or self.group)

    def scan(self, tokens: Sequence[Token]) -> None:
        ctx: list[Token] = []
        i, n = 0, len(tokens)
        while i < n:
            tok = tokens[i]
            if tok.kind == "prose":
                ctx.clear()
                i += 1
                continue
            if tok.kind == "label":
                ctx = [*ctx[-3:], tok]
                self._update_group(tok)
                self.collect_header(tok)
                i += 1
                continue
            j = i
            while j < n and tokens[j].kind == "value":
                j += 1
            run = list(tokens[i:j])
            last = ctx[-1] if ctx else None
            same = [t for t in run if last is not None and t.row == last.row]
            cands = same or run
            orphans = run[len(same) :] if same else []
            all_blank = all(t.is_blank for t in cands)
            ahead: list[Token] = []
            if same and not all_blank:
                k = j
                while k < n and tokens[k].kind == "label" and len(ahead) < 4:
                    if k + 1 < n and tokens[k + 1].kind == "value" and tokens[k + 1].row == tokens[k].row:
                        break  # the start of the next row's label, on the line of its own values
                    ahead.append(tokens[k])
                    k += 1
            row = self.match(ctx, ahead) if ctx else None
            label = "".join(t.text for t in ctx)
            if row is None and self.spec.fallback is not None and ctx and not all_blank:
                row = self.spec.fallback
            if row is not None and not (all_blank and (not same or len(cands) < row.width)):
                self.place(row, cands, label, j - 1)
            elif not all_blank:
                where = cands[0].where
                self.problems.append(
                    Problem("unmatched_values", "", f"{len(cands)} values at {where} after {label[-40:]!r} match no row")
                )
            if orphans and not all(t.is_blank for t in orphans):
                self.problems.append(
                    Problem("unmatched_values", "", f"{len(orphans)} values at {orphans[0].where} have no label")
                )
            ctx = []
            i = j


def scan_table(spec: TableSpec, tokens: Sequence[Token]) -> tuple[list[Instance], list[Problem]]:
    """Find every instance of ``spec`` among ``tokens``; empty instances are dropped."""
    scanner = _Scanner(spec)
    scanner.scan(tokens)
    return [inst for inst in scanner.instances if inst.rows], scanner.problems
