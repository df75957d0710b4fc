"""Discovery rules on HTML strings: report links, pagination patterns, attachments, encodings."""

from __future__ import annotations

import pytest

from pipeline.acquire.discover import (
    attachment_ext,
    decode_html,
    names_annual_report,
    parse_list_page,
    parse_report_page,
)
from pipeline.acquire.errors import ContentMismatchError
from pipeline.acquire.fetch import Response, check_content

BASE = "http://gov.example/col/col123/index.html"


def _page(body: str) -> str:
    return f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("某局2023年政府信息公开工作年度报告", True),
        ("2022年度政务公开年报", True),
        ("二〇二三年政府信息公开工作年度报告", True),
        ("政府信息公开工作年度报告", False),  # no year
        ("关于印发2024年政务公开工作要点的通知", False),  # a year, no report word
        ("2023年工作总结", False),
    ],
)
def test_names_annual_report(text, expected):
    assert names_annual_report(text) is expected


@pytest.mark.parametrize(
    ("pager", "expected"),
    [
        ('<a href="index_1.html">下一页</a>', "http://gov.example/col/col123/index_1.html"),
        ('<a href="/col/col123/index.html?page=2">下页</a>', "http://gov.example/col/col123/index.html?page=2"),
        ('<a href="index_4.html">›</a>', "http://gov.example/col/col123/index_4.html"),
        ('<a href="index_4.html">&gt;</a>', "http://gov.example/col/col123/index_4.html"),
        ('<a href="index_2.html">3</a>', "http://gov.example/col/col123/index_2.html"),  # numbered pager
        ('<a href="index.html?pageNo=3">3</a>', "http://gov.example/col/col123/index.html?pageNo=3"),
    ],
)
def test_pagination_patterns(pager, expected):
    assert parse_list_page(_page(pager), BASE).pages == [expected]


def test_pager_in_script_and_underscore_pages():
    html = _page('<script>createPageHTML(4, 0, "index", "shtml");</script>')
    assert parse_list_page(html, BASE).pages == [
        f"http://gov.example/col/col123/index_{i}.shtml" for i in (1, 2, 3)
    ]
    # list_2.html next to list.html is a page; an article t20240115_123.html next to it is not.
    html = _page('<a href="list_2.html">2</a><a href="t20240115_123.html">通知</a>')
    assert parse_list_page(html, "http://g.example/a/list.html").pages == ["http://g.example/a/list_2.html"]
    # Pagination of another folder or host is not this list.
    html = _page('<a href="/other/index_1.html">2</a><a href="http://x.example/col/col123/index_1.html">3</a>')
    assert parse_list_page(html, BASE).pages == []


def test_report_links_and_link_pattern():
    html = _page(
        '<a href="../../art/1.html" title="某局2023年政府信息公开工作年度报告">某局2023年政府信息...</a>'
        '<a href="/art/1.html#x">2023年年报</a>'  # same report again
        '<a href="/art/2.html">关于2023年工作的通知</a>'
        '<a href="/art/3.html">2022年度行政复议年度报告</a>'
        '<a href="mailto:a@b.cn">2023年年报</a><a href="javascript:void(0)">2023年年报</a>'
    )
    page = parse_list_page(html, BASE)
    assert [(link.url, link.text) for link in page.reports] == [
        ("http://gov.example/art/1.html", "某局2023年政府信息公开工作年度报告"),
        ("http://gov.example/art/3.html", "2022年度行政复议年度报告"),
    ]
    only = parse_list_page(html, BASE, link_pattern="政府信息公开")
    assert [link.url for link in only.reports] == ["http://gov.example/art/1.html"]


def test_report_page_attachments():
    named = _page(
        '<a href="/f/a.pdf">2023年政府信息公开工作年度报告.pdf</a><a href="/f/form.doc">申请表.doc</a>'
        '<a href="/f/b.PDF">附件2：2023年年报（表格）</a>'
    )
    assert [a.url for a in parse_report_page(named, BASE).attachments] == [
        "http://gov.example/f/a.pdf",
        "http://gov.example/f/b.PDF",
    ]
    only = _page('<a href="/f/x.wps">附件下载</a><a href="/img/logo.png">logo</a>')
    assert [a.url for a in parse_report_page(only, BASE).attachments] == ["http://gov.example/f/x.wps"]
    ambiguous = _page('<a href="/f/x.doc">附件1</a><a href="/f/y.xls">附件2</a>')
    assert parse_report_page(ambiguous, BASE).attachments == []


def test_inline_report_detection():
    body = "".join(
        f"<p>{t}</p>"
        for t in ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                  "四、政府信息公开行政复议、行政诉讼情况"] + ["本机关依法公开政府信息。" * 10] * 5
    )
    assert parse_report_page(_page(body), BASE).inline
    assert not parse_report_page(_page("<p>2023年政府信息公开工作年度报告 附件下载</p>"), BASE).inline


def test_decode_html_charsets():
    text = "<html><head><meta charset=\"gbk\"></head><body>政府信息公开工作年度报告 〇</body></html>"
    assert "年度报告" in decode_html(text.encode("gbk"))
    assert "年度报告" in decode_html(text.replace("gbk", "utf-8").encode(), "text/html; charset=UTF-8")
    # Header says gb2312 but a character outside it appears: read as GB18030, no error.
    assert "镕" in decode_html("镕基".encode("gb18030"), "text/html; charset=gb2312")


def test_attachment_ext():
    assert attachment_ext("http://a/b/report.PDF") == "pdf"
    assert attachment_ext("http://a/download.docx?id=3") == "docx"
    assert attachment_ext("http://a/report.html") is None
    assert attachment_ext("http://a/pdf/index.html") is None


def _resp(body: bytes, ctype: str = "") -> Response:
    return Response("http://a/x", "http://a/x", 200, ctype, body)


def test_magic_bytes_decide_content():
    assert check_content(_resp(b"%PDF-1.7\n..."), "pdf") == "pdf"
    with pytest.raises(ContentMismatchError, match="expected PDF, got html"):
        check_content(_resp(b"<html><body>404</body></html>", "application/pdf"), "pdf")
    with pytest.raises(ContentMismatchError, match="expected DOCX"):
        check_content(_resp(b"%PDF-1.4"), "docx")
    # A "page" that is the report PDF itself is accepted as a document.
    assert check_content(_resp(b"%PDF-1.4", "text/html"), "html") == "pdf"
    with pytest.raises(ContentMismatchError, match="expected a web page, got image/png"):
        check_content(_resp(b"abc", "image/png"), "html")
    with pytest.raises(ContentMismatchError, match="empty body"):
        check_content(_resp(b""), "html")
