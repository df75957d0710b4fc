"""PDF reader (pypdfium2): characters with their boxes → lines, ruled grids and ruleless tables.

PDFium gives every character of the text layer with its box; the PDF's own reading order and word
spacing are not relied on. Characters are clustered into lines by baseline, and a line is split
into segments (cells) at gaps wider than most of a character. Tables come from two sources:

- ruling lines (thin path objects): the grid of their x/y positions, merged cells found where a
  rule is missing, text placed by position, so the grid matches the printed layout cell for cell;
- positions alone, for tables printed without rules: runs of lines that end in numbers whose
  numbers stand in the same x band from row to row (right-, left- or centre-aligned). The bands are
  the value columns, label segments left of them the label columns; a label wrapped over several
  lines is joined into the cell of the row whose numbers it carries, and every row has a cell for
  every column (``Table.grid``), so an empty cell stays an empty cell.

A table broken over pages is one `Table` (rows appended, a repeated header dropped, a row that the
page break cut in two glued back). Text outside tables is one `Paragraph` per line,
``page N line M``; cells are ``page N table K row R col C`` with K counted per page and R within
that page's part of the table.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.errors import FileTooLargeError, UnreadableFileError, UnsupportedFormatError
from pipeline.read.model import Block, Cell, Document, Paragraph, Table
from pipeline.read.pdf_layout import (
    SNAP_PT,
    Char,
    Grid,
    Page,
    Rule,
    body_em,
    build_lines,
    find_grids,
    is_number,
)
from pipeline.read.pdf_ruleless import RBlock, Stream, block_rows, columns, find_blocks, row_cells

MAX_PAGES = 300  # a report is 5-20 pages
RULE_MAX_PT = 2.5  # a path object thinner than this is a ruling line
STACK_GAP_PT = 30.0  # two ruled tables this close, nothing printed between, same columns: one table

_LOCK = threading.Lock()  # PDFium is not thread-safe; one document at a time per process
_SKIP = frozenset("\x00\ufffe\uffff\u00ad")


# ---------------------------------------------------------------------------------------------
# reading PDFium


Transform = Callable[[float, float, float, float], tuple[float, float, float, float]]


def _box_transform(rotation: int, width: float, height: float) -> Transform:
    """Map a PDF box (left, bottom, right, top) to display (x0, top, x1, bottom) for a page's /Rotate."""
    if rotation == 90:
        return lambda le, b, r, t: (b, le, t, r)
    if rotation == 180:
        return lambda le, b, r, t: (width - r, b, width - le, t)
    if rotation == 270:
        return lambda le, b, r, t: (height - t, width - r, height - b, width - le)
    return lambda le, b, r, t: (le, height - t, r, height - b)


def _baseline(rotation: int, width: float, height: float) -> Callable[[float, float], float]:
    """The display y of a character origin: equal for all characters on one printed line."""
    if rotation == 90:
        return lambda x, y: x
    if rotation == 180:
        return lambda x, y: y
    if rotation == 270:
        return lambda x, y: width - x
    return lambda x, y: height - y


def _read_chars(page: pdfium.PdfPage, rotation: int, width: float, height: float) -> list[Char]:
    """Every printed character with its loose box (the font's full height, so lines line up) and
    its baseline. The page's text comes in one PDFium call; per character, one call for the box
    and one for the origin, and nothing else in the loop."""
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        if count <= 0:
            return []
        text = textpage.get_text_range()
        handle = textpage.raw
        if len(text) != count:  # characters outside UCS-2 or dropped by PDFium: ask one by one
            text = "".join(chr(min(pdfium_c.FPDFText_GetUnicode(handle, i), 0x10FFFF)) for i in range(count))
        rect = pdfium_c.FS_RECTF()
        rect_p = ctypes.byref(rect)
        ox, oy = ctypes.c_double(), ctypes.c_double()
        ox_p, oy_p = ctypes.byref(ox), ctypes.byref(oy)
        loose, origin = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetCharOrigin
        found: list[tuple[str, float, float, float, float, float, float]] = []
        for i, ch in enumerate(text):
            if ch in _SKIP or ch.isspace():
                continue
            if not loose(handle, i, rect_p) or not origin(handle, i, ox_p, oy_p):
                continue
            found.append((ch, rect.left, rect.bottom, rect.right, rect.top, ox.value, oy.value))
    finally:
        textpage.close()
    if rotation == 0:
        return [Char(ch, le, r, height - t, height - b, height - y) for ch, le, b, r, t, _, y in found]
    box, base = _box_transform(rotation, width, height), _baseline(rotation, width, height)
    out = []
    for ch, le, b, r, t, x, y in found:
        x0, top, x1, bottom = box(le, b, r, t)
        out.append(Char(ch, x0, x1, top, bottom, base(x, y)))
    return out


