"""The positional model of a PDF page, without PDFium: characters → words, segments and lines, and
ruled grids from ruling lines.

Coordinates are display points with y growing downwards (the page's /Rotate already applied).
Distances are in units of the page's body font size ("em") unless named in points. A character's
box is PDFium's loose box (the font's full height), so characters of one line line up whatever
their glyph shapes; lines are clustered by baseline.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from pipeline.textnorm import nfkc

SNAP_PT = 2.0  # rule positions closer than this are one grid line
SEG_GAP = 0.6  # a wider gap between characters separates two cells (segments) of a line
WORD_GAP = 0.1  # a wider gap between two Latin/digit characters is a space
BASELINE_TOL = 0.3  # characters whose baselines differ by less are on one line

_VALUE = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:件|条|个|项|次|人次|份|万元|元|%)?")
_BLANK = frozenset({"-", "--", "—", "——", "–", "―", "─", "/", "//", "\\", "×", "无", "空"})
_PAGE_NUMBER = re.compile(r"^[-—–－\s]*(?:第\s*)?\d{1,3}(?:\s*页)?(?:\s*[/／共]\s*\d{1,3}\s*页?)?[-—–－\s]*$")


# ---------------------------------------------------------------------------------------------
# the model


@dataclass(slots=True)
class Char:
    """One character in display coordinates (points, y growing downwards)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    base: float


@dataclass(slots=True)
class Word:
    """Characters without a space-wide gap; the unit a number is read from."""

    text: str
    x0: float
    x1: float


@dataclass(slots=True)
class Seg:
    """Words without a cell-wide gap: one cell's text on one line."""

    words: list[Word]

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def text(self) -> str:
        return join(w.text for w in self.words)


@dataclass(slots=True)
class Line:
    """Characters on one baseline, split into segments; ``chrome`` marks a page number."""

    page: int
    top: float
    bottom: float
    em: float
    size: float | None  # the height of its CJK characters: headings and tables differ in size
    segs: list[Seg]
    chrome: bool = False
    values: list[Word] = field(default_factory=list)  # numbers standing as cells of their own

    @property
    def text(self) -> str:
        """The line as a paragraph: its segments apart by one space, so a label and a number that
        stood a column apart stay apart (``行政许可 282``)."""
        return " ".join(s.text for s in self.segs)


@dataclass(slots=True)
class Rule:
    """A ruling line: ``pos`` across it, ``a``..``b`` along it."""

    pos: float
    a: float
    b: float


@dataclass(slots=True)
class Grid:
    """A ruled table on one page: its rows of cell texts and its column boundaries."""

    page: int
    top: float
    bottom: float
    em: float
    xs: list[float]
    rows: list[list[str]]


@dataclass(slots=True)
class Page:
    """What a page holds: its lines of text outside ruled tables, and its ruled tables."""

    number: int
    lines: list[Line]
    grids: list[Grid]


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def join(parts: Iterable[str]) -> str:
    """Concatenate text pieces, with a space only between two Latin letters or digits (CJK has none)."""
    out = ""
    for part in parts:
        if out and part and _latin(out[-1]) and _latin(part[0]):
            out += " "
        out += part
    return out


def is_number(text: str) -> bool:
    """A count or amount as tables print it (``7``, ``1,234``, ``96171.6``, ``5件``, full-width too)."""
    return bool(_VALUE.fullmatch(nfkc(text)))


def is_blank_mark(text: str) -> bool:
    """A mark that prints an empty value cell (—, /, 无)."""
    return nfkc(text) in _BLANK


