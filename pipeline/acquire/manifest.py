"""The crawl log: one JSON line per file written and per failure, in the raw directory.

Append-only, so the history of a URL (each new version, each failure) survives; the latest record
of a URL is its current state. It carries what the next crawl needs for conditional GETs (ETag,
Last-Modified, sha256) and what the warehouse needs for ``reports.source_url``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

#: File name of the manifest inside the raw directory. The leading dot keeps file walkers that
#: skip hidden files from mistaking it for a report.
MANIFEST_NAME = ".manifest.jsonl"


@dataclass
class Record:
    """One event for one URL: a file written (``file`` set) or a failure (``error`` set)."""

    source_url: str
    list_url: str | None
    link_title: str | None
    fetched_at: str
    http_status: int | None
    content_type: str | None
    sha256: str | None
    etag: str | None
    last_modified: str | None
    file: str | None  # path relative to the raw directory, with forward slashes
    error: str | None = None  # error code, e.g. "timeout"
    message: str | None = None  # the specific reason
    source: str | None = None  # the configured source (column) name

    @staticmethod
    def now() -> str:
        return datetime.now(UTC).isoformat(timespec="seconds")


def manifest_path(raw_dir: Path | str) -> Path:
    return Path(raw_dir) / MANIFEST_NAME


def read_records(raw_dir: Path | str) -> Iterator[Record]:
    """All records in file order; a torn last line (crash mid-write) is skipped."""
    path = manifest_path(raw_dir)
    if not path.exists():
        return
    fields = set(Record.__dataclass_fields__)
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            try:
                data = json.loads(line)
            except json.JSONDecodeError:
                continue
            yield Record(**{k: v for k, v in data.items() if k in fields})


def append(raw_dir: Path | str, record: Record) -> None:
    """Append one record; a single write of one line, flushed, so concurrent crawls do not interleave."""
    path = manifest_path(raw_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(asdict(record), ensure_ascii=False) + "\n"
    with path.open("a", encoding="utf-8") as fh:
        fh.write(line)
        fh.flush()
        os.fsync(fh.fileno())


def latest_files(raw_dir: Path | str) -> dict[str, Record]:
    """The latest record that wrote a file, per source URL: validators for conditional GETs."""
    out: dict[str, Record] = {}
    for rec in read_records(raw_dir):
        if rec.file:
            out[rec.source_url] = rec
    return out


def source_url_for(path: Path | str, raw_dir: Path | str | None = None) -> str | None:
    """The URL a raw file was downloaded from (latest record for that file), or None if not crawled.

    ``path`` is relative to ``raw_dir``, or absolute/relative to the working directory; without
    ``raw_dir`` the manifest is looked for in the file's parent folders (`source_urls_for`).
    """
    path = Path(path)
    if raw_dir is None:
        return source_urls_for([str(path)])[0]
    raw_dir = Path(raw_dir).resolve()
    if path.is_absolute():
        full = path
    elif (raw_dir / path).exists() or not path.exists():
        full = raw_dir / path
    else:
        full = path.resolve()
    try:
        rel = full.resolve().relative_to(raw_dir).as_posix()
    except ValueError:
        return None
    if not manifest_path(raw_dir).exists():
        return None
    return _urls(raw_dir).get(rel)


def source_urls_for(paths: list[str]) -> list[str | None]:
    """``source_url_for`` of many files at once: the manifest is looked for once per folder.

    (Looking for it costs a stat of every parent folder; a batch of a thousand files in one folder
    would otherwise pay that a thousand times.)
    """
    found: dict[Path, tuple[Path, dict[str, str]] | None] = {}
    out: list[str | None] = []
    for name in paths:
        full = Path(name).resolve()
        if full.parent not in found:
            root = next((p for p in full.parents if manifest_path(p).exists()), None)
            found[full.parent] = None if root is None else (root, _urls(root))
        hit = found[full.parent]
        out.append(hit[1].get(full.relative_to(hit[0]).as_posix()) if hit else None)
    return out


def _urls(raw_dir: Path) -> dict[str, str]:
    """file → source URL of the manifest in ``raw_dir``, as it is now."""
    stat = manifest_path(raw_dir).stat()
    return _by_file(str(raw_dir), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _by_file(raw_dir: str, _mtime: int, _size: int) -> dict[str, str]:
    """file → source URL, cached per manifest version (the loader asks once per file)."""
    return {rec.file: rec.source_url for rec in read_records(raw_dir) if rec.file}
