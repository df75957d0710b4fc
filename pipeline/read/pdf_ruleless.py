"""Tables printed without ruling lines, rebuilt from positions alone.

A run of lines that end in numbers, whose numbers stand in the same x bands from row to row
(right-, left- or centre-aligned), is a table: the bands are its value columns and the left edges
of the labels on those rows its label columns. Lines without numbers between the rows are wrapped
labels (joined into the cell of the row whose numbers they carry), group labels, sub-table
headers or a header repeated after a page break; lines above the first row are the header, whose
centred text is placed by the column boundaries the numbers' alignment implies. Every row has a
cell for every column, so an empty cell stays an empty cell in its column. A table continues over
a page break when the next page starts with rows in the same columns.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from pipeline.read.pdf_layout import Grid, Line, Page, Seg, Word, is_blank_mark, is_number, join, median

WRAP_GAP = 0.6  # em: lines closer than this belong to one cell (a wrapped label)
ROW_GAP = 3.0  # em: lines of one table are never further apart than this
MAX_FRAGMENTS = 12  # label-only lines between two rows of numbers
MAX_HEADER_LINES = 16  # a narrow header column wraps a label to a character per line

_ORDINAL = re.compile(r"^(?:\d+[.、．]|[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、.．])")
_SECTION = re.compile(r"^[一二三四五六七八九十]+、")


# ---------------------------------------------------------------------------------------------
# finding tables


class Bands:
    """The value columns of a ruleless table: x extents of its numbers, merged as rows arrive."""

    def __init__(self) -> None:
        self.spans: list[list[float]] = []
        self.words: list[list[Word]] = []

    @property
    def left(self) -> float:
        return self.spans[0][0]

    @property
    def right(self) -> float:
        return self.spans[-1][1]

    def over(self, x0: float, x1: float) -> list[int]:
        """The columns an x extent touches."""
        return [i for i, (a, b) in enumerate(self.spans) if x0 <= b and x1 >= a]

    def fits(self, words: list[Word]) -> bool:
        """Would these numbers (one line) land in distinct columns without joining two columns?"""
        hit: set[int] = set()
        for w in words:
            over = self.over(w.x0, w.x1)
            if len(over) > 1 or (over and over[0] in hit):
                return False
            hit.update(over)
        return True

    def covers(self, words: list[Word]) -> bool:
        """Does every number stand in a column the table already has?"""
        return all(len(self.over(w.x0, w.x1)) == 1 for w in words)

    def add(self, words: list[Word]) -> None:
        """Widen the columns these numbers stand in, or open a column for a number that stands in none."""
        for w in words:
            over = self.over(w.x0, w.x1)
            if over:
                span = self.spans[over[0]]
                span[0], span[1] = min(span[0], w.x0), max(span[1], w.x1)
                self.words[over[0]].append(w)
            else:
                k = bisect.bisect([a for a, _ in self.spans], w.x0)
                self.spans.insert(k, [w.x0, w.x1])
                self.words.insert(k, [w])

    def band(self, word: Word) -> int:
        """The column of a number already added."""
        over = self.over(word.x0, word.x1)
        return over[0] if over else 0

    def alignment(self, em: float) -> str:
        """How numbers sit in their columns (right, left or centre), told by the columns that hold
        numbers of clearly different widths; "centre" when nothing tells."""
        votes = {"right": 0, "left": 0, "centre": 0}
        for words in self.words:
            widths = [w.x1 - w.x0 for w in words]
            if max(widths) - min(widths) < 0.25 * em:
                continue
            spread = {
                "left": _spread([w.x0 for w in words]),
                "right": _spread([w.x1 for w in words]),
                "centre": _spread([(w.x0 + w.x1) / 2 for w in words]),
            }
            votes[min(spread, key=lambda k: spread[k])] += 1
        best = max(votes, key=lambda k: votes[k])
        return best if votes[best] else "centre"


def _spread(values: list[float]) -> float:
    return max(values) - min(values)


def _is_value(seg: Seg, bands: Bands | None) -> bool:
    """A value cell: one number or a blank mark (—, /); once the table's columns are known, a blank
    mark only inside one of them."""
    if len(seg.words) != 1:
        return False
    if is_number(seg.text):
        return True
    return is_blank_mark(seg.text) and (bands is None or bool(bands.over(seg.x0, seg.x1)))


def _line_values(line: Line, bands: Bands | None) -> list[Word]:
    """The value cells a line ends in, if it is a row of a table: numbers (and blank marks) after a
    label, or two or more of them; at least one a number, unless the table is already known; a
    lone value without a label only inside a table already found."""
    segs = line.segs
    k = len(segs)
    while k > 0 and _is_value(segs[k - 1], bands):
        k -= 1
    values = [s.words[0] for s in segs[k:]]
    if not any(is_number(w.text) for w in values):
        return values if values and bands is not None and k > 0 else []
    if k == 0 and len(values) < 2 and bands is None:
        return []
    return values


@dataclass
class _Ref:
    """What the rows of numbers found so far say about the table: where labels start, how wide
    the table is, and the size of its text."""

    left: float
    size: float | None

    def update(self, line: Line) -> None:
        labels = line.segs[: len(line.segs) - len(line.values)]
        if labels:
            self.left = min(self.left, labels[0].x0)
        if self.size is None:
            self.size = line.size


def _same_size(line: Line, size: float | None) -> bool:
    """Headings and prose are usually set larger than a table: a line of another size is not in it."""
    return line.size is None or size is None or abs(line.size - size) <= 0.2 * size


def _fits(line: Line, ref: _Ref, bands: Bands) -> bool:
    """Can a line without numbers sit inside the table? Not a sentence; a segment running from the
    label area into the value columns only if short (a caption over the table, a spanning header
    cell), not a line of prose or a heading."""
    if "。" in line.text:
        return False
    tol = 0.5 * line.em
    width = bands.right - ref.left
    crossing = [s for s in line.segs if s.x0 < bands.left - tol and s.x1 > bands.left + tol]
    return not any(s.x1 - s.x0 > 0.5 * width or any(p in s.text for p in "，；") for s in crossing)


def _label_only(line: Line, bands: Bands) -> bool:
    """Does all of the line stand left of the numbers (a label, not a header over the values)?"""
    return all(s.x1 <= bands.left for s in line.segs)


@dataclass
class RBlock:
    """A ruleless table: indices into the stream, in order, and its value bands."""

    members: list[int]
    bands: Bands


class Stream:
    """All lines and ruled tables of the document in reading order, with page boundaries."""

    def __init__(self, pages: list[Page]) -> None:
        self.items: list[Line | Grid] = []
        for p in pages:
            placed: list[tuple[float, int, Line | Grid]] = [(g.top, 0, g) for g in p.grids]
            placed += [(ln.top, 1, ln) for ln in p.lines]
            placed.sort(key=lambda x: (x[0], x[1]))
            self.items.extend(x[2] for x in placed)
        self.first: dict[int, int] = {}
        self.last: dict[int, int] = {}
        for i, it in enumerate(self.items):
            if isinstance(it, Line) and it.chrome:
                continue
            self.first.setdefault(it.page, i)
            self.last[it.page] = i

    def line(self, i: int) -> Line:
        """Item ``i``, which the caller knows to be a line."""
        it = self.items[i]
        assert isinstance(it, Line)
        return it

    def adjacent(self, i: int, j: int) -> bool:
        """Are lines ``i`` < ``j`` close enough to be rows of one table? Across a page break:
        ``i`` ends its page and ``j`` starts the next."""
        a, b = self.line(i), self.line(j)
        if a.page == b.page:
            return b.top - a.bottom <= ROW_GAP * a.em
        return b.page == a.page + 1 and self.last.get(a.page) == i and self.first.get(b.page) == j

    @staticmethod
    def near(a: Line, b: Line) -> bool:
        """Are two lines (a above b) close enough to be one wrapped cell?"""
        return a.page == b.page and b.top - a.bottom <= WRAP_GAP * a.em


def find_blocks(stream: Stream) -> list[RBlock]:
    """Ruleless tables: runs of lines with numbers in consistent columns, with the label lines
    between them and the header lines above."""
    items = stream.items
    blocks: list[RBlock] = []
    floor = 0
    i = 0
    while i < len(items):
        it = items[i]
        if not isinstance(it, Line) or it.chrome or not (words := _line_values(it, None)):
            i += 1
            continue
        block = _grow(stream, i, words, floor)
        if block is None:
            i += 1
            continue
        blocks.append(block)
        floor = block.members[-1] + 1
        i = floor
    return blocks


def _grow(stream: Stream, start: int, words: list[Word], floor: int) -> RBlock | None:
    """The table around the row of numbers at ``start``, or None when it is a lone line. After a
    heading, a header line or a page break, rows must keep the columns found so far (else a new
    table begins)."""
    first = stream.line(start)
    bands = Bands()
    bands.add(words)
    first.values = words
    ref = _Ref(first.segs[0].x0, None)
    ref.update(first)
    members: list[int] = [start]
    pending: list[int] = []
    data, widest, last, strict = 1, len(words), start, False
    for j in range(start + 1, len(stream.items)):
        it = stream.items[j]
        if isinstance(it, Grid):
            break
        if it.chrome:
            continue
        if not stream.adjacent(last, j) or not _same_size(it, ref.size):
            break
        strict = strict or it.page != stream.line(last).page
        values = _line_values(it, bands)
        if values:
            if not bands.fits(values) or (strict and not bands.covers(values)):
                break
            bands.add(values)
            it.values = values
            ref.update(it)
            members += [*pending, j]
            pending = []
            data, widest, strict = data + 1, max(widest, len(values)), False
        elif _fits(it, ref, bands) and len(pending) < MAX_FRAGMENTS:
            it.values = []
            pending.append(j)
            strict = strict or bool(_SECTION.match(it.text)) or not _label_only(it, bands)
        else:
            break
        last = j
    if data < 2 and widest < 3:
        return None
    members += _trailing(stream, members[-1], pending, bands)
    return RBlock(_header(stream, start, floor, ref, bands) + members, bands)


def _trailing(stream: Stream, last: int, pending: list[int], bands: Bands) -> list[int]:
    """Label fragments right after the last row of numbers that wrap its label."""
    out: list[int] = []
    prev = stream.line(last)
    for k in pending[:3]:
        it = stream.line(k)
        if not _label_only(it, bands) or _ORDINAL.match(it.text) or not stream.near(prev, it):
            break
        out.append(k)
        prev = it
    return out


def _header(stream: Stream, start: int, floor: int, ref: _Ref, bands: Bands) -> list[int]:
    """Header lines above the first row of numbers (column titles, the 勾稽关系 note, a caption)."""
    head: list[int] = []
    nxt = start
    for k in range(start - 1, floor - 1, -1):
        it = stream.items[k]
        if isinstance(it, Grid) or len(head) >= MAX_HEADER_LINES:
            break
        if it.chrome:
            continue
        if (not stream.adjacent(k, nxt) or _line_values(it, None) or not _same_size(it, ref.size)
                or not _fits(it, ref, bands) or _SECTION.match(it.text)):
            break
        it.values = []
        head.insert(0, k)
        nxt = k
    return head


# ---------------------------------------------------------------------------------------------
# columns, rows and cells


@dataclass
class Columns:
    """Label columns (left edges), where the value area begins, and the boundaries between the
    value columns, estimated from how the numbers are aligned."""

    starts: list[float]
    value_left: float
    bounds: list[float]
    bands: Bands
    em: float

    @property
    def count(self) -> int:
        return len(self.starts) + len(self.bands.spans)

    def label(self, seg: Seg) -> bool:
        """Is the segment in the label area (its centre left of the first value column)?"""
        return (seg.x0 + seg.x1) / 2 < self.value_left

    def of(self, seg: Seg) -> int:
        """The column a segment of text falls in (by its left edge among labels, by its centre
        among values: header text is centred over its column, numbers are not)."""
        if self.label(seg):  # (a table without label columns puts stray text in its first column)
            return max(bisect.bisect_right(self.starts, seg.x0 + 0.5 * self.em) - 1, 0)
        return len(self.starts) + bisect.bisect(self.bounds, (seg.x0 + seg.x1) / 2)

    def value(self, word: Word) -> int:
        """The column of a number of the table."""
        return len(self.starts) + self.bands.band(word)


def columns(lines: list[Line], bands: Bands) -> Columns:
    """Column boundaries of a ruleless table. Right-aligned numbers: a column ends just after its
    numbers and begins where the one before ends; left-aligned the other way round; centred (or
    unknown) halfway. The label area ends before the first value column, and after every label
    printed on a row of numbers."""
    em = lines[0].em
    spans = bands.spans
    align = bands.alignment(em)
    bounds = []
    for (_, a), (b, _) in zip(spans, spans[1:], strict=False):
        step = min(0.5 * em, (b - a) / 2)
        bounds.append(a + step if align == "right" else b - step if align == "left" else (a + b) / 2)
    labels = [s for ln in lines if ln.values for s in ln.segs[: len(ln.segs) - len(ln.values)]]
    label_right = max((s.x1 for s in labels), default=spans[0][0] - em)
    edges = [b if align == "right" else a if align == "left" else (a + b) / 2 for a, b in spans]
    pitch = median([b - a for a, b in zip(edges, edges[1:], strict=False)])
    if pitch is None:
        value_left = (label_right + spans[0][0]) / 2
    elif align == "right":
        value_left = spans[0][1] - pitch
    elif align == "left":
        value_left = spans[0][0] - min(0.5 * em, (spans[0][0] - label_right) / 2)
    else:
        value_left = (spans[0][0] + spans[0][1]) / 2 - pitch / 2
    value_left = min(max(value_left, label_right + 0.01), spans[0][0])
    starts: list[float] = []
    for x in sorted(s.x0 for s in labels):  # header text is often centred: only the rows' labels count
        if not starts or x - starts[-1] > em:
            starts.append(x)
    return Columns(starts, value_left, bounds, bands, em)


@dataclass
class Row:
    """Lines that make one table row; ``kind`` is data (has numbers), header or label."""

    lines: list[Line]
    kind: str

    @property
    def anchor(self) -> Line:
        """The line with the row's numbers (a header row's first line)."""
        return next((ln for ln in self.lines if ln.values), self.lines[0])


def _kind(line: Line, cols: Columns) -> str:
    """data (has numbers), label (text in the label area only) or header (text over the values)."""
    if line.values:
        return "data"
    return "label" if all(cols.label(s) for s in line.segs) else "header"


def _overlaps(a: Seg, b: Seg) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1


def _continues(s: Seg, t: Seg, cols: Columns) -> bool:
    """Is ``s`` the next line of the cell whose line above is ``t`` (a wrapped cell)? It is centred
    under ``t`` or starts where ``t`` starts, is no wider, and ``t`` is not over the numbers of two
    or more columns: text under a header that spans columns is a header of its own."""
    em = cols.em
    aligned = abs((s.x0 + s.x1) - (t.x0 + t.x1)) <= em or abs(s.x0 - t.x0) <= 0.5 * em
    if not aligned or s.x1 - s.x0 > t.x1 - t.x0 + 0.3 * em:
        return False
    return cols.label(t) or sum(t.x0 <= (a + b) / 2 <= t.x1 for a, b in cols.bands.spans) < 2


def _wrap_rows(lines: list[Line], kind: str, stream: Stream, cols: Columns) -> list[Row]:
    """Lines without numbers as rows. A segment that continues a cell of the line just above (a
    wrapped cell) joins that cell's row, the others start a new row: with tight rows, the second
    line of a two-row header cell shares a baseline with the next header row."""
    rows: list[Row] = []
    above: list[tuple[Seg, Row]] = []  # the segments of the line above and the rows they went to
    prev: Line | None = None
    for line in lines:
        placed: list[tuple[Seg, Row]] = []
        rest: list[Seg] = []
        close = prev is not None and stream.near(prev, line)
        for s in line.segs:
            row = next((r for t, r in above if _continues(s, t, cols)), None) if close else None
            if row is None:
                rest.append(s)
            else:
                placed.append((s, row))
        for row in {id(r): r for _, r in placed}.values():
            row.lines.append(_part(line, [s for s, r in placed if r is row]))
        if rest:
            row = Row([_part(line, rest)], kind)
            rows.append(row)
            placed += [(s, row) for s in rest]
        above, prev = placed, line
    return rows


def _part(line: Line, segs: list[Seg]) -> Line:
    """The line with only some of its segments (the rest belong to another row)."""
    if len(segs) == len(line.segs):
        return line
    return Line(line.page, line.top, line.bottom, line.em, line.size, segs, line.chrome)


def _labels_in(line: Line, col: int, cols: Columns) -> list[Seg]:
    """The line's label segments in label column ``col``."""
    return [s for s in line.segs if cols.label(s) and cols.of(s) == col]


