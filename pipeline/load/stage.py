"""Parse raw files into Parquet parts over a pool of processes: the parse half of every load.

Each worker takes a chunk of paths, reads each file once (its hash and its parse share the bytes),
skips the files the warehouse already holds with this parser version, and writes the outcomes of
the chunk as one Parquet part (`ParquetSink`). Only counters travel back, so the parent's memory
does not grow with the corpus; `pipeline.load.parquet.merge_parquet` then writes the parts into
the warehouse under its single writer.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.load.batch import Outcome, RawFile, already_parsed, outcome_of, raw_file
from pipeline.load.parquet import ParquetSink
from pipeline.settings import settings

log = logging.getLogger(__name__)

PREVIEW = 20  # outcomes kept for the asset's preview table
FLUSH_EVERY = 100  # parsed reports held before they are written as one row group

Progress = Callable[[int, str], None]  # (files done since the last call, last file name)


@dataclass
class StageStats:
    """What parsing a set of files into parts did (the parts themselves are on disk)."""

    files: int = 0
    parsed: int = 0
    failed: int = 0
    skipped: int = 0
    unreadable: int = 0  # listed, then gone or unreadable before it was read
    failure_codes: Counter = field(default_factory=Counter)
    rows: dict[str, int] = field(default_factory=dict)
    preview: list[tuple[str, str | None, int | None, str]] = field(default_factory=list)
    parser_version: str = ""
    workers: int = 1

    def add(self, other: StageStats) -> None:
        self.files += other.files
        self.parsed += other.parsed
        self.failed += other.failed
        self.skipped += other.skipped
        self.unreadable += other.unreadable
        self.failure_codes.update(other.failure_codes)
        for table, n in other.rows.items():
            self.rows[table] = self.rows.get(table, 0) + n
        self.preview += other.preview[:max(0, PREVIEW - len(self.preview))]
        self.parser_version = self.parser_version or other.parser_version


def _read(path: Path) -> tuple[RawFile, bytes | None]:
    """The file's identity and its bytes, read once; a file over the size limit is hashed, not kept."""
    from pipeline.read import MAX_BYTES

    st = path.stat()
    if st.st_size > MAX_BYTES:
        with path.open("rb") as f:
            digest = hashlib.file_digest(f, "sha256").hexdigest()
        return RawFile(str(path), path.name, digest, st.st_size, st.st_mtime_ns), None
    data = path.read_bytes()
    return raw_file(path, data, st.st_mtime_ns), data


def _parse(raw: RawFile, data: bytes | None) -> Outcome:
    from pipeline.parse import parse_bytes
    from pipeline.read import check_size

    def run() -> dict:
        if data is None:
            check_size(raw.path)  # raises FileTooLargeError with the size in its message
        return parse_bytes(data, raw.name, raw.path)

    return outcome_of(raw, run)


_worker_loaded: dict[str, str] = {}


def _init_worker(loaded: dict[str, str]) -> None:
    """Pool initializer: what the warehouse holds, sent once per worker rather than once per chunk."""
    global _worker_loaded
    _worker_loaded = loaded


def stage_chunk(root: str, key: str, paths: Sequence[str], loaded: dict[str, str] | None = None) -> StageStats:
    """Parse ``paths`` (skipping bytes loaded with this parser version) into part ``key`` under ``root``."""
    from pipeline.parse import PARSER_VERSION

    loaded = _worker_loaded if loaded is None else loaded
    stats = StageStats(parser_version=PARSER_VERSION)
    seen: set[str] = set()
    pending: list[Outcome] = []
    with ParquetSink(root, key, PARSER_VERSION) as sink:
        for name in paths:
            stats.files += 1
            try:
                raw, data = _read(Path(name))
            except OSError as e:  # removed or unreadable since it was listed: nothing to record it by
                log.warning("%s: could not be read (%s); it is not loaded this run", name, e)
                stats.unreadable += 1
                continue
            if already_parsed(raw.report_id, loaded, PARSER_VERSION, seen):
                stats.skipped += 1
                continue
            outcome = _parse(raw, data)
            del data
            pending.append(outcome)
            if len(pending) >= FLUSH_EVERY:  # a row group per batch of reports, not per report
                sink.add(pending)
                pending = []
            if outcome.ok:
                stats.parsed += 1
            else:
                stats.failed += 1
                stats.failure_codes[outcome.error_code] += 1
            if len(stats.preview) < PREVIEW:
                p = outcome.parsed or {}
                stats.preview.append((raw.name, p.get("agency"), p.get("year"),
                                      "parsed" if outcome.ok else f"failed: {outcome.error_code}"))
        sink.add(pending)
    stats.rows = dict(sink.rows)
    return stats


def _chunks(paths: Sequence[str], size: int, prefix: str) -> Iterator[tuple[str, Sequence[str]]]:
    for k, start in enumerate(range(0, len(paths), size)):
        yield f"{prefix}{k:06d}", paths[start:start + size]


def default_workers() -> int:
    """``OGI_PARSE_WORKERS``, else one per core."""
    return settings().parse_workers or os.cpu_count() or 1


def stage_files(paths: Sequence[str | Path], loaded: dict[str, str], root: str | Path, *,
                workers: int | None = None, chunk: int | None = None, prefix: str = "",
                progress: Progress | None = None) -> StageStats:
    """Parse every file into Parquet parts ``<prefix><chunk number>`` under ``root``, ``chunk`` files a part.

    One chunk, or one worker, runs in this process; more run on a pool of ``workers`` processes
    with at most two chunks per worker in flight. ``loaded`` maps report_id → parser_version of
    what the warehouse holds; those files are read and hashed but not parsed.
    """
    names = [str(p) for p in paths]
    size = chunk or settings().parse_chunk
    chunks = list(_chunks(names, size, prefix))
    workers = min(workers or default_workers(), max(len(chunks), 1))
    total = StageStats(workers=workers)
    root = str(root)
    if workers <= 1:
        for key, part in chunks:
            stats = stage_chunk(root, key, part, loaded)
            total.add(stats)
            if progress:
                progress(stats.files, Path(part[-1]).name)
        return total
    context = multiprocessing.get_context("spawn")  # no fork of a threaded parent (Dagster, the UI)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                             initargs=(loaded,)) as pool:
        window: deque[tuple[Future[StageStats], str]] = deque()

        def collect() -> None:
            future, last = window.popleft()
            stats = future.result()
            total.add(stats)
            if progress:
                progress(stats.files, Path(last).name)

        for key, part in chunks:
            window.append((pool.submit(stage_chunk, root, key, part), part[-1]))
            while len(window) >= 2 * workers:
                collect()
        while window:
            collect()
    return total
