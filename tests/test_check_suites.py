"""GX suites: stored JSON matches the rule files, survives a reload without our code, and GX run on the
warehouse fails exactly the rules that found something (no disagreement with dq_findings)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import dq_fixture as fx

from pipeline.check.engine import run_checks
from pipeline.check.gx_run import validate
from pipeline.check.rules import CONCERNS, RULES
from pipeline.check.suites import EXPECTATIONS_DIR, FACTS, load_suites, suite_dicts


def test_stored_suites_match_the_rule_files() -> None:
    """``expectations/*.json`` is regenerated from sql/rules (``python -m pipeline.check.suites``)."""
    built = suite_dicts()
    for name, d in built.items():
        stored = json.loads((EXPECTATIONS_DIR / f"{name}.json").read_text(encoding="utf-8"))
        assert stored == d, f"expectations/{name}.json is stale: run python -m pipeline.check.suites"
    assert {p.stem for p in EXPECTATIONS_DIR.glob("*.json")} == set(built)
    assert {f"dq_{c}" for c in CONCERNS} | {f"facts_{t.removeprefix('fact_')}" for t in FACTS} == set(built)


def test_every_rule_is_one_unexpected_rows_expectation_carrying_its_sql() -> None:
    rule_expectations = [e for d in suite_dicts().values() for e in d["expectations"]
                         if e["type"] == "unexpected_rows_expectation" and "table" not in e["meta"]]
    assert sorted(e["meta"]["rule"] for e in rule_expectations) == sorted(r.id for r in RULES)
    by_rule = {e["meta"]["rule"]: e for e in rule_expectations}
    for r in RULES:
        query = by_rule[r.id]["kwargs"]["unexpected_rows_query"]
        assert r.query.replace("{", "{{").replace("}", "}}") in query and "{batch}" in query


def test_reloaded_suite_keeps_every_expectation_without_importing_our_code(tmp_path: Path) -> None:
    """A fresh interpreter that imports only GX loads every stored expectation (none silently dropped)."""
    script = f"""
import json, pathlib, sys
import great_expectations as gx
assert not any(m.startswith("pipeline") for m in sys.modules)
n = 0
for p in sorted(pathlib.Path({str(EXPECTATIONS_DIR)!r}).glob("*.json")):
    d = json.loads(p.read_text(encoding="utf-8"))
    suite = gx.ExpectationSuite(name=d["name"], expectations=d["expectations"])
    assert len(suite.expectations) == len(d["expectations"]), p
    n += len(suite.expectations)
print(n)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    stored = sum(len(d["expectations"]) for d in suite_dicts().values())
    assert int(out.stdout.strip().splitlines()[-1]) == stored
    assert sum(len(s.expectations) for s in load_suites()) == stored > len(RULES)


def test_gx_fails_exactly_the_rules_with_findings_and_builds_docs(tmp_path: Path) -> None:
    con = fx.warehouse(tmp_path / "w.duckdb", fx.all_truths())
    run_checks(con)
    result = validate(con, tmp_path / "data_docs")
    failed = {rule for s in result["suites"].values() for rule in s["failed_rules"]}
    assert failed == {"appeal_total", "completeness_row", "appeals_without_applications"}
    assert not result["success"] and result["disagreements"] == []
    assert result["suites"]["dq_row_sum"]["success"] and result["suites"]["facts_applications"]["success"]
    ure = {e["rule"]: e["unexpected"] for s in result["suites"].values() for e in s["expectations"]
           if e["type"] == "unexpected_rows_expectation" and e["table"] is None}
    assert ure["completeness_row"] == 2 and ure["appeal_total"] == 1 and ure["row_sum"] == 0
    assert Path(result["docs_index"]).exists()


def test_clean_warehouse_passes_gx(tmp_path: Path) -> None:
    con = fx.warehouse(tmp_path / "w.duckdb", [fx.truth("pinghu"), fx.truth("meizhou")])
    run_checks(con)
    result = validate(con)
    assert result["success"], {k: v["failed_rules"] for k, v in result["suites"].items() if not v["success"]}
    assert result["disagreements"] == []


def test_a_finding_without_agency_fails_gx(tmp_path: Path) -> None:
    """The old suites built a `finding` column with ||: a NULL agency made it null, and GX passed."""
    report = fx.truth("tianjin")
    con = fx.warehouse(tmp_path / "w.duckdb", [report])
    con.execute("update reports set agency = null")
    con.execute("update fact_proactive set agency = null")
    con.execute("update fact_applications set agency = null")
    con.execute("update fact_appeals set agency = null")
    run_checks(con)
    rules = dict(con.execute("select rule, count(*) from dq_findings where agency is null group by 1").fetchall())
    assert rules == {"appeal_total": 1, "key_missing": 1}
    result = validate(con)
    assert not result["suites"]["dq_appeal_total"]["success"] and not result["suites"]["dq_keys"]["success"]
    assert result["disagreements"] == []
