"""GX suites: stored JSON matches the rule table, survives a reload without our code, fails per rule."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import dq_fixture as fx

from pipeline.check.engine import run_checks
from pipeline.check.rules import CONCERNS, RULES
from pipeline.check.suites import EXPECTATIONS_DIR, load_suites, suite_dicts, validate


def test_stored_suites_match_the_rule_table() -> None:
    """``expectations/*.json`` is regenerated from RULES (``python -m pipeline.check.suites``)."""
    for concern, built in suite_dicts().items():
        stored = json.loads((EXPECTATIONS_DIR / f"dq_{concern}.json").read_text(encoding="utf-8"))
        assert stored == built, f"expectations/dq_{concern}.json is stale: run python -m pipeline.check.suites"
    assert {p.stem for p in EXPECTATIONS_DIR.glob("dq_*.json")} == {f"dq_{c}" for c in CONCERNS}


def test_reloaded_suite_keeps_every_rule_without_importing_our_code(tmp_path: Path) -> None:
    """A fresh interpreter that imports only GX loads every stored expectation (none silently dropped)."""
    script = f"""
import json, pathlib, sys
import great_expectations as gx
assert not any(m.startswith("pipeline") for m in sys.modules)
n = 0
for p in sorted(pathlib.Path({str(EXPECTATIONS_DIR)!r}).glob("dq_*.json")):
    d = json.loads(p.read_text(encoding="utf-8"))
    suite = gx.ExpectationSuite(name=d["name"], expectations=d["expectations"])
    assert len(suite.expectations) == len(d["expectations"]), p
    n += len(suite.expectations)
print(n)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                         cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    assert int(out.stdout.strip().splitlines()[-1]) == len(RULES)
    assert sum(len(s.expectations) for s in load_suites()) == len(RULES)


def test_validation_fails_exactly_the_rules_with_findings_and_builds_docs(tmp_path: Path) -> None:
    con = fx.warehouse(tmp_path / "w.duckdb", fx.all_truths())
    run_checks(con)
    result = validate(con, tmp_path / "data_docs")
    failed = {rule for s in result["suites"].values() for rule in s["failed_rules"]}
    assert failed == {"appeal_total", "completeness_row", "appeals_without_applications"}
    assert not result["success"]
    assert result["suites"]["dq_row_sum"]["success"]
    index = Path(result["docs_index"])
    assert index.exists()
    pages = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "data_docs").rglob("*.html"))
    assert "天津市东丽区人力资源和社会保障局" in pages
