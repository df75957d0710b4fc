"""HTML reader: merged-cell grids, chrome, nesting, encodings and hostile pages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.errors import UnreadableFileError
from pipeline.read import Paragraph, Table, read_bytes
from pipeline.read.encoding import decode_bytes
from pipeline.read.html import MAX_DEPTH, read_html

MERGED = """<html><body><table>
<tr><td rowspan="2" colspan="2">情况</td><td colspan="2">申请人</td></tr>
<tr><td>自然人</td><td><p>法人</p><p><span>组织</span></p></td></tr>
<tr><td rowspan="2">三、结果</td><td>予以<br>公开</td><td>7</td><td>&nbsp;</td></tr>
<tr><td>部分公开</td><td></td><td>2</td></tr>
</table></body></html>"""


def texts(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


def tables(doc) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]


def test_rowspan_colspan_expand_to_grid_with_empty_spanned_cells() -> None:
    (table,) = tables(read_html(MERGED.encode(), "m.html"))
    assert texts(table) == [
        ["情况", "", "申请人", ""],
        ["", "", "自然人", "法人 组织"],
        ["三、结果", "予以 公开", "7", ""],
        ["", "部分公开", "", "2"],
    ]
    assert table.rows[3][3].where == "table 1 row 4 col 4"
    # a printed cell's colspan where it starts, 0 where a merge covers the position
    assert [[c.span for c in row] for row in table.rows] == [[2, 0, 2, 0], [0, 0, 1, 1], [1, 1, 1, 1], [0, 1, 1, 1]]


def test_chrome_dropped_and_report_found_inside_layout_table() -> None:
    page = """<html><head><script>var x = "2023年度政府信息公开工作年度报告";</script></head><body>
    <div class="header">首页 网站导航</div><nav>政务公开 办事服务</nav>
    <table><tr><td class="left"><ul><li>通知公告</li><li>年报</li></ul><table><tr><td>日历</td></tr></table></td>
    <td><div class="title">某局2023年度政府信息公开工作年度报告</div>
    <div class="content"><p>统计期限为2023年。</p><table><tr><td>规章</td><td>0</td></tr></table></div></td></tr></table>
    <footer>版权所有</footer></body></html>"""
    doc = read_html(page.encode(), "p.html")
    prose = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert prose == ["某局2023年度政府信息公开工作年度报告", "统计期限为2023年。"]
    assert [texts(t) for t in tables(doc)] == [[["规章", "0"]]]


def test_cell_text_pieces_are_joined_by_a_space_and_code_is_not_text() -> None:
    """Two paragraphs in a cell never fuse into one number; script and style text is never page text."""
    page = """<body><table><tr><td><p>1</p><p>2</p></td><td>3<script>var n = 4;</script>5</td>
    <td>6<!-- 7 -->8</td><td><style>td { color: red }</style>9</td></tr></table></body>"""
    (table,) = tables(read_html(page.encode(), "c.html"))
    assert texts(table) == [["1 2", "3 5", "6 8", "9"]]


def test_title_in_a_script_does_not_choose_the_report() -> None:
    """Only printed text names the report: a share script quoting the title does not make its div the report."""
    page = """<body><div class="side"><table><tr><td>日历</td></tr></table></div>
    <div class="main"><script>share("某局2023年度政府信息公开工作年度报告")</script>
    <table><tr><td>规章</td><td>0</td></tr><tr><td>规范性文件</td><td>1</td></tr></table></div>
    <div class="other"><p>某局2023年度政府信息公开工作年度报告</p></div></body>"""
    doc = read_html(page.encode(), "s.html")
    # the climb passes over main (its title is only in a script) up to the body, sidebar and all
    assert [texts(t) for t in tables(doc)] == [[["日历"]], [["规章", "0"], ["规范性文件", "1"]]]


def test_title_spread_by_spaces_between_tags_still_found() -> None:
    """A run of spaces between two tags is one space in the title test, so the report is still found."""
    page = """<body><div class="side"><p>友情链接</p><table><tr><td>日历</td></tr></table></div>
    <div class="main"><p><span>某局2023年度</span>              <span>政府信息公开工作年度报告</span></p>
    <table><tr><td>规章</td><td>0</td></tr><tr><td>规范性文件</td><td>1</td></tr></table></div></body>"""
    doc = read_html(page.encode(), "t.html")
    assert [b.text for b in doc.blocks if isinstance(b, Paragraph)] == ["某局2023年度 政府信息公开工作年度报告"]
    assert [texts(t) for t in tables(doc)] == [[["规章", "0"], ["规范性文件", "1"]]]


def test_page_of_only_comments_is_an_empty_document() -> None:
    doc = read_html(b"<!-- nothing here -->", "empty.html")
    assert doc.blocks == [] and doc.meta == {}


def test_headings_carry_their_level() -> None:
    doc = read_html("<body><h2>一、总体情况</h2><p>正文</p></body>".encode(), "h.html")
    assert [(b.text, b.level) for b in doc.blocks] == [("一、总体情况", 2), ("正文", 0)]


@pytest.mark.parametrize(
    "data,hint,expected",
    [
        ('<meta charset="gb2312"><p>统计期限</p>'.encode("gbk"), None, "gb18030"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=GBK"><p>统计</p>'.encode("gbk"), None, "gb18030"),
        ("<p>統計期限 報告</p>".encode("big5"), "big5", "big5"),
        ("<p>统计期限</p>".encode("gb18030"), None, "gb18030"),
        ("\ufeff<p>统计期限</p>".encode(), None, "utf-8-sig"),
        ("<p>统计期限</p>".encode(), None, "utf-8"),
    ],
)
def test_encodings(data: bytes, hint: str | None, expected: str) -> None:
    text, used = decode_bytes(data, hint, html=True)
    assert used == expected and ("统计" in text or "統計" in text)


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8", "utf-16"])
def test_declarations_in_the_page_do_not_override_the_chosen_encoding(encoding: str) -> None:
    """An ``<?xml encoding?>`` or ``<meta charset>`` is a hint to `decode_bytes`, never to libxml2."""
    page = """<?xml version="1.0" encoding="gb2312"?>
