"""Every view returns sensible rows on the five samples; the example queries run."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from pipeline.check.engine import run_checks
from pipeline.load.batch import parse_batch, scan_files
from pipeline.load.paths import EXAMPLES_DIR
from pipeline.load.schema import apply_views, view_names
from pipeline.load.store import load_batch, loaded_versions
from pipeline.parse import PARSER_VERSION, parse_file

SAMPLES = Path(__file__).parent / "fixtures" / "samples"


def _load(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    load_batch(con, parse_batch(scan_files([folder]), loaded_versions(con), parse_file, PARSER_VERSION))


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    """The samples loaded, then pinghu re-published with one changed cell (an old version to hide)."""
    tmp = tmp_path_factory.mktemp("views")
    raw = tmp / "raw"
    shutil.copytree(SAMPLES / "reports", raw)
    c = duckdb.connect(str(tmp / "w.duckdb"))
    _load(c, raw)
    f = raw / "pinghu_hrss_2023.txt"
    f.write_text(f.read_text(encoding="utf-8").replace("\t38\n", "\t39\n", 1), encoding="utf-8")
    _load(c, raw)
    apply_views(c)
    run_checks(c)  # fills dq_findings, which v_findings_summary reads
    yield c
    c.close()


def truth(name: str) -> dict:
    return json.loads((SAMPLES / "truth" / f"{name}.json").read_text(encoding="utf-8"))


def one(con, sql: str, params=()) -> tuple:
    rows = con.execute(sql, list(params)).fetchall()
    assert len(rows) == 1, rows
    return rows[0]


def test_every_view_has_rows(con):
    views = view_names(con)
    assert {"v_applications_wide", "v_application_outcomes", "v_disclosure_rate", "v_refusal_reasons",
            "v_appeal_correction_rates", "v_totals_by_province_year", "current_reports"} <= set(views)
    for v in views:
        assert con.execute(f"select count(*) from {v}").fetchall()[0][0] > 0, v


def test_current_views_hide_old_versions(con):
    assert one(con, "select count(*) from reports") == (6,)
    assert one(con, "select count(*) from current_reports") == (5,)
    assert one(con, "select count(*) from current_fact_applications") == (875,)
    assert one(con, "select value from current_fact_proactive where agency like '平湖市%' "
                    "and item = 'normative_documents' and measure = 'in_force'") == (39.0,)


def test_applications_wide_equals_truth_totals(con):
    for name in ("pinghu_hrss_2023", "zezhou_hrss_2023", "meizhou_hrss_2023"):
        t = truth(name)
        row = one(con, "select new_received, carried_over, granted, total_handled, carried_forward, "
                       "denied_third_party_rights from v_applications_wide where agency = ?", [t["agency"]])
        a = t["applications"]
        assert row == tuple(a[k]["total"] for k in ("new_received", "carried_over", "granted", "total_handled",
                                                     "carried_forward", "denied.third_party_rights"))


def test_disclosure_rate(con):
    assert one(con, "select granted, total_handled, granted_rate from v_disclosure_rate where agency = ?",
               ["平湖市人力资源和社会保障局"]) == (2.0, 7.0, pytest.approx(2 / 7))
    # nothing handled: the rate is unknown, not zero
    assert one(con, "select total_handled, granted_or_partial_rate from v_disclosure_rate where agency = ?",
               ["泽州县人力资源和社会保障局"]) == (0.0, None)


def test_outcome_groups_add_up_on_clean_reports(con):
    clean = [truth(p.stem)["agency"] for p in (SAMPLES / "truth").glob("*.json") if truth(p.stem).get("clean")]
    rows = con.execute(
        "select agency, total_handled, granted + partially_granted + denied + unavailable + not_processed + other "
        "from v_application_outcomes").fetchall()
    checked = [(a, th, s) for a, th, s in rows if a in clean]
    assert checked and all(th == s for _, th, s in checked)


def test_refusal_reasons_mix(con):
    assert one(con, "select count(distinct reason) from v_refusal_reasons") == (19,)
    bad = con.execute(
        "select report_id, reason_group, sum(share_of_group) s from v_refusal_reasons "
        "group by 1, 2 having sum(count) > 0 and abs(s - 1) > 1e-9").fetchall()
    assert bad == []
    assert one(con, "select count from v_refusal_reasons where agency like '平湖市%' "
                    "and reason = 'not_processed.repeated_request'") == (1.0,)


def test_appeal_correction_rates(con):
    t = truth("zezhou_hrss_2023")["appeals"]["litigation_direct"]
    row = one(con, "select total, pending, corrected, correction_rate from v_appeal_correction_rates "
                   "where agency like '泽州县%' and proceeding = 'litigation_direct'")
    assert row == (t["total"], t["pending"], t["corrected"],
                   pytest.approx(t["corrected"] / (t["total"] - t["pending"])))
    assert one(con, "select count(*) from v_appeal_correction_rates") == (15,)


def test_totals_by_province_year(con):
    assert one(con, "select sum(reports) from v_totals_by_province_year") == (5,)
    assert one(con, "select reports, total_handled from v_totals_by_province_year where province = '天津市'") == (
        1, truth("tianjin_dongli_hrss_2023")["applications"]["total_handled"]["total"])
    assert one(con, "select sum(total_handled) from v_totals_by_province_year") == one(
        con, "select sum(total_handled) from v_applications_wide")


@pytest.mark.parametrize("example", sorted(EXAMPLES_DIR.glob("*.sql")), ids=lambda p: p.name)
def test_example_queries_run(con, example):
    assert con.execute(example.read_text(encoding="utf-8")).fetchall()


def test_view_comments(con):
    missing = con.execute("select view_name from duckdb_views() where not internal and schema_name = 'main' "
                          "and comment is null").fetchall()
    assert missing == []


def test_raw_fact_tables_hold_every_version_and_say_so(con):
    """A naive sum over fact_proactive counts the superseded pinghu version too; current_* does not."""
    naive = one(con, "select count(*) from fact_applications")[0]
    current = one(con, "select count(*) from current_fact_applications")[0]
    assert naive == 6 * 175 and current == 5 * 175
    comments = dict(con.execute("select table_name, comment from duckdb_tables() where table_name like 'fact_%'"
                                ).fetchall())
    for table, comment in comments.items():
        assert "ALL VERSIONS" in comment and f"current_{table}" in comment, table


def test_views_flag_reports_with_errors(con):
    flagged = dict(con.execute("select agency, has_errors from v_applications_wide").fetchall())
    assert flagged["天津市东丽区人力资源和社会保障局"] is True
    assert flagged["平湖市人力资源和社会保障局"] is False and flagged["泽州县人力资源和社会保障局"] is False
    for view in ("v_application_outcomes", "v_disclosure_rate", "v_refusal_reasons", "v_appeal_correction_rates"):
        assert one(con, f"select bool_or(has_errors), bool_and(not has_errors) from {view} "
                        "where agency like '天津%' or agency like '平湖%'") == (True, False), view
    assert one(con, "select reports_with_errors from v_totals_by_province_year where province = '天津市'") == (1,)


def test_every_view_column_has_a_comment(con):
    missing = con.execute(
        """select c.table_name, c.column_name from duckdb_columns() c
           join duckdb_views() v on v.view_name = c.table_name and v.schema_name = c.schema_name
           where not v.internal and v.schema_name = 'main' and c.comment is null
             and c.table_name not like 'current\\_%' escape '\\'""").fetchall()
    assert missing == [], "add COMMENT ON COLUMN in sql/views/ for these"


def test_comments_name_real_rules_values_and_files(con):
    """Comments that name a rule name one that exists; reports.format lists the formats the data has."""
    from pipeline.check.rules import RULES_BY_ID

    text = " ".join(c for (c,) in con.execute(
        "select comment from duckdb_columns() where comment is not null union all "
        "select comment from duckdb_tables() where comment is not null").fetchall())
    assert "cross_year_carry_over" not in text
    for rule in re.findall(r"\b(?:cross_year_\w+|row_sum|appeal_total|parse_failed)\b", text):
        assert rule in RULES_BY_ID, rule
    comment = one(con, "select comment from duckdb_columns() where table_name = 'reports' and column_name = 'format'")[0]
    for (fmt,) in con.execute("select distinct format from reports").fetchall():
        assert re.search(rf"\b{re.escape(fmt)}\b", comment), fmt
    root = Path(__file__).resolve().parents[1]
    for path in re.findall(r"\b((?:sql|pipeline|expectations|docs)/[\w/.-]+\.\w+)", text):
        assert (root / path).exists(), path


def test_readme_example_queries_run(con):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("### Example queries", 1)[1].split("```sql", 1)[1].split("```", 1)[0]
    statements = [s for s in block.split(";") if s.strip() and not all(
        line.startswith("--") for line in s.strip().splitlines())]
    assert len(statements) == 3
    for sql in statements:
        assert con.execute(sql).fetchall(), sql
    rows = con.execute(statements[1]).fetchall()
    assert rows == [("appeal_total", "error", "表四 行政复议 · 总计", "0", "1", "tianjin_dongli_hrss_2023.txt",
                     rows[0][6], rows[0][7])] and rows[0][6].startswith("line ")


def test_prose_example_finds_every_table_value(con):
    rows = con.execute((EXAMPLES_DIR / "06_prose_vs_table.sql").read_text(encoding="utf-8")).fetchall()
    assert rows and all(r[5] is not None for r in rows), [r for r in rows if r[5] is None]
