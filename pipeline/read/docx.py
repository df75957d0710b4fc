"""DOCX reader (the WordprocessingML directly, with lxml) and legacy .doc via LibreOffice.

Body order of paragraphs and tables is kept. Merged cells (``gridSpan``, ``vMerge``) become a grid
whose spanned positions are empty cells, so a number is never duplicated. Text boxes
(``w:txbxContent``) are read as paragraphs after the paragraph that anchors them; the VML fallback
copy of each box (``mc:Fallback``) is skipped so nothing is read twice.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import zipfile
from io import BytesIO
from pathlib import Path

from lxml import etree

from pipeline.errors import UnreadableFileError, UnsupportedFormatError
from pipeline.read.model import Block, Cell, Document, Paragraph, Table

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = f"{{{W}}}"
MAX_UNCOMPRESSED = 200 * 1024 * 1024  # all members together
MAX_RATIO = 200  # a zip bomb compresses far better than any Word XML (typically 5-20x)
SOFFICE_TIMEOUT = 60
_HEADING_STYLE = re.compile(r"(?:heading|标题)\s*(\d)", re.I)
_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def check_zip(zf: zipfile.ZipFile) -> None:
    """Refuse zip bombs from the central directory, before anything is decompressed."""
    total = 0
    for info in zf.infolist():
        total += info.file_size
        if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UnreadableFileError(
                f"zip member {info.filename} expands {info.file_size // max(info.compress_size, 1)}x "
                f"to {info.file_size / 1e6:.0f} MB; refusing a likely zip bomb"
            )
    if total > MAX_UNCOMPRESSED:
        raise UnreadableFileError(
            f"DOCX expands to {total / 1e6:.0f} MB, over the {MAX_UNCOMPRESSED // 2**20} MB limit; refusing a likely zip bomb"
        )


def _document_xml(data: bytes) -> bytes:
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            check_zip(zf)
            return zf.read("word/document.xml")
    except KeyError as exc:
        raise UnreadableFileError("DOCX has no word/document.xml; not a Word document") from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError) as exc:
        raise UnreadableFileError(f"corrupt DOCX container: {exc}") from exc


_T, _TAB, _BR, _CR, _P = f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}p"
_TC, _TCPR, _GRID_SPAN, _VMERGE, _VAL = f"{_W}tc", f"{_W}tcPr", f"{_W}gridSpan", f"{_W}vMerge", f"{_W}val"
_HAS_BOXES = etree.XPath("boolean(.//w:txbxContent | .//mc:Fallback)", namespaces={"w": W, "mc": MC})
"""Whether text boxes or fallback copies sit below an element: almost never, so the walk up from every
text node that leaves them out (``_inside``) is skipped when there are none (asked once, in C)."""
_HAS_TABLE = etree.XPath("boolean(.//w:tc//w:tbl)", namespaces={"w": W})


def _plain_text(el: etree._Element) -> str:
    """Run text of an element that holds no text box or fallback copy."""
    return "".join((node.text or "") if node.tag == _T else " " for node in el.iter(_T, _TAB, _BR, _CR))


def _text(el: etree._Element) -> str:
    """Run text of an element, leaving out text boxes and fallback copies (read on their own)."""
    if not _HAS_BOXES(el):
        return _plain_text(el)
    parts = []
    for node in el.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}txbxContent", f"{{{MC}}}Fallback"):
        tag = node.tag
        if tag == f"{_W}t":
            if not _inside(node, el):
                parts.append(node.text or "")
        elif tag in (f"{_W}tab", f"{_W}br", f"{_W}cr") and not _inside(node, el):
            parts.append(" ")
    return "".join(parts)


def _inside(node: etree._Element, root: etree._Element) -> bool:
    """True if ``node`` sits in a text box or a fallback copy below ``root``."""
    parent = node.getparent()
    while parent is not None and parent is not root:
        if parent.tag in (f"{_W}txbxContent", f"{{{MC}}}Fallback"):
            return True
        parent = parent.getparent()
    return False


def _level(p: etree._Element) -> int:
    style = p.find(f"{_W}pPr/{_W}pStyle")
    if style is not None:
        match = _HEADING_STYLE.search(style.get(f"{_W}val", ""))
        if match:
            return int(match.group(1))
    outline = p.find(f"{_W}pPr/{_W}outlineLvl")
    if outline is not None and outline.get(f"{_W}val", "").isdigit():
        return int(outline.get(f"{_W}val")) + 1
    return 0


def _boxes(p: etree._Element) -> list[etree._Element]:
    """Text boxes anchored in a paragraph (outermost only, no fallback copies)."""
    return [b for b in p.iter(f"{_W}txbxContent") if not _inside(b, p)]


def _cell_text(tc: etree._Element, boxes: bool = True) -> str:
    """The cell's paragraphs joined by a space; ``boxes=False`` when its table has no text box."""
    if not boxes or not _HAS_BOXES(tc):
        # one pass: a paragraph, tab or break reads as a space (runs of them squashed below)
        return _squash("".join((node.text or "") if node.tag == _T else " "
                               for node in tc.iter(_P, _T, _TAB, _BR, _CR)))
    paras = [_text(p) for p in tc.iter(_P) if not _inside(p, tc)]
    return _squash(" ".join(paras))