def median(values: list[float]) -> float | None:
    """The middle value (the upper one of two), None for no values."""
    values = sorted(values)
    return values[len(values) // 2] if values else None


# ---------------------------------------------------------------------------------------------
# characters → lines and segments


def body_em(chars: list[Char]) -> float:
    """The body font size: the median height of the CJK characters (Latin fonts' boxes vary more)."""
    cjk = [c.bottom - c.top for c in chars if not c.text.isascii()]
    em = median(cjk or [c.bottom - c.top for c in chars])
    return em if em is not None and em > 1 else 10.0


def _dedupe(chars: list[Char]) -> list[Char]:
    """Drop the second copy of a character printed twice on top of itself (fake bold)."""
    out = [chars[0]]
    for c in chars[1:]:
        p = out[-1]
        if c.text == p.text and abs(c.x0 - p.x0) < 0.3 * max(c.x1 - c.x0, 1.0):
            continue
        out.append(c)
    return out


def segments(chars: list[Char], em: float) -> list[Seg]:
    """Split a line's characters (left to right) into segments at cell-wide gaps, and Latin/digit
    runs into words at spaces (only numbers are ever read from words)."""
    seg_gap, word_gap = SEG_GAP * em, WORD_GAP * em
    segs: list[Seg] = []
    words: list[Word] = []
    first = chars[0]
    buf, wx0, wx1 = [first.text], first.x0, first.x1
    prev = first
    for c in chars[1:]:
        gap = c.x0 - prev.x1
        if gap > seg_gap or (gap > word_gap and prev.text.isascii() and c.text.isascii()):
            words.append(Word("".join(buf), wx0, wx1))
            if gap > seg_gap:
                segs.append(Seg(words))
                words = []
            buf, wx0, wx1 = [c.text], c.x0, c.x1
        else:
            buf.append(c.text)
            wx1 = max(wx1, c.x1)
        prev = c
    words.append(Word("".join(buf), wx0, wx1))
    segs.append(Seg(words))
    return [s for part in segs for s in _split_numbers(part)]


def _split_numbers(seg: Seg) -> list[Seg]:
    """A segment of several numbers (narrow columns, numbers closer than a cell gap) is one value
    cell per number."""
    if len(seg.words) > 1 and all(is_number(w.text) for w in seg.words):
        return [Seg([w]) for w in seg.words]
    return [seg]


def baseline_groups(chars: list[Char], em: float) -> list[list[Char]]:
    """Characters on one baseline (within a third of the font size), top to bottom, each group
    left to right with doubled characters dropped."""
    chars = sorted(chars, key=lambda c: c.base)
    tol = BASELINE_TOL * em
    groups: list[list[Char]] = []
    current: list[Char] = [chars[0]]
    ref = chars[0].base
    for c in chars[1:]:
        if c.base - ref <= tol:
            current.append(c)
        else:
            groups.append(current)
            current, ref = [c], c.base
    groups.append(current)
    return [_dedupe(sorted(g, key=lambda c: c.x0)) for g in groups]


def build_lines(chars: list[Char], em: float, page: int, height: float) -> list[Line]:
    """Cluster characters into lines by baseline, each split into segments; top to bottom."""
    if not chars:
        return []
    lines = []
    for group in baseline_groups(chars, em):
        size = median([c.bottom - c.top for c in group if not c.text.isascii()])
        top, bottom = min(c.top for c in group), max(c.bottom for c in group)
        line = Line(page, top, bottom, em, size, segments(group, em))
        line.chrome = _is_chrome(line, height)
        lines.append(line)
    lines.sort(key=lambda ln: ln.top)
    return lines


def _is_chrome(line: Line, height: float) -> bool:
    """A page number in the top or bottom margin: not content, and no break in a table."""
    return (line.top < 0.1 * height or line.bottom > 0.9 * height) and bool(_PAGE_NUMBER.match(line.text))


# ---------------------------------------------------------------------------------------------
# ruled tables


def _merge_rules(rules: list[Rule]) -> list[Rule]:
    """Rules at (nearly) one position whose extents touch are one rule."""
    rules = sorted(rules, key=lambda r: (r.pos, r.a))
    merged: list[Rule] = []
    for r in rules:
        into = None
        for m in reversed(merged):
            if r.pos - m.pos > SNAP_PT:
                break
            if r.a <= m.b + SNAP_PT and r.b >= m.a - SNAP_PT:
                into = m
                break
        if into is None:
            merged.append(Rule(r.pos, r.a, r.b))
        else:
            into.a, into.b = min(into.a, r.a), max(into.b, r.b)
    return merged


def _clusters(values: list[float]) -> list[float]:
    """Positions closer than SNAP_PT as one (their mean), sorted."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= SNAP_PT:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def _components(hs: list[Rule], vs: list[Rule]) -> list[tuple[list[Rule], list[Rule]]]:
    """Groups of horizontal and vertical rules that touch each other: one group per ruled table."""
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if h.a - SNAP_PT <= v.pos <= h.b + SNAP_PT and v.a - SNAP_PT <= h.pos <= v.b + SNAP_PT:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    return [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]


class _Edges:
    """The rules of one table bucketed by grid line, to ask quickly whether a grid line is drawn
    at a given point."""

    def __init__(self, rules: list[Rule], positions: list[float]) -> None:
        self.at: list[list[tuple[float, float]]] = [[] for _ in positions]
        for r in rules:
            k = min(range(len(positions)), key=lambda i: abs(positions[i] - r.pos))
            if abs(positions[k] - r.pos) <= SNAP_PT:
                self.at[k].append((r.a - SNAP_PT, r.b + SNAP_PT))

    def drawn(self, k: int, at: float) -> bool:
        """Is grid line ``k`` drawn through ``at``?"""
        return any(a <= at <= b for a, b in self.at[k])


def _spans(xs: list[float], ys: list[float], hs: list[Rule], vs: list[Rule]) -> list[list[int]]:
    """Which merged cell each grid position belongs to: a cell grows right while no rule separates
    the columns and down while no rule separates the rows."""
    nr, nc = len(ys) - 1, len(xs) - 1
    vertical, horizontal = _Edges(vs, xs), _Edges(hs, ys)
    xmid = [(xs[k] + xs[k + 1]) / 2 for k in range(nc)]
    owner = [[-1] * nc for _ in range(nr)]
    count = 0
    for r in range(nr):
        ymid = (ys[r] + ys[r + 1]) / 2
        for c in range(nc):
            if owner[r][c] >= 0:
                continue
            c2 = c
            while c2 + 1 < nc and owner[r][c2 + 1] < 0 and not vertical.drawn(c2 + 1, ymid):
                c2 += 1
            r2 = r
            while r2 + 1 < nr and not any(
                horizontal.drawn(r2 + 1, xmid[k]) or owner[r2 + 1][k] >= 0 for k in range(c, c2 + 1)
            ):
                r2 += 1
            for rr in range(r, r2 + 1):
                for cc in range(c, c2 + 1):
                    owner[rr][cc] = count
            count += 1
    return owner


def _cell_text(chars: list[Char], em: float) -> str:
    """A cell's characters as one string: its lines top to bottom, joined (a wrapped label is one)."""
    if not chars:
        return ""
    return join(s.text for group in baseline_groups(chars, em) for s in segments(group, em))


def find_grids(chars: list[Char], hs: list[Rule], vs: list[Rule], em: float,
               page: int) -> tuple[list[Grid], list[Char]]:
    """The ruled tables of a page and the characters outside them."""
    hs, vs = _merge_rules(hs), _merge_rules(vs)
    grids: list[Grid] = []
    free = chars
    for ch, cv in _components(hs, vs):
        xs, ys = _clusters([v.pos for v in cv]), _clusters([h.pos for h in ch])
        if len(xs) < 2 or len(ys) < 2:
            continue
        owner = _spans(xs, ys, ch, cv)
        buckets: dict[int, list[Char]] = {}
        rest: list[Char] = []
        for c in free:
            cx, cy = (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2
            if xs[0] <= cx <= xs[-1] and ys[0] <= cy <= ys[-1]:
                col = min(bisect.bisect(xs, cx) - 1, len(xs) - 2)
                row = min(bisect.bisect(ys, cy) - 1, len(ys) - 2)
                buckets.setdefault(owner[row][col], []).append(c)
            else:
                rest.append(c)
        rows = _grid_rows(owner, {k: _cell_text(v, em) for k, v in buckets.items()})
        if rows:
            grids.append(Grid(page, ys[0], ys[-1], em, xs, rows))
            free = rest
    return grids, free


def _grid_rows(owner: list[list[int]], texts: dict[int, str]) -> list[list[str]]:
    """The grid as rows of texts: a merged cell's text in its top-left position, the positions it
    covers empty (as HTML and DOCX tables expand); rows without any text dropped. No rows for a
    frame drawn around text (no row with two cells)."""
    rows: list[list[str]] = []
    seen: set[int] = set()
    multi = False
    for orow in owner:
        row = []
        starts = 0
        for k in orow:
            first = k not in seen  # row-major order: a merged cell is first met at its top left
            if first:
                seen.add(k)
                starts += 1
            row.append(texts.get(k, "") if first else "")
        multi = multi or starts > 1
        if any(row):
            rows.append(row)
    return rows if multi else []