def _place_fragments(prev: Row | None, frags: list[Line], nxt: Line | None, cols: Columns,
                     stream: Stream) -> tuple[list[Line], list[Row], list[Line]]:
    """Share the label-only lines between two rows of numbers: to the row above (a label wrapped
    below its numbers, or continued on the next page), to the row below (a label that starts above
    its numbers: numbers centred on a label, a group label), or rows of their own (a caption, an
    all-empty row). A label start (an ordinal) goes down unless the row below starts a label of its
    own in the same columns; other text goes down only to a row that prints no label there.
    Returns (to the row above, rows of their own, to the row below)."""
    up: list[Line] = []
    own: list[Line] = []
    down: list[Line] = []
    last_up = prev.lines[-1] if prev is not None else None
    for k, f in enumerate(frags):
        if down:  # between a label that goes down and its numbers
            down.append(f)
            continue
        after = frags[k + 1] if k + 1 < len(frags) else nxt
        below = [_labels_in(nxt, cols.of(s), cols) for s in f.segs] if nxt is not None else []
        empty_below = nxt is not None and not any(below)  # the row below has no label where f has
        started_below = any(_ORDINAL.match(s.text) for segs in below for s in segs)  # its label starts there
        if _ORDINAL.match(f.text):
            (down if nxt is not None and not started_below else own).append(f)
        elif empty_below and after is not None and stream.near(f, after):
            down.append(f)
        elif not own and last_up is not None and (stream.near(last_up, f) or f.page != last_up.page):
            up.append(f)
            last_up = f
        else:
            own.append(f)
    return up, _wrap_rows(own, "label", stream, cols), down