def _path_outline(obj, box: Transform) -> Iterable[tuple[float, float, float, float]]:
    """Axis-parallel straight pieces of a stroked path (a rectangle drawn as an outline, say)."""
    n = pdfium_c.FPDFPath_CountSegments(obj)
    if n <= 1 or n > 400:
        return
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return
    x, y = ctypes.c_float(), ctypes.c_float()
    points: list[tuple[int, float, float]] = []
    for i in range(n):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        if not seg or not pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y)):
            return
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        points.append((kind, m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f))
        if pdfium_c.FPDFPathSegment_GetClose(seg):
            start = next((p for p in reversed(points) if p[0] == pdfium_c.FPDF_SEGMENT_MOVETO), points[0])
            points.append((pdfium_c.FPDF_SEGMENT_LINETO, start[1], start[2]))
    for (_, xa, ya), (kind, xb, yb) in zip(points, points[1:], strict=False):
        if kind == pdfium_c.FPDF_SEGMENT_LINETO and (abs(xa - xb) < 0.5 or abs(ya - yb) < 0.5):
            yield box(min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb))


def _read_rules(page: pdfium.PdfPage, box: Transform) -> tuple[list[Rule], list[Rule]]:
    """Horizontal and vertical ruling lines: thin path objects (Word and WPS draw borders as thin
    filled rectangles, others as stroked lines) and the sides of stroked rectangles. Wide filled
    areas (cell shading) are not rules."""
    handle = page.raw
    horizontal: list[Rule] = []
    vertical: list[Rule] = []
    le, b, r, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    refs = ctypes.byref(le), ctypes.byref(b), ctypes.byref(r), ctypes.byref(t)
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    path = pdfium_c.FPDF_PAGEOBJ_PATH
    for i in range(pdfium_c.FPDFPage_CountObjects(handle)):
        obj = pdfium_c.FPDFPage_GetObject(handle, i)
        if pdfium_c.FPDFPageObj_GetType(obj) != path or not pdfium_c.FPDFPageObj_GetBounds(obj, *refs):
            continue
        x0, top, x1, bottom = box(le.value, b.value, r.value, t.value)
        pieces: Iterable[tuple[float, float, float, float]] = [(x0, top, x1, bottom)]
        if x1 - x0 > RULE_MAX_PT and bottom - top > RULE_MAX_PT:
            drawn = pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
            if not drawn or not stroke.value:
                continue
            pieces = list(_path_outline(obj, box))
        for x0, top, x1, bottom in pieces:
            if x1 - x0 <= RULE_MAX_PT < bottom - top:
                vertical.append(Rule((x0 + x1) / 2, top, bottom))
            elif bottom - top <= RULE_MAX_PT < x1 - x0:
                horizontal.append(Rule((top + bottom) / 2, x0, x1))
    return horizontal, vertical


# ---------------------------------------------------------------------------------------------
# assembling the document


@dataclass
class _Out:
    """A block being emitted, with what joining ruled tables needs to know."""

    block: Block
    page: int
    xs: list[float] | None = None  # a ruled table's column boundaries
    top: float = 0.0
    bottom: float = 0.0
    em: float = 10.0
    last_page: int = 0  # the page of its last part, once parts are joined
    chrome: bool = False


class _Numbering:
    """Per-page counters for table and line numbers."""

    def __init__(self) -> None:
        self.tables: dict[int, int] = {}
        self.lines: dict[int, int] = {}

    def table(self, page: int) -> int:
        self.tables[page] = self.tables.get(page, 0) + 1
        return self.tables[page]

    def line(self, page: int) -> int:
        self.lines[page] = self.lines.get(page, 0) + 1
        return self.lines[page]


