"""Each rule fires exactly where a defect is planted into otherwise clean reports (Pinghu, Meizhou truth)."""

from __future__ import annotations

import re
from pathlib import Path

import dq_fixture as fx
import duckdb
import pytest

from pipeline.check.engine import run_checks
from pipeline.check.rules import RULES


def findings(tmp_path: Path, reports: list[dict], **kw) -> set[tuple[str, str]]:
    con = fx.warehouse(tmp_path / "w.duckdb", reports, **kw)
    run_checks(con)
    rows = con.execute("select rule, location from dq_findings").fetchall()
    con.close()
    return set(rows)


def pinghu(**edits) -> dict:
    """Pinghu's truth with cells replaced: ``{"applications.granted.total": 3}``."""
    r = fx.truth("pinghu")
    for path, value in edits.items():
        section, row, col = path.rsplit(".", 2) if path.count(".") > 2 else path.split(".")
        r[section][row][col] = value
    return r


def edit(report: dict, **edits) -> dict:
    for path, value in edits.items():
        section, rest = path.split(".", 1)
        row, col = rest.rsplit(".", 1)
        report[section][row][col] = value
    return report


def test_clean_samples_have_no_findings(tmp_path: Path) -> None:
    assert findings(tmp_path, [fx.truth("pinghu"), fx.truth("meizhou")]) == set()


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        # row_sum: granted.total 3 but its parts add to 2; the total column then no longer adds up
        ({"applications.granted.total": 3},
         {("row_sum", "applications.granted.total"), ("column_sum", "applications.total_handled.total")}),
        # column_sum: an outcome row changed consistently across its row
        ({"applications.granted.natural_person": 3, "applications.granted.total": 3},
         {("column_sum", "applications.total_handled.natural_person"),
          ("column_sum", "applications.total_handled.total")}),
        # balance (勾稽关系): carried_forward printed where nothing was left
        ({"applications.carried_forward.natural_person": 1, "applications.carried_forward.total": 1},
         {("balance", "applications.carried_forward.natural_person"),
          ("balance", "applications.carried_forward.total")}),
        ({"appeals.litigation_direct.total": 2}, {("appeal_total", "appeals.litigation_direct.total")}),
        ({"proactive.rules.repealed": -1}, {("domain_negative", "proactive.rules.repealed")}),
        ({"proactive.administrative_fees.amount_10k_yuan": -2.8},
         {("domain_negative", "proactive.administrative_fees.amount_10k_yuan")}),
        ({"proactive.administrative_penalty.decisions": 3.5},
         {("domain_non_integer", "proactive.administrative_penalty.decisions")}),
        # a null part makes its identities unknown: completeness names it, no arithmetic finding
        ({"applications.denied.third_party_rights.total": None},
         {("completeness_cell", "applications.denied.third_party_rights.total")}),
        ({f"appeals.litigation_after_review.{c}": None for c in ("upheld", "corrected", "other", "pending", "total")},
         {("completeness_row", "appeals.litigation_after_review")}),
    ],
    ids=["row_sum", "column_sum", "balance", "appeal_total", "negative", "negative_fee", "non_integer",
         "empty_cell", "empty_row"],
)
def test_planted_defect_fires_exactly_there(tmp_path: Path, edits: dict, expected: set) -> None:
    assert findings(tmp_path, [edit(fx.truth("pinghu"), **edits), fx.truth("meizhou")]) == expected


def test_omitted_row_is_named_once_and_not_repeated_from_parse_warnings(tmp_path: Path) -> None:
    r = edit(fx.truth("meizhou"), **{"proactive.administrative_coercion.decisions": None})
    r["warnings"] = [{"code": "row_not_found", "location": "proactive.administrative_coercion",
                      "message": "行政强制 row not found"}]
    con = fx.warehouse(tmp_path / "w.duckdb", [r])
    run_checks(con)
    rows = con.execute("select rule, severity, location, message_en, message_zh from dq_findings").fetchall()
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("completeness_row", "warning", "proactive.administrative_coercion")]
    assert "omits this row" in rows[0][3] and "报告缺少这一行" in rows[0][4]