def _cell_props(tc: etree._Element) -> tuple[int, bool]:
    """The cell's ``gridSpan`` and whether it continues a vertical merge (``vMerge`` not restarting)."""
    span, continued = 1, False
    tcpr = tc.find(_TCPR)
    if tcpr is None:
        return span, continued
    for prop in tcpr:  # one pass over the few properties, cheaper than two finds
        tag = prop.tag
        if tag == _GRID_SPAN:
            span = _int(prop, 1)
        elif tag == _VMERGE:
            continued = prop.get(_VAL, "continue") != "restart"
    return span, continued


def _int(el: etree._Element | None, default: int) -> int:
    if el is None:
        return default
    val = el.get(f"{_W}val", "")
    return max(int(val), 1) if val.isdigit() else default


def _own_cell(tc: etree._Element, tbl: etree._Element) -> bool:
    """True for a cell of ``tbl`` itself, not of a table nested in one of its cells."""
    row = tc.getparent()
    parent = row.getparent() if row is not None else None
    while parent is not None and parent.tag == f"{_W}sdtContent":
        parent = parent.getparent().getparent() if parent.getparent() is not None else None
    return parent is tbl


class _Reader:
    def __init__(self, boxes: bool = True) -> None:
        self.blocks: list[Block] = []
        self.tables = 0
        self.boxes = boxes  # False when the document has no text box: every element is read plainly

    def paragraph(self, p: etree._Element) -> None:
        text = _squash(_text(p) if self.boxes else _plain_text(p))
        if text:
            self.blocks.append(Paragraph(text, f"paragraph {len(self.blocks) + 1}", _level(p)))
        if self.boxes:
            for box in _boxes(p):
                self.body(box)

    def body(self, root: etree._Element) -> None:
        for child in root:
            if child.tag == f"{_W}p":
                self.paragraph(child)
            elif child.tag == f"{_W}tbl":
                self.table(child)
            elif child.tag in (f"{_W}sdt", f"{_W}customXml"):
                content = child.find(f"{_W}sdtContent")
                self.body(content if content is not None else child)

    def table(self, tbl: etree._Element) -> None:
        if _HAS_TABLE(tbl) and any(tc.find(f".//{_W}tbl") is not None
                                   for tc in tbl.iter(f"{_W}tc") if _own_cell(tc, tbl)):
            for tc in (tc for tc in tbl.iter(f"{_W}tc") if _own_cell(tc, tbl)):
                self.body(tc)  # a layout table: its cells hold the report's paragraphs and tables
            return
        self.tables += 1
        where = f"table {self.tables}"
        boxes = self.boxes and _HAS_BOXES(tbl)  # asked once a table, not once a cell
        grid: list[list[str]] = []
        spans: list[list[int]] = []  # printed cells' gridSpan; positions a merge covers are 0
        for tr in tbl.iter(f"{_W}tr"):
            if tr.getparent() is not tbl and tr.getparent().tag != f"{_W}sdtContent":
                continue  # a row of a nested table: its text is part of the outer cell
            trpr = tr.find(f"{_W}trPr")
            row = [""] * _int(trpr.find(f"{_W}gridBefore") if trpr is not None else None, 0)
            span_row = [1] * len(row)
            for tc in tr.iterchildren(_TC):
                span, continued = _cell_props(tc)
                row.append("" if continued else _cell_text(tc, boxes))
                row.extend([""] * (span - 1))
                span_row += [0 if continued else span] + [0] * (span - 1)
            grid.append(row)
            spans.append(span_row)
        width = max((len(r) for r in grid), default=0)
        cols = [f" col {c + 1}" for c in range(width)]
        rows = [[Cell(r[c] if c < len(r) else "", f"{where} row {i + 1}{cols[c]}",
                      spans[i][c] if c < len(r) else 1) for c in range(width)]
                for i, r in enumerate(grid)]
        self.blocks.append(Table(rows, where, grid=True))


def read_docx(data: bytes, name: str) -> Document:
    """Read a DOCX: paragraphs, headings, text boxes and merged-cell tables in body order."""
    xml = _document_xml(data)
    try:
        root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, huge_tree=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise UnreadableFileError(f"corrupt DOCX: word/document.xml is not well-formed XML ({exc})") from exc
    body = root.find(f"{_W}body")
    if body is None:
        raise UnreadableFileError("DOCX word/document.xml has no body")
    reader = _Reader(boxes=_HAS_BOXES(body))
    reader.body(body)
    return Document(reader.blocks, name, "docx")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_doc(data: bytes, name: str) -> Document:
    """Legacy Word 97-2003: convert to DOCX with LibreOffice headless, then read that."""
    binary = soffice()
    if binary is None:
        raise UnsupportedFormatError("legacy .doc needs LibreOffice (soffice) to convert; not installed")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "report.doc"
        src.write_bytes(data)
        try:
            subprocess.run(
                [binary, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "docx",
                 "--outdir", tmp, str(src)],
                check=True, capture_output=True, timeout=SOFFICE_TIMEOUT,
            )
            converted = (Path(tmp) / "report.docx").read_bytes()
        except subprocess.TimeoutExpired as exc:
            raise UnreadableFileError(f"LibreOffice did not convert the .doc within {SOFFICE_TIMEOUT} s") from exc
        except (subprocess.CalledProcessError, FileNotFoundError) as exc:
            raise UnreadableFileError(f"LibreOffice could not convert the .doc: {exc}") from exc
    doc = read_docx(converted, name)
    doc.format = "doc"
    return doc
