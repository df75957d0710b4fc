"""The ``crawled_reports`` asset: crawl the enabled sources into the raw directory before parsing.

Thin on purpose: the crawl is :func:`pipeline.acquire.crawl.crawl`, tested on its own. Settings
come from the environment so a deployment points it elsewhere without code: ``OGI_SOURCES`` (the
sources TOML; default the project's ``pipeline/acquire/sources.toml``) and ``OGI_RAW_DIR``.
"""

import dagster as dg

from pipeline.acquire.crawl import MAX_LIST_PAGES, crawl, raw_dir_from_env
from pipeline.acquire.fetch import FetchConfig
from pipeline.acquire.sources import load_sources
from pipeline.settings import settings

_DEFAULTS = FetchConfig()


class CrawlConfig(dg.Config):
    """Politeness limits for this run; the defaults are the crawler's (1 request/s per host, …)."""

    delay: float = _DEFAULTS.delay
    per_host: int = _DEFAULTS.per_host
    timeout: float = _DEFAULTS.timeout
    retries: int = _DEFAULTS.retries
    backoff: float = _DEFAULTS.backoff
    max_bytes: int = _DEFAULTS.max_bytes
    max_list_pages: int = MAX_LIST_PAGES


@dg.asset(
    key="crawled_reports",
    group_name="acquire",
    kinds={"python"},
    description="Annual reports downloaded from the enabled 政府信息公开年报 columns (incremental).",
)
def crawled_reports(context: dg.AssetExecutionContext, config: CrawlConfig) -> dg.MaterializeResult:
    sources_file = settings().sources
    sources = load_sources(sources_file)
    raw_dir = raw_dir_from_env()
    if not sources:
        context.log.info("no enabled sources in %s; nothing to crawl", sources_file)
    fetch = FetchConfig(
        delay=config.delay,
        per_host=config.per_host,
        timeout=config.timeout,
        retries=config.retries,
        backoff=config.backoff,
        max_bytes=config.max_bytes,
    )
    summary = crawl(sources, raw_dir, fetch, max_list_pages=config.max_list_pages)
    for failure in summary.failures:
        context.log.warning("%s: %s", failure.code, failure.message)
    meta: dict[str, object] = dict(summary.as_metadata())
    meta["raw_dir"] = dg.MetadataValue.path(str(raw_dir))
    meta["sources_file"] = dg.MetadataValue.path(str(sources_file))
    if summary.new_files or summary.updated_files:
        listed = "\n".join(f"- {f}" for f in [*summary.new_files, *summary.updated_files][:50])
        meta["changed_files"] = dg.MetadataValue.md(listed)
    return dg.MaterializeResult(metadata=meta)
