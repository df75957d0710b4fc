"""Load a parsed batch into the working database, by the one load path (Parquet parts, one merge).

Rules (issue 3): the same bytes and parser version are never loaded twice (the caller skips them
before parsing); new bytes for an agency-year become a new version and the latest parsed one is
marked current; a failed parse is recorded in ``reports`` and never touches facts already loaded;
anything that goes wrong mid-batch rolls the whole batch back. `load_batch` is for a batch already
in memory (tests, notebooks): it writes the batch as one part in a temporary folder and merges it
with `pipeline.load.parquet.merge_parquet`, exactly as the pipeline's own runs do.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime

import duckdb

from pipeline.load.batch import ParseBatch
from pipeline.load.dimensions import template_rows
from pipeline.load.facts import FACT_TABLES, REPORT_TABLES
from pipeline.load.parquet import ParquetSink, SimulatedCrash, merge_parquet
from pipeline.load.schema import apply_ddl

log = logging.getLogger(__name__)

ALL_TABLES = ("reports", *REPORT_TABLES, "dim_agency", *template_rows())

__all__ = ["ALL_TABLES", "LoadStats", "SimulatedCrash", "load_batch", "loaded_versions",
           "row_counts", "stats_of"]


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


def stats_of(con: duckdb.DuckDBPyConnection, inserted: dict[str, int]) -> LoadStats:
    """What a merge did (its ``inserted`` counts), with the tables' row counts after it."""
    facts = sum(inserted.get(t, 0) for t in FACT_TABLES)
    return LoadStats(parsed=inserted.get("parsed", 0), failed=inserted.get("failed", 0), facts=facts,
                     row_counts=row_counts(con))


def load_batch(con: duckdb.DuckDBPyConnection, batch: ParseBatch, *, crash: bool = False,
               now: datetime | None = None) -> LoadStats:
    """Load every outcome of the batch in ONE transaction; roll back entirely on any error.

    ``crash`` raises `SimulatedCrash` after the batch's rows were written, before the commit (tests).
    """
    with tempfile.TemporaryDirectory(prefix="ogi-batch-") as root:
        with ParquetSink(root, "batch", batch.parser_version, parsed_at=now or datetime.now(UTC)) as sink:
            sink.add(batch.outcomes)
        inserted = merge_parquet(con, root, crash_after_reports=crash)
    stats = stats_of(con, inserted)
    log.info("loaded %d parsed, %d failed, %d facts", stats.parsed, stats.failed, stats.facts)
    return stats
