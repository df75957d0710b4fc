"""Find raw files and parse the ones the warehouse has not seen, recording every failure.

Plain functions (no Dagster): the ``raw_report_files`` and ``parsed_reports`` assets and the tests
call them. A report is parsed once per content hash and parser version: the caller passes what
the warehouse already holds and those files are skipped before any parsing.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import ReportError

log = logging.getLogger(__name__)

ParseFn = Callable[[str], dict[str, Any]]
Progress = Callable[[str], None]


@dataclass(frozen=True)
class RawFile:
    """One file on disk, identified by the hash of its bytes."""

    path: str
    name: str
    sha256: str
    bytes: int
    mtime_ns: int

    @property
    def report_id(self) -> str:
        """First 16 hex digits of the sha256: stable across renames and machines."""
        return self.sha256[:16]


@dataclass
class Outcome:
    """The result of parsing one file: a parsed dict, or a failure code and message."""

    file: RawFile
    parsed: dict[str, Any] | None = None
    error_code: str | None = None
    error_message: str | None = None

    @property
    def ok(self) -> bool:
        return self.parsed is not None


@dataclass
class ParseBatch:
    parser_version: str
    outcomes: list[Outcome] = field(default_factory=list)
    skipped: list[RawFile] = field(default_factory=list)

    @property
    def parsed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.ok]

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]


def _expand(paths: Iterable[str | Path]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(f for f in sorted(p.rglob("*")) if f.is_file() and not f.name.startswith("."))
        elif p.is_file():
            out.append(p)
        else:
            log.warning("no such file or folder: %s", p)
    seen: set[Path] = set()
    return [f for f in out if not (f.resolve() in seen or seen.add(f.resolve()))]


def list_files(paths: Iterable[str | Path]) -> list[Path]:
    """Every regular, non-hidden file under the given files and folders, once each, in path order."""
    return _expand(paths)


def raw_file(path: Path, data: bytes, mtime_ns: int | None = None) -> RawFile:
    """The identity of a file from the bytes already read (the file is read once)."""
    mtime_ns = path.stat().st_mtime_ns if mtime_ns is None else mtime_ns
    return RawFile(str(path), path.name, hashlib.sha256(data).hexdigest(), len(data), mtime_ns)


def scan_files(paths: Iterable[str | Path]) -> list[RawFile]:
    """Every regular, non-hidden file under the given files and folders, hashed, in path order."""
    return [raw_file(f, f.read_bytes()) for f in _expand(paths)]


def default_parser() -> tuple[ParseFn, str]:
    """``pipeline.parse.parse_file`` and its ``PARSER_VERSION``."""
    from pipeline.parse import PARSER_VERSION, parse_file

    return parse_file, PARSER_VERSION


def parse_batch(
    files: list[RawFile],
    loaded: dict[str, str],
    parse: ParseFn | None = None,
    parser_version: str | None = None,
    progress: Progress | None = None,
) -> ParseBatch:
    """Parse the files not already loaded with this parser version; never raise for one file.

    ``loaded`` maps report_id → parser_version of what the warehouse holds. A ``ReportError`` is
    recorded with its code; any other exception is our bug, recorded as ``internal_error``.
    """
    if parse is None or parser_version is None:
        default_fn, default_version = default_parser()
        parse = parse or default_fn
        parser_version = parser_version or default_version
    batch = ParseBatch(parser_version)
    seen: set[str] = set()
    for f in files:
        if already_parsed(f.report_id, loaded, parser_version, seen):
            batch.skipped.append(f)
        else:
            batch.outcomes.append(_parse_one(f, parse))
        if progress:
            progress(f.name)
    return batch


def already_parsed(report_id: str, loaded: dict[str, str], parser_version: str, seen: set[str]) -> bool:
    """True when the warehouse holds these bytes with this parser version, or this batch met them already.

    The one skip rule of every load path; a report met for the first time is added to ``seen``.
    """
    if loaded.get(report_id) == parser_version or report_id in seen:
        return True
    seen.add(report_id)
    return False


def _parse_one(f: RawFile, parse: ParseFn) -> Outcome:
    return outcome_of(f, lambda: parse(f.path))


def outcome_of(f: RawFile, parse: Callable[[], dict[str, Any]]) -> Outcome:
    """Run one parse; a ``ReportError`` becomes its code, any other exception ``internal_error``."""
    try:
        return Outcome(f, parsed=parse())
    except ReportError as e:
        log.info("%s: %s (%s)", f.name, e, e.code)
        return Outcome(f, error_code=e.code, error_message=str(e) or e.__class__.__name__)
    except Exception as e:  # noqa: BLE001 - one bad file must never stop the batch
        log.exception("internal error parsing %s", f.name)
        return Outcome(f, error_code="internal_error", error_message=f"{type(e).__name__}: {e}")
