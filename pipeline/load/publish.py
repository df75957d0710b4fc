"""Publish the working database as the analysts' snapshot, replaced atomically.

DuckDB lets one process write and locks every other process out, readers included; so analysts
never open the working file. The snapshot is a full copy written beside the target and moved
into place with ``os.replace``: an analyst holding the old snapshot open keeps reading the old
file (POSIX keeps the inode alive) and the run never waits for them.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

import duckdb

from pipeline.load.paths import connect

log = logging.getLogger(__name__)


def checkpoint(work: Path) -> None:
    """Fold the write-ahead log into the working file so a plain file copy is complete."""
    con = connect(work)
    try:
        con.execute("checkpoint")
    finally:
        con.close()


def publish(work: str | os.PathLike[str], published: str | os.PathLike[str]) -> Path:
    """Copy ``work`` to ``published`` atomically; returns the published path."""
    work, published = Path(work), Path(published)
    if not work.exists():
        raise FileNotFoundError(f"working warehouse {work} does not exist: run the load first")
    checkpoint(work)
    published.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{published.name}.", suffix=".tmp", dir=published.parent)
    os.close(fd)
    try:
        shutil.copyfile(work, tmp)
        shutil.copymode(work, tmp)  # mkstemp makes 0600; analysts need to read it
        os.replace(tmp, published)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    log.info("published %s -> %s", work, published)
    return published


def snapshot_counts(published: str | os.PathLike[str]) -> dict[str, int]:
    """Row counts of the snapshot, read the way analysts open it (read-only)."""
    from pipeline.load.store import row_counts

    con = duckdb.connect(str(published), read_only=True)
    try:
        return row_counts(con)
    finally:
        con.close()
