"""A polite HTTP client: robots.txt, per-host pacing and concurrency, retries, size and redirect caps.

Government portals are small servers run by small teams; a crawler that hammers them gets blocked
and deserves it. Everything here is bounded: each request has a timeout, each response a byte cap,
each redirect chain a length, each retry sequence a count.
"""

from __future__ import annotations

import asyncio
import logging
import time
import urllib.robotparser
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from pipeline.acquire.errors import (
    ConnectionFailedError,
    ContentMismatchError,
    FetchTimeoutError,
    HttpStatusError,
    RedirectError,
    ResponseTooLargeError,
    RobotsDisallowedError,
    ServerError,
    UnsupportedSchemeError,
)
from pipeline.formats import sniff_format

log = logging.getLogger(__name__)

USER_AGENT = "ogi-warehouse/0.1 (annual-report crawler; polite; +https://github.com/ogi-warehouse)"
_REDIRECTS = {301, 302, 303, 307, 308}
MAX_CRAWL_DELAY = 60.0  # a robots.txt Crawl-delay is honoured up to this many seconds
_RETRYABLE = (ServerError, FetchTimeoutError, ConnectionFailedError)


@dataclass(frozen=True)
class FetchConfig:
    """Politeness and safety limits; the defaults suit a nightly crawl of gov.cn portals."""

    user_agent: str = USER_AGENT
    delay: float = 1.0  # seconds between request starts to one host
    per_host: int = 2  # concurrent requests to one host
    timeout: float = 20.0  # seconds for a whole request (connect + headers + body)
    retries: int = 3  # extra attempts after a 5xx, timeout or connection error
    backoff: float = 1.0  # first retry wait in seconds; doubles each attempt
    backoff_max: float = 30.0
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5
    respect_robots: bool = True


@dataclass
class Response:
    """One fetched URL after redirects. ``body`` is empty for a 304."""

    url: str
    final_url: str
    status: int
    content_type: str
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    location: str | None = None  # only for a redirect

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class _HostGate:
    """Spaces request starts by ``delay`` and caps concurrency for one host."""

    delay: float
    per_host: int
    _next: float = 0.0
    _sem: asyncio.Semaphore = field(init=False)
    _lock: asyncio.Lock = field(init=False)

    def __post_init__(self) -> None:
        self._sem = asyncio.Semaphore(self.per_host)
        self._lock = asyncio.Lock()

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        async with self._sem:
            async with self._lock:
                now = time.monotonic()
                start = max(now, self._next)
                self._next = start + self.delay
            if start > now:
                await asyncio.sleep(start - now)
            yield


