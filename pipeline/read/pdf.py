"""PDF reader (pdfplumber): the text layer of Word-exported PDFs → Document.

Ruled tables come from ``find_tables`` (line strategy), one `Table` per page fragment in page
order; the parser continues a table across fragments, and a repeated header is harmless because
it is labels. A wrapped label stays inside its ruled cell, so numbers that sit on the line of the
label's first or last fragment still land in the label's row. Text outside tables becomes one
`Paragraph` per line. Pages without ruling lines fall back to text lines, which the parser reads
like a plain-text report.
"""

from __future__ import annotations

import re
from io import BytesIO

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from pipeline.errors import FileTooLargeError, UnreadableFileError, UnsupportedFormatError
from pipeline.read.model import Block, Cell, Document, Paragraph, Table

MAX_PAGES = 300  # a report is 5-20 pages
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3}
_SPACE = re.compile(r"[\s\u00a0\u3000]+")
# Word-exported CJK text comes out with spaces between runs; keep spaces only between Latin/digits.
_CJK_GAP = re.compile(r"(?<=[^\x00-\x7f]) (?=\S)|(?<=\S) (?=[^\x00-\x7f])")


def _squash(text: str | None) -> str:
    if not text:
        return ""
    return _CJK_GAP.sub("", _SPACE.sub(" ", text).strip())


def _cell(text: str | None, where: str) -> Cell:
    # a wrapped cell's lines are one label: join them without a break
    return Cell(_squash((text or "").replace("\n", "")), where)


def _open(data: bytes) -> pdfplumber.PDF:
    try:
        return pdfplumber.open(BytesIO(data))
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise UnreadableFileError("PDF is encrypted with a password; cannot read it") from exc
    except (PdfminerException, PDFSyntaxError, ValueError, TypeError, KeyError) as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise UnreadableFileError("PDF is encrypted with a password; cannot read it") from exc
        raise UnreadableFileError(f"corrupt PDF: {cause!r}") from exc


def _page_blocks(page, number: int, tables_so_far: int) -> tuple[list[tuple[float, Block]], int]:
    found = page.find_tables(_TABLE_SETTINGS)
    found = [t for t in found if t.rows and max(len(r.cells) for r in t.rows) > 1]  # not framed text
    placed: list[tuple[float, Block]] = []
    for t in found:
        tables_so_far += 1
        where = f"page {number} table {tables_so_far}"
        rows = t.extract()
        cells = [[_cell(text, f"{where} row {r + 1} col {c + 1}") for c, text in enumerate(row)] for r, row in enumerate(rows)]
        placed.append((t.bbox[1], Table(cells, where)))
    boxes = [t.bbox for t in found]

    def outside(obj) -> bool:
        mid_x, mid_y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= mid_x <= x1 and top <= mid_y <= bottom for x0, top, x1, bottom in boxes)

    prose = page.filter(outside) if boxes else page
    for i, line in enumerate(prose.extract_text_lines(return_chars=False)):
        text = _squash(line["text"])
        if text:
            placed.append((line["top"], Paragraph(text, f"page {number} line {i + 1}")))
    placed.sort(key=lambda x: x[0])
    return placed, tables_so_far


_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")


def _is_number(text: str) -> bool:
    return bool(_NUMBER.fullmatch(text))


def _continues(prev: list[Cell], cont: list[Cell]) -> bool:
    """True if ``cont`` (first row on a new page) is the rest of ``prev`` (a row Word split)."""
    if len(prev) != len(cont) or not any(c.text for c in cont):
        return False
    joined_text = False
    for p, c in zip(prev, cont, strict=True):
        if not c.text:
            continue
        if _is_number(c.text):
            if p.text:
                return False
        elif p.text and not _is_number(p.text):
            joined_text = True
        else:
            return False
    return joined_text


def _join_split_row(blocks: list[Block], placed: list[tuple[float, Block]]) -> None:
    """Glue a table row that a page break cut in two back together (label text, numbers)."""
    if not placed or not isinstance(placed[0][1], Table) or not blocks or not isinstance(blocks[-1], Table):
        return
    prev, cont = blocks[-1].rows, placed[0][1].rows
    if prev and cont and _continues(prev[-1], cont[0]):
        prev[-1] = [Cell(p.text + c.text, p.where if p.text else c.where) for p, c in zip(prev[-1], cont[0], strict=True)]
        del cont[0]
        if not cont:
            del placed[0]


def read_pdf(data: bytes, name: str) -> Document:
    """Read a PDF's text layer; a scan (no text at all) is refused with the reason."""
    with _open(data) as pdf:
        try:
            pages = pdf.pages
        except Exception as exc:  # pdfminer raises many kinds on a broken page tree
            raise UnreadableFileError(f"corrupt PDF page tree: {exc!r}") from exc
        if len(pages) > MAX_PAGES:
            raise FileTooLargeError(f"PDF has {len(pages)} pages, over the {MAX_PAGES}-page limit for a report")
        if not pages:
            raise UnreadableFileError("PDF has no pages")
        blocks: list[Block] = []
        tables = chars = 0
        for number, page in enumerate(pages, start=1):
            try:
                chars += len(page.chars)
                placed, tables = _page_blocks(page, number, tables)
            except (PdfminerException, PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
                raise UnreadableFileError(f"corrupt PDF: page {number} cannot be read ({exc!r})") from exc
            _join_split_row(blocks, placed)
            blocks.extend(b for _, b in placed)
            page.close()
    if chars == 0:
        raise UnsupportedFormatError("PDF has no text layer (scanned image?); OCR is not supported")
    return Document(blocks, name, "pdf", meta={"pages": str(len(pages))})
