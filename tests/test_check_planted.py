"""Defects planted in the facts of a real DuckDB file — a NULL agency among them — are flagged alike by
the rules (dq_findings), by great-expectations (built-in expectations and the rules' SQL) and by the
Dagster asset-check functions."""

from __future__ import annotations

import dagster as dg
import dq_fixture as fx
import duckdb
import pytest

from pipeline.check.engine import run_checks
from pipeline.check.gx_run import validate
from pipeline.defs.checks import concern_result, duplicate_keys

PLANTS = {
    "null agency": "update fact_applications set agency = null "
                   "where agency like '平湖%' and category = 'granted' and applicant_type = 'total'",
    "unknown outcome": "update fact_appeals set outcome = 'dismissed' "
                       "where agency like '梅州%' and proceeding = 'litigation_direct' and outcome = 'other'",
    "negative": "update fact_proactive set value = -3 where agency like '梅州%' and item = 'rules' and measure = 'issued'",
    "fraction": "update fact_proactive set value = 2.5 where agency like '梅州%' and item = 'administrative_penalty'",
    "duplicate": "insert into fact_appeals select * from fact_appeals "
                 "where agency like '平湖%' and proceeding = 'administrative_review' and outcome = 'upheld'",
}


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> tuple[duckdb.DuckDBPyConnection, dict]:
    con = fx.warehouse(tmp_path_factory.mktemp("planted") / "w.duckdb", [fx.truth("pinghu"), fx.truth("meizhou")])
    for sql in PLANTS.values():
        con.execute(sql)
    run_checks(con)
    yield con, validate(con)
    con.close()


def test_rules_flag_each_planted_defect(planted) -> None:
    con, _ = planted
    rows = set(con.execute("select rule, agency, location from dq_findings").fetchall())
    assert {("key_missing", "平湖市人力资源和社会保障局", "applications"),
            ("key_unknown", "梅州市人力资源和社会保障局", "appeals.litigation_direct.dismissed"),
            ("key_duplicate", "平湖市人力资源和社会保障局", "appeals.administrative_review.upheld"),
            ("domain_negative", "梅州市人力资源和社会保障局", "proactive.rules.issued"),
            ("domain_non_integer", "梅州市人力资源和社会保障局", "proactive.administrative_penalty.decisions"),
            } <= rows


def test_gx_flags_each_planted_defect_on_the_data(planted) -> None:
    _, gx = planted
    failed = {(e["table"], e["type"], e["column"], e["rule"]) for s in gx["suites"].values()
              for e in s["expectations"] if not e["success"] and e["table"]}
    assert failed == {
        ("fact_applications", "expect_column_values_to_not_be_null", "agency", "key_missing"),
        ("fact_appeals", "expect_column_values_to_be_in_set", "outcome", "key_unknown"),
        ("fact_appeals", "unexpected_rows_expectation", None, "key_duplicate"),
        ("fact_proactive", "expect_column_values_to_be_between", "value", "domain_negative"),
        ("fact_proactive", "unexpected_rows_expectation", None, "domain_non_integer"),
    }
    assert {"key_missing", "key_unknown", "key_duplicate"} <= set(gx["suites"]["dq_keys"]["failed_rules"])
    assert set(gx["suites"]["dq_domain"]["failed_rules"]) == {"domain_negative", "domain_non_integer"}
    assert not gx["success"] and gx["disagreements"] == []
    assert not any(e["error"] for s in gx["suites"].values() for e in s["expectations"])


def test_asset_check_functions_flag_them_alike(planted) -> None:
    con, gx = planted
    for concern in ("keys", "domain"):
        result = concern_result(con, concern)
        assert not result.passed and result.severity == dg.AssetCheckSeverity.ERROR
        assert not gx["suites"][f"dq_{concern}"]["success"]
    keys = concern_result(con, "keys")
    assert keys.metadata["findings_key_missing"].value == 1
    assert "平湖市人力资源和社会保障局" in keys.metadata["failing_cells"].value
    assert duplicate_keys(con)["fact_appeals"] == 1
    # and the other way round: every concern GX passes, its asset check passes too
    for name, suite in gx["suites"].items():
        if name.startswith("dq_"):
            assert concern_result(con, name.removeprefix("dq_")).passed == suite["success"], name
