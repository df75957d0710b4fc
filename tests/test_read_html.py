"""HTML reader: merged-cell grids, chrome, nesting, encodings and hostile pages."""

from __future__ import annotations

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
