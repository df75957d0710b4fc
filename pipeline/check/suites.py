"""GX 1.x suites (one per concern) over the findings, validated per run, rendered as Data Docs.

Why this path (measured, see the issue and ``bench.py``): the rules run as SQL inside DuckDB, which
scales to 100k reports; GX's SQL datasource over duckdb-engine needs patching and conflicts with
Dagster's connection, and pandas batches of 17.5M fact cells are slow. So each rule becomes one
built-in expectation over the (small) ``dq_findings`` table: "for rows of this rule, ``finding`` is
null", i.e. the rule found nothing. The failing agencies and cells show up as GX's unexpected values,
and ``meta`` carries the rule's description and SQL. Only built-in expectation types are used, so a
suite reloaded from ``expectations/*.json`` without importing this package keeps every rule.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path
from typing import Any

import duckdb
import great_expectations as gx
import pandas as pd
from great_expectations.expectations.row_conditions import Column

from pipeline.check.rules import CONCERNS, RULES, Rule

log = logging.getLogger(__name__)

EXPECTATIONS_DIR = Path(__file__).resolve().parents[2] / "expectations"
GX_SEVERITY = {"error": "critical", "warning": "warning"}
SITE = "ogi_data_docs"


def _expectation(rule: Rule) -> gx.expectations.Expectation:
    return gx.expectations.ExpectColumnValuesToBeNull(
        column="finding",
        row_condition=Column("rule") == rule.id,
        severity=GX_SEVERITY[rule.severity],
        description=f"[{rule.id}, {rule.severity}] {rule.description}",
        meta={"rule": rule.id, "severity": rule.severity, "concern": rule.concern,
              "message": rule.message, "sql": " ".join(rule.sql.split())},
    )


def suite_dicts() -> dict[str, dict[str, Any]]:
    """The suites as plain JSON-ready dicts, one per concern (what ``expectations/`` holds)."""
    out = {}
    for concern in CONCERNS:
        suite = gx.ExpectationSuite(name=f"dq_{concern}", meta={"concern": concern})
        for rule in RULES:
            if rule.concern == concern:
                suite.add_expectation_configuration(_expectation(rule).configuration)
        d = suite.to_json_dict()
        d.pop("id", None)
        for e in d["expectations"]:
            e.pop("id", None)
        d["meta"] = {"concern": concern}
        out[concern] = d
    return out


def write_suites(directory: Path = EXPECTATIONS_DIR) -> list[Path]:
    """Regenerate ``expectations/dq_<concern>.json`` from the rule table."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for concern, d in suite_dicts().items():
        path = directory / f"dq_{concern}.json"
        path.write_text(json.dumps(d, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def load_suites(directory: Path = EXPECTATIONS_DIR) -> list[gx.ExpectationSuite]:
    """The stored suites, as GX objects."""
    suites = []
    for path in sorted(directory.glob("dq_*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        suites.append(gx.ExpectationSuite(name=d["name"], expectations=d["expectations"], meta=d.get("meta")))
    return suites


def findings_frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """``dq_findings`` with one readable ``finding`` column (agency, year, location) for the docs."""
    return con.execute(
        "select rule, severity, agency || ' ' || year || ' ' || location as finding from dq_findings"
    ).df()


def _context(docs_dir: Path) -> Any:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = {"globally": False}
    ctx.add_data_docs_site(
        site_name=SITE,
        site_config={
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        },
    )
    return ctx


def validate(con: duckdb.DuckDBPyConnection, docs_dir: Path | None = None,
             directory: Path = EXPECTATIONS_DIR) -> dict[str, Any]:
    """Validate the findings against every stored suite; rebuild Data Docs in ``docs_dir`` if given.

    Returns ``{"success", "suites": {name: {"success", "failed_rules"}}, "docs_index"}``.
    """
    if docs_dir is not None:
        shutil.rmtree(docs_dir, ignore_errors=True)
        docs_dir.mkdir(parents=True, exist_ok=True)
    ctx = _context(docs_dir or Path(os.devnull))
    batch = ctx.data_sources.add_pandas("warehouse").add_dataframe_asset("dq_findings")
    batch_def = batch.add_batch_definition_whole_dataframe("current_run")
    definitions = [
        ctx.validation_definitions.add(gx.ValidationDefinition(name=s.name, data=batch_def,
                                                               suite=ctx.suites.add(s)))
        for s in load_suites(directory)
    ]
    actions = [gx.checkpoint.UpdateDataDocsAction(name="data_docs", site_names=[SITE])] if docs_dir else []
    checkpoint = ctx.checkpoints.add(gx.Checkpoint(
        name="dq", validation_definitions=definitions, actions=actions,
        result_format={"result_format": "SUMMARY", "partial_unexpected_count": 50},
    ))
    result = checkpoint.run(batch_parameters={"dataframe": findings_frame(con)})
    suites = {}
    for vr in result.run_results.values():
        failed = [r.expectation_config.meta["rule"] for r in vr.results if not r.success]
        suites[vr.suite_name] = {"success": vr.success, "failed_rules": failed}
    index = docs_dir / "index.html" if docs_dir else None
    log.info("GX validated %d suites, success=%s", len(suites), result.success)
    return {"success": result.success, "suites": suites,
            "docs_index": str(index) if index and index.exists() else None}


if __name__ == "__main__":
    for p in write_suites():
        print(p)
