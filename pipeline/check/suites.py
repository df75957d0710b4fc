"""The GX 1.x suites: expectations on the data itself, stored as JSON in ``expectations/``.

Two kinds, both run by GX against the warehouse through SQL (``pipeline.check.gx_run``):

- ``facts_<table>``, one per fact table, over the rows of current reports: keys not null
  (report_id, agency, year), row and column keys among the template dimensions (value sets are
  suite parameters read from the ``dim_*`` tables at run time), one row per cell, counts
  non-negative and whole (the fee alone may be a decimal); the first and last as queries on the batch;
- ``dq_<concern>``, one per concern: every rule of that concern as an ``UnexpectedRowsExpectation``
  whose query is the rule's own SQL (``sql/rules``), so GX fails exactly when the rule finds rows.

Each expectation's ``meta.rule`` names the rule whose findings explain a failure, which is how a
GX result and ``dq_findings`` are compared. Only built-in expectation types are used, so a suite
reloaded from JSON without importing this package keeps every expectation.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import great_expectations as gx
import great_expectations.expectations as gxe

from pipeline.check.rules import CONCERNS, RULES, Rule
from pipeline.settings import SHIPPED_DIR

EXPECTATIONS_DIR = SHIPPED_DIR / "expectations"
GX_SEVERITY = {"error": "critical", "warning": "warning"}

# fact table: (row key column, column key column, value column, dim table of rows, of columns)
FACTS: dict[str, tuple[str, str, str, str, str]] = {
    "fact_proactive": ("item", "measure", "value", "dim_proactive_item", "dim_proactive_measure"),
    "fact_applications": ("category", "applicant_type", "count", "dim_application_category",
                          "dim_applicant_type"),
    "fact_appeals": ("proceeding", "outcome", "count", "dim_appeal_proceeding", "dim_appeal_outcome"),
}


def value_set_parameter(dim: str) -> str:
    """Name of the suite parameter holding the keys of a dimension table."""
    return f"{dim}_keys"


def batch_query(rule: Rule) -> str:
    """The rule's query as GX runs it: the same SQL, limited to the reports of the batch."""
    query = rule.query.replace("{", "{{").replace("}", "}}")
    return f"select * from (\n{query}\n) as violations\nwhere report_id in (select report_id from {{batch}})"


def rule_expectation(rule: Rule) -> gxe.Expectation:
    return gxe.UnexpectedRowsExpectation(
        unexpected_rows_query=batch_query(rule),
        severity=GX_SEVERITY[rule.severity],
        description=f"[{rule.id}, {rule.severity}] {rule.description_en} / {rule.description_zh}",
        meta={"rule": rule.id, "severity": rule.severity, "concern": rule.concern, "file": rule.path},
    )


def fact_expectations(table: str) -> list[gxe.Expectation]:
    """Built-in expectations on the current rows of one fact table."""
    row, col, value, row_dim, col_dim = FACTS[table]
    # one row per cell: grouped on a hash of the key first, as the key_duplicate rule does; GX's built-in
    # ExpectCompoundColumnsToBeUnique joins every row back to its group and took 31 s of the 100k-report run
    key = f"report_id, {row}, {col}"
    unique = (f"select {key}, count(*) as copies from {{batch}} where hash({key}) in "
              f"(select hash({key}) from {{batch}} group by 1 having count(*) > 1) "
              f"group by {key} having count(*) > 1")
    whole = (f"select * from {{batch}} where {value} <> round({value})"
             + (" and measure not in (select col_key from dq_template where is_decimal)"
                if table == "fact_proactive" else ""))

    def meta(rule: str) -> dict[str, str]:
        return {"rule": rule, "table": table}

    return [
        *(gxe.ExpectColumnValuesToNotBeNull(column=c, severity="critical", meta=meta("key_missing"),
                                           description=f"{table}.{c} is never null")
          for c in ("report_id", "agency", "year")),
        gxe.ExpectColumnValuesToBeInSet(column=row, value_set={"$PARAMETER": value_set_parameter(row_dim)},
                                        severity="critical", meta=meta("key_unknown"),
                                        description=f"{table}.{row} is a key of {row_dim}"),
        gxe.ExpectColumnValuesToBeInSet(column=col, value_set={"$PARAMETER": value_set_parameter(col_dim)},
                                        severity="critical", meta=meta("key_unknown"),
                                        description=f"{table}.{col} is a key of {col_dim}"),
        gxe.UnexpectedRowsExpectation(unexpected_rows_query=unique, severity="critical", meta=meta("key_duplicate"),
                                      description=f"{table}: one row per report, {row} and {col}"),
        gxe.ExpectColumnValuesToBeBetween(column=value, min_value=0, severity="critical",
                                          meta=meta("domain_negative"),
                                          description=f"{table}.{value} is never negative"),
        gxe.UnexpectedRowsExpectation(unexpected_rows_query=whole, severity="critical",
                                      meta=meta("domain_non_integer"),
                                      description=f"{table}.{value} is whole (the fee may be a decimal)"),
    ]


def _suite_dict(name: str, expectations: list[gxe.Expectation], meta: dict[str, str]) -> dict[str, Any]:
    """A suite as GX serialises it, built directly: ``ExpectationSuite`` would merge expectations that
    share a domain, and every ``UnexpectedRowsExpectation`` has the same (the batch)."""
    configs = []
    for e in expectations:
        d = e.configuration.to_json_dict()
        d.pop("id", None)
        configs.append(d)
    return {"name": name, "expectations": configs, "meta": meta, "notes": None}


def suite_dicts() -> dict[str, dict[str, Any]]:
    """Every suite as a JSON-ready dict, by suite name (what ``expectations/`` holds)."""
    out = {f"facts_{t.removeprefix('fact_')}": _suite_dict(f"facts_{t.removeprefix('fact_')}",
                                                           fact_expectations(t), {"batch": t})
           for t in FACTS}
    for concern in CONCERNS:
        rules = [rule_expectation(r) for r in RULES if r.concern == concern]
        out[f"dq_{concern}"] = _suite_dict(f"dq_{concern}", rules, {"batch": "reports", "concern": concern})
    return out


def write_suites(directory: Path = EXPECTATIONS_DIR) -> list[Path]:
    """Regenerate ``expectations/*.json`` from the rule files and the fact tables (stale ones removed)."""
    directory.mkdir(parents=True, exist_ok=True)
    wanted = suite_dicts()
    for old in directory.glob("*.json"):
        if old.stem not in wanted:
            old.unlink()
    paths = []
    for name, d in wanted.items():
        path = directory / f"{name}.json"
        path.write_text(json.dumps(d, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def load_suites(directory: Path = EXPECTATIONS_DIR) -> list[gx.ExpectationSuite]:
    """The stored suites, as GX objects."""
    suites = []
    for path in sorted(directory.glob("*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        suites.append(gx.ExpectationSuite(name=d["name"], expectations=d["expectations"], meta=d.get("meta")))
    return suites


if __name__ == "__main__":
    for p in write_suites():
        print(p)
