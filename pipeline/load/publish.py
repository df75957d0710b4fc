"""Publish the working database as the analysts' snapshot, swapped in atomically.

DuckDB lets one process write and locks every other process out, readers included; so analysts
never open the working file. They open ``ogi.duckdb``, a symbolic link to one of two snapshot
files in ``.ogi.duckdb.snapshots/`` (``a.duckdb``, ``b.duckdb``). A publish brings the snapshot
the link does *not* point to up to date and then swaps the link with ``os.replace``: an analyst
holding the current snapshot open keeps reading it, and the run never waits for them.

Bringing the other snapshot up to date copies only what changed since it was last published:
the facts of reports parsed since, every row of the small tables (reports, dimensions, findings),
the DDL and the views. The multi-GB fact tables are not copied again when a few reports changed.
When that is not possible (no such snapshot yet, an analyst still holds it open, its schema
differs), not worth it (a working file under 1 GB copies faster) or its row counts then differ from the working database in any table, the whole working
file is copied instead. Either way the link moves only to a snapshot equal to the working database.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline.load.facts import REPORT_TABLES
from pipeline.load.paths import connect
from pipeline.load.schema import apply_ddl, apply_views
from pipeline.settings import settings

log = logging.getLogger(__name__)

SNAPSHOTS = ("a.duckdb", "b.duckdb")


@dataclass
class PublishResult:
    """Where the snapshot is and how it was made (``incremental`` or ``full copy``)."""

    path: Path
    snapshot: Path
    method: str
    reports_copied: int | None = None  # reports whose facts were copied (incremental only)


def checkpoint(work: Path) -> None:
    """Fold the write-ahead log into the working file so a plain file copy is complete."""
    con = connect(work)
    try:
        con.execute("checkpoint")
    finally:
        con.close()


def snapshot_dir(published: Path) -> Path:
    return published.parent / f".{published.name}.snapshots"


def _next_snapshot(published: Path) -> Path:
    """The snapshot file the link does not point to now (``a.duckdb`` the first time)."""
    folder = snapshot_dir(published)
    current = published.resolve().name if published.is_symlink() else None
    return folder / (SNAPSHOTS[1] if current == SNAPSHOTS[0] else SNAPSHOTS[0])


def _tables(con: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, list[tuple[str, str]]]:
    rows = con.execute("""select c.table_name, c.column_name, c.data_type from duckdb_columns() c
                          semi join duckdb_tables() t using (database_name, schema_name, table_name)
                          where c.database_name = ? and c.schema_name = 'main'
                          order by c.table_name, c.column_index""", [catalog]).fetchall()
    out: dict[str, list[tuple[str, str]]] = {}
    for table, column, dtype in rows:
        out.setdefault(table, []).append((column, dtype))
    return out


def _counts(con: duckdb.DuckDBPyConnection, catalog: str, tables: list[str]) -> dict[str, int]:
    return {t: con.execute(f'select count(*) from {catalog}."{t}"').fetchall()[0][0] for t in tables}


def _views(con: duckdb.DuckDBPyConnection, catalog: str) -> list[str]:
    return [r[0] for r in con.execute("""select view_name from duckdb_views() where database_name = ?
        and schema_name = 'main' and not internal order by 1""", [catalog]).fetchall()]


def _same_views(con: duckdb.DuckDBPyConnection, catalog: str) -> bool:
    """Give the snapshot the working database's views: the project's (``sql/views``, with their comments)
    when it has them, none when it has none; False when its views are anything else."""
    for view in _views(con, catalog):
        con.execute(f'drop view "{view}"')
    if _views(con, "w"):
        apply_views(con)
    return _views(con, "w") == _views(con, catalog)


def _sync(snapshot: Path, work: Path) -> int | None:
    """Bring ``snapshot`` up to date from ``work`` in one transaction; the number of reports whose facts
    were copied, or None when it cannot be done incrementally (the caller copies the whole file)."""
    try:
        con = duckdb.connect(str(snapshot))
    except (duckdb.IOException, duckdb.Error) as e:  # an analyst still holds it open: copy instead
        log.info("snapshot %s not writable (%s): full copy", snapshot, e)
        return None
    try:
        con.execute(f"attach '{work}' as w (read_only)")
        apply_ddl(con)
        ours, theirs = _tables(con, "w"), _tables(con, snapshot.stem)
        if ours != theirs:  # tables the DDL does not make (or typed differently): not ours to patch
            log.info("snapshot %s differs in schema from %s: full copy", snapshot, work)
            return None
        con.execute("begin transaction")
        # reports (re)parsed since this snapshot was made, and reports it holds that are gone
        con.execute("""create or replace temp table _changed as
            select n.report_id from w.reports n left join reports o on o.report_id = n.report_id
                and o.parser_version = n.parser_version and o.parsed_at = n.parsed_at and o.status = n.status
            where o.report_id is null
            union all (select report_id from reports except select report_id from w.reports)""")
        changed = con.execute("select count(*) from _changed").fetchall()[0][0]
        for table in ours:
            if table in REPORT_TABLES:
                con.execute(f"delete from {table} where report_id in (select report_id from _changed)")
                con.execute(f"insert into {table} select * from w.{table} "
                            "where report_id in (select report_id from _changed)")
            else:
                con.execute(f"delete from {table}")
                con.execute(f"insert into {table} select * from w.{table}")
        con.execute("commit")
        if not _same_views(con, snapshot.stem):
            log.info("views of %s are not the project's: full copy", work)
            return None
        if _counts(con, "w", list(ours)) != _counts(con, snapshot.stem, list(ours)):
            log.warning("snapshot %s row counts differ from %s after the update: full copy", snapshot, work)
            return None
        con.execute("detach w")
        con.execute("checkpoint")
        return changed
    except duckdb.Error as e:
        log.warning("incremental publish into %s failed (%s): full copy", snapshot, e)
        return None
    finally:
        con.close()


def _copy(work: Path, target: Path) -> None:
    """Copy the whole working file to ``target``, atomically (written beside it, then renamed)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        shutil.copyfile(work, tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; analysts need to read it
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _point(published: Path, snapshot: Path) -> None:
    """Swap the analysts' link to ``snapshot`` in one rename (a file left by an older version included)."""
    tmp = published.with_name(f".{published.name}.link")
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(snapshot.relative_to(published.parent))
    os.replace(tmp, published)


def publish(work: str | os.PathLike[str], published: str | os.PathLike[str],
            incremental_above: int | None = None) -> PublishResult:
    """Make ``published`` show what ``work`` holds now; returns where and how.

    A working file smaller than ``incremental_above`` bytes (default ``OGI_PUBLISH_INCREMENTAL_ABOVE``,
    1 GB) is copied whole: below that a copy is the faster way (measured at 100,000 reports, a
    225 MB file: 1.2 s to copy, 7 s to update in place).
    """
    work, published = Path(work), Path(published)
    if not work.exists():
        raise FileNotFoundError(f"working warehouse {work} does not exist: run the load first")
    checkpoint(work)
    threshold = settings().publish_incremental_above if incremental_above is None else incremental_above
    snapshot = _next_snapshot(published)
    snapshot.parent.mkdir(parents=True, exist_ok=True)
    worth_it = work.stat().st_size >= threshold
    copied = _sync(snapshot, work.resolve()) if snapshot.exists() and worth_it else None
    if copied is None:
        _copy(work, snapshot)
    _point(published, snapshot)
    method = "full copy" if copied is None else "incremental"
    log.info("published %s -> %s (%s)", work, published, method)
    return PublishResult(published, snapshot, method, copied)


def snapshot_counts(published: str | os.PathLike[str]) -> dict[str, int]:
    """Row counts of the snapshot, read the way analysts open it (read-only)."""
    from pipeline.load.store import row_counts

    con = duckdb.connect(str(published), read_only=True)
    try:
        return row_counts(con)
    finally:
        con.close()
