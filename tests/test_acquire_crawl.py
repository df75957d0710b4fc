"""The crawler against a real HTTP server on 127.0.0.1 serving a small portal (tests/fixtures/portal)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from pipeline.acquire import manifest
from pipeline.acquire.crawl import crawl, raw_name
from pipeline.acquire.errors import (
    RedirectError,
    ResponseTooLargeError,
    UnsupportedSchemeError,
)
from pipeline.acquire.fetch import USER_AGENT, FetchConfig, Fetcher
from pipeline.acquire.sources import Source
from pipeline.formats import sniff_format

pytestmark = pytest.mark.timeout(60)

import fixtures.portal.portal as portal_mod  # noqa: E402  (tests/ is on sys.path)

#: Tiny delays so the whole file runs in seconds; timeout < the portal's slow page.
FAST = FetchConfig(delay=0.005, per_host=2, timeout=0.5, retries=2, backoff=0.01, backoff_max=0.05, max_bytes=200_000)


portal = portal_mod.fixture()


def _crawl(portal, raw: Path, config: FetchConfig = FAST):
    return crawl([Source("fixture portal", portal.base + "/col/index.html")], raw, config)


def _file_records(raw: Path) -> list[manifest.Record]:
    return [r for r in manifest.read_records(raw) if r.file]


def test_first_crawl_stores_each_report_once(portal, tmp_path):
    summary = _crawl(portal, tmp_path)

    records = _file_records(tmp_path)
    stored = {r.source_url.removeprefix(portal.base): r for r in records}
    assert set(stored) == set(portal_mod.EXPECTED_FILES)
    assert len(records) == len(stored) == len(summary.new_files)
    for path, fmt in portal_mod.EXPECTED_FILES.items():
        rec = stored[path]
        data = (tmp_path / rec.file).read_bytes()
        assert sniff_format(data) == fmt, path
        assert rec.file == raw_name(rec.source_url, rec.link_title or "", rec.file.rsplit(".", 1)[1])
        assert rec.file.startswith(f"127.0.0.1_{portal.base.rsplit(':', 1)[1]}/")
        assert rec.http_status == 200 and len(rec.sha256) == 64
        assert rec.list_url.startswith(portal.base) and rec.fetched_at
    assert summary.list_pages == 3  # index, index_1, index_2: each once although linked many times
    assert all(portal.hits[f"/col/index{s}.html"] == 1 for s in ("", "_1", "_2"))
    for path in portal_mod.NOT_REPORT_LINKS:
        assert path not in portal.hits  # discovery filtered them out
    assert "/files/form.doc" not in portal.hits  # an attachment that is not the report
    assert "/private/2023-report.html" not in portal.hits  # robots.txt
    # The list truncates the title ("…"); the full one from the link's title attribute names the file.
    assert stored["/art/2024/pinghu.html"].link_title == "平湖市人力资源和社会保障局2023年度政府信息公开工作年度报告"
    # An attachment called "附件下载" is named after the page's report link.
    assert "泽州县" in stored["/files/report.pdf"].file
    # The DOCX and the GBK page hold the real report text.
    gbk = (tmp_path / stored["/art/2024/tianjin-gbk.html"].file).read_bytes()
    assert "东丽区人力资源和社会保障局" in gbk.decode("gbk")
    assert portal.user_agents == {USER_AGENT}


def test_each_failure_is_recorded_with_its_reason(portal, tmp_path):
    summary = _crawl(portal, tmp_path)

    got = {f.url.removeprefix(portal.base): f.code for f in summary.failures}
    assert got == portal_mod.EXPECTED_FAILURES
    errors = {r.source_url.removeprefix(portal.base): r for r in manifest.read_records(tmp_path) if r.error}
    assert {k: r.error for k, r in errors.items()} == portal_mod.EXPECTED_FAILURES
    assert errors["/art/2024/missing.html"].http_status == 404
    assert "HTTP 404" in errors["/art/2024/missing.html"].message
    assert "0.5 s" in errors["/art/2024/slow.html"].message
    assert "after 3 attempts" in errors["/art/2024/slow.html"].message
    assert "loop-b.html" in errors["/art/2024/loop-a.html"].message
    assert "200,000-byte cap" in errors["/files/huge-2023年度报告.pdf"].message
    assert "robots.txt" in errors["/private/2023-report.html"].message
    assert "got html" in errors["/files/fake-2023年度报告.pdf"].message
    assert all(r.file is None for r in errors.values())
    # The 500 recovered on the third try and the report landed.
    assert portal.hits["/art/2024/flaky.html"] == portal_mod.FLAKY_FAILURES + 1
    assert portal.hits["/art/2024/slow.html"] == FAST.retries + 1


def test_second_crawl_downloads_nothing(portal, tmp_path):
    first = _crawl(portal, tmp_path)
    mtimes = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file() and p.name != manifest.MANIFEST_NAME}
    lines = manifest.manifest_path(tmp_path).read_text(encoding="utf-8").count("\n")

    second = _crawl(portal, tmp_path)

    assert len(first.new_files) == 5
    assert second.new_files == [] and second.updated_files == []
    assert sorted(second.unchanged) == sorted(portal.base + p for p in portal_mod.EXPECTED_FILES)
    assert {p: p.stat().st_mtime_ns for p in mtimes} == mtimes  # nothing rewritten
    assert len(_file_records(tmp_path)) == 5
    # Only failures were logged again (they are retried each crawl).
    added = manifest.manifest_path(tmp_path).read_text(encoding="utf-8").count("\n") - lines
    assert added == len(portal_mod.EXPECTED_FAILURES)
    # Conditional GETs: files with validators answered 304; full bodies only for the page without them.
    assert portal.sent["/files/meizhou-2023.docx"] == 1  # ETag
    assert portal.sent["/files/report.pdf"] == 1  # Last-Modified only
    assert portal.sent["/art/2024/pinghu.html"] == 1
    assert portal.sent["/art/2024/tianjin-gbk.html"] == 2  # no validators: same sha256, not rewritten


def test_changed_report_overwrites_its_file_and_appends_a_record(portal, tmp_path):
    _crawl(portal, tmp_path)
    url = portal.base + "/art/2024/pinghu.html"
    old = next(r for r in _file_records(tmp_path) if r.source_url == url)
    res = portal.files["/art/2024/pinghu.html"]
    res.body = res.body.replace(b"</body>", "<p>（2024-02-01 更正）</p></body>".encode())

    summary = _crawl(portal, tmp_path)

    assert summary.updated_files == [old.file] and summary.new_files == []
    assert "更正" in (tmp_path / old.file).read_text(encoding="utf-8")
    versions = [r for r in _file_records(tmp_path) if r.source_url == url]
    assert [v.file for v in versions] == [old.file, old.file]
    assert versions[0].sha256 != versions[1].sha256
    assert manifest.source_url_for(old.file, tmp_path) == url
    assert manifest.source_url_for(tmp_path / old.file) == url  # manifest found from the file's folder
    assert manifest.source_url_for("127.0.0.1_1/unknown.pdf", tmp_path) is None
    assert manifest.source_urls_for([str(tmp_path / old.file), str(tmp_path / "127.0.0.1_1" / "unknown.pdf"),
                                     str(tmp_path.parent / "elsewhere.txt")]) == [url, None, None]


@pytest.mark.parametrize("per_host", [1, 2])
def test_concurrency_per_host_is_capped(portal, tmp_path, per_host):
    _crawl(portal, tmp_path, FetchConfig(**{**FAST.__dict__, "per_host": per_host}))
    assert 1 <= portal.max_active <= per_host


def test_redirects_are_bounded_and_followed(portal):
    async def fetch(url: str, hops: int):
        async with Fetcher(FetchConfig(**{**FAST.__dict__, "max_redirects": hops})) as f:
            return await f.get(url)

    ok = asyncio.run(fetch(portal.base + "/hop/3.html", 3))
    assert ok.status == 200 and ok.final_url.endswith("/hop/0.html")
    with pytest.raises(RedirectError, match="more than 2 redirects"):
        asyncio.run(fetch(portal.base + "/hop/3.html", 2))


def test_declared_oversize_is_refused_before_download(portal):
    async def fetch():
        async with Fetcher(FetchConfig(**{**FAST.__dict__, "max_bytes": 1000})) as f:
            return await f.get(portal.base + "/files/meizhou-2023.docx")

    with pytest.raises(ResponseTooLargeError, match="Content-Length"):
        asyncio.run(fetch())


def test_only_http_urls_are_fetched(tmp_path):
    async def fetch(url):
        async with Fetcher(FAST) as f:
            return await f.get(url)

    with pytest.raises(UnsupportedSchemeError, match="only http"):
        asyncio.run(fetch("file:///etc/passwd"))
    summary = crawl(["ftp://127.0.0.1/reports/"], tmp_path, FAST)
    assert [f.code for f in summary.failures] == ["unsupported_scheme"]
    (line,) = manifest.manifest_path(tmp_path).read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["error"] == "unsupported_scheme"


def test_unreachable_host_is_a_recorded_failure(tmp_path):
    # Port 9 on 127.0.0.1 (discard) is closed in CI: connection refused, retried, then recorded.
    summary = crawl(["http://127.0.0.1:9/col/index.html"], tmp_path, FAST)
    assert [f.code for f in summary.failures] == ["connection_failed"]
    assert summary.list_pages == 0 and summary.new_files == []


def test_robots_crawl_delay_slows_the_host_down(portal):
    portal.files["/robots.txt"].body = b"User-agent: *\nCrawl-delay: 7\nDisallow: /private/\n"

    async def fetch():
        async with Fetcher(FAST) as f:
            host = portal.base.removeprefix("http://")
            before = f.host_delay(host)
            await f.get(portal.base + "/art/2024/pinghu.html")
            return before, f.host_delay(host)

    assert asyncio.run(fetch()) == (FAST.delay, 7.0)
