"""Ruleless PDF fixtures: the sample reports laid out by position alone, without ruling lines.

Word and WPS users often remove a table's borders, or a portal prints a web table without them;
the PDF then has characters and nothing else. This draws a report (its truth JSON, through the
same logical layout as every other fixture, `bench.synth.layout`) with reportlab: labels left
in their columns, numbers right-aligned in theirs, header cells centred, long cells wrapped to
their column width, no path objects at all. Options vary what real reports vary: numbers at the
top of a row (on the first line of a wrapped label) or centred on it, a page break inside a group
of table 三, with or without the header repeated on the new page.

``python tests/pdf_fixtures.py`` rewrites ``tests/fixtures/formats/ruleless/``; the output is
reproducible (reportlab's invariant mode) and a test checks the committed files are current.
"""

from __future__ import annotations

import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from bench.synth.layout import SPara, STable, grid_positions, lay_out

HERE = Path(__file__).parent
TRUTH = HERE / "fixtures/samples/truth"
OUT = HERE / "fixtures/formats/ruleless"
FONT = "STSong-Light"  # reportlab's built-in CJK font (not embedded; PDFium maps it by its CMap)
BODY, TABLE_SIZE, TITLE, HEADING = 10.5, 9.0, 13.0, 12.0
WIDTH, HEIGHT = A4
MARGIN = 72.0
TEXT_WIDTH = WIDTH - 2 * MARGIN
PAD_X, PAD_Y = 4.0, 3.0  # cell padding (no borders are drawn)
LEADING = 1.3  # line pitch / font size
BREAK_ROW = "4.保护第三方合法权益"  # a row inside group （三）不予公开
COLUMN_WIDTHS = {
    "proactive": [171.0, 93.3, 93.3, 93.4],
    "applications": [62.0, 80.0, 113.0] + [28.0] * 7,
    "appeals": [TEXT_WIDTH / 15] * 15,
}

pdfmetrics.registerFont(UnicodeCIDFont(FONT))


@dataclass(frozen=True)
class Style:
    """The layout choices of one fixture."""

    valign: str = "top"  # numbers at the "top" of their row or centred ("middle") on a wrapped label
    break_before: str = ""  # force a page break before the table row holding this label
    repeat_header: bool = False  # draw table 三's header again after a page break
    numbers: str = "right"  # how numbers sit in their column: right, center or left


def _width(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, FONT, size)


def wrap(text: str, width: float, size: float) -> list[str]:
    """Break text into lines no wider than ``width`` (CJK breaks anywhere; digits stay together)."""
    if not text:
        return []
    lines, line = [], ""
    for ch in text:
        if line and _width(line + ch, size) > width:
            lines.append(line)
            line = ""
        line += ch
    lines.append(line)
    return lines


@dataclass
class _Placed:
    """A cell ready to draw: its wrapped lines, its box's x range, alignment and its row span."""

    lines: list[str]
    x0: float
    x1: float
    align: str
    numeric: bool
    row: int
    rowspan: int


class _Pages:
    """A reportlab canvas with a cursor (``y`` from the top of the page) and page numbers."""

    def __init__(self) -> None:
        self.buf = io.BytesIO()
        self.c = canvas.Canvas(self.buf, pagesize=A4, invariant=1)
        self.c.setTitle("ruleless fixture")
        self.page = 1
        self.y = MARGIN

    def room(self) -> float:
        return HEIGHT - MARGIN - self.y

    def new_page(self) -> None:
        self._footer()
        self.c.showPage()
        self.page += 1
        self.y = MARGIN

    def _footer(self) -> None:
        self.c.setFont(FONT, BODY)
        self.c.drawCentredString(WIDTH / 2, 40, f"- {self.page} -")

    def text(self, s: str, x: float, top: float, size: float, align: str = "left") -> None:
        """Draw one line whose box starts at ``top`` (from the page top)."""
        self.c.setFont(FONT, size)
        base = HEIGHT - top - size * 0.88
        if align == "right":
            self.c.drawRightString(x, base, s)
        elif align == "center":
            self.c.drawCentredString(x, base, s)
        else:
            self.c.drawString(x, base, s)

    def finish(self) -> bytes:
        self._footer()
        self.c.save()
        return self.buf.getvalue()


def _paragraph(pages: _Pages, para: SPara) -> None:
    size = TITLE if para.level == 1 else HEADING if para.level else BODY
    pitch = size * LEADING
    for line in wrap(para.text, TEXT_WIDTH, size):
        if pages.room() < pitch:
            pages.new_page()
        if para.level == 1:
            pages.text(line, WIDTH / 2, pages.y, size, "center")
        else:
            pages.text(line, MARGIN, pages.y, size)
        pages.y += pitch
    pages.y += size * 0.5


