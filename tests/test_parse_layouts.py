"""Constructed layouts parse exactly: columns found by their header, never by position alone."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import SAMPLE_NAMES, cell_diffs, load_truth
from layouts import flattened_text, nest_docx, report_html

from pipeline import template
from pipeline.parse import parse_file

SWAPPED = ("natural_person", "research_institution", "commercial_enterprise", "social_welfare_organization",
           "legal_service_organization", "other_organization", "total")
TOTAL_FIRST = ("total", "natural_person", *[k for k in template.APPLICANT_KEYS if k not in ("total", "natural_person")])


def _parse(tmp_path: Path, text: str) -> dict:
    path = tmp_path / "report.html"
    path.write_text(text, encoding="utf-8")
    return parse_file(path)


@pytest.mark.parametrize("name", SAMPLE_NAMES)
@pytest.mark.parametrize("order", [template.APPLICANT_KEYS, SWAPPED, TOTAL_FIRST], ids=["template", "swapped", "total-first"])
def test_columns_named_by_header(tmp_path: Path, name: str, order: tuple[str, ...]) -> None:
    truth = load_truth(name)
    report = _parse(tmp_path, report_html(truth, order))
    assert cell_diffs(report, truth) == []


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_extra_total_column_after_the_group_is_ignored(tmp_path: Path, name: str) -> None:
    truth = load_truth(name)
    report = _parse(tmp_path, report_html(truth, extra_after_members=True))
    assert cell_diffs(report, truth) == []
    assert any(w["code"] == "extra_column" for w in report["warnings"])


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_layout_table_around_the_report(tmp_path: Path, name: str) -> None:
    truth = load_truth(name)
    assert cell_diffs(_parse(tmp_path, report_html(truth, SWAPPED, layout_table=True)), truth) == []


def test_collapsed_other_group_goes_under_the_group_key(tmp_path: Path) -> None:
    truth = load_truth("pinghu_hrss_2023")
    report = _parse(tmp_path, report_html(truth, collapse_other=True))
    for key in ("other.no_correction", "other.unpaid_fee", "other.other"):
        assert set(report["applications"][key].values()) == {None}
    expected = {a: sum(truth["applications"][k][a] for k in ("other.no_correction", "other.unpaid_fee", "other.other"))
                for a in template.APPLICANT_KEYS}
    assert report["applications"]["other"] == expected
    assert any(w["code"] == "collapsed_group" for w in report["warnings"])
    assert not any(w["code"] == "row_not_found" and w["location"].startswith("applications.other.")
                   for w in report["warnings"])


def test_utf16_text_export_is_read(tmp_path: Path) -> None:
    name = "pinghu_hrss_2023"
    truth = load_truth(name)
    text = (Path(__file__).parent / "fixtures/samples/reports" / truth["file"]).read_text(encoding="utf-8")
    path = tmp_path / "unicode.txt"
    path.write_bytes(text.encode("utf-16"))
    report = parse_file(path)
    assert report["source"]["encoding"] == "utf-16"
    assert cell_diffs(report, truth) == []


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_flattened_text_dump_recovers_what_the_sums_prove(tmp_path: Path, name: str) -> None:
    """A portal text dump (one line, digits glued): no cell is ever wrong; glued digits are split
    only where one split exists or the row's 总计 singles it out, and every split is warned."""
    truth = load_truth(name)
    path = tmp_path / "dump.txt"
    path.write_text(flattened_text(truth), encoding="utf-8")
    report = parse_file(path)
    diffs = cell_diffs(report, truth)
    assert [d for d in diffs if d[1] is not None] == []  # nothing silently wrong
    assert len(diffs) <= 21  # at most three rows left empty; the rest recovered exactly
    assert any(w["code"] == "digits_split" for w in report["warnings"])
    for key, got, _ in diffs:
        row = key.rsplit(".", 1)[0]
        assert got is None and any(w["location"] == row for w in report["warnings"])


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_docx_tables_inside_a_layout_table(tmp_path: Path, name: str) -> None:
    truth = load_truth(name)
    source = Path(__file__).parent / "fixtures/formats" / f"{name}.docx"
    path = tmp_path / "nested.docx"
    path.write_bytes(nest_docx(source.read_bytes()))
    assert cell_diffs(parse_file(path), truth) == []


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_transposed_table_three(tmp_path: Path, name: str) -> None:
    truth = load_truth(name)
    report = _parse(tmp_path, report_html(truth, transposed=True))
    assert cell_diffs(report, truth) == []
    assert any(w["code"] == "transposed_table" for w in report["warnings"])


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_appeal_columns_named_by_their_headers(tmp_path: Path, name: str) -> None:
    """Table 四 with its outcome columns in another order (总计 first) is read by its header cells."""
    truth = load_truth(name)
    order = ("total", "pending", "other", "corrected", "upheld")
    assert cell_diffs(_parse(tmp_path, report_html(truth, appeal_outcomes=order)), truth) == []


