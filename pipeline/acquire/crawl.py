"""Crawl configured columns into the raw directory: list pages → report pages → report files.

A report is stored once under a stable name (``<host>/<sha1(url)[:12]>-<slug>.<ext>``). A later
crawl sends the stored ETag / Last-Modified and compares the sha256, so an unchanged report is
neither downloaded again (304) nor rewritten (same hash). Every failure is recorded with its
reason and the crawl goes on.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.acquire import manifest
from pipeline.acquire.discover import (
    ATTACHMENT_EXTS,
    Link,
    attachment_ext,
    decode_html,
    names_annual_report,
    parse_list_page,
    parse_report_page,
)
from pipeline.acquire.errors import FetchError, NotAReportPageError
from pipeline.acquire.fetch import FetchConfig, Fetcher, Response, check_content
from pipeline.acquire.sources import Source
from pipeline.errors import ReportError
from pipeline.settings import DEFAULT_RAW_DIR

log = logging.getLogger(__name__)

MAX_LIST_PAGES = 50  # per source: a runaway pager stops here

#: Event names passed to ``on_event``.
EVENTS = ("page", "new", "updated", "unchanged", "failure")


@dataclass(frozen=True)
class Failure:
    url: str
    code: str
    message: str
    list_url: str | None = None


@dataclass
class CrawlSummary:
    """What one crawl did; ``requests`` counts every HTTP request sent (robots.txt included)."""

    sources: int = 0
    list_pages: int = 0
    report_links: int = 0
    requests: int = 0
    new_files: list[str] = field(default_factory=list)
    updated_files: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    def as_metadata(self) -> dict[str, int]:
        return {
            "sources": self.sources,
            "list_pages": self.list_pages,
            "report_links": self.report_links,
            "pages_fetched": self.requests,
            "new_files": len(self.new_files),
            "updated_files": len(self.updated_files),
            "unchanged": len(self.unchanged),
            "failures": len(self.failures),
        }


def raw_dir_from_env() -> Path:
    """Where crawled files go: ``OGI_RAW_DIR``, else the project's ``data/raw``."""
    from pipeline.settings import settings

    return settings().raw_dir


def crawl(
    sources: Sequence[Source | str],
    raw_dir: Path | str = DEFAULT_RAW_DIR,
    config: FetchConfig | None = None,
    *,
    max_list_pages: int = MAX_LIST_PAGES,
    on_event: Callable[[str, str], None] | None = None,
) -> CrawlSummary:
    """Crawl each source (a :class:`Source` or a bare list URL) into ``raw_dir``; never raises on a URL."""
    items = [s if isinstance(s, Source) else Source.from_url(s) for s in sources]
    run = _Crawl(Path(raw_dir), config or FetchConfig(), max_list_pages, on_event or (lambda e, u: None))
    return asyncio.run(run.all(items))