def _ruleless_table(block: RBlock, stream: Stream, numbering: _Numbering) -> _Out:
    """One Table for a ruleless block (all its pages), a repeated header dropped."""
    lines = [stream.line(i) for i in block.members]
    cols = columns(lines, block.bands)
    rows = block_rows(lines, cols, stream)
    texts = [row_cells(r, cols) for r in rows]
    header = []
    for r, t in zip(rows, texts, strict=True):
        if r.kind == "data":
            break
        header.append(t)
    out_rows: list[list[Cell]] = []
    where = ""
    page, number, index, repeating = -1, 0, 0, False
    for r, t in zip(rows, texts, strict=True):
        if r.anchor.page != page:  # the table's part on a new page: numbered as a table of that page
            page, index, repeating = r.anchor.page, 0, bool(out_rows)
            number = numbering.table(page)
            where = where or f"page {page} table {number}"
        index += 1
        if repeating and index <= len(header) and r.kind == "header" and t == header[index - 1]:
            continue  # the header printed again on the new page
        repeating = False
        base = f"page {page} table {number} row {index}"
        out_rows.append([Cell(text, f"{base} col {c + 1}") for c, text in enumerate(t)])
    return _Out(Table(out_rows, where, grid=True), lines[0].page)


def _grid_table(grid: Grid, numbering: _Numbering) -> _Out:
    """A ruled table of one page; parts on later pages are joined to it afterwards."""
    number = numbering.table(grid.page)
    where = f"page {grid.page} table {number}"
    rows = [[Cell(text, f"{where} row {r + 1} col {c + 1}") for c, text in enumerate(row)]
            for r, row in enumerate(grid.rows)]
    return _Out(Table(rows, where, grid=True), grid.page, grid.xs, grid.top, grid.bottom, grid.em, grid.page)


def _emit(stream: Stream, blocks: list[RBlock]) -> list[_Out]:
    """Blocks in reading order: paragraphs for free lines, a table where its first line stands."""
    owner: dict[int, RBlock] = {}
    for b in blocks:
        for i in b.members:
            owner[i] = b
    numbering = _Numbering()
    out: list[_Out] = []
    for i, it in enumerate(stream.items):
        if isinstance(it, Grid):
            out.append(_grid_table(it, numbering))
        elif i in owner:
            if owner[i].members[0] == i:
                out.append(_ruleless_table(owner[i], stream, numbering))
        elif it.segs:
            where = f"page {it.page} line {numbering.line(it.page)}"
            out.append(_Out(Paragraph(it.text, where), it.page, chrome=it.chrome))
    return out


def _continues(prev: list[Cell], cont: list[Cell]) -> bool:
    """True if ``cont`` (first row on a new page) is the rest of ``prev`` (a row Word split)."""
    if len(prev) != len(cont) or not any(c.text for c in cont):
        return False
    joined_text = False
    for p, c in zip(prev, cont, strict=True):
        if not c.text:
            continue
        if is_number(c.text):
            if p.text:
                return False
        elif p.text and not is_number(p.text):
            joined_text = True
        else:
            return False
    return joined_text


def _column_map(xs: list[float], cont: list[float]) -> list[int] | None:
    """Where each column boundary of a continuation falls among the table's boundaries, when every
    one of them is one of the table's (a continuation may merge columns it has no data for)."""
    out: list[int] = []
    for x in cont:
        k = min(range(len(xs)), key=lambda i: abs(xs[i] - x))
        if abs(xs[k] - x) > 2 * SNAP_PT or (out and k <= out[-1]):
            return None
        out.append(k)
    return out if out[0] == 0 and out[-1] == len(xs) - 1 else None


def _expand(rows: list[list[Cell]], where: list[int], width: int) -> list[list[Cell]]:
    """Rows of a continuation on the table's full grid: a merged cell's text in its first column."""
    out = []
    for row in rows:
        full: list[Cell] = []
        for j, cell in enumerate(row):
            full.append(cell)
            full.extend(Cell("", cell.where) for _ in range(where[j + 1] - where[j] - 1))
        out.append(full[:width])
    return out


def _texts(row: list[Cell]) -> list[str]:
    return [c.text for c in row]


