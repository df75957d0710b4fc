"""Files that failed to parse and still do: read from ``reports``, so a failure stays visible on
every run until its file changes, also when ingest skips the file as unchanged.

A failed version (``reports.status = 'failed'``) is *open* while
- no later version was loaded from the same ``source_path`` (the file was replaced there), and
- its file, where it is a local path, still exists with the same bytes (size, then sha256).
A failure whose file was deleted or rewritten is closed; a URL source stays open until replaced.
Plain functions (no Dagster): the ``parse_failures`` asset check and ``ogi ingest`` call them.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

_SQL = """
select r.report_id, r.source_path, r.source_name, r.error_code, r.error_message, r.sha256, r.bytes,
       r.parsed_at, r.parser_version
from reports r
where r.status = 'failed'
  and not exists (select 1 from reports later
                  where later.source_path = r.source_path and later.version_seq > r.version_seq)
order by r.source_name, r.source_path
"""


@dataclass(frozen=True)
class ParseFailure:
    """One file that failed to parse: where it is, the stable code and the reason."""

    report_id: str
    source_path: str
    file: str
    code: str
    reason: str
    parser_version: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def _unchanged(path: str, sha256: str, size: int | None) -> bool:
    """Whether the file at ``path`` still holds the failed bytes (URLs: assumed so)."""
    if "://" in path:
        return True
    p = Path(path)
    try:
        if not p.is_file() or (size is not None and p.stat().st_size != size):
            return False
        h = hashlib.sha256()
        with p.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest() == sha256
    except OSError:
        return False


def open_failures(con: duckdb.DuckDBPyConnection) -> list[ParseFailure]:
    """Every failed file whose failure still stands (see the module docstring), by file name."""
    if not con.execute("select count(*) from information_schema.tables where table_name = 'reports'").fetchone()[0]:
        return []
    out = []
    for rid, path, name, code, message, sha, size, _, version in con.execute(_SQL).fetchall():
        if _unchanged(path or "", sha, size):
            out.append(ParseFailure(rid, path or "", name or "", code or "internal_error", message or "", version))
    return out