class Fetcher:
    """Async fetcher; use as ``async with Fetcher(config) as f: await f.get(url)``."""

    def __init__(self, config: FetchConfig | None = None) -> None:
        self.config = config or FetchConfig()
        self.requests = 0  # HTTP requests sent, robots.txt included
        self._gates: dict[str, _HostGate] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self._client: httpx.AsyncClient | None = None

    async def __aenter__(self) -> Fetcher:
        self._client = httpx.AsyncClient(
            follow_redirects=False,
            timeout=httpx.Timeout(self.config.timeout),
            headers={"User-Agent": self.config.user_agent, "Accept-Encoding": "gzip, deflate"},
            trust_env=False,
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._client is not None:
            await self._client.aclose()

    async def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET ``url`` following at most ``max_redirects`` redirects; conditional if validators given.

        Raises a :class:`~pipeline.acquire.errors.FetchError` subclass for every way it can fail.
        """
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        seen = [url]
        current = url
        for _hop in range(self.config.max_redirects + 1):
            _check_scheme(current)
            await self._check_robots(current)
            resp = await self._get_with_retries(current, headers)
            if resp.status not in _REDIRECTS:
                resp.url = url
                return resp
            location = resp.location
            if not location:
                raise RedirectError(f"{current}: HTTP {resp.status} redirect without a Location header")
            nxt = urljoin(current, location)
            if nxt in seen:
                chain = " → ".join([*seen[seen.index(nxt):], nxt])
                raise RedirectError(f"redirect loop: {chain}")
            seen.append(nxt)
            current = nxt
        raise RedirectError(f"{url}: more than {self.config.max_redirects} redirects ({' → '.join(seen)})")

    async def _get_with_retries(self, url: str, headers: dict[str, str]) -> Response:
        cfg = self.config
        attempts = 0
        try:
            async for attempt in AsyncRetrying(
                stop=stop_after_attempt(cfg.retries + 1),
                wait=wait_exponential(multiplier=cfg.backoff, max=cfg.backoff_max),
                retry=retry_if_exception_type(_RETRYABLE),
                reraise=True,
            ):
                with attempt:
                    attempts += 1
                    if attempts > 1:
                        log.info("retry %d for %s", attempts - 1, url)
                    return await self._one_get(url, headers)
        except _RETRYABLE as exc:
            if attempts > 1:
                exc.args = (f"{exc.args[0]} (gave up after {attempts} attempts)",)
            raise
        raise AssertionError("unreachable")  # pragma: no cover

    async def _one_get(self, url: str, headers: dict[str, str]) -> Response:
        assert self._client is not None, "use Fetcher as an async context manager"
        async with self._gate(urlsplit(url).netloc).slot():
            self.requests += 1
            try:
                async with asyncio.timeout(self.config.timeout):
                    return await self._stream(url, headers)
            except (TimeoutError, httpx.TimeoutException) as exc:
                raise FetchTimeoutError(f"{url}: no complete response within {self.config.timeout:g} s") from exc
            except httpx.HTTPError as exc:
                raise ConnectionFailedError(f"{url}: {type(exc).__name__}: {exc}") from exc

    async def _stream(self, url: str, headers: dict[str, str]) -> Response:
        assert self._client is not None
        cap = self.config.max_bytes
        async with self._client.stream("GET", url, headers=headers) as r:
            status = r.status_code
            if status in _REDIRECTS:
                return Response(url, url, status, "", b"", location=r.headers.get("location"))
            if status >= 500:
                raise ServerError(f"{url}: HTTP {status} {r.reason_phrase}", status)
            if status != 304 and not 200 <= status < 300:
                raise HttpStatusError(f"{url}: HTTP {status} {r.reason_phrase}", status)
            declared = r.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > cap:
                raise ResponseTooLargeError(f"{url}: Content-Length {int(declared):,} bytes exceeds the {cap:,}-byte cap")
            chunks, size = [], 0
            async for chunk in r.aiter_bytes():
                size += len(chunk)
                if size > cap:
                    raise ResponseTooLargeError(f"{url}: body exceeds the {cap:,}-byte cap; download aborted")
                chunks.append(chunk)
            return Response(
                url=url,
                final_url=str(r.url),
                status=status,
                content_type=r.headers.get("content-type", ""),
                body=b"".join(chunks),
                etag=r.headers.get("etag"),
                last_modified=r.headers.get("last-modified"),
            )

    def _gate(self, host: str) -> _HostGate:
        return self._gates.setdefault(host, _HostGate(self.config.delay, self.config.per_host))

    def host_delay(self, host: str) -> float:
        """Seconds between requests to ``host``: the configured delay, or robots.txt's longer Crawl-delay."""
        return self._gate(host).delay

    async def _check_robots(self, url: str) -> None:
        if not self.config.respect_robots:
            return
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        lock = self._robots_locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin not in self._robots:
                rules = self._robots[origin] = await self._load_robots(origin)
                wanted = rules.crawl_delay(self.config.user_agent) if rules else None
                if wanted:
                    gate = self._gate(parts.netloc)
                    gate.delay = max(gate.delay, min(float(wanted), MAX_CRAWL_DELAY))
        rules = self._robots[origin]
        if rules is not None and not rules.can_fetch(self.config.user_agent, url):
            raise RobotsDisallowedError(f"{url}: disallowed by {origin}/robots.txt")

    async def _load_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | None:
        """Rules for one origin; ``None`` means allow all (no robots.txt or it could not be read)."""
        url = origin + "/robots.txt"
        try:
            resp = await self._one_get(url, {})
        except HttpStatusError as exc:
            if exc.status in (401, 403):
                log.warning("%s answered %d: treating the whole site as disallowed", url, exc.status)
                return _disallow_all()
            return None
        except Exception as exc:  # unreadable robots.txt must not stop the crawl
            log.warning("could not read %s (%s); assuming no restrictions", url, exc)
            return None
        if resp.status in _REDIRECTS:
            return None
        rules = urllib.robotparser.RobotFileParser(url)
        rules.parse(resp.body.decode("utf-8", "replace").splitlines())
        return rules


def _disallow_all() -> urllib.robotparser.RobotFileParser:
    rules = urllib.robotparser.RobotFileParser()
    rules.parse(["User-agent: *", "Disallow: /"])
    return rules


def _check_scheme(url: str) -> None:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise UnsupportedSchemeError(f"{url}: only http(s) URLs are fetched, not {scheme or 'a relative URL'}")


# What each kind of file must look like: the sniffed formats accepted for a link's extension.
EXPECTED_FORMATS: dict[str, frozenset[str]] = {
    "html": frozenset({"html", "text"}),
    "pdf": frozenset({"pdf"}),
    "docx": frozenset({"docx"}),
    "doc": frozenset({"doc", "docx"}),  # many .doc links serve a DOCX
    "wps": frozenset({"doc", "docx"}),
    "xls": frozenset({"doc", "zip"}),  # OLE2 container, or an .xlsx under the old name
    "xlsx": frozenset({"zip"}),
    "et": frozenset({"doc", "zip"}),
}
_DOCUMENT_FORMATS = frozenset({"pdf", "docx", "doc"})


def check_content(resp: Response, expected: str) -> str:
    """The sniffed format of ``resp.body`` if it is what ``expected`` (an extension) promises.

    Magic bytes decide; the declared Content-Type is only reported. A page expected to be HTML may
    turn out to be the report document itself (a list link straight to a PDF); that is accepted.
    """
    fmt = sniff_format(resp.body)
    if not resp.body:
        raise ContentMismatchError(f"{resp.final_url}: empty body (HTTP {resp.status})")
    allowed = EXPECTED_FORMATS.get(expected, frozenset())
    if expected == "html":
        allowed = allowed | _DOCUMENT_FORMATS
        ctype = resp.content_type.split(";")[0].strip().lower()
        if fmt == "text" and ctype and not ctype.startswith("text/"):
            raise ContentMismatchError(f"{resp.final_url}: expected a web page, got {ctype}")
    if fmt not in allowed:
        raise ContentMismatchError(
            f"{resp.final_url}: expected {expected.upper()}, got {fmt} bytes "
            f"(Content-Type {resp.content_type or 'missing'})"
        )
    return fmt
