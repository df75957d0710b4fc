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

from pipeline.load.batch import Outcome, ParseBatch
from pipeline.load.dimensions import agency_rows, template_rows
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


def _insert(con: duckdb.DuckDBPyConnection, table: str, data: pa.Table) -> None:
    if data.num_rows:
        con.register("_batch", data)
        cols = ", ".join(data.column_names)
        con.execute(f"insert into {table} ({cols}) select {cols} from _batch")
        con.unregister("_batch")


def _replace_dimensions(con: duckdb.DuckDBPyConnection) -> None:
    for table, rows in template_rows().items():
        con.execute(f"delete from {table}")
        _insert(con, table, pa.Table.from_pylist(rows))


_UPSERT = """
insert into reports (report_id, agency, year, template_version, source_path, source_name, sha256, format,
                     encoding, bytes, parsed_at, parser_version, status, error_code, error_message,
                     version_seq, is_current)
values ($report_id, $agency, $year, $template_version, $source_path, $source_name, $sha256, $format,
        $encoding, $bytes, $parsed_at, $parser_version, $status, $error_code, $error_message,
        $version_seq, false)
on conflict (report_id) do update set
    agency = excluded.agency, year = excluded.year, template_version = excluded.template_version,
    source_path = excluded.source_path, source_name = excluded.source_name, format = excluded.format,
    encoding = excluded.encoding, bytes = excluded.bytes, parsed_at = excluded.parsed_at,
    parser_version = excluded.parser_version, status = excluded.status,
    error_code = excluded.error_code, error_message = excluded.error_message
"""


def _report_row(o: Outcome, parser_version: str, parsed_at: datetime, seq: int) -> dict[str, Any]:
    p = o.parsed or {}
    src = p.get("source") or {}
    return {
        "report_id": o.file.report_id,
        "agency": p.get("agency"),
        "year": p.get("year"),
        "template_version": p.get("template_version"),
        "source_path": o.file.path,
        "source_name": o.file.name,
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


def _load_one(con: duckdb.DuckDBPyConnection, o: Outcome, parser_version: str, parsed_at: datetime,
              seq: int) -> int:
    """Write one outcome; returns the number of fact rows inserted."""
    rid = o.file.report_id
    found = con.execute("select status from reports where report_id = ?", [rid]).fetchall()
    existing = found[0] if found else None
    if not o.ok and existing and existing[0] == "parsed":
        # A re-parse of bytes already loaded failed: keep the facts, note the error.
        con.execute("update reports set error_code = ?, error_message = ? where report_id = ?",
                    [o.error_code, o.error_message, rid])
        return 0
    con.execute(_UPSERT, _report_row(o, parser_version, parsed_at, seq))
    if not o.ok:
        return 0
    for table in REPORT_TABLES:
        con.execute(f"delete from {table} where report_id = ?", [rid])
    tables = batch_tables([(rid, o.parsed)])
    for table, data in tables.items():
        _insert(con, table, data)
    return sum(tables[t].num_rows for t in ("fact_proactive", "fact_applications", "fact_appeals"))


_MARK_CURRENT = """
update reports set is_current = (status = 'parsed' and (
    agency is null or year is null or report_id = (
        select r2.report_id from reports r2
        where r2.status = 'parsed' and r2.agency = reports.agency and r2.year = reports.year
        order by r2.version_seq desc limit 1)))
"""


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
        _replace_dimensions(con)
        seq = con.execute("select coalesce(max(version_seq), 0) from reports").fetchall()[0][0]
        for i, o in enumerate(batch.outcomes):
            if fail_after is not None and i >= fail_after:
                raise SimulatedCrash(f"simulated crash after {i} reports")
            seq += 1
            stats.facts += _load_one(con, o, batch.parser_version, parsed_at, seq)
            stats.parsed += o.ok
            stats.failed += not o.ok
        con.execute(_MARK_CURRENT)
        con.execute("delete from dim_agency")
        names = [r[0] for r in con.execute("select distinct agency from reports where status = 'parsed'").fetchall()]
        _insert(con, "dim_agency", pa.Table.from_pylist(agency_rows(names)) if names else pa.table({}))
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    stats.row_counts = row_counts(con)
    log.info("loaded %d parsed, %d failed, %d facts", stats.parsed, stats.failed, stats.facts)
    return stats
