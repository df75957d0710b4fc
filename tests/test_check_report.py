"""The data-quality report is one self-contained HTML file: headless Chromium with the network off
renders it styled (computed styles), with the findings' labels, values and files visible."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from pipeline.check.engine import run_checks
from pipeline.check.report import write_dq_report
from pipeline.load.batch import parse_batch, scan_files
from pipeline.load.schema import apply_views
from pipeline.load.store import load_batch

REPORTS = Path(__file__).parent / "fixtures" / "samples" / "reports"
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = Path("/tmp/dq_report.png")


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("report")
    raw = tmp / "raw"
    shutil.copytree(REPORTS, raw)
    (raw / "broken.txt").write_bytes(b"")  # a file that fails to parse: empty_file
    db = tmp / "ogi.duckdb"
    con = duckdb.connect(str(db))
    load_batch(con, parse_batch(scan_files([raw]), {}))
    apply_views(con)
    run_checks(con)
    con.close()
    return write_dq_report(db, tmp / "dq_report.html")


def test_report_is_self_contained_and_bilingual(report: Path) -> None:
    html = report.read_text(encoding="utf-8")
    assert "<script" not in html and "<link" not in html and not re.search(r"\bsrc=", html)
    assert re.findall(r"https?://[^\s\"'<>]+", html) == ["http://www.w3.org/2000/svg"] * html.count("<svg")
    for text in ("表四 行政复议 · 总计", "Table 4 Administrative review · Total", "tianjin_dongli_hrss_2023.txt",
                 "broken.txt", "empty_file", "按年度", "by province", "appeal_total"):
        assert text in html, text
    assert html.count("<svg") == 2


@pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium: run tests/setup/ensure_debian.sh chromium chromium")
def test_report_renders_styled_offline_in_chromium(report: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"],
                                    timeout=60_000)
        try:
            context = browser.new_context(offline=True, viewport={"width": 1400, "height": 1000})
            context.on("request", lambda r: requests.append(r.url))
            page = context.new_page()
            page.goto(report.resolve().as_uri(), timeout=30_000)
            row = page.locator("tr", has_text="表四 行政复议 · 总计").first
            expect(row).to_be_visible(timeout=10_000)
            expect(page.get_by_text("tianjin_dongli_hrss_2023.txt").first).to_be_visible()
            expect(page.locator("h1")).to_contain_text("数据质量报告")
            header_bg = page.locator("header.top").evaluate("e => getComputedStyle(e).backgroundColor")
            badge_bg = page.locator(".sev.error").first.evaluate("e => getComputedStyle(e).backgroundColor")
            border = page.locator("details.report.has-error").first.evaluate(
                "e => getComputedStyle(e).borderLeftColor")
            bars = page.locator("svg.chart rect").count()
            printed = row.locator("td.printed").inner_text(), row.locator("td.expected").inner_text()
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
        finally:
            browser.close()
    assert header_bg == "rgb(31, 97, 141)"  # the stylesheet applied
    assert badge_bg == border == "rgb(192, 57, 43)"
    assert bars >= 4 and printed == ("0", "1")
    assert [u for u in requests if not u.startswith("file:")] == []  # nothing fetched but the file
    assert SCREENSHOT.stat().st_size > 10_000