def test_markdown_header_with_total_on_the_first_line(tmp_path: Path) -> None:
    """A tab-separated export prints 总计 on the header's first line, before 自然人: its position there
    says nothing about its column. With non-zero numbers (Meizhou's) in Zezhou's layout, every
    cell must land in its own column."""
    samples = Path(__file__).parent / "fixtures/samples"
    zezhou = (samples / "reports" / "zezhou_hrss_2023.md").read_text(encoding="utf-8").split("\n")
    meizhou = load_truth("meizhou_hrss_2023")["applications"]
    rows = iter(template.APPLICATION_KEYS)
    out = []
    for line in zezhou:
        cells = line.split("\t")
        numeric = [i for i, c in enumerate(cells) if c.strip().isdigit()]
        if len(numeric) == 7 and "结转" in line or len(numeric) == 7 and any(k in line for k in ("公开", "申请", "处理", "信息", "其他", "总计", "出版物", "案卷", "事项", "稳定", "权益")):
            values = meizhou[next(rows)]
            for i, key in zip(numeric, template.APPLICANT_KEYS, strict=True):
                cells[i] = str(values[key])
        out.append("\t".join(cells))
    assert next(rows, None) is None  # all 25 rows rewritten
    path = tmp_path / "report.md"
    path.write_text("\n".join(out), encoding="utf-8")
    report = parse_file(path)
    assert report["applications"] == {**meizhou, "other": dict.fromkeys(template.APPLICANT_KEYS)}


@pytest.mark.parametrize("repeat_header", [False, True], ids=["no-header", "header-repeated"])
@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_table_three_broken_inside_a_group(tmp_path: Path, name: str, repeat_header: bool) -> None:
    """A page break inside （三）不予公开 splits table 三 into two tables (a Word page pasted as HTML),
    the second with or without the header again."""
    truth = load_truth(name)
    page = report_html(truth, SWAPPED)
    start = page.index("<table", page.index("三、收到和处理"))
    first_row = page.index("<tr><td>1.属于国家秘密", start)
    header = page[page.index("<tr>", start):page.index("<tr><td>一、", start)]
    cut = page.index("<tr><td>4.保护第三方合法权益", start)
    page = page[:cut] + "</table><p>- 5 -</p><table border='1'>" + (header if repeat_header else "") + page[cut:]
    assert first_row < cut
    assert cell_diffs(_parse(tmp_path, page), truth) == []


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_variant_character_qita(tmp_path: Path, name: str) -> None:
    """Many reports write 其它 for 其他 (column 其它, row 3.其它, （六）其它处理, 其它结果)."""
    truth = load_truth(name)
    page = report_html(truth, SWAPPED).replace("其他", "其它")
    assert cell_diffs(_parse(tmp_path, page), truth) == []
    collapsed = report_html(truth, collapse_other=True).replace("其他", "其它")
    assert _parse(tmp_path, collapsed)["applications"]["other"]["total"] is not None


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed (make test installs it)")
def test_office_made_pdf_and_docx_with_columns_swapped(tmp_path: Path) -> None:
    """The swapped-columns page saved as PDF and as DOCX by an office suite (LibreOffice): the
    readers' grids keep the header cells over their columns, so every cell lands in its own."""
    names = ("meizhou_hrss_2023", "pinghu_hrss_2023")
    for name in names:  # office suites drop a page's very first paragraph: give them a blank one
        page = report_html(load_truth(name), SWAPPED).replace("<body>", "<body><p>　</p><p>　</p>")
        (tmp_path / f"{name}.html").write_text(page.replace("<h1>", "<p>").replace("</h1>", "</p>"), "utf-8")
    for target in ("pdf", "docx:MS Word 2007 XML"):
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                        target, "--outdir", str(tmp_path), *[str(tmp_path / f"{n}.html") for n in names]],
                       check=True, capture_output=True, timeout=300)
    for name in names:
        for suffix in (".pdf", ".docx"):
            assert cell_diffs(parse_file(tmp_path / f"{name}{suffix}"), load_truth(name)) == [], suffix
