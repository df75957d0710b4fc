"""Find report links and pagination on list pages, and the report itself on a report page.

Pure functions of (HTML, URL): no network here, so every rule is testable on a string. The rules
are data (the regexes and word lists below) because each CMS spells pagination a little differently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup

from pipeline.textnorm import clean

#: A link names an annual report if its text/title has one of these and a year.
REPORT_WORDS = ("年度报告", "年报")
_YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)|[一二〇○零][〇○零一二三四五六七八九]{3}")

#: Link texts that mean "next page".
NEXT_TEXTS = frozenset({"下一页", "下页", "后一页", "›", ">", "»", ">>", "下一頁"})
#: A page of a paginated list: ``<stem>_<n>.html`` next to ``<stem>.html`` (index_2.html, list_3.shtml).
_PAGED_NAME = re.compile(r"^(?P<stem>.*?)(?:_(?P<n>\d+))?\.(?:s?html?|jsp|aspx?|php)$", re.I)
#: …or the same path with a page number in the query (?page=2, ?pageNo=3).
_PAGE_PARAM = re.compile(r"(?:^|&)(?:page|pageNo|pageIndex|pageNum|currentPage|p)=\d+", re.I)
#: TRS / 政府网站集约化 CMS write their pager in script: createPageHTML(total, current, "index", "html").
_CREATE_PAGE = re.compile(r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?\d+['\"]?\s*,\s*['\"](\w+)['\"]\s*,\s*['\"](\w+)['\"]")

#: Attachment extensions that can hold a report.
ATTACHMENT_EXTS = ("pdf", "docx", "doc", "wps", "xls", "xlsx", "et")
_ATTACHMENT = re.compile(r"\.(" + "|".join(ATTACHMENT_EXTS) + r")(?:$|[?#])", re.I)

#: Phrases of the national template; a page whose text has most of them holds the report inline.
REPORT_BODY_MARKERS = ("主动公开", "政府信息公开申请", "行政复议", "行政诉讼", "总体情况")
_MIN_MARKERS = 4
_MIN_BODY_CHARS = 400


@dataclass(frozen=True)
class Link:
    url: str
    text: str


@dataclass(frozen=True)
class ListPage:
    reports: list[Link]
    pages: list[str]  # other pages of the same list to visit


@dataclass(frozen=True)
class ReportPage:
    inline: bool  # the page text is the report
    attachments: list[Link]
    title: str


def names_annual_report(text: str) -> bool:
    """True if ``text`` mentions an annual report and a year (``2023年度…年度报告``)."""
    return any(w in text for w in REPORT_WORDS) and bool(_YEAR.search(text))


def attachment_ext(url: str) -> str | None:
    """The report-attachment extension of ``url`` (lower case) or None."""
    m = _ATTACHMENT.search(urlsplit(url).path + ("?" if urlsplit(url).query else ""))
    return m.group(1).lower() if m else None


def decode_html(body: bytes, content_type: str = "") -> str:
    """Text of a page: the header charset, else the ``<meta>`` charset, else UTF-8, else GB18030.

    GBK and GB2312 are read as GB18030, their superset, so a stray rare character does not fail.
    """
    m = re.search(r"charset=([\w-]+)", content_type, re.I) or re.search(
        rb"<meta[^>]+charset=[\"']?([\w-]+)", body[:4096], re.I
    )
    candidates = []
    if m:
        name = m.group(1)
        candidates.append(name.decode("ascii", "ignore") if isinstance(name, bytes) else name)
    candidates += ["utf-8", "gb18030"]
    for enc in candidates:
        enc = "gb18030" if enc.lower() in ("gbk", "gb2312", "gb_2312-80", "x-gbk") else enc
        try:
            return body.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    return body.decode("gb18030", "replace")


def _links(soup: BeautifulSoup, base: str) -> list[Link]:
    out = []
    for a in soup.find_all("a", href=True):
        href = a["href"].strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        out.append(Link(urldefrag(urljoin(base, href))[0], _link_text(a)))
    return out


def _link_text(a: object) -> str:
    """The link's text, or its ``title`` when that is the fuller name (list texts are often cut: "…")."""
    text, title = clean(a.get_text(" ")), clean(a.get("title", ""))  # type: ignore[attr-defined]
    if title and (not names_annual_report(text) or len(title) > len(text)) and names_annual_report(title):
        return title
    return text or title


def parse_list_page(html: str, url: str, link_pattern: str | None = None) -> ListPage:
    """Report links (deduplicated, in page order) and further pages of this list."""
    soup = BeautifulSoup(html, "lxml")
    base = _base(soup, url)
    pattern = re.compile(link_pattern) if link_pattern else None
    reports: dict[str, Link] = {}
    pages: dict[str, None] = {}
    for link in _links(soup, base):
        if urlsplit(link.url).scheme not in ("http", "https"):
            continue
        if names_annual_report(link.text):
            if pattern is None or pattern.search(link.url) or pattern.search(link.text):
                reports.setdefault(link.url, link)
        elif link.text in NEXT_TEXTS or _is_page_of(link.url, url):
            pages.setdefault(link.url, None)
    for total, stem, ext in _CREATE_PAGE.findall(html):
        for i in range(1, min(int(total), 200)):
            pages.setdefault(urljoin(base, f"{stem}_{i}.{ext}"), None)
    pages.pop(url, None)
    return ListPage(list(reports.values()), list(pages))


def parse_report_page(html: str, url: str) -> ReportPage:
    """Whether the page holds the report inline, and which attachments are the report.

    An attachment is the report if its text names an annual report, or if it is the page's only
    attachment (a link reading "附件下载" on a page titled as the report).
    """
    soup = BeautifulSoup(html, "lxml")
    base = _base(soup, url)
    title = clean(soup.title.get_text()) if soup.title else ""
    attachments = [link for link in _links(soup, base) if attachment_ext(link.url)]
    unique = list({a.url: a for a in attachments}.values())
    named = [a for a in unique if any(w in a.text or w in a.url for w in REPORT_WORDS)]
    chosen = named or (unique if len(unique) == 1 else [])
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    text = clean(soup.get_text(" "))
    markers = sum(1 for m in REPORT_BODY_MARKERS if m in text)
    inline = markers >= _MIN_MARKERS and len(text) >= _MIN_BODY_CHARS
    return ReportPage(inline=inline, attachments=chosen, title=title)


def _base(soup: BeautifulSoup, url: str) -> str:
    tag = soup.find("base", href=True)
    return urljoin(url, tag["href"]) if tag else url


def _is_page_of(candidate: str, list_url: str) -> bool:
    """True if ``candidate`` is another page of the list at ``list_url`` (same host and folder)."""
    a, b = urlsplit(candidate), urlsplit(list_url)
    a_dir, a_name = a.path.rsplit("/", 1) if "/" in a.path else ("", a.path)
    b_dir, b_name = b.path.rsplit("/", 1) if "/" in b.path else ("", b.path)
    if a.netloc != b.netloc or a_dir != b_dir:
        return False
    if a.query and _PAGE_PARAM.search(a.query):
        return a_name == b_name
    ma, mb = _PAGED_NAME.match(a_name), _PAGED_NAME.match(b_name or "index.html")
    return bool(ma and mb and ma["n"] and ma["stem"] == mb["stem"])
