"""HTML reader: portal pages with real ``<table>`` markup → Document.

Tables are expanded into a grid (rowspan/colspan); a spanned position is an empty cell, so a
number is never duplicated. Page chrome (scripts, navigation, header, footer) is dropped; all other
text is kept in order as paragraphs, because the parser finds the title and tables by their labels.
A table whose cells hold other tables is a layout table: its cells are read as containers.

A portal page is mostly chrome around a small report, so it is read in one lxml pass: libxml2 builds
the tree in C, the report's container is found with XPath, and only that subtree is walked in Python,
chrome pruned at its root without descending into it. BeautifulSoup, which builds a Python object per
node of the whole page, took 20x lxml's parse on a real page (50x on a small one); this takes about 3x
(8x on a small table-dense page, where making the Cells is most of the work). Chrome is not stripped
from the tree beforehand: a breadcrumb that prints the title, or a sidebar's tables, take part in
choosing the report's container, and removing an element would fuse the text on either side of it.

The Documents are those the BeautifulSoup reader gave (same libxml2 tree, compared on every fixture
and on thousands of generated pages), so parses do not move. That fixes details which may look
arbitrary: text in ``script``/``style``/``template``/``rt``/``rp`` never counts, a cell's text
nodes are joined by a space, chrome inside a data table's cell is kept (a cell is read whole), and the
title test sees a run of spaces between two tags as one space.
"""

from __future__ import annotations

import re

from lxml import etree

from pipeline.errors import UnreadableFileError
from pipeline.read.encoding import decode_bytes
from pipeline.read.model import Block, Cell, Document, Paragraph, Table

MAX_TABLES = 400
MAX_CELLS = 100_000
MAX_DEPTH = 24  # nesting depth of <table> elements
MAX_SPAN = 1000  # HTML caps colspan at 1000; a larger rowspan is clamped to the table's end anyway

_CHROME = frozenset({"script", "style", "noscript", "nav", "header", "footer", "iframe", "form", "button",
                     "select", "template", "svg"})
_BLOCK = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article",
                    "main", "blockquote", "pre", "center", "dl", "dt", "dd", "tr", "body", "address", "figure",
                    "figcaption", "td", "th"})
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_CHROME_NAMES = frozenset({"header", "footer", "nav", "navbar", "menu", "toolbar", "breadcrumb", "crumb", "share",
                           "sidebar"})
# Elements whose text is never the page's text (code, styling, ruby annotations).
_TEXTLESS = ("script", "style", "template", "rt", "rp")
_ROW_GROUPS = frozenset({"thead", "tbody", "tfoot"})
_CELLS = frozenset({"td", "th"})
_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_DIGITS = re.compile(r"\s*(\d+)")
_TABLE_TAG = re.compile(rb"<(/?)\s*table\b", re.I)
_TITLE = re.compile(r"(?:19|20)\d{2}\s*年度?.{0,12}政府信息公开.{0,8}年度报告")
# The same with each run of spaces/tabs counted as one character: what a run of spaces between two
# tags (one string, which BeautifulSoup kept as a single " ") can stretch the title to. Possessive, so
# a long run costs no backtracking.
_GAP = r"(?:[^ \t\n]|[ \t]++)"
_TITLE_ACROSS_SPACES = re.compile(rf"(?:19|20)\d{{2}}\s*年度?{_GAP}{{0,12}}政府信息公开{_GAP}{{0,8}}年度报告")

_INNERMOST_TABLES = etree.XPath(".//table[not(.//table)]")
_CELL_COUNT = etree.XPath("count(.//td|.//th)")
_TEXT = etree.XPath("string()", smart_strings=False)
_TEXT_NODES = etree.XPath(".//text()")
_IN_PRE = etree.XPath("boolean(ancestor-or-self::pre|ancestor-or-self::textarea)")


def check_bounds(data: bytes) -> None:
    """Refuse pages of absurd table nesting or size before building a tree (bounded memory).

    Only the few ``<table`` / ``</table`` tags are walked in Python, for the nesting depth. Cells are
    counted in C (``<td``, ``<th`` but not ``<thead``), and only when the page is large enough to
    hold that many: every cell takes at least four bytes.
    """
    depth = deepest = tables = 0
    for match in _TABLE_TAG.finditer(data):
        if match.group(1):
            depth = max(0, depth - 1)
            continue
        tables += 1
        depth += 1
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            raise UnreadableFileError(f"HTML nests tables more than {MAX_DEPTH} deep; not a report page")
        if tables > MAX_TABLES:
            raise UnreadableFileError(f"HTML holds more than {MAX_TABLES} tables; not a report page")
    if len(data) <= 4 * MAX_CELLS:
        return
    lowered = data.lower()
    cells = lowered.count(b"<td") + lowered.count(b"<th") - lowered.count(b"<thead")
    if cells > MAX_CELLS:
        raise UnreadableFileError(f"HTML holds more than {MAX_CELLS} table cells; not a report page")