class _Crawl:
    def __init__(
        self, raw_dir: Path, config: FetchConfig, max_pages: int, on_event: Callable[[str, str], None]
    ) -> None:
        self.raw_dir = raw_dir
        self.config = config
        self.max_pages = max_pages
        self.emit = on_event
        self.known = manifest.latest_files(raw_dir)
        self.summary = CrawlSummary()
        self.claimed: set[str] = set()  # URLs handled in this crawl (a report linked twice is taken once)

    async def all(self, sources: list[Source]) -> CrawlSummary:
        self.raw_dir.mkdir(parents=True, exist_ok=True)
        async with Fetcher(self.config) as fetcher:
            self.fetcher = fetcher
            for source in sources:
                self.summary.sources += 1
                links = await self.list_links(source)
                self.summary.report_links += len(links)
                await asyncio.gather(*(self.report(link, source) for link in links))
            self.summary.requests = fetcher.requests
        return self.summary

    async def list_links(self, source: Source) -> list[Link]:
        """Walk the list's pages (bounded) and collect report links in order, each URL once."""
        queue, seen, links = [source.list_url], {source.list_url}, {}
        for _ in range(self.max_pages):
            if not queue:
                break
            url = queue.pop(0)
            try:
                resp = await self.fetcher.get(url)
                check_content(resp, "html")
            except ReportError as exc:
                self.fail(url, exc, source, list_url=source.list_url)
                continue
            self.summary.list_pages += 1
            self.emit("page", url)
            page = parse_list_page(decode_html(resp.body, resp.content_type), resp.final_url, source.link_pattern)
            for link in page.reports:
                links.setdefault(link.url, link)
            for nxt in page.pages:
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
        return list(links.values())

    async def report(self, link: Link, source: Source) -> None:
        """One report link: an attachment directly, or a page holding the report or linking to it."""
        if not self.claim(link.url):
            return
        ext = attachment_ext(link.url)
        try:
            if ext:
                await self.document(link.url, ext, link.text, source)
                return
            resp = await self.fetcher.get(link.url, **self.validators(link.url))
            if resp.not_modified:
                self.unchanged(link.url)
                return
            fmt = check_content(resp, "html")
            if fmt not in ("html", "text"):  # the "page" is the report document itself
                self.store(link.url, resp, fmt, link.text, source)
                return
            page = parse_report_page(decode_html(resp.body, resp.content_type), resp.final_url)
            if page.inline:
                self.store(link.url, resp, "html", link.text, source)
                return
            if not page.attachments:
                raise NotAReportPageError(
                    f"{link.url}: page '{page.title or link.text}' holds no report text and no report attachment"
                )
        except ReportError as exc:
            self.fail(link.url, exc, source, title=link.text)
            return
        await asyncio.gather(
            *(
                self.document(
                    att.url,
                    attachment_ext(att.url) or "pdf",
                    att.text if names_annual_report(att.text) else link.text,
                    source,
                    link.url,
                )
                for att in page.attachments
                if self.claim(att.url)
            )
        )

    async def document(
        self, url: str, ext: str, title: str, source: Source, page_url: str | None = None
    ) -> None:
        try:
            resp = await self.fetcher.get(url, **self.validators(url))
            if resp.not_modified:
                self.unchanged(url)
                return
            fmt = check_content(resp, ext)
        except ReportError as exc:
            self.fail(url, exc, source, title=title, list_url=page_url)
            return
        self.store(url, resp, ext if fmt in ("doc", "zip") else fmt, title, source, page_url)

    def validators(self, url: str) -> dict[str, str | None]:
        rec = self.known.get(url)
        if rec is None or not rec.file or not (self.raw_dir / rec.file).exists():
            return {}
        return {"etag": rec.etag, "last_modified": rec.last_modified}

    def store(
        self, url: str, resp: Response, ext: str, title: str, source: Source, list_url: str | None = None
    ) -> None:
        """Write the body unless the stored version has the same hash; then log it in the manifest."""
        digest = hashlib.sha256(resp.body).hexdigest()
        prev = self.known.get(url)
        if prev and prev.file and prev.sha256 == digest and (self.raw_dir / prev.file).exists():
            self.unchanged(url)
            return
        rel = prev.file if prev and prev.file and prev.file.endswith("." + ext) else raw_name(url, title, ext)
        target = self.raw_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.part")  # hidden: file walkers skip it
        tmp.write_bytes(resp.body)
        os.replace(tmp, target)
        record = manifest.Record(
            source_url=url,
            list_url=list_url or source.list_url,
            link_title=title or None,
            fetched_at=manifest.Record.now(),
            http_status=resp.status,
            content_type=resp.content_type or None,
            sha256=digest,
            etag=resp.etag,
            last_modified=resp.last_modified,
            file=rel,
            source=source.name,
        )
        manifest.append(self.raw_dir, record)
        self.known[url] = record
        kind = "updated" if prev else "new"
        (self.summary.updated_files if prev else self.summary.new_files).append(rel)
        log.info("%s %s → %s", kind, url, rel)
        self.emit(kind, url)

    def unchanged(self, url: str) -> None:
        self.summary.unchanged.append(url)
        self.emit("unchanged", url)

    def claim(self, url: str) -> bool:
        if url in self.claimed:
            return False
        self.claimed.add(url)
        return True

    def fail(
        self,
        url: str,
        exc: ReportError,
        source: Source,
        *,
        title: str | None = None,
        list_url: str | None = None,
    ) -> None:
        message = str(exc)
        self.summary.failures.append(Failure(url, exc.code, message, list_url or source.list_url))
        manifest.append(
            self.raw_dir,
            manifest.Record(
                source_url=url,
                list_url=list_url or source.list_url,
                link_title=title or None,
                fetched_at=manifest.Record.now(),
                http_status=getattr(exc, "status", None),
                content_type=None,
                sha256=None,
                etag=None,
                last_modified=None,
                file=None,
                error=exc.code,
                message=message,
                source=source.name,
            ),
        )
        level = logging.WARNING if isinstance(exc, FetchError) else logging.ERROR
        log.log(level, "%s: %s", exc.code, message)
        self.emit("failure", url)


def raw_name(url: str, title: str, ext: str) -> str:
    """Stable relative path of a URL's file: ``<host>/<sha1(url)[:12]>-<slug>.<ext>``."""
    host = re.sub(r"[^\w.-]+", "_", urlsplit(url).netloc) or "unknown-host"
    title = re.sub(r"\.(?:" + "|".join(ATTACHMENT_EXTS) + r")$", "", title or "", flags=re.I)
    slug = re.sub(r"[^\w\u4e00-\u9fff]+", "-", title).strip("-_")[:40].strip("-_") or "report"
    return f"{host}/{hashlib.sha1(url.encode()).hexdigest()[:12]}-{slug}.{ext}"