def _cells(table: STable, numbers: str = "right") -> list[list[_Placed]]:
    """Every cell of the table with its wrapped lines and its x range, row by row."""
    widths = COLUMN_WIDTHS[table.key]
    edges = [MARGIN]
    for w in widths:
        edges.append(edges[-1] + w)
    out: list[list[_Placed]] = []
    for r, row in enumerate(grid_positions(table)):
        placed = []
        for col, cell in row:
            x0, x1 = edges[col], edges[col + cell.colspan]
            align = numbers if cell.numeric else "center" if cell.header else "left"
            lines = wrap(cell.text, x1 - x0 - 2 * PAD_X, TABLE_SIZE)
            placed.append(_Placed(lines, x0, x1, align, cell.numeric, r, cell.rowspan))
        out.append(placed)
    return out


def _heights(rows: list[list[_Placed]]) -> list[float]:
    """Row heights: the tallest one-row cell; a merged cell taller than its rows stretches the last."""
    pitch = TABLE_SIZE * LEADING
    heights = [max([len(c.lines) for c in row if c.rowspan == 1] or [1]) * pitch + 2 * PAD_Y for row in rows]
    for row in rows:
        for c in row:
            if c.rowspan > 1:
                need = len(c.lines) * pitch + 2 * PAD_Y
                span = range(c.row, min(c.row + c.rowspan, len(rows)))
                have = sum(heights[i] for i in span)
                if need > have:
                    heights[span[-1]] += need - have
    return heights


def _draw_row(pages: _Pages, row: list[_Placed], height: float, style: Style) -> None:
    """Draw one row whose top is the cursor; a merged cell's text starts in its first row."""
    pitch = TABLE_SIZE * LEADING
    for c in row:
        block = len(c.lines) * pitch
        top = pages.y + PAD_Y
        if c.numeric and style.valign == "middle":
            top = pages.y + (height - block) / 2
        x = c.x1 - PAD_X if c.align == "right" else (c.x0 + c.x1) / 2 if c.align == "center" else c.x0 + PAD_X
        for i, line in enumerate(c.lines):
            pages.text(line, x, top + i * pitch, TABLE_SIZE, c.align)


def _table(pages: _Pages, table: STable, style: Style) -> None:
    """Draw a table row by row, starting a new page where a row does not fit or the style says."""
    rows = _cells(table, style.numbers)
    heights = _heights(rows)
    header = 0
    while header < len(table.rows) and all(c.header for c in table.rows[header]):
        header += 1
    for r, row in enumerate(rows):
        forced = style.break_before and any(style.break_before in c.text for c in table.rows[r])
        if forced or pages.room() < heights[r]:
            pages.new_page()
            if style.repeat_header and table.key == "applications" and r >= header:
                for h in range(header):
                    _draw_row(pages, rows[h], heights[h], style)
                    pages.y += heights[h]
        _draw_row(pages, row, heights[r], style)
        pages.y += heights[r]
    pages.y += BODY


def _table_height(table: STable) -> float:
    return sum(_heights(_cells(table)))


def render(report: dict, style: Style = Style()) -> bytes:
    """The report as a PDF whose tables have no ruling lines. A heading whose table would not fit
    on the rest of the page starts a new page (as "keep with next" does), so a table breaks only
    where the style says or where it is longer than a page."""
    pages = _Pages()
    blocks = lay_out(report, 0).blocks
    for i, block in enumerate(blocks):
        if isinstance(block, SPara):
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if block.level == 2 and isinstance(nxt, STable):
                need = HEADING * LEADING + _table_height(nxt)
                if pages.room() < need <= HEIGHT - 2 * MARGIN and pages.y > MARGIN:
                    pages.new_page()
            _paragraph(pages, block)
        else:
            _table(pages, block, style)
    return pages.finish()


def fixtures() -> dict[str, tuple[str, Style]]:
    """File name → (sample, style) of every committed ruleless fixture."""
    out: dict[str, tuple[str, Style]] = {}
    for i, truth in enumerate(sorted(TRUTH.glob("*.json"))):
        valign = "top" if i % 2 == 0 else "middle"
        out[f"{truth.stem}.pdf"] = (truth.stem, Style(valign))
        out[f"{truth.stem}.broken.pdf"] = (truth.stem, Style(valign, BREAK_ROW, repeat_header=True))
        out[f"{truth.stem}.broken_nohead.pdf"] = (truth.stem, Style(valign, BREAK_ROW))
    return out


def build(name: str) -> bytes:
    """The bytes of one committed fixture, drawn afresh."""
    stem, style = fixtures()[name]
    return render(json.loads((TRUTH / f"{stem}.json").read_text(encoding="utf-8")), style)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for fixture in sorted(fixtures()):
        (OUT / fixture).write_bytes(build(fixture))
        print(fixture, file=sys.stderr)