def test_fee_may_be_a_decimal(tmp_path: Path) -> None:
    r = edit(fx.truth("pinghu"), **{"proactive.administrative_fees.amount_10k_yuan": 0.35})
    assert findings(tmp_path, [r]) == set()


def _with_carried_over() -> dict:
    """Pinghu with one application carried over and one carried forward (identities still hold)."""
    return edit(fx.truth("pinghu"), **{
        "applications.carried_over.natural_person": 1, "applications.carried_over.total": 1,
        "applications.carried_forward.natural_person": 1, "applications.carried_forward.total": 1})


@pytest.mark.parametrize(
    ("figure", "fires"),
    [
        ({"location": "applications.new_received.total", "scope": "new_received", "value": 7}, False),
        ({"location": "applications.new_received.total", "scope": "new_received", "value": 8}, True),
        ({"location": "applications.denied", "scope": "denied", "value": 3}, False),  # 2 + 1 over denied.*
        ({"location": "applications.denied", "scope": "denied", "value": 4}, True),
        ({"location": "applications.total_handled.total", "scope": "handled", "value": 8}, False),  # new+carried
        ({"location": "applications.total_handled.total", "scope": "handled", "value": 7}, False),  # handled
        ({"location": "applications.total_handled.total", "scope": "handled", "value": 9}, True),
        ({"location": "appeals", "scope": "appeals", "value": 0}, False),
        ({"location": "proactive.administrative_licensing", "scope": "decisions", "value": 579}, True),
    ],
)
def test_prose_vs_table(tmp_path: Path, figure: dict, fires: bool) -> None:
    r = _with_carried_over()
    r["narrative"] = [{**figure, "unit": "件", "text": f"共{figure['value']}件", "where": "line 8"}]
    got = findings(tmp_path, [r])
    assert got == ({("prose_vs_table", figure["location"])} if fires else set())


def _previous_year(**edits) -> dict:
    """Pinghu's 2022: 8 received, 7 handled, 1 carried forward; normative documents 40 in force."""
    r = edit(fx.truth("pinghu"), **{
        "applications.new_received.natural_person": 8, "applications.new_received.total": 8,
        "applications.carried_forward.natural_person": 1, "applications.carried_forward.total": 1,
        "proactive.normative_documents.in_force": 40, **edits})
    r["year"], r["file"] = 2022, "pinghu_2022"
    return r


def test_cross_year_carry_and_in_force(tmp_path: Path) -> None:
    this_year = edit(_with_carried_over(), **{"proactive.normative_documents.in_force": 38})
    assert findings(tmp_path / "ok", [_previous_year(), this_year]) == set()
    # 2023 says nothing was carried over although 2022 carried 1 forward; in_force 41 + 5 − 7 ≠ 38
    got = findings(tmp_path, [_previous_year(**{"proactive.normative_documents.in_force": 41}), fx.truth("pinghu")])
    assert got == {("cross_year_carry", "applications.carried_over.natural_person"),
                   ("cross_year_carry", "applications.carried_over.total"),
                   ("cross_year_in_force", "proactive.normative_documents.in_force")}


def test_cross_year_jump(tmp_path: Path) -> None:
    prev = edit(_previous_year(), **{"proactive.administrative_licensing.decisions": 50})
    this_year = _with_carried_over()
    assert findings(tmp_path, [prev, this_year]) == {("cross_year_jump", "proactive.administrative_licensing")}
    # below the floor a factor is noise: 3 → 0 penalties is not flagged
    prev = _previous_year()
    this_year = edit(_with_carried_over(), **{"proactive.administrative_penalty.decisions": 0})
    assert findings(tmp_path / "floor", [prev, this_year]) == set()


def _scaled(k: int, i: int) -> dict:
    """Pinghu with every application cell × k (identities still hold), as a distinct agency."""
    r = fx.truth("pinghu")
    r["applications"] = {row: {c: v * k for c, v in cols.items()} for row, cols in r["applications"].items()}
    r["agency"], r["file"] = f"平湖市测试局{i}", f"peer{i}"
    return r


