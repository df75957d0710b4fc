"""PDF reader: ruled and ruleless tables, tables across pages, scans, encryption, corrupt and big files."""

from __future__ import annotations

import copy
import io
from pathlib import Path

import pdf_fixtures
import pytest
from conftest import cell_diffs, load_truth
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from bench.synth import layout
from pipeline.errors import FileTooLargeError, UnreadableFileError, UnsupportedFormatError
from pipeline.parse import parse_bytes, parse_file
from pipeline.read import Paragraph, Table, read_bytes, read_file
from pipeline.read.pdf import MAX_PAGES

FORMATS = Path(__file__).parent / "fixtures/formats"
RULELESS = FORMATS / "ruleless"
FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def pdf(draw, pages: int = 1, **kw) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, **kw)
    for _ in range(pages):
        draw(c)
        c.showPage()
    c.save()
    return buf.getvalue()


def tables(doc) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]


def texts(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


def table_three(doc) -> Table:
    return next(t for t in tables(doc) if any("本年新收" in c.text for row in t.rows for c in row))


# --- ruled tables (Word/LibreOffice export) ----------------------------------------------------


def test_table_broken_across_pages_is_one_table_with_split_row_rejoined() -> None:
    doc = read_file(FORMATS / "meizhou_hrss_2023.pdf")
    three = [t for t in tables(doc) if len(t.rows[0]) == 10]
    assert len(three) == 1  # the part on page 2 is appended to the table that starts on page 1
    pages = {c.where.split(" table")[0] for row in three[0].rows for c in row}
    assert pages == {"page 1", "page 2"}
    labels = [row[2].text for row in three[0].rows]
    # Word split this row over the page break; the reader glues the label back onto its numbers
    assert "1.本机关不掌握相关政府信息" in labels
    assert "关政府信息" not in labels


def test_wrapped_labels_join_inside_their_cell() -> None:
    doc = read_file(FORMATS / "pinghu_hrss_2023.pdf")  # a narrow-label variant
    rows = [r for t in tables(doc) for r in texts(t)]
    assert ["", "", "2.其他法律行政法规禁止公开", *["0"] * 7] in rows


def test_prose_lines_are_paragraphs_with_page_and_line() -> None:
    doc = read_file(FORMATS / "zezhou_hrss_2023.pdf")
    first = doc.blocks[0]
    assert isinstance(first, Paragraph) and first.where == "page 1 line 1"
    assert first.text == "泽州县人力资源和社会保障局2023年度政府信息公开工作年度报告"


def test_cells_name_page_table_row_and_column() -> None:
    doc = read_file(FORMATS / "meizhou_hrss_2023.pdf")
    proactive = tables(doc)[0]
    assert proactive.where == "page 1 table 1" and proactive.grid
    assert proactive.rows[2][1].where == "page 1 table 1 row 3 col 2"


def test_stroked_lines_and_rectangles_are_rules_too() -> None:
    """LibreOffice and WPS draw borders as thin filled boxes; other producers stroke lines or
    cell rectangles. All three give the same grid."""
    rows = [["信息内容", "本年制发", "本年废止"], ["规章", "1", "0"], ["行政规范性文件", "8", "26"]]
    widths, height = [120, 60, 60], 20

    def draw(c, rects: bool) -> None:
        c.setFont(FONT, 10.5)
        xs = [72 + sum(widths[:i]) for i in range(4)]
        ys = [700 - height * j for j in range(4)]
        if rects:
            for i in range(3):
                for j in range(3):
                    c.rect(xs[i], ys[j + 1], widths[i], height, stroke=1, fill=0)
        else:
            for y in ys:
                c.line(xs[0], y, xs[-1], y)
            for x in xs:
                c.line(x, ys[0], x, ys[-1])
        for j, row in enumerate(rows):
            for i, text in enumerate(row):
                c.drawString(xs[i] + 4, ys[j] - 14, text)

    for rects in (False, True):
        doc = read_bytes(pdf(lambda c, r=rects: draw(c, r)), "ruled.pdf")
        assert [texts(t) for t in tables(doc)] == [rows]


ROWS = [["规章", "1", "0"], ["行政规范性文件", "8", "26"], ["行政许可", "3", "4"]]


@pytest.mark.parametrize("rotation,origin,angle", [
    (90, (595, 0), 90), (180, (595, 842), 180), (270, (0, 842), -90),
])
def test_rotated_page_reads_as_displayed(rotation: int, origin: tuple[int, int], angle: int) -> None:
    def draw(c) -> None:
        c.setPageRotation(rotation)
        c.translate(*origin)
        c.rotate(angle)
        c.setFont(FONT, 10.5)
        for j, (label, a, b) in enumerate(ROWS):
            c.drawString(72, 400 - 20 * j, label)
            c.drawRightString(300, 400 - 20 * j, a)
            c.drawRightString(400, 400 - 20 * j, b)

    doc = read_bytes(pdf(draw, pagesize=(595, 842)), "rotated.pdf")
    assert [texts(t) for t in tables(doc)] == [ROWS]


# --- ruleless tables ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(pdf_fixtures.fixtures()))
def test_ruleless_fixture_parses_to_truth(name: str) -> None:
    stem, _ = pdf_fixtures.fixtures()[name]
    assert cell_diffs(parse_file(RULELESS / name), load_truth(stem)) == []


def blocks_text(data: bytes) -> list[object]:
    doc = read_bytes(data, "x.pdf")
    return [texts(b) if isinstance(b, Table) else b.text for b in doc.blocks]


@pytest.mark.parametrize("name", sorted(pdf_fixtures.fixtures()))
def test_ruleless_fixtures_are_current(name: str) -> None:
    """The committed files read as what ``python tests/pdf_fixtures.py`` draws now (compared as
    read, not byte for byte, so a reportlab upgrade that writes other bytes does not matter)."""
    assert blocks_text((RULELESS / name).read_bytes()) == blocks_text(pdf_fixtures.build(name))


def test_ruleless_fixtures_have_no_ruling_lines() -> None:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    doc = pdfium.PdfDocument((RULELESS / "meizhou_hrss_2023.pdf").read_bytes())
    kinds = {obj.type for page in doc for obj in page.get_objects()}
    assert pdfium_c.FPDF_PAGEOBJ_PATH not in kinds


def test_ruleless_label_and_number_are_separate_cells() -> None:
    """The regression: without rules the label and its number came out glued (``行政许可282``)."""
    doc = read_file(RULELESS / "meizhou_hrss_2023.pdf")
    rows = [r for t in tables(doc) for r in texts(t)]
    assert ["行政许可", "", "", "33"] in rows  # one value column of three: the number is right-aligned
    assert ["规章", "0", "0", "0"] in rows
    assert not any("行政许可33" in c for r in rows for c in r)


def test_ruleless_table_is_a_grid_of_label_and_value_columns() -> None:
    three = table_three(read_file(RULELESS / "meizhou_hrss_2023.pdf"))
    assert three.grid and {len(r) for r in three.rows} == {10}  # 3 label columns, 7 value columns
    rows = texts(three)
    assert ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""] in rows
    assert rows[3] == ["一、本年新收政府信息公开申请数量", "", "", "4", "0", "0", "0", "0", "0", "4"]
    assert three.rows[3][9].where == f"{three.where} row 4 col 10"