def clean(text: str) -> str:
    """Whitespace (``&nbsp;`` included) collapsed; the characters themselves stay as printed."""
    return _SPACE.sub(" ", text).strip()


def _span(value: str | None) -> int:
    if value is None:
        return 1
    digits = _DIGITS.match(value)
    return min(max(int(digits.group(1)), 1), MAX_SPAN) if digits else 1


def _is_chrome(element: etree._Element, tag: str) -> bool:
    """Chrome by tag, ARIA role or a class/id naming it (``class="share"``, ``id="header"``)."""
    if tag in _CHROME or element.get("role") == "navigation":
        return True
    classes = element.get("class")
    if classes and not _CHROME_NAMES.isdisjoint(classes.split()):
        return True
    return element.get("id") in _CHROME_NAMES


def _own_rows(table: etree._Element) -> list[etree._Element]:
    """The ``<tr>`` of this table, not of tables nested in its cells."""
    rows = []
    for child in table:
        tag = child.tag
        if tag == "tr":
            rows.append(child)
        elif tag in _ROW_GROUPS:
            rows.extend(c for c in child if c.tag == "tr")
    return rows


def _own_cells(row: etree._Element) -> list[etree._Element]:
    return [c for c in row if c.tag in _CELLS]


def _text_pieces(element: etree._Element, out: list[str]) -> None:
    """The text nodes under ``element`` in document order (a comment's own text left out)."""
    for child in element:
        if type(child.tag) is str:
            if child.text:
                out.append(child.text)
            if len(child):
                _text_pieces(child, out)
        if child.tail:
            out.append(child.tail)


def _cell_text(cell: etree._Element) -> str:
    """The cell's text nodes joined by a space: ``<p>1</p><p>2</p>`` reads ``1 2``, never ``12``.

    (Python over the few nodes of a cell is cheaper than setting up lxml's ``itertext``.)
    """
    pieces = [cell.text] if cell.text else []
    if len(cell):
        _text_pieces(cell, pieces)
    return clean(" ".join(pieces))


def _grid(table: etree._Element, number: int) -> Table:
    rows = _own_rows(table)
    # grid[r] maps a column to its text; a key present means the position is taken (by a span too)
    grid: list[dict[int, str]] = [{} for _ in rows]
    spans: list[dict[int, int]] = [{} for _ in rows]  # printed cells' colspans, covered positions 0; else 1
    for r, row in enumerate(rows):
        here = grid[r]
        col = 0
        for cell in row:
            if cell.tag not in _CELLS:
                continue
            while col in here:
                col += 1
            rowspan, colspan = cell.get("rowspan"), cell.get("colspan")
            if rowspan is None and colspan is None:
                here[col] = _cell_text(cell)
                col += 1
                continue
            rowspan = min(_span(rowspan), len(rows) - r)
            colspan = _span(colspan)
            covered = range(col, col + colspan)
            for dr in range(r, r + rowspan):
                grid[dr].update(dict.fromkeys(covered, ""))
                spans[dr].update(dict.fromkeys(covered, 0))
            here[col] = _cell_text(cell)
            spans[r][col] = colspan
            col += colspan
    width = max((max(g) + 1 for g in grid if g), default=0)
    where = f"table {number}"
    cols = [f" col {c + 1}" for c in range(width)]
    return Table([[Cell(g.get(c, ""), f"{where} row {r + 1}{cols[c]}", s.get(c, 1)) for c in range(width)]
                  for r, (g, s) in enumerate(zip(grid, spans, strict=True))], where, grid=True)


