"""Readers for plain text and Markdown reports.

Three text layouts occur in practice and are told apart line by line, so one file may mix them:

* Word "save as text" exports: one table cell per line, each starting with a tab; a blank line ends
  a table row; a line without a tab right after a cell continues that cell (a label wrapped in
  the cell); a lone tab is an empty cell.
* Tab-separated rows (Markdown or text copied from a spreadsheet): one row per line.
* Web-page text: one cell per line, no tabs, blank lines everywhere; row boundaries are lost, so
  these lines become paragraphs and the parser relies on labels and counts.
"""

from __future__ import annotations

import re

from pipeline.errors import UnreadableFileError
from pipeline.read.model import Cell, Document, Paragraph, Table

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s*(.*?)\s*#*\s*$")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
_MD_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]\s*")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_MD_PLAIN = re.compile(r"[^*_`\\]*").fullmatch  # no emphasis, code or escape marks: nothing to strip


_CHINESE_TEXT_ENCODINGS = frozenset(
    {"utf-8", "utf-8-sig", "ascii", "gb18030", "gbk", "gb2312", "big5", "big5hkscs", "utf-16", "utf-16-le", "utf-16-be"}
)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode report text: UTF-8 (with or without BOM), else GB18030 (a superset of GBK/GB2312).

    Both are tried strictly; anything else is refused rather than turned into mojibake.
    """
    try:
        from pipeline.read.encoding import decode_bytes  # richer detection, when available
    except ImportError:
        decode_bytes = None
    if decode_bytes is not None:
        text, encoding = decode_bytes(data)
        if encoding.lower().replace("_", "-") not in _CHINESE_TEXT_ENCODINGS:
            raise UnreadableFileError(f"text decodes only as {encoding}, not as any Chinese text encoding")
        return text, encoding
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding), encoding.replace("-sig", "")
        except UnicodeDecodeError:
            continue
    raise UnreadableFileError("text is neither valid UTF-8 nor GB18030/GBK")


class _Builder:
    """Accumulates blocks while lines are classified; owns the open table and row."""

    def __init__(self) -> None:
        self.blocks: list[Paragraph | Table] = []
        self.table: Table | None = None
        self.row: list[Cell] | None = None
        self.last_was_cell = False

    def _table(self, line_no: int) -> Table:
        if self.table is None:
            self.table = Table(rows=[], where=f"line {line_no}")
            self.blocks.append(self.table)
        return self.table

    def end_row(self) -> None:
        if self.row is not None:
            self.row = None
        self.last_was_cell = False

    def cell(self, text: str, line_no: int) -> None:
        table = self._table(line_no)
        if self.row is None:
            self.row = []
            table.rows.append(self.row)
        self.row.append(Cell(text.strip(), f"line {line_no}"))
        self.last_was_cell = True

    def continue_cell(self, text: str) -> None:
        assert self.row is not None
        last = self.row[-1]
        self.row[-1] = Cell(f"{last.text}\n{text.strip()}".strip(), last.where)

    def full_row(self, fields: list[str], line_no: int) -> None:
        self.end_row()
        where = f"line {line_no} col "
        self._table(line_no).rows.append([Cell(f.strip(), f"{where}{i}") for i, f in enumerate(fields, 1)])

    def paragraph(self, text: str, line_no: int, level: int = 0) -> None:
        self.end_row()
        self.table = None
        if text.strip():
            self.blocks.append(Paragraph(text.strip(), f"line {line_no}", level))


def _lines_to_blocks(lines: list[str], markdown: bool) -> list[Paragraph | Table]:
    out = _Builder()
    for line_no, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if "[bookmark:" in line:
            line = _MD_BOOKMARK.sub("", line)
        if markdown and not _MD_PLAIN(line):
            line = _MD_ESCAPE.sub(r"\1", _MD_EMPHASIS.sub("", line))
        if not line.strip() and "\t" not in line:
            out.end_row()
            continue
        if markdown and "|" in line and line.strip().startswith("|"):
            if _MD_RULE.match(line):
                continue
            out.full_row(line.strip().strip("|").split("|"), line_no)
            continue
        if "\t" in line:
            fields = line.split("\t")
            if fields[0] == "" and len(fields) == 2:  # Word export: one cell per line
                out.cell(fields[1], line_no)
            else:
                out.full_row(fields, line_no)
            continue
        if out.last_was_cell and out.row is not None:
            out.continue_cell(line)
            continue
        heading = _MD_HEADING.match(line) if markdown else None
        if heading:
            out.paragraph(heading.group(2), line_no, level=len(heading.group(1)))
        else:
            out.paragraph(line, line_no)
    return out.blocks


def _read(data: bytes, name: str, markdown: bool) -> Document:
    text, encoding = decode_text(data)
    blocks = _lines_to_blocks(text.splitlines(), markdown)
    cell_lines = sum(1 for b in blocks if isinstance(b, Table) for r in b.rows for _ in r)
    fmt = "markdown" if markdown else ("word-text" if cell_lines else "text")
    return Document(blocks=blocks, source=name, format=fmt, encoding=encoding)


def read_text(data: bytes, name: str) -> Document:
    """Plain text: Word exports, tab-separated rows or web-page text."""
    return _read(data, name, markdown=False)


def read_markdown(data: bytes, name: str) -> Document:
    """Markdown: headings, pipe tables and tab-separated rows."""
    return _read(data, name, markdown=True)
