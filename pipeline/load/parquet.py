"""Facts as Parquet, one file per table and partition, and their merge into the DuckDB warehouse.

Parsing can run anywhere (a process pool, a Dagster partition on another machine): each worker
streams its batches into ``<root>/<table>/part=<key>.parquet`` through `ParquetSink`, holding one
batch at a time. Only `merge_parquet` writes the warehouse (in one transaction, or a commit per
group of partitions to keep memory flat), so the warehouse keeps one writer. Rows are exactly what `pipeline.load.facts.batch_tables` makes for the
single-process path, so both paths give the same warehouse.
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

from pipeline.acquire.manifest import source_url_for
from pipeline.load.batch import Outcome
from pipeline.load.dimensions import refresh_agencies, replace_template_dimensions
from pipeline.load.facts import _SCHEMAS, batch_tables
from pipeline.load.schema import apply_ddl
from pipeline.load.store import MARK_CURRENT

log = logging.getLogger(__name__)

REPORTS_SCHEMA = pa.schema(
    [("report_id", pa.string()), ("agency", pa.string()), ("agency_canonical", pa.string()), ("year", pa.int32()),
     ("template_version", pa.string()),
     ("source_path", pa.string()), ("source_name", pa.string()), ("source_url", pa.string()), ("sha256", pa.string()),
     ("format", pa.string()),
     ("encoding", pa.string()), ("bytes", pa.int64()), ("parsed_at", pa.timestamp("us")),
     ("parser_version", pa.string()), ("status", pa.string()), ("error_code", pa.string()),
     ("error_message", pa.string())]
)
FACT_TABLES = tuple(_SCHEMAS)  # fact_*, narrative_figures, parse_warnings
TABLES = ("reports", *FACT_TABLES)


def part_path(root: str | Path, table: str, key: str) -> Path:
    """Where partition ``key`` of ``table`` lives: ``<root>/<table>/part=<key>.parquet``."""
    return Path(root) / table / f"part={key}.parquet"


def report_row(o: Outcome, parser_version: str, parsed_at: datetime) -> dict[str, Any]:
    """The ``reports`` row of one outcome (without version_seq/is_current, set at merge)."""
    p = o.parsed or {}
    src = p.get("source") or {}
    return {
        "report_id": o.file.report_id, "agency": p.get("agency"),
        "agency_canonical": p.get("agency_canonical") or p.get("agency"), "year": p.get("year"),
        "template_version": p.get("template_version"), "source_path": o.file.path, "source_name": o.file.name,
        "source_url": source_url_for(o.file.path),
        "sha256": o.file.sha256, "format": src.get("format"), "encoding": src.get("encoding"),
        "bytes": o.file.bytes, "parsed_at": parsed_at,
        "parser_version": str(p.get("parser_version") or parser_version),
        "status": "parsed" if o.ok else "failed", "error_code": o.error_code, "error_message": o.error_message,
    }


class ParquetSink:
    """Streams batches of outcomes into one Parquet file per table (a row group per batch).

    Files are written under a temporary name and renamed on `close`, so a crashed partition
    leaves no half file for the merge to read.
    """

    def __init__(self, root: str | Path, key: str, parser_version: str) -> None:
        self.root, self.key, self.parser_version = Path(root), key, parser_version
        self.parsed_at = datetime.now(UTC).replace(tzinfo=None)
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
        rows = [report_row(o, self.parser_version, self.parsed_at) for o in outcomes]
        self._write("reports", pa.Table.from_pylist(rows, schema=REPORTS_SCHEMA))
        for table, data in batch_tables([(o.file.report_id, o.parsed) for o in outcomes if o.ok]).items():
            self._write(table, data)

    def close(self) -> dict[str, int]:
        """Finish every file (an empty partition still writes its empty tables) and publish them."""
        for table in TABLES:
            if table not in self._writers:
                schema = REPORTS_SCHEMA if table == "reports" else _SCHEMAS[table]
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


def _glob(root: Path, table: str) -> str:
    return str(root / table / "part=*.parquet")


_PART = "regexp_extract(filename, 'part=([^/]+)[.]parquet$', 1)"


def _files(root: Path, table: str, parts: list[str]) -> str:
    """A DuckDB list literal of the part files of ``table`` for the given partition keys."""
    return "[" + ", ".join(f"'{part_path(root, table, p)}'" for p in parts) + "]"


def _merge_group(con: duckdb.DuckDBPyConnection, root: Path, parts: list[str], inserted: dict[str, int]) -> None:
    """Replace the reports of some partitions and insert their facts (inside the caller's transaction)."""
    keys = "[" + ", ".join(f"'{p}'" for p in parts) + "]"
    con.execute(f"create or replace temp table _group as select * from _chosen where list_contains({keys}, _part)")
    if con.execute("select count(*) from reports semi join _group using (report_id)").fetchall()[0][0]:
        for table in TABLES:  # re-merging: replace, never duplicate (skipped on a fresh load)
            con.execute(f"delete from {table} where report_id in (select report_id from _group)")
    cols = ", ".join(REPORTS_SCHEMA.names)
    con.execute(f"insert into reports ({cols}, version_seq, is_current) select {cols}, _seq, false from _group")
    inserted["reports"] = inserted.get("reports", 0) + con.execute("select count(*) from _group").fetchall()[0][0]
    for table in FACT_TABLES:
        fcols = ", ".join(_SCHEMAS[table].names)
        n = con.execute(f"""insert into {table} ({fcols})
            select {fcols} from read_parquet({_files(root, table, parts)}, union_by_name = true, filename = true)
            where (report_id, {_PART}) in (select report_id, _part from _group)""").fetchall()
        inserted[table] = inserted.get(table, 0) + (n[0][0] if n else 0)


def merge_parquet(con: duckdb.DuckDBPyConnection, root: str | Path, *, parts_per_commit: int | None = None
                  ) -> dict[str, int]:
    """Replace the reports found in the Parquet parts (and their facts) in the warehouse.

    A report already in the warehouse is replaced; bytes seen in two files are kept once, the
    first by path, with the facts of that file's partition (a partition never holds a report
    twice). ``parts_per_commit=None`` merges everything in one transaction (all or nothing);
    a number commits after that many partitions, which keeps DuckDB's memory flat however
    large the corpus (a crash leaves whole partitions merged; merging again is idempotent).
    Returns the rows inserted per table.
    """
    root = Path(root)
    if not any((root / "reports").glob("part=*.parquet")):
        raise FileNotFoundError(f"no Parquet partitions under {root / 'reports'}")
    apply_ddl(con)
    seq = con.execute("select coalesce(max(version_seq), 0) from reports").fetchall()[0][0]
    con.execute(f"""create or replace temp table _chosen as
        select *, {seq} + row_number() over (order by source_path, report_id) as _seq from (
            select *, {_PART} as _part
            from read_parquet('{_glob(root, "reports")}', union_by_name = true, filename = true)
            qualify row_number() over (partition by report_id order by source_path) = 1)""")
    parts = [r[0] for r in con.execute("select distinct _part from _chosen order by 1").fetchall()]
    step = parts_per_commit or max(len(parts), 1)
    inserted: dict[str, int] = dict.fromkeys(TABLES, 0)
    con.execute("begin transaction")
    try:
        replace_template_dimensions(con)
        for i in range(0, len(parts), step):
            _merge_group(con, root, parts[i:i + step], inserted)
            if parts_per_commit and i + step < len(parts):
                con.execute("commit")
                con.execute("begin transaction")
        con.execute(MARK_CURRENT)
        refresh_agencies(con)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        con.execute("drop table if exists _group")
        con.execute("drop table if exists _chosen")
    log.info("merged Parquet from %s: %s", root, inserted)
    return inserted
