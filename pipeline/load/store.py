"""Load a parsed batch into the working database: one transaction, idempotent, versioned.

Rules (issue 3): the same bytes and parser version are never loaded twice (the caller skips them
before parsing); new bytes for an agency-year become a new version and the latest parsed one is
marked current; a failed parse is recorded in ``reports`` and never touches facts already loaded;
anything that goes wrong mid-batch rolls the whole batch back.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import duckdb
import pyarrow as pa

from pipeline.acquire.manifest import source_url_for
from pipeline.load.batch import Outcome, ParseBatch
from pipeline.load.dimensions import (
    insert_arrow,
    refresh_agencies,
    replace_template_dimensions,
    template_rows,
)
from pipeline.load.facts import batch_tables
from pipeline.load.schema import apply_ddl

log = logging.getLogger(__name__)

REPORT_TABLES = ("fact_proactive", "fact_applications", "fact_appeals", "narrative_figures", "parse_warnings")
ALL_TABLES = ("reports", *REPORT_TABLES, "dim_agency", *template_rows())


class SimulatedCrash(RuntimeError):
    """Raised by ``load_batch(fail_after=N)`` to prove a crash mid-load leaves no trace."""


@dataclass
class LoadStats:
    parsed: int = 0
    failed: int = 0
    facts: int = 0
    row_counts: dict[str, int] = field(default_factory=dict)


def loaded_versions(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """report_id → parser_version of every version the warehouse holds (parsed or failed)."""
    apply_ddl(con)
    return dict(con.execute("select report_id, parser_version from reports").fetchall())


def row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t: con.execute(f"select count(*) from {t}").fetchall()[0][0] for t in ALL_TABLES}


_REPORT_COLUMNS = ("report_id", "agency", "agency_canonical", "year", "template_version", "source_path", "source_name", "source_url", "sha256",
                   "format", "encoding", "bytes", "parsed_at", "parser_version", "status", "error_code",
                   "error_message", "version_seq")
_UPSERT = f"""
insert into reports ({", ".join(_REPORT_COLUMNS)}, is_current)
select {", ".join(_REPORT_COLUMNS)}, false from _batch
on conflict (report_id) do update set
    {", ".join(f"{c} = excluded.{c}" for c in _REPORT_COLUMNS if c not in ("report_id", "sha256", "version_seq"))}
"""


def _report_row(o: Outcome, parser_version: str, parsed_at: datetime, seq: int) -> dict[str, Any]:
    p = o.parsed or {}
    src = p.get("source") or {}
    year = p.get("year")
    return {
        "report_id": o.file.report_id,
        "agency": p.get("agency"),
        "agency_canonical": p.get("agency_canonical") or p.get("agency"),
        "year": year if isinstance(year, int) and not isinstance(year, bool) else None,
        "template_version": p.get("template_version"),
        "source_path": o.file.path,
        "source_name": o.file.name,
        "source_url": source_url_for(o.file.path),
        "sha256": o.file.sha256,
        "format": src.get("format"),
        "encoding": src.get("encoding"),
        "bytes": o.file.bytes,
        "parsed_at": parsed_at,
        "parser_version": str(p.get("parser_version") or parser_version),
        "status": "parsed" if o.ok else "failed",
        "error_code": o.error_code,
        "error_message": o.error_message,
        "version_seq": seq,
    }


_REPORT_SCHEMA = pa.schema(
    [(c, pa.int32() if c == "year" else pa.int64() if c in ("bytes", "version_seq")
      else pa.timestamp("us") if c == "parsed_at" else pa.string()) for c in _REPORT_COLUMNS])


def _write(con: duckdb.DuckDBPyConnection, outcomes: list[Outcome], parser_version: str, parsed_at: datetime,
           first_seq: int) -> int:
    """Write a slice of outcomes in bulk; returns the number of fact rows inserted."""
    if not outcomes:
        return 0
    ids = [o.file.report_id for o in outcomes]
    parsed_before = {r[0] for r in con.execute(
        "select report_id from reports where status = 'parsed' and report_id in (select unnest(?))", [ids]
    ).fetchall()}
    # A re-parse of bytes already loaded that now fails keeps its facts; only the error is noted.
    keep = [o for o in outcomes if not o.ok and o.file.report_id in parsed_before]
    if keep:
        con.executemany("update reports set error_code = ?, error_message = ? where report_id = ?",
                        [[o.error_code, o.error_message, o.file.report_id] for o in keep])
    write = [(i, o) for i, o in enumerate(outcomes) if not (not o.ok and o.file.report_id in parsed_before)]
    rows = [_report_row(o, parser_version, parsed_at, first_seq + i) for i, o in write]
    _insert_with(con, _UPSERT, pa.Table.from_pylist(rows, schema=_REPORT_SCHEMA))
    ok = [(o.file.report_id, o.parsed) for _, o in write if o.ok]
    if not ok:
        return 0
    ok_ids = [rid for rid, _ in ok]
    for table in REPORT_TABLES:
        con.execute(f"delete from {table} where report_id in (select unnest(?))", [ok_ids])
    tables = batch_tables(ok)
    for table, data in tables.items():
        insert_arrow(con, table, data)
    return sum(tables[t].num_rows for t in ("fact_proactive", "fact_applications", "fact_appeals"))


def _insert_with(con: duckdb.DuckDBPyConnection, sql: str, data: pa.Table) -> None:
    con.register("_batch", data)
    try:
        con.execute(sql)
    finally:
        con.unregister("_batch")


MARK_CURRENT = """
update reports set is_current = (status = 'parsed' and (agency is null or year is null or report_id in (
    select report_id from reports where status = 'parsed'
    qualify row_number() over (partition by coalesce(agency_canonical, agency), year order by version_seq desc) = 1)))
"""
"""The latest parsed version of each agency-year is current (one set-based pass, not a query per row);
the agency is its canonical name, so 洪泽区人民政府 and 淮安市洪泽区人民政府 are one agency."""


def load_batch(con: duckdb.DuckDBPyConnection, batch: ParseBatch, *, fail_after: int | None = None,
               now: datetime | None = None) -> LoadStats:
    """Load every outcome of the batch in ONE transaction; roll back entirely on any error.

    ``fail_after`` raises ``SimulatedCrash`` after that many reports were written (tests only).
    """
    apply_ddl(con)
    parsed_at = (now or datetime.now(UTC)).replace(tzinfo=None)
    stats = LoadStats()
    con.execute("begin transaction")
    try:
        replace_template_dimensions(con)
        seq = con.execute("select coalesce(max(version_seq), 0) from reports").fetchall()[0][0] + 1
        outcomes = batch.outcomes
        if fail_after is not None:
            stats.facts += _write(con, outcomes[:fail_after], batch.parser_version, parsed_at, seq)
            raise SimulatedCrash(f"simulated crash after {min(fail_after, len(outcomes))} reports")
        stats.facts += _write(con, outcomes, batch.parser_version, parsed_at, seq)
        stats.parsed = sum(o.ok for o in outcomes)
        stats.failed = len(outcomes) - stats.parsed
        con.execute(MARK_CURRENT)
        refresh_agencies(con)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    stats.row_counts = row_counts(con)
    log.info("loaded %d parsed, %d failed, %d facts", stats.parsed, stats.failed, stats.facts)
    return stats
