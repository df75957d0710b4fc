"""DOCX/DOC reader: merged cells, text boxes, split tables, content sniffing, hostile containers."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import cell_diffs
from lxml import etree

from bench.synth import render_docx
from pipeline.errors import UnreadableFileError, UnsupportedFormatError
from pipeline.read import Paragraph, Table, read_bytes
from pipeline.read.docx import read_doc

HERE = Path(__file__).parent
ZEZHOU = json.loads((HERE / "fixtures/samples/truth/zezhou_hrss_2023.json").read_text(encoding="utf-8"))
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def saved(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_grid_span_and_vmerge_leave_spanned_positions_empty() -> None:
    d = docx.Document()
    t = d.add_table(rows=3, cols=3)
    t.cell(0, 0).merge(t.cell(1, 0)).text = "三、本年度办理结果"
    t.cell(0, 1).merge(t.cell(0, 2)).text = "申请人"
    t.cell(1, 1).text, t.cell(1, 2).text = "5", "6"
    t.cell(2, 0).text = "（七）总计"
    t.cell(2, 1).paragraphs[0].text = "1"
    cell = t.cell(2, 2)
    cell.paragraphs[0].text = "合"
    cell.add_paragraph("计")
    doc = read_bytes(saved(d), "t.docx")
    (table,) = [b for b in doc.blocks if isinstance(b, Table)]
    assert [[c.text for c in row] for row in table.rows] == [
        ["三、本年度办理结果", "申请人", ""],
        ["", "5", "6"],
        ["（七）总计", "1", "合 计"],
    ]
    assert table.rows[2][1].where == "table 1 row 3 col 2"


def test_text_box_read_once_in_order() -> None:
    d = docx.Document()
    d.add_paragraph("前文")
    anchor = d.add_paragraph("锚点")
    box = (
        f'<w:r xmlns:w="{W}" xmlns:mc="{MC}"><mc:AlternateContent><mc:Choice Requires="wps">'
        "<w:txbxContent><w:p><w:r><w:t>文本框里的统计期限</w:t></w:r></w:p></w:txbxContent></mc:Choice>"
        "<mc:Fallback><w:txbxContent><w:p><w:r><w:t>文本框里的统计期限</w:t></w:r></w:p></w:txbxContent>"
        "</mc:Fallback></mc:AlternateContent></w:r>"
    )
    anchor._p.append(etree.fromstring(box))
    d.add_paragraph("后文")
    doc = read_bytes(saved(d), "box.docx")
    assert [b.text for b in doc.blocks if isinstance(b, Paragraph)] == ["前文", "锚点", "文本框里的统计期限", "后文"]


def test_split_table_emitted_as_tables_in_order() -> None:
    # variant 1 splits table 三 in two
    doc = read_bytes(render_docx(ZEZHOU, variant=1), "z.docx")
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds.count("Table") == 4
    heads = [b.rows[0][0].text for b in doc.blocks if isinstance(b, Table)]
    assert heads[1].startswith("（本列数据") and heads[2] == ""


def test_docx_named_htm_is_read_as_docx() -> None:
    doc = read_bytes(render_docx(ZEZHOU), "report.htm")
    assert doc.format == "docx" and any(isinstance(b, Table) for b in doc.blocks)


def test_truncated_docx_is_unreadable() -> None:
    data = render_docx(ZEZHOU)
    with pytest.raises(UnreadableFileError, match="corrupt DOCX"):
        read_bytes(data[: len(data) // 2], "cut.docx")


def test_malformed_document_xml_is_unreadable() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document><w:body><w:p>")
    with pytest.raises(UnreadableFileError, match="not well-formed"):
        read_bytes(buf.getvalue(), "bad.docx")


def test_zip_bomb_refused_before_decompressing() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\0" * (300 * 1024 * 1024))
    assert len(buf.getvalue()) < 1_000_000
    with pytest.raises(UnreadableFileError, match="zip bomb"):
        read_bytes(buf.getvalue(), "bomb.docx")


def test_legacy_doc_without_libreoffice_says_so(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(UnsupportedFormatError, match="needs LibreOffice"):
        read_doc(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old.doc")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_legacy_doc_converted_with_libreoffice() -> None:
    from pipeline.parse import parse_bytes

    data = (HERE / "fixtures/formats/legacy/zezhou_hrss_2023.doc").read_bytes()
    doc = read_bytes(data, "zezhou.doc")
    assert doc.format == "doc"
    parsed = parse_bytes(data, "zezhou.doc")
    assert cell_diffs(parsed, ZEZHOU) == []
