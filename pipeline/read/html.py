"""HTML reader: portal pages with real ``<table>`` markup → Document.

Tables are expanded into a grid (rowspan/colspan); a spanned position is an empty cell, so a
number is never duplicated. Page chrome (scripts, navigation, header, footer) is dropped; all other
text is kept in order as paragraphs, because the parser finds the title and tables by their labels.
A table whose cells hold other tables is a layout table: its cells are read as containers.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from pipeline.errors import UnreadableFileError
from pipeline.read.encoding import decode_bytes
from pipeline.read.model import Block, Cell, Document, Paragraph, Table

MAX_TABLES = 400
MAX_CELLS = 100_000
MAX_DEPTH = 24  # nesting depth of <table> elements
MAX_SPAN = 1000  # HTML caps colspan at 1000; a larger rowspan is clamped to the table's end anyway

_CHROME = {"script", "style", "noscript", "nav", "header", "footer", "iframe", "form", "button", "select", "template", "svg"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "main",
          "blockquote", "pre", "center", "dl", "dt", "dd", "tr", "body", "address", "figure", "figcaption"}
_CHROME_NAMES = {"header", "footer", "nav", "navbar", "menu", "toolbar", "breadcrumb", "crumb", "share", "sidebar"}
_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_HEADING = re.compile(r"h([1-6])")
_TABLE_TAG = re.compile(rb"<(/?)\s*table\b", re.I)
_CELL_TAG = re.compile(rb"<\s*t[dh]\b", re.I)


def check_bounds(data: bytes) -> None:
    """Refuse pages of absurd table nesting or size before building a tree (bounded memory)."""
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
    cells = sum(1 for _ in _CELL_TAG.finditer(data))
    if cells > MAX_CELLS:
        raise UnreadableFileError(f"HTML holds {cells} table cells, over the {MAX_CELLS} limit; not a report page")


def _span(tag: Tag, attr: str) -> int:
    digits = re.match(r"\s*(\d+)", str(tag.get(attr) or ""))
    return min(max(int(digits.group(1)), 1), MAX_SPAN) if digits else 1


def _own_rows(table: Tag) -> list[Tag]:
    """The ``<tr>`` of this table, not of tables nested in its cells."""
    rows = []
    for child in table.children:
        if not isinstance(child, Tag):
            continue
        if child.name == "tr":
            rows.append(child)
        elif child.name in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child.children if isinstance(c, Tag) and c.name == "tr")
    return rows


def _own_cells(row: Tag) -> list[Tag]:
    return [c for c in row.children if isinstance(c, Tag) and c.name in ("td", "th")]


def clean(text: str) -> str:
    """Whitespace (``&nbsp;`` included) collapsed; the characters themselves stay as printed."""
    return _SPACE.sub(" ", text).strip()


def _is_chrome(tag: Tag) -> bool:
    if tag.name in _CHROME or tag.get("role") == "navigation":
        return True
    names = set(tag.get("class") or []) | {str(tag.get("id") or "")}
    return bool(names & _CHROME_NAMES)


def _cell_text(cell: Tag) -> str:
    return clean(cell.get_text(" "))


def _grid(table: Tag, number: int) -> Table:
    rows = _own_rows(table)
    taken: dict[tuple[int, int], bool] = {}
    grid: list[dict[int, str]] = [{} for _ in rows]
    spans: list[dict[int, int]] = [{} for _ in rows]  # printed cells' colspans; covered positions 0
    for r, row in enumerate(rows):
        col = 0
        for cell in _own_cells(row):
            while (r, col) in taken:
                col += 1
            rowspan = min(_span(cell, "rowspan"), len(rows) - r)
            colspan = _span(cell, "colspan")
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken[(r + dr, col + dc)] = True
                    grid[r + dr][col + dc] = ""
                    spans[r + dr][col + dc] = 0
            grid[r][col] = _cell_text(cell)
            spans[r][col] = colspan
            col += colspan
    width = max((max(g) + 1 for g in grid if g), default=0)
    where = f"table {number}"
    cells = [[Cell(g.get(c, ""), f"{where} row {r + 1} col {c + 1}", spans[r].get(c, 1)) for c in range(width)]
             for r, g in enumerate(grid)]
    return Table(cells, where, grid=True)


class _Walker:
    """Walks the DOM in order, turning prose into paragraphs and data tables into grids."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.level = 0
        self.tables = 0

    def flush(self) -> None:
        text = clean("".join(self.buffer))
        if text:
            self.blocks.append(Paragraph(text, f"paragraph {len(self.blocks) + 1}", self.level))
        self.buffer, self.level = [], 0

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # skip comments, CDATA, doctype
                    self.buffer.append(str(child))
                continue
            if not isinstance(child, Tag) or _is_chrome(child):
                continue
            if child.name == "br":
                self.flush()
            elif child.name == "table":
                self.flush()
                if child.find("table") is not None:
                    self.walk_layout(child)
                else:
                    self.tables += 1
                    self.blocks.append(_grid(child, self.tables))
            elif child.name in _BLOCK or child.name in ("td", "th"):
                self.flush()
                heading = _HEADING.fullmatch(child.name)
                self.walk(child)
                if heading:
                    self.level = int(heading.group(1))
                self.flush()
            else:
                self.walk(child)

    def walk_layout(self, table: Tag) -> None:
        for row in _own_rows(table):
            for cell in _own_cells(row):
                self.flush()
                self.walk(cell)
                self.flush()


_TITLE = re.compile(r"(?:19|20)\d{2}\s*年度?.{0,12}政府信息公开.{0,8}年度报告")


def content_root(soup: BeautifulSoup) -> Tag:
    """The report inside a portal page: the nearest ancestor of its largest table that holds the title.

    Sidebars, calendars and link lists outside it are left out; with no table, the whole body.
    """
    body = soup.body or soup
    data = [t for t in body.find_all("table") if t.find("table") is None]
    if not data:
        return body
    root = max(data, key=lambda t: len(t.find_all(("td", "th"))))
    while root is not body and root.parent is not None and not _TITLE.search(root.get_text()):
        root = root.parent
    return root


def read_html(data: bytes, name: str, encoding: str | None = None) -> Document:
    """Read an HTML page; ``encoding`` is the HTTP charset when the page came over HTTP."""
    check_bounds(data)
    text, used = decode_bytes(data, encoding, html=True)
    soup = BeautifulSoup(text, "lxml")
    walker = _Walker()
    walker.walk(content_root(soup))
    walker.flush()
    title = soup.title.get_text(strip=True) if soup.title else ""
    return Document(walker.blocks, name, "html", used, {"title": title} if title else {})