@pytest.mark.parametrize(("peers", "fires"), [(9, True), (7, False)])
def test_outlier_against_peers_of_same_level(tmp_path: Path, peers: int, fires: bool) -> None:
    ks = [1, 2, 1, 3, 2, 1, 2, 3, 1][: peers - 1] + [500]
    got = findings(tmp_path, [_scaled(k, i) for i, k in enumerate(ks)], level="county")
    assert got == ({("outlier", "applications.new_received.total")} if fires else set())


def test_outlier_needs_a_known_level(tmp_path: Path) -> None:
    ks = [1, 2, 1, 3, 2, 1, 2, 3, 1, 500]
    assert findings(tmp_path, [_scaled(k, i) for i, k in enumerate(ks)]) == set()


def test_appeals_without_applications(tmp_path: Path) -> None:
    zezhou = fx.truth("zezhou")
    zezhou["proactive"]["administrative_coercion"]["decisions"] = 0
    assert findings(tmp_path / "alone", [zezhou]) == {("appeals_without_applications", "appeals")}
    # last year's applications explain this year's lawsuits
    prev = fx.truth("zezhou")
    prev["year"], prev["file"] = 2022, "zezhou_2022"
    prev["proactive"]["administrative_coercion"]["decisions"] = 0
    prev = edit(prev, **{"applications.new_received.natural_person": 30, "applications.new_received.total": 30,
                         "applications.granted.natural_person": 30, "applications.granted.total": 30,
                         "applications.total_handled.natural_person": 30, "applications.total_handled.total": 30})
    got = findings(tmp_path / "prev", [prev, zezhou])
    assert ("appeals_without_applications", "appeals") not in {(r, loc) for r, loc in got if r != "cross_year_jump"}


def test_disclosure_rate_above_100_percent(tmp_path: Path) -> None:
    r = edit(fx.truth("meizhou"), **{
        "applications.granted.natural_person": 5, "applications.granted.total": 5,
        "applications.total_handled.natural_person": 5, "applications.total_handled.total": 5,
        "applications.carried_forward.natural_person": -1, "applications.carried_forward.total": -1})
    assert findings(tmp_path, [r]) == {("disclosure_rate", "applications.granted"),
                                       ("domain_negative", "applications.carried_forward.natural_person"),
                                       ("domain_negative", "applications.carried_forward.total")}


def test_duplicates(tmp_path: Path) -> None:
    a, b = fx.truth("pinghu"), fx.truth("pinghu")
    b["file"] = "pinghu_copy"
    assert findings(tmp_path / "same", [a, b]) == set()  # the same numbers twice: not a contradiction
    b["proactive"]["administrative_penalty"]["decisions"] = 4
    con = fx.warehouse(tmp_path / "w.duckdb", [a, b])
    run_checks(con)
    rows = con.execute("select report_id, rule, location, expected, actual from dq_findings order by 1").fetchall()
    assert rows == [("pinghu_copy:2023", "duplicate_report", "proactive.administrative_penalty.decisions", 3, 4),
                    ("pinghu_hrss_2023.txt:2023", "duplicate_report",
                     "proactive.administrative_penalty.decisions", 4, 3)]


def test_only_current_reports_are_checked(tmp_path: Path) -> None:
    old = edit(fx.truth("pinghu"), **{"appeals.litigation_direct.total": 2})
    old["file"] = "pinghu_old"
    con = fx.connect(tmp_path / "w.duckdb")
    fx.load_report(con, old, is_current=False)
    fx.load_report(con, fx.truth("pinghu"))
    run_checks(con)
    # the old version's broken appeal total is not checked; only the change since it is named
    rows = con.execute("select rule, severity, location, expected, actual from dq_findings").fetchall()
    assert rows == [("republished_changed", "warning", "appeals.litigation_direct.total", 2, 0)]


