"""Parquet parts and their merge: the one way parsed reports reach the warehouse.

Parsing runs anywhere (a process pool, a Dagster partition on another machine); each parser
streams its outcomes into ``<root>/<table>/part=<key>.parquet`` through `ParquetSink`, holding one
batch at a time. Only `merge_parquet` writes the warehouse, under its single writer. ``ogi ingest``,
the schedule, the sensor, the partitioned job and `pipeline.load.store.load_batch` all end here, so
every path gives the same warehouse. The parts' columns and types come from the DDL
(`pipeline.load.arrow_schema`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.acquire.manifest import source_urls_for
from pipeline.load.arrow_schema import arrow_schema, staged_reports_schema
from pipeline.load.batch import Outcome
from pipeline.load.dimensions import refresh_agencies, replace_template_dimensions
from pipeline.load.facts import REPORT_TABLES, batch_tables
from pipeline.load.schema import apply_ddl

log = logging.getLogger(__name__)

TABLES = ("reports", *REPORT_TABLES)

MARK_CURRENT = """
update reports set is_current = (status = 'parsed' and (agency is null or year is null or report_id in (
    select report_id from reports where status = 'parsed'
    qualify row_number() over (partition by coalesce(agency_canonical, agency), year order by version_seq desc) = 1)))
"""
"""The latest parsed version of each agency-year is current (one set-based pass, not a query per row);
the agency is its canonical name, so 洪泽区人民政府 and 淮安市洪泽区人民政府 are one agency."""


class SimulatedCrash(RuntimeError):
    """Raised by ``merge_parquet(crash_after_reports=True)`` to prove a crash mid-merge leaves no trace."""


def part_path(root: str | Path, table: str, key: str) -> Path:
    """Where partition ``key`` of ``table`` lives: ``<root>/<table>/part=<key>.parquet``."""
    return Path(root) / table / f"part={key}.parquet"


def _year(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def report_row(o: Outcome, parser_version: str, parsed_at: datetime, source_url: str | None) -> dict[str, Any]:
    """The ``reports`` row of one outcome (without version_seq/is_current, set at merge)."""
    p = o.parsed or {}
    src = p.get("source") or {}
    return {
        "report_id": o.file.report_id, "agency": p.get("agency"),
        "agency_canonical": p.get("agency_canonical") or p.get("agency"), "year": _year(p.get("year")),
        "template_version": p.get("template_version"), "source_path": o.file.path, "source_name": o.file.name,
        "source_url": source_url,
        "sha256": o.file.sha256, "format": src.get("format"), "encoding": src.get("encoding"),
        "bytes": o.file.bytes, "parsed_at": parsed_at,
        "parser_version": str(p.get("parser_version") or parser_version),
        "status": "parsed" if o.ok else "failed", "error_code": o.error_code, "error_message": o.error_message,
    }


class ParquetSink:
    """Streams batches of outcomes into one Parquet file per table (a row group per batch).

    Files are written under a temporary name and renamed on `close`, so a crashed parser leaves no
    half file for the merge to read.
    """

    def __init__(self, root: str | Path, key: str, parser_version: str, parsed_at: datetime | None = None) -> None:
        self.root, self.key, self.parser_version = Path(root), key, parser_version
        self.parsed_at = (parsed_at or datetime.now(UTC)).replace(tzinfo=None)
        self._writers: dict[str, pq.ParquetWriter] = {}
        self.rows: dict[str, int] = dict.fromkeys(TABLES, 0)

    def _write(self, table: str, data: pa.Table) -> None:
        writer = self._writers.get(table)
        if writer is None:
            path = part_path(self.root, table, self.key)
            path.parent.mkdir(parents=True, exist_ok=True)
            writer = self._writers[table] = pq.ParquetWriter(f"{path}.tmp", data.schema, compression="zstd")
        writer.write_table(data)
        self.rows[table] += data.num_rows

    def add(self, outcomes: Iterable[Outcome]) -> None:
        outcomes = list(outcomes)
        if not outcomes:
            return
        urls = source_urls_for([o.file.path for o in outcomes])
        rows = [report_row(o, self.parser_version, self.parsed_at, url) for o, url in zip(outcomes, urls, strict=True)]
        self._write("reports", pa.Table.from_pylist(rows, schema=staged_reports_schema()))
        for table, data in batch_tables([(o.file.report_id, o.parsed) for o in outcomes if o.ok]).items():
            self._write(table, data)

    def close(self) -> dict[str, int]:
        """Finish every file (an empty part still writes its empty tables) and publish them."""
        for table in TABLES:
            if table not in self._writers:
                schema = staged_reports_schema() if table == "reports" else arrow_schema(table)
                self._write(table, schema.empty_table())
        for table, writer in self._writers.items():
            writer.close()
            path = part_path(self.root, table, self.key)
            os.replace(f"{path}.tmp", path)
        self._writers.clear()
        return self.rows

    def __enter__(self) -> ParquetSink:
        return self

    def __exit__(self, exc_type, *_: object) -> None:
        if exc_type is None:
            self.close()
        else:
            for writer in self._writers.values():
                writer.close()


def has_parts(root: str | Path) -> bool:
    return any((Path(root) / "reports").glob("part=*.parquet"))


_PART = "regexp_extract(filename, 'part=([^/]+)[.]parquet$', 1)"


def _files(root: Path, table: str, parts: list[str]) -> str:
    """A DuckDB list literal of the part files of ``table`` for the given partition keys."""
    return "[" + ", ".join(f"'{part_path(root, table, p)}'" for p in parts) + "]"


def _choose(con: duckdb.DuckDBPyConnection, root: Path) -> None:
    """``_chosen``: each report of the parts once, with the load order (``_seq``) it gets.

    Bytes seen in two files are kept once, the first by path. A report already in the warehouse
    keeps its version_seq; new ones follow the highest, in path order. A re-parse that now fails,
    of bytes already loaded as parsed, is not chosen: its facts stay and only its error is noted
    (``_kept``).
    """
    seq = con.execute("select coalesce(max(version_seq), 0) from reports").fetchall()[0][0]
    con.execute(f"""create or replace temp table _staged as
        select *, {_PART} as _part
        from read_parquet('{root / "reports" / "part=*.parquet"}', union_by_name = true, filename = true)
        qualify row_number() over (partition by report_id order by source_path, _part) = 1""")
    con.execute("""create or replace temp table _kept as
        select s.report_id, s.error_code, s.error_message from _staged s
        join reports r using (report_id) where s.status = 'failed' and r.status = 'parsed'""")
    con.execute(f"""create or replace temp table _chosen as
        select s.*, coalesce(r.is_current, false) as _was_current, coalesce(r.version_seq,
                             {seq} + row_number() over (partition by r.version_seq is null
                                                        order by s.source_path, s.report_id)) as _seq
        from _staged s left join reports r using (report_id)
        where s.report_id not in (select report_id from _kept)""")


def _merge_group(con: duckdb.DuckDBPyConnection, root: Path, parts: list[str], inserted: dict[str, int]) -> None:
    """Replace the reports of some parts and insert their facts (inside the caller's transaction)."""
    keys = "[" + ", ".join(f"'{p}'" for p in parts) + "]"
    con.execute(f"create or replace temp table _group as select * from _chosen where list_contains({keys}, _part)")
    if con.execute("select count(*) from reports semi join _group using (report_id)").fetchall()[0][0]:
        for table in TABLES:  # re-parsed: replace, never duplicate (skipped on a fresh load)
            con.execute(f"delete from {table} where report_id in (select report_id from _group)")
    cols = ", ".join(staged_reports_schema().names)
    # a replaced version stays current until MARK_CURRENT: between the commits of a large merge the
    # current views never lose a report
    con.execute(f"insert into reports ({cols}, version_seq, is_current) "
                f"select {cols}, _seq, _was_current and status = 'parsed' from _group")
    parsed, failed = con.execute(
        "select count(*) filter (where status = 'parsed'), count(*) filter (where status = 'failed') from _group"
    ).fetchall()[0]
    inserted["reports"] += parsed + failed
    inserted["parsed"] += parsed
    inserted["failed"] += failed
    for table in REPORT_TABLES:
        fcols = ", ".join(arrow_schema(table).names)
        n = con.execute(f"""insert into {table} ({fcols})
            select {fcols} from read_parquet({_files(root, table, parts)}, union_by_name = true, filename = true)
            where (report_id, {_PART}) in (select report_id, _part from _group)""").fetchall()
        inserted[table] += n[0][0] if n else 0


def _merge_parts(con: duckdb.DuckDBPyConnection, root: Path, inserted: dict[str, int],
                 parts_per_commit: int | None, crash_after_reports: bool) -> None:
    """Every part's reports and facts, a commit after each ``parts_per_commit`` parts (if given)."""
    _choose(con, root)
    inserted["kept_failed"] = con.execute("select count(*) from _kept").fetchall()[0][0]
    con.execute("""update reports set error_code = k.error_code, error_message = k.error_message
                   from _kept k where reports.report_id = k.report_id""")
    parts = [r[0] for r in con.execute("select distinct _part from _chosen order by 1").fetchall()]
    step = parts_per_commit or max(len(parts), 1)
    for i in range(0, len(parts), step):
        _merge_group(con, root, parts[i:i + step], inserted)
        if crash_after_reports:
            raise SimulatedCrash(f"simulated crash after {inserted['reports']} reports")
        if parts_per_commit and i + step < len(parts):
            con.execute("commit")
            con.execute("begin transaction")


def merge_parquet(con: duckdb.DuckDBPyConnection, root: str | Path, *, parts_per_commit: int | None = None,
                  require_parts: bool = True, crash_after_reports: bool = False) -> dict[str, int]:
    """Replace the reports found in the Parquet parts (and their facts) in the warehouse.

    A report already in the warehouse is replaced, keeping its load order; a re-parse that now
    fails keeps the facts loaded before and records the error. ``parts_per_commit=None`` merges
    everything in one transaction (all or nothing); a number commits after that many parts, which
    bounds the transaction however large the corpus (a crash leaves whole parts merged; merging
    again is idempotent). ``crash_after_reports`` raises `SimulatedCrash` once the first group's
    rows are written (tests only). With no parts, ``require_parts=False`` still refreshes the
    template dimensions and the current versions (a run whose files were all unchanged).
    Returns the rows inserted per table, the reports ``parsed`` and ``failed``, and ``kept_failed``.
    """
    root = Path(root)
    staged = has_parts(root)
    if not staged and require_parts:
        raise FileNotFoundError(f"no Parquet parts under {root / 'reports'}")
    apply_ddl(con)
    inserted: dict[str, int] = dict.fromkeys((*TABLES, "parsed", "failed", "kept_failed"), 0)
    con.execute("begin transaction")
    try:
        replace_template_dimensions(con)
        if staged:
            _merge_parts(con, root, inserted, parts_per_commit, crash_after_reports)
        con.execute(MARK_CURRENT)
        refresh_agencies(con)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        for temp in ("_group", "_chosen", "_kept", "_staged"):
            con.execute(f"drop table if exists {temp}")
    log.info("merged Parquet from %s: %s", root, inserted)
    return inserted
