"""Validate the warehouse with great-expectations: the stored suites run through GX's SQL path.

Measured against the pandas path (``bench.gx``, figures in ``expectations/README.md``):
at 100,000 reports the fact expectations take 2.3 s through SQL against 51 s through pandas (46 s of
it copying the current fact rows into DataFrames, 11 GB more memory), and pandas cannot run
``UnexpectedRowsExpectation`` at all. So GX runs its expectations as queries on the pipeline's own
connection (``pipeline.check.gx_connection``), after the engine has staged the tables the rules read.

``validate`` also compares GX with ``dq_findings``: every rule's ``UnexpectedRowsExpectation``
must count exactly as many rows as the rule wrote findings, and every failing built-in expectation
must be explained by findings of its rule. Any difference is reported as a disagreement.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from pathlib import Path
from typing import Any

import duckdb
import great_expectations as gx

from pipeline.check.gx_connection import engine_kwargs
from pipeline.check.rules import RULES_BY_ID
from pipeline.check.staging import is_staged, stage_all, table_names
from pipeline.check.suites import EXPECTATIONS_DIR, FACTS, load_suites, value_set_parameter

log = logging.getLogger(__name__)

SITE = "ogi_data_docs"
REPORTS_BATCH = "reports"
# dimension table → its key column, which is also the fact column it constrains
_DIM_KEYS = {dim: key for row, col, _, row_dim, col_dim in FACTS.values()
             for dim, key in ((row_dim, row), (col_dim, col))}


def _context(docs_dir: Path | None) -> Any:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = {"globally": False}
    if docs_dir is not None:
        ctx.add_data_docs_site(site_name=SITE, site_config={
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        })
    return ctx


def _batches(ctx: Any, con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """One batch definition per batch a suite names: the reports, and each fact table's current rows."""
    ds = ctx.data_sources.add_sql("warehouse", connection_string="duckdb:///:memory:",
                                  kwargs=engine_kwargs(con))
    queries = {REPORTS_BATCH: "select report_id from dq_report_info"}
    queries.update({t: f"select f.* from {t} f semi join dq_reports using (report_id)" for t in FACTS})
    return {name: ds.add_query_asset(name, query=q).add_batch_definition_whole_table("current")
            for name, q in queries.items()}


def expectation_parameters(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """The accepted keys of every template dimension, read from the warehouse's ``dim_*`` tables."""
    keys = {dim: con.execute(f"select {key} from {dim} order by 1").fetchall()
            for dim, key in _DIM_KEYS.items()}
    return {value_set_parameter(dim): [r[0] for r in rows] for dim, rows in keys.items()}


def _runnable(suite: gx.ExpectationSuite, present: set[str]) -> gx.ExpectationSuite:
    """The suite without the expectations of rules whose tables this warehouse lacks (skipped alike)."""
    def runnable(e: Any) -> bool:
        rule = RULES_BY_ID.get((e.meta or {}).get("rule", ""))
        return rule is None or all(t in present for t in rule.requires)

    return gx.ExpectationSuite(name=suite.name, meta=suite.meta,
                               expectations=[e.configuration for e in suite.expectations if runnable(e)])


def _error(info: dict[str, Any] | None) -> str | None:
    """The message of an exception GX caught while evaluating an expectation, if any."""
    if not info:
        return None
    if "raised_exception" in info:
        return str(info.get("exception_message")) if info["raised_exception"] else None
    messages = [str(v.get("exception_message")) for v in info.values()
                if isinstance(v, dict) and v.get("raised_exception")]
    return "; ".join(messages) or None


def _outcome(result: Any) -> dict[str, Any]:
    """The part of one expectation result the comparison and the report need."""
    config = result.expectation_config
    meta, res = config.meta or {}, result.result or {}
    is_query = config.type == "unexpected_rows_expectation"
    return {"type": config.type, "rule": meta.get("rule"), "table": meta.get("table"),
            "column": config.kwargs.get("column") or config.kwargs.get("column_list"),
            "success": bool(result.success), "error": _error(result.exception_info),
            "unexpected": res.get("observed_value") if is_query else res.get("unexpected_count"),
            "sample": [str(v) for v in res.get("partial_unexpected_list") or []][:5]}


def compare(outcomes: list[dict[str, Any]], findings: dict[str, int]) -> list[str]:
    """Where GX and dq_findings disagree (should be never)."""
    out = []
    for o in outcomes:
        n = findings.get(o["rule"], 0)
        if o["error"]:
            out.append(f"{o['rule']}: GX could not evaluate {o['type']}: {o['error']}")
        elif o["type"] == "unexpected_rows_expectation" and o["table"] is None and o["unexpected"] != n:
            out.append(f"{o['rule']}: GX counts {o['unexpected']} rows, dq_findings has {n}")
        elif not o["success"] and n == 0:
            where = f"{o['table']}.{o['column']}"
            out.append(f"{o['rule']}: GX fails {o['type']} on {where} but the rule found nothing")
    failing = {o["rule"] for o in outcomes if not o["success"]}
    out += [f"{rule}: {n} findings but GX passed" for rule, n in findings.items() if n and rule not in failing
            and any(o["rule"] == rule for o in outcomes)]
    return out


def validate(con: duckdb.DuckDBPyConnection, docs_dir: Path | None = None,
             directory: Path = EXPECTATIONS_DIR) -> dict[str, Any]:
    """Run every stored suite with GX on ``con``; rebuild Data Docs in ``docs_dir`` if given.

    Returns ``{"success", "suites": {name: {"success", "failed_rules", "expectations"}},
    "disagreements", "docs_index", "seconds"}``.
    """
    started = time.perf_counter()
    if not is_staged(con):
        stage_all(con)
    if docs_dir is not None:
        shutil.rmtree(docs_dir, ignore_errors=True)
        docs_dir.mkdir(parents=True, exist_ok=True)
    ctx = _context(docs_dir)
    batches = _batches(ctx, con)
    present = table_names(con)
    definitions = [
        ctx.validation_definitions.add(gx.ValidationDefinition(
            name=s.name, data=batches[(s.meta or {}).get("batch", REPORTS_BATCH)],
            suite=ctx.suites.add(_runnable(s, present))))
        for s in load_suites(directory)
    ]
    actions = [gx.checkpoint.UpdateDataDocsAction(name="data_docs", site_names=[SITE])] if docs_dir else []
    checkpoint = ctx.checkpoints.add(gx.Checkpoint(
        name="dq", validation_definitions=definitions, actions=actions,
        result_format={"result_format": "SUMMARY", "partial_unexpected_count": 20},
    ))
    result = checkpoint.run(expectation_parameters=expectation_parameters(con))
    suites, outcomes = {}, []
    for vr in result.run_results.values():
        these = [_outcome(r) for r in vr.results]
        outcomes += these
        suites[vr.suite_name] = {"success": vr.success,
                                 "failed_rules": sorted({o["rule"] for o in these if not o["success"]}),
                                 "expectations": these}
    findings = dict(con.execute("select rule, count(*) from dq_findings group by rule").fetchall()) \
        if "dq_findings" in present else {}
    disagreements = compare(outcomes, findings)
    for d in disagreements:
        log.error("GX and dq_findings disagree: %s", d)
    index = docs_dir / "index.html" if docs_dir else None
    log.info("GX validated %d suites, success=%s", len(suites), result.success)
    return {"success": result.success, "suites": suites, "disagreements": disagreements,
            "docs_index": str(index) if index and index.exists() else None,
            "seconds": round(time.perf_counter() - started, 3)}