def test_republished_report_with_changed_numbers_through_the_real_loader(tmp_path: Path) -> None:
    from pipeline.load.batch import parse_batch, scan_files
    from pipeline.load.store import load_batch, loaded_versions
    from pipeline.parse import PARSER_VERSION, parse_file

    raw = tmp_path / "raw"
    raw.mkdir()
    report = fx.SAMPLES / "reports" / "pinghu_hrss_2023.txt"
    (raw / report.name).write_bytes(report.read_bytes())
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    for _ in range(2):
        load_batch(con, parse_batch(scan_files([raw]), loaded_versions(con), parse_file, PARSER_VERSION))
        (raw / report.name).write_text(report.read_text(encoding="utf-8").replace("\t597\n", "\t579\n"),
                                       encoding="utf-8")
    run_checks(con)
    rows = con.execute("select rule, location, expected, actual from dq_findings").fetchall()
    assert rows == [("republished_changed", "proactive.administrative_licensing.decisions", 597, 579)]


def test_parse_warnings_become_findings(tmp_path: Path) -> None:
    r = fx.truth("pinghu")
    r["warnings"] = [
        {"code": "table_conflict", "location": "applications.granted.total", "message": "two tables disagree"},
        {"code": "row_cells_mismatch", "location": "applications.granted", "message": "8 cells, expected 7"},
        {"code": "non_integer", "location": "proactive.rules.issued", "message": "1.5"},
    ]
    con = fx.warehouse(tmp_path / "w.duckdb", [r])
    run_checks(con)
    rows = set(con.execute("select rule, severity, location from dq_findings").fetchall())
    assert rows == {("parse_table_conflict", "error", "applications.granted.total"),
                    ("parse_warning", "warning", "applications.granted")}


def test_findings_table_replaced_per_run_and_summary_view(tmp_path: Path) -> None:
    con = fx.warehouse(tmp_path / "w.duckdb", fx.all_truths())
    run_checks(con)
    run = run_checks(con)
    assert run.total == con.execute("select count(*) from dq_findings").fetchone()[0] == 4
    summary = con.execute("select agency, rule, findings from v_findings_summary order by 1, 2").fetchall()
    assert ("天津市东丽区人力资源和社会保障局", "appeal_total", 1) in summary
    assert sum(r[2] for r in summary) == 4


def test_every_rule_has_id_severity_and_actionable_message_in_both_languages() -> None:
    assert len({r.id for r in RULES}) == len(RULES)
    for r in RULES:
        assert r.severity in ("error", "warning")
        for message in (r.message_en, r.message_zh):
            assert {"{label}", "{location}", "{detail}", "{file}"} & set(re.findall(r"\{\w+\}", message)), r.id
        assert r.description_en and re.search(r"[\u4e00-\u9fff]", r.description_zh), r.id
        code = [line for line in r.query.splitlines() if not line.startswith("--")]
        assert r.path.startswith("sql/rules/") and r.id in r.sql and code[0].startswith(("select", "with"))


def test_absent_fact_rows_count_as_empty(tmp_path: Path) -> None:
    """A loader that writes no row for an omitted cell gets the same findings as one that writes null."""
    con = fx.warehouse(tmp_path / "w.duckdb", [fx.truth("pinghu")])
    con.execute("delete from fact_applications where category = 'carried_over'")
    con.execute("delete from fact_appeals where proceeding = 'administrative_review' and outcome = 'pending'")
    run_checks(con)
    assert set(con.execute("select rule, location from dq_findings").fetchall()) == {
        ("completeness_row", "applications.carried_over"),
        ("completeness_cell", "appeals.administrative_review.pending")}


def test_cross_year_rules_follow_the_canonical_agency(tmp_path: Path) -> None:
    """Two name forms of one agency (洪泽区… / 淮安市洪泽区…) are one agency for the cross-year rules."""
    prev = _previous_year()
    prev["agency"] = "平湖人社局"
    con = fx.warehouse(tmp_path / "w.duckdb", [prev, fx.truth("pinghu")])
    run_checks(con)
    assert con.execute("select count(*) from dq_findings").fetchone()[0] == 0  # different names: not compared
    con.execute("update reports set agency_canonical = '平湖市人力资源和社会保障局'")
    run_checks(con)
    assert set(con.execute("select rule, location from dq_findings").fetchall()) == {
        ("cross_year_carry", "applications.carried_over.natural_person"),
        ("cross_year_carry", "applications.carried_over.total")}
