"""PDF reader: tables across pages, scans, encryption, corrupt and oversized files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from pipeline.errors import FileTooLargeError, UnreadableFileError, UnsupportedFormatError
from pipeline.read import Paragraph, Table, read_bytes, read_file
from pipeline.read.pdf import MAX_PAGES

FORMATS = Path(__file__).parent / "fixtures/formats"


def pdf(draw, pages: int = 1, **kw) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, **kw)
    for _ in range(pages):
        draw(c)
        c.showPage()
    c.save()
    return buf.getvalue()


def test_table_broken_across_pages_is_one_fragment_per_page_with_split_row_rejoined() -> None:
    doc = read_file(FORMATS / "meizhou_hrss_2023.pdf")
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    pages = {t.where.split(" table")[0] for t in tables}
    assert len(pages) == 2
    labels = [row[2].text for t in tables if len(t.rows[0]) == 10 for row in t.rows]
    # Word split this row over the page break; the reader glues the label back onto its numbers
    assert "1.本机关不掌握相关政府信息" in labels
    assert "关政府信息" not in labels


def test_wrapped_labels_join_inside_their_cell() -> None:
    doc = read_file(FORMATS / "pinghu_hrss_2023.pdf")  # a narrow-label variant
    rows = [[c.text for c in row] for b in doc.blocks if isinstance(b, Table) for row in b.rows]
    assert ["", "", "2.其他法律行政法规禁止公开", *["0"] * 7] in rows


def test_prose_lines_are_paragraphs_with_page_and_line() -> None:
    doc = read_file(FORMATS / "zezhou_hrss_2023.pdf")
    first = doc.blocks[0]
    assert isinstance(first, Paragraph) and first.where == "page 1 line 1"
    assert first.text == "泽州县人力资源和社会保障局2023年度政府信息公开工作年度报告"


def test_scanned_pdf_without_text_layer_is_refused() -> None:
    img = ImageReader(Image.new("RGB", (200, 100), "white"))
    data = pdf(lambda c: c.drawImage(img, 50, 500, 400, 200))
    with pytest.raises(UnsupportedFormatError, match="no text layer"):
        read_bytes(data, "scan.pdf")


def test_encrypted_pdf_is_unreadable() -> None:
    data = pdf(lambda c: c.drawString(100, 700, "2023 report"), encrypt="secret")
    with pytest.raises(UnreadableFileError, match="encrypted"):
        read_bytes(data, "locked.pdf")


def test_corrupt_pdf_is_unreadable() -> None:
    with pytest.raises(UnreadableFileError, match="corrupt PDF"):
        read_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n%%garbage" * 10, "broken.pdf")


def test_too_many_pages_refused() -> None:
    data = pdf(lambda c: c.drawString(100, 700, "x"), pages=MAX_PAGES + 1)
    with pytest.raises(FileTooLargeError, match="pages"):
        read_bytes(data, "long.pdf")


def test_two_hundred_megabyte_pdf_refused_without_loading(tmp_path) -> None:
    big = tmp_path / "big.pdf"
    with big.open("wb") as fh:
        fh.write(b"%PDF-1.7\n")
        fh.truncate(200 * 1024 * 1024)  # sparse: no 200 MB written or read
    with pytest.raises(FileTooLargeError, match="MB"):
        read_file(big)
