"""Benchmark: full validation of n synthetic reports' facts (``make bench`` calls ``bench_validation``).

The synthetic warehouse is made inside DuckDB from the bundled samples (parsed from ``data/raw``):
report i copies sample i % 5 with every application cell scaled by 1 + i % 7 (so identities and the
samples' own defects carry over), as agency ``<sample agency>#<i // 15>`` in year 2021 + (i // 5) % 3,
so each synthetic agency has three consecutive years for the cross-year rules.
"""

from __future__ import annotations

import logging
import tempfile
import time
from pathlib import Path

import duckdb

from pipeline.check.engine import run_checks
from pipeline.check.gx_run import validate
from pipeline.load.batch import parse_batch, scan_files
from pipeline.load.paths import DEFAULT_RAW_DIR, connect
from pipeline.load.store import load_batch

log = logging.getLogger(__name__)
N_SAMPLES = 5


def _seed(con: duckdb.DuckDBPyConnection, raw_dir: Path) -> None:
    """Parse and load the sample reports: the real loader fills the seed tables."""
    files = sorted(p for p in raw_dir.iterdir() if p.is_file())[:N_SAMPLES]
    load_batch(con, parse_batch(scan_files(files), {}))


def synthesize(con: duckdb.DuckDBPyConnection, n_reports: int) -> None:
    """Replace the warehouse tables with ``n_reports`` synthetic reports derived from the seed."""
    con.execute("""
        create or replace temp table seed as
        select report_id, agency, row_number() over (order by report_id) - 1 as s
        from reports where is_current
    """)
    n_seed = con.execute("select count(*) from seed").fetchone()[0]
    con.execute(f"""
        create or replace temp table synth as
        select i, 'r' || i as report_id, seed.report_id as seed_id, seed.agency || '#' || (i // 15) as agency,
               2021 + (i // {n_seed}) % 3 as year, 1 + i % 7 as k
        from range({n_reports}) t(i) join seed on seed.s = i % {n_seed}
    """)
    for table, value, scale in (("fact_applications", "count", True), ("fact_proactive", "value", False),
                                ("fact_appeals", "count", False)):
        cols = [r[0] for r in con.execute(f"describe {table}").fetchall()]
        select = ", ".join(
            {"report_id": "s.report_id", "agency": "s.agency", "year": "s.year",
             value: f"f.{value} * s.k" if scale else f"f.{value}"}.get(c, f"f.{c}") + f' as "{c}"'
            for c in cols)
        con.execute(f"create or replace table {table}_synth as select {select} "
                    f"from synth s join {table} f on f.report_id = s.seed_id")
        con.execute(f"drop table {table}")
        con.execute(f"alter table {table}_synth rename to {table}")
    con.execute("""
        create or replace table parse_warnings as
        select s.report_id, w.code, w.location, w.message
        from synth s join parse_warnings w on w.report_id = s.seed_id
    """)
    con.execute("""
        create or replace table narrative_figures as
        select s.report_id, s.agency, s.year, n.location, n.scope, n.value, n.unit, n.text, n.source_where
        from synth s join narrative_figures n on n.report_id = s.seed_id
        where n.location not like 'applications%'
    """)
    con.execute("""
        create or replace table dim_agency as
        select distinct s.agency, d.admin_level from synth s join seed on seed.report_id = s.seed_id
        join dim_agency d on d.agency = seed.agency
    """)
    con.execute("""
        create or replace table reports as
        select report_id, agency, year, 'parsed' as status, true as is_current,
               null::varchar as source_name
        from synth
    """)


def bench_validation(n_reports: int, raw_dir: Path = DEFAULT_RAW_DIR, data_docs: bool = True) -> dict:
    """Fill a temp warehouse with ``n_reports`` synthetic reports and time the full validation."""
    with tempfile.TemporaryDirectory(prefix="ogi_bench_") as tmp:
        con = connect(Path(tmp) / "bench.duckdb")
        _seed(con, raw_dir)
        t0 = time.perf_counter()
        synthesize(con, n_reports)
        t1 = time.perf_counter()
        cells = con.execute("select count(*) from fact_applications").fetchone()[0]
        run = run_checks(con)
        t2 = time.perf_counter()
        gx = validate(con, Path(tmp) / "data_docs" if data_docs else None)
        t3 = time.perf_counter()
        con.close()
    result = {
        "n_reports": run.reports,
        "application_cells": cells,
        "findings": run.total,
        "findings_per_rule": {k: v for k, v in run.findings.items() if v},
        "synthesize_s": round(t1 - t0, 3),
        "rules_s": round(t2 - t1, 3),
        "gx_s": round(t3 - t2, 3),
        "validation_s": round(t3 - t1, 3),
        "gx_success": gx["success"],
        "seconds_per_step": run.seconds,
    }
    log.info("bench %s", result)
    return result


if __name__ == "__main__":
    import sys

    for n in [int(a) for a in sys.argv[1:]] or [1000]:
        print(bench_validation(n))