def block_rows(lines: list[Line], cols: Columns, stream: Stream) -> list[Row]:
    """The rows of a ruleless table, in order. Lines without numbers up to the last header line
    among them are header rows; the label lines after it go to the rows around them."""
    rows: list[Row] = []
    prev: Row | None = None
    pending: list[tuple[Line, str]] = []

    def flush(nxt: Line | None) -> list[Line]:
        """Place the lines since the last row of numbers; returns those that go to the next row."""
        heads = [k for k, (_, kind) in enumerate(pending) if kind == "header"]
        frags = [ln for ln, _ in pending[heads[-1] + 1 :]] if heads else [ln for ln, _ in pending]
        if heads:  # a sub-table's header, or the header repeated on a new page
            rows.extend(_wrap_rows([ln for ln, _ in pending[: heads[-1] + 1]], "header", stream, cols))
        if not frags:
            return []
        up, own, down = _place_fragments(None if heads else prev, frags, nxt, cols, stream)
        if prev is not None:
            prev.lines.extend(up)
        rows.extend(own)
        return down

    for line in lines:
        kind = _kind(line, cols)
        if kind != "data":
            pending.append((line, kind))
            continue
        down = flush(line)
        pending = []
        prev = Row([*down, line], "data")
        rows.append(prev)
    flush(None)
    return rows


def row_cells(row: Row, cols: Columns) -> list[str]:
    """A row's text per column. The row's numbers go to their bands and its labels to their
    columns; a line wrapped from a neighbouring line of the row keeps that line's column."""
    cells = [""] * cols.count
    a = row.lines.index(row.anchor)
    placed: dict[int, list[tuple[Seg, int]]] = {}
    for i in [a, *range(a - 1, -1, -1), *range(a + 1, len(row.lines))]:  # outwards from the anchor
        line = row.lines[i]
        values = {id(w) for w in line.values}
        near = placed.get(i + 1 if i < a else i - 1, [])
        out = []
        for seg in line.segs:
            if len(seg.words) == 1 and id(seg.words[0]) in values:
                col = cols.value(seg.words[0])
            else:
                col = next((c for s, c in near if _overlaps(s, seg)), cols.of(seg))
            out.append((seg, col))
        placed[i] = out
    for i in range(len(row.lines)):
        for seg, col in placed[i]:
            cells[col] = join([cells[col], seg.text])
    return cells