class _Walker:
    """Walks the tree in order, turning prose into paragraphs and data tables into grids.

    Text comes from an element's ``text`` and each child's ``tail`` (lxml's model of the strings
    between tags); a chrome element is skipped with its subtree, but its tail is page text.
    """

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.level = 0
        self.tables = 0

    def flush(self) -> None:
        text = clean("".join(self.buffer))
        if text:
            self.blocks.append(Paragraph(text, f"paragraph {len(self.blocks) + 1}", self.level))
        self.buffer.clear()
        self.level = 0

    def walk(self, node: etree._Element) -> None:
        buffer = self.buffer
        if node.text:
            buffer.append(node.text)
        for child in node:
            tag = child.tag
            if type(tag) is str and not _is_chrome(child, tag):  # comments and PIs have no str tag
                if tag == "br":
                    self.flush()
                elif tag == "table":
                    self.flush()
                    if child.find(".//table") is not None:
                        self.walk_layout(child)
                    else:
                        self.tables += 1
                        self.blocks.append(_grid(child, self.tables))
                elif tag in _BLOCK:
                    self.flush()
                    self.walk(child)
                    self.level = _HEADINGS.get(tag, 0)
                    self.flush()
                else:
                    self.walk(child)
            if child.tail:
                buffer.append(child.tail)

    def walk_layout(self, table: etree._Element) -> None:
        for row in _own_rows(table):
            for cell in _own_cells(row):
                self.flush()
                self.walk(cell)
                self.flush()


def _drop_textless(root: etree._Element) -> None:
    """Blank the text of script/style/template/ruby annotations, keeping the elements and their tails.

    Their text is code or annotation, never the report's; blanking it in place (rather than removing
    the element) keeps the text before and after them as separate pieces, as they were printed apart.
    """
    for element in root.iter(*_TEXTLESS):
        element.text = None
        for inner in element.iterdescendants():
            inner.text = None
            inner.tail = None


def _collapsed_text(element: etree._Element) -> str:
    """The subtree's text with each whitespace-only run between tags that holds no newline read as one
    space (outside ``pre``/``textarea``), as BeautifulSoup stored it and the title test has always seen it.
    """
    pieces = []
    for piece in _TEXT_NODES(element):
        if len(piece) > 1 and not piece.strip(" \t"):
            owner = piece.getparent()
            if piece.is_tail:
                owner = owner.getparent()
            if not _IN_PRE(owner):
                piece = " "
        pieces.append(piece)
    return "".join(pieces)


def _has_title(element: etree._Element) -> bool:
    """Whether the subtree's text names an annual report (``2023年度……政府信息公开工作年度报告``)."""
    text = _TEXT(element)
    if _TITLE.search(text):
        return True
    # only when runs of spaces may have stretched it (rare) is the text rebuilt node by node
    return bool(_TITLE_ACROSS_SPACES.search(text)) and bool(_TITLE.search(_collapsed_text(element)))


def content_root(root: etree._Element) -> etree._Element:
    """The report inside a portal page: the nearest ancestor of its largest table that holds the title.

    Sidebars, calendars and link lists outside it are left out; with no table, the whole body.
    Chrome is still in the tree here: a breadcrumb that prints the title counts, as it did.
    """
    body = next(root.iter("body"), root)
    data = _INNERMOST_TABLES(body)
    if not data:
        return body
    best = max(data, key=_CELL_COUNT)
    # a subtree's text is a contiguous part of its ancestors' text, so if the body has no title,
    # no ancestor has one: the climb would end at the body anyway
    if not _has_title(body):
        return body
    while best is not body and best.getparent() is not None and not _has_title(best):
        best = best.getparent()
    return best


def _parse(data: bytes, text: str, used: str) -> etree._Element | None:
    """libxml2's tree of the decoded page (None for a page of only comments or whitespace).

    libxml2 always gets UTF-8 bytes with the encoding stated, so the encoding `decode_bytes` chose is
    the one used (a ``<meta>`` or ``<?xml encoding?>`` cannot override it, and lxml refuses a str
    that carries an XML declaration). Bytes that decoded as UTF-8 without a replacement go as they are.
    """
    if text.startswith("\ufeff"):  # a second byte-order mark: dropped, as BeautifulSoup did
        raw = text[1:].encode("utf-8")
    elif used in ("utf-8", "utf-8-sig") and "\ufffd" not in text:
        raw = data[3:] if used == "utf-8-sig" else data
    else:
        raw = text.encode("utf-8")
    return etree.fromstring(raw, etree.HTMLParser(encoding="utf-8"))


def read_html(data: bytes, name: str, encoding: str | None = None) -> Document:
    """Read an HTML page; ``encoding`` is the HTTP charset when the page came over HTTP."""
    check_bounds(data)
    text, used = decode_bytes(data, encoding, html=True)
    root = _parse(data, text, used)
    if root is None:
        return Document([], name, "html", used, {})
    _drop_textless(root)
    walker = _Walker()
    walker.walk(content_root(root))
    walker.flush()
    title_element = next(root.iter("title"), None)
    title = "" if title_element is None else "".join(s.strip() for s in title_element.itertext())
    return Document(walker.blocks, name, "html", used, {"title": title} if title else {})