@pytest.mark.parametrize("name", ["meizhou_hrss_2023.pdf", "pinghu_hrss_2023.pdf"])  # numbers top / centred
def test_ruleless_wrapped_label_is_one_cell_in_its_row(name: str) -> None:
    rows = texts(table_three(read_file(RULELESS / name)))
    label = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    row = next(r for r in rows if label in r)
    assert row[1] == "（六）其他处理" and row[2] == label and all(c.isdigit() for c in row[3:])
    assert not any(r[2].startswith("不补正") for r in rows)


@pytest.mark.parametrize("name,row_no", [
    ("meizhou_hrss_2023.broken.pdf", 4),
    ("pinghu_hrss_2023.broken_nohead.pdf", 1),
])
def test_ruleless_table_broken_over_pages_is_one_table(name: str, row_no: int) -> None:
    """Rows on the new page are appended; their ``where`` counts the rows printed on that page
    (a repeated header included, though its rows are dropped)."""
    doc = read_file(RULELESS / name)
    three = table_three(doc)
    pages = sorted({c.where.split(" table")[0] for row in three.rows for c in row})
    assert len(pages) == 2
    rows = texts(three)
    assert sum("商业企业" in r for r in rows) == 1  # the header printed again on the new page is dropped
    labels = [r[2] for r in rows]
    assert labels.index("4.保护第三方合法权益") == labels.index("3.危及“三安全一稳定”") + 1
    first_on_new_page = next(row for row in three.rows if row[2].text == "4.保护第三方合法权益")
    assert first_on_new_page[2].where == f"{pages[1]} table 1 row {row_no} col 3"
    after = doc.blocks[doc.blocks.index(three) + 1]
    assert isinstance(after, Paragraph) and after.text == f"-{pages[0].split()[1]}-"  # the page number