<html><head><meta charset="gb2312"><title>某局年报</title></head><body><p>统计期限</p></body></html>"""
    doc = read_html(page.encode(encoding), "x.html", encoding)
    assert doc.meta == {"title": "某局年报"} and [b.text for b in doc.blocks] == ["统计期限"]


def test_wrong_meta_charset_falls_back_to_detection() -> None:
    data = '<meta charset="utf-8"><p>本年度报告统计期限</p>'.encode("gb18030")
    doc = read_bytes(data, "x.html")
    assert doc.encoding == "gb18030" and "统计期限" in doc.blocks[0].text


def test_undecodable_bytes_raise_instead_of_mojibake() -> None:
    data = b"<html><body><p>" + bytes(range(0x80, 0x100)) * 40 + b"</p></body></html>"
    with pytest.raises(UnreadableFileError, match="characters are invalid"):
        read_bytes(data, "bad.html")


def test_ten_megabytes_of_nested_tables_fail_fast() -> None:
    data = b"<html><body>" + b"<table><tr><td>x" * 700_000 + b"</body></html>"
    assert len(data) > 10_000_000
    with pytest.raises(UnreadableFileError, match=f"more than {MAX_DEPTH} deep"):
        read_bytes(data, "nested.html")


def test_huge_flat_table_fails_fast() -> None:
    data = b"<html><body><table>" + b"<tr>" + b"<td>1</td>" * 1_000_000 + b"</tr></table></body></html>"
    with pytest.raises(UnreadableFileError, match="table cells"):
        read_bytes(data, "flat.html")


def test_reading_a_page_does_not_import_beautifulsoup() -> None:
    """The reader is one lxml pass: BeautifulSoup's tree costs some 20x lxml's parse on a portal page."""
    page = Path(__file__).parent / "fixtures" / "formats" / "pinghu_hrss_2023.html"
    script = (f"import sys; from pipeline.read import read_file; read_file({str(page)!r}); "
              "print('bs4' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).parents[1])
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "False"
