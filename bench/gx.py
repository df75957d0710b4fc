"""Measure great-expectations' SQL path on DuckDB against its pandas path, on the benchmark warehouse.

Both run the same built-in expectations of the three ``facts_*`` suites over the current fact rows;
the pandas path first copies those rows into DataFrames (timed apart), and cannot run
``UnexpectedRowsExpectation`` at all (the rules, uniqueness and whole numbers), so both are timed
without them. ``python -m bench.gx
1000 10000`` prints one line per size; the figures are in ``expectations/README.md``.
"""

from __future__ import annotations

import os
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

import great_expectations as gx

from bench.checks import _seed, synthesize
from pipeline.check.engine import run_checks
from pipeline.check.gx_run import _batches, expectation_parameters, validate
from pipeline.check.suites import EXPECTATIONS_DIR, FACTS, load_suites
from pipeline.load.paths import DEFAULT_RAW_DIR, connect


def _fact_suites(directory: Path = EXPECTATIONS_DIR) -> dict[str, gx.ExpectationSuite]:
    """The facts suites without their SQL-only expectations, by fact table."""
    out = {}
    for s in load_suites(directory):
        table = (s.meta or {}).get("batch")
        if table in FACTS:
            keep = [e.configuration for e in s.expectations
                    if e.expectation_type != "unexpected_rows_expectation"]
            out[table] = gx.ExpectationSuite(name=s.name, expectations=keep)
    return out


def _run(ctx: Any, batches: dict[str, Any], params: dict[str, list[str]], runtime: dict[str, Any]) -> bool:
    ok = True
    for table, suite in _fact_suites().items():
        vd = ctx.validation_definitions.add(gx.ValidationDefinition(
            name=f"{table}_{id(batches)}", data=batches[table], suite=ctx.suites.add(suite)))
        ok &= vd.run(batch_parameters=runtime.get(table), expectation_parameters=params).success
    return ok


def _peak_mb() -> int:
    """Peak resident memory of this process so far (the SQL path runs first, so its figure is its own)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def _context() -> Any:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = {"globally": False}
    return ctx


def bench_gx_paths(n_reports: int, raw_dir: Path = DEFAULT_RAW_DIR) -> dict[str, Any]:
    """Seconds for the fact expectations through SQL and through pandas, and for the whole GX run."""
    with tempfile.TemporaryDirectory(prefix="ogi_bench_gx_") as tmp:
        con = connect(Path(tmp) / "bench.duckdb")
        _seed(con, raw_dir)
        synthesize(con, n_reports)
        run_checks(con)
        params = expectation_parameters(con)
        cells = con.execute("select count(*) from fact_applications").fetchone()[0]

        t0 = time.perf_counter()
        ctx = _context()
        sql_ok = _run(ctx, _batches(ctx, con), params, {})
        t1 = time.perf_counter()
        rss_sql = _peak_mb()
        frames = {t: con.execute(f"select f.* from {t} f semi join dq_reports using (report_id)").df()
                  for t in FACTS}
        t2 = time.perf_counter()
        ctx = _context()
        ds = ctx.data_sources.add_pandas("frames")
        batches = {t: ds.add_dataframe_asset(t).add_batch_definition_whole_dataframe("all") for t in FACTS}
        pandas_ok = _run(ctx, batches, params, {t: {"dataframe": f} for t, f in frames.items()})
        t3 = time.perf_counter()
        rss_pandas = _peak_mb()
        full = validate(con)
        con.close()
    return {"n_reports": n_reports, "application_cells": cells,
            "sql_s": round(t1 - t0, 2), "pandas_s": round(t3 - t1, 2), "pandas_load_s": round(t2 - t1, 2),
            "agree": sql_ok == pandas_ok, "full_gx_sql_s": full["seconds"],
            "peak_rss_mb_after_sql": rss_sql, "peak_rss_mb_after_pandas": rss_pandas}


if __name__ == "__main__":
    import sys

    for n in [int(a) for a in sys.argv[1:]] or [1000]:
        print(bench_gx_paths(n))