@pytest.mark.parametrize("mark", ["", "—", "/"])
def test_ruleless_empty_cells_stay_in_their_columns(mark: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A blank cell, printed as nothing or as a dash, is an empty cell of its own column, also
    where it ends a row (before the table's columns are known)."""
    fmt = layout.fmt
    monkeypatch.setattr(layout, "fmt", lambda v: mark if v is None else fmt(v))
    report = copy.deepcopy(load_truth("tianjin_dongli_hrss_2023"))
    report["applications"]["granted"]["natural_person"] = None  # the first value column of a row
    report["applications"]["new_received"]["research_institution"] = None  # one inside a row
    report["applications"]["new_received"]["total"] = None  # the last one of the table's first row
    report["proactive"]["rules"]["repealed"] = None
    data = pdf_fixtures.render(report)
    rows = [r for t in tables(read_bytes(data, "holes.pdf")) for r in texts(t)]
    granted = next(r for r in rows if "（一）予以公开" in r)
    assert granted[3] == mark and len(granted) == 10
    assert cell_diffs(parse_bytes(data, "holes.pdf"), report) == []


@pytest.mark.parametrize("numbers", ["center", "left"])
@pytest.mark.parametrize("valign", ["top", "middle"])
def test_ruleless_numbers_centred_or_left_aligned(numbers: str, valign: str) -> None:
    report = load_truth("pinghu_hrss_2023")
    data = pdf_fixtures.render(report, pdf_fixtures.Style(valign, pdf_fixtures.BREAK_ROW, numbers=numbers))
    assert cell_diffs(parse_bytes(data, "aligned.pdf"), report) == []


@pytest.mark.parametrize("valign", ["top", "middle"])
def test_ruleless_tight_rows(valign: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows with almost no padding: the second line of a two-row header cell (自然/人) shares a
    baseline with the next header row, and wrapped labels touch the rows around them."""
    monkeypatch.setattr(pdf_fixtures, "PAD_Y", 0.8)
    report = load_truth("meizhou_hrss_2023")
    data = pdf_fixtures.render(report, pdf_fixtures.Style(valign, pdf_fixtures.BREAK_ROW, repeat_header=True))
    header = next(r for r in texts(table_three(read_bytes(data, "tight.pdf"))) if "总计" in r)
    assert header[3] == "自然人"
    assert cell_diffs(parse_bytes(data, "tight.pdf"), report) == []


def test_a_lone_line_with_a_number_is_prose_not_a_table() -> None:
    def draw(c) -> None:
        c.setFont(FONT, 10.5)
        c.drawString(72, 700, "本年度共收到申请")
        c.drawRightString(400, 700, "282")

    doc = read_bytes(pdf(draw), "prose.pdf")
    assert [(type(b).__name__, getattr(b, "text", None)) for b in doc.blocks] == [
        ("Paragraph", "本年度共收到申请 282"),
    ]


# --- refusals ----------------------------------------------------------------------------------


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


def test_truncated_pdf_is_unreadable() -> None:
    data = (FORMATS / "zezhou_hrss_2023.pdf").read_bytes()
    with pytest.raises(UnreadableFileError, match="corrupt PDF"):
        read_bytes(data[: len(data) // 3], "cut.pdf")


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


def test_fixture_list_matches_the_committed_files() -> None:
    assert sorted(p.name for p in RULELESS.glob("*.pdf")) == sorted(pdf_fixtures.fixtures())
    stems = {stem for stem, _ in pdf_fixtures.fixtures().values()}
    assert stems == {p.stem for p in pdf_fixtures.TRUTH.glob("*.json")}
