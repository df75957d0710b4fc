"""The columns to crawl, read from a TOML file so adding an agency is a config change, not code.

Each ``[[source]]`` entry is one 政府信息公开年报 column: ``name`` (agency or site), ``list_url``
(first list page), optional ``link_pattern`` (a regex a report link's URL or text must match) and
``enabled`` (default true).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ReportError

#: The sources file shipped with the project (examples, all disabled).
DEFAULT_SOURCES = Path(__file__).with_name("sources.toml")


class SourcesConfigError(ReportError):
    """The sources file is missing, not TOML, or has an entry without a usable list URL."""

    code = "bad_sources_config"


@dataclass(frozen=True)
class Source:
    name: str
    list_url: str
    link_pattern: str | None = None
    enabled: bool = True

    @classmethod
    def from_url(cls, url: str) -> Source:
        """An ad-hoc source for ``ogi crawl URL``: named after its host."""
        from urllib.parse import urlsplit

        return cls(name=urlsplit(url).hostname or url, list_url=url)


def load_sources(path: Path | str = DEFAULT_SOURCES, *, only_enabled: bool = True) -> list[Source]:
    """Read and validate the sources file; bad entries fail loudly with their index and name."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SourcesConfigError(f"sources file not found: {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SourcesConfigError(f"{path}: not valid TOML: {exc}") from exc
    entries = data.get("source", [])
    if not isinstance(entries, list):
        raise SourcesConfigError(f"{path}: 'source' must be an array of tables ([[source]])")
    sources = []
    for i, entry in enumerate(entries, 1):
        sources.append(_source(entry, f"{path}: source #{i}"))
    return [s for s in sources if s.enabled or not only_enabled]


def _source(entry: object, where: str) -> Source:
    if not isinstance(entry, dict):
        raise SourcesConfigError(f"{where}: must be a table")
    name, url = entry.get("name"), entry.get("list_url")
    if not isinstance(name, str) or not name.strip():
        raise SourcesConfigError(f"{where}: missing 'name'")
    if not isinstance(url, str) or not re.match(r"https?://[^/\s]+", url):
        raise SourcesConfigError(f"{where} ({name}): 'list_url' must be an http(s) URL, got {url!r}")
    pattern = entry.get("link_pattern")
    if pattern is not None:
        try:
            re.compile(pattern)
        except (re.error, TypeError) as exc:
            raise SourcesConfigError(f"{where} ({name}): bad 'link_pattern' {pattern!r}: {exc}") from exc
    enabled = entry.get("enabled", True)
    if not isinstance(enabled, bool):
        raise SourcesConfigError(f"{where} ({name}): 'enabled' must be true or false")
    return Source(name=name.strip(), list_url=url, link_pattern=pattern, enabled=enabled)