def _append(table: Table, rows: list[list[Cell]], across: bool) -> None:
    """Add a continuation's rows: a repeated header dropped; across a page break, the two halves
    of a row that Word split over the break glued back."""
    k = 0
    while k < min(len(rows), len(table.rows) - 1) and _texts(rows[k]) == _texts(table.rows[k]):
        k += 1
    rows = rows[k:]
    if across and rows and table.rows and _continues(table.rows[-1], rows[0]):
        last = table.rows[-1]
        table.rows[-1] = [Cell(p.text + c.text, p.where if p.text else c.where)
                          for p, c in zip(last, rows[0], strict=True)]
        rows = rows[1:]
    table.rows.extend(rows)


def _join_tables(out: list[_Out]) -> list[Block]:
    """A ruled table continued at the top of the next page (only page numbers between), or printed
    right below another one, on the same column boundaries, is one table; page numbers move after
    it."""
    blocks: list[_Out] = []
    for o in out:
        if o.xs is not None and isinstance(o.block, Table):
            k = len(blocks) - 1
            while k >= 0 and blocks[k].chrome:
                k -= 1
            prev = blocks[k] if k >= 0 else None
            if prev is not None and prev.xs is not None and isinstance(prev.block, Table):
                across = prev.last_page == o.page - 1
                close = o.top - prev.bottom <= max(3 * o.em, STACK_GAP_PT)
                stacked = prev.last_page == o.page and k == len(blocks) - 1 and close
                where = _column_map(prev.xs, o.xs) if across or stacked else None
                if where is not None:
                    _append(prev.block, _expand(o.block.rows, where, len(prev.xs) - 1), across)
                    prev.last_page, prev.bottom = o.page, o.bottom
                    continue
        blocks.append(o)
    return [o.block for o in blocks]


# ---------------------------------------------------------------------------------------------
# entry point


def _open(data: bytes) -> pdfium.PdfDocument:
    """The document, or why it cannot be opened (a password, an unknown encryption, broken bytes)."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise UnreadableFileError("PDF is encrypted with a password; cannot read it") from exc
        if exc.err_code == pdfium_c.FPDF_ERR_SECURITY:
            raise UnreadableFileError("PDF is encrypted with an unsupported security handler") from exc
        raise UnreadableFileError(f"corrupt PDF: {exc}") from exc


def _read_page(pdf: pdfium.PdfDocument, index: int) -> tuple[Page, int]:
    """One page's lines and ruled tables, and how many characters it has."""
    page = pdf[index]
    try:
        shown_width, shown_height = page.get_size()  # as displayed, i.e. after /Rotate
        rotation = page.get_rotation() % 360
        width, height = (shown_height, shown_width) if rotation in (90, 270) else (shown_width, shown_height)
        chars = _read_chars(page, rotation, width, height)
        em = body_em(chars)
        grids: list[Grid] = []
        free = chars
        if chars:
            hs, vs = _read_rules(page, _box_transform(rotation, width, height))
            if hs and vs:
                grids, free = find_grids(chars, hs, vs, em, index + 1)
        lines = build_lines(free, em, index + 1, shown_height)
        return Page(index + 1, lines, grids), len(chars)
    finally:
        page.close()


def read_pdf(data: bytes, name: str) -> Document:
    """Read a PDF's text layer; a scan (no text at all) is refused with the reason."""
    with _LOCK:
        pdf = _open(data)
        try:
            count = len(pdf)
            if count > MAX_PAGES:
                raise FileTooLargeError(f"PDF has {count} pages, over the {MAX_PAGES}-page limit")
            if count == 0:
                raise UnreadableFileError("corrupt PDF: no pages could be read")
            pages: list[Page] = []
            chars = 0
            for index in range(count):
                try:
                    page, n = _read_page(pdf, index)
                except pdfium.PdfiumError as exc:
                    raise UnreadableFileError(f"corrupt PDF: page {index + 1} unreadable ({exc})") from exc
                pages.append(page)
                chars += n
        finally:
            pdf.close()
    if chars == 0:
        raise UnsupportedFormatError("PDF has no text layer (scanned image?); OCR is not supported")
    stream = Stream(pages)
    blocks = _join_tables(_emit(stream, find_blocks(stream)))
    return Document(blocks, name, "pdf", meta={"pages": str(count)})
