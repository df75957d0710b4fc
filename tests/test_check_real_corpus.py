"""The checks on the real corpus, loaded by the real loader: each publisher defect recorded in a
truth file is flagged at its cell; a clean report — on either template — gets no error finding.

Also the 2019 template's own rules: a 2020 report (trial template) and a 2021 report of the same
agency are compared across the change of template, where the measures mean the same.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
from layouts import report_html

from pipeline.check.engine import run_checks
from pipeline.load.batch import parse_batch, scan_files
from pipeline.load.schema import apply_ddl
from pipeline.load.store import load_batch, loaded_versions
from pipeline.parse import PARSER_VERSION, parse_file

REAL = Path(__file__).parent / "fixtures" / "real"
TRUTHS = {t["file"]: t for t in (json.loads(p.read_text(encoding="utf-8")) for p in (REAL / "truth").glob("*.json"))}


def _ingest(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    apply_ddl(con)
    batch = parse_batch(scan_files([folder]), loaded_versions(con), parse_file, PARSER_VERSION)
    load_batch(con, batch)


def _findings(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str, str]]]:
    rows = con.execute(
        "select r.source_name, f.rule, f.severity, coalesce(f.location, '') from dq_findings f "
        "join reports r using (report_id)"
    ).fetchall()
    out: dict[str, list[tuple[str, str, str]]] = {}
    for name, rule, severity, location in rows:
        out.setdefault(name, []).append((rule, severity, location))
    return out


@pytest.fixture(scope="module")
def corpus_findings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[str, str, str]]]:
    """Pages and text dumps in two warehouses: a dump of a page is the same agency-year, which one
    warehouse would hold as a re-published version of it."""
    found: dict[str, list[tuple[str, str, str]]] = {}
    for suffix in (".html", ".txt"):
        folder = tmp_path_factory.mktemp("raw")
        for name in TRUTHS:
            if name.endswith(suffix):
                shutil.copy(REAL / name, folder / name)
        con = duckdb.connect(str(folder / "work.duckdb"))
        _ingest(con, folder)
        run_checks(con)
        found.update(_findings(con))
        con.close()
    return found


@pytest.mark.parametrize("name", sorted(TRUTHS))
def test_publisher_defects_flagged_clean_reports_quiet(corpus_findings, name: str) -> None:
    truth = TRUTHS[name]
    found = corpus_findings.get(name, [])
    report = parse_file(REAL / name)
    unproven = truth["format"] == "txt" and any("split" in w["message"] for w in report["warnings"]
                                                  if w["code"] == "row_cells_mismatch")
    for expect in truth.get("expect_findings", []) if not unproven else []:
        # a text dump whose glued digits left cells unproven (empty, warned) cannot show every
        # identity; its page is checked in full

        assert any(loc.startswith(expect["location"]) and (not expect.get("severity") or sev == expect["severity"])
                   for _, sev, loc in found), (expect, found)
    if truth.get("clean"):
        assert [f for f in found if f[1] == "error"] == []


def _twin_2021(truth_2020: dict, carried_over: dict[str, int | None]) -> dict:
    """A 2021 report of the same agency (a sample's numbers), whose 上年结转 is ``carried_over``."""
    sample = json.loads((Path(__file__).parent / "fixtures/samples/truth/pinghu_hrss_2023.json").read_text("utf-8"))
    sample["agency"], sample["year"] = truth_2020["agency"], 2021
    sample["applications"]["carried_over"] = dict(carried_over)
    for col, value in carried_over.items():  # keep the report's own 勾稽 identity intact
        new = sample["applications"]["new_received"][col] or 0
        handled = sample["applications"]["total_handled"][col] or 0
        sample["applications"]["carried_forward"][col] = new + (value or 0) - handled
    return sample


@pytest.mark.parametrize("planted", [False, True], ids=["continuous", "planted-break"])
def test_carry_over_across_the_change_of_template(tmp_path: Path, planted: bool) -> None:
    """结转下年度 of a 2020 report (2019 template) = 上年结转 of the same agency's 2021 report."""
    name = "ptzhsyqgwh_2019.html"
    truth = dict(TRUTHS[name])
    folder = tmp_path / "raw"
    folder.mkdir()
    carried = dict(truth["applications"]["carried_forward"])
    source = (REAL / name).read_text(encoding="utf-8").replace(f"{truth['year']}年", "2020年")
    (folder / "a_2020.html").write_text(source, encoding="utf-8")
    if planted:
        carried["natural_person"] = (carried["natural_person"] or 0) + 3
        carried["total"] = (carried["total"] or 0) + 3
    (folder / "b_2021.html").write_text(report_html(_twin_2021(truth, carried)), encoding="utf-8")
    con = duckdb.connect(str(tmp_path / "work.duckdb"))
    _ingest(con, folder)
    versions = dict(con.execute("select year, template_version from reports").fetchall())
    assert versions == {2020: "2019", 2021: "2021"}
    run_checks(con)
    carry = [f for f in _findings(con).get("b_2021.html", []) if f[0] == "cross_year_carry"]
    con.close()
    if planted:
        assert {loc for _, _, loc in carry} == {"applications.carried_over.natural_person",
                                                "applications.carried_over.total"}
    else:
        assert carry == []


@pytest.mark.parametrize("name", sorted(n for n, t in TRUTHS.items() if t["template_version"] == "2019"))
def test_no_rule_fires_on_a_cell_the_2019_template_lacks(corpus_findings, name: str) -> None:
    """The 2021 cells a 2019 report has no counterpart for are null by design, not omitted."""
    from pipeline import template

    absent = {f"{s}.{r}.{c}" for s, r, c in template.absent_cells("2019")}
    absent_rows = {loc.rsplit(".", 1)[0] for loc in absent} - {
        f"{s}.{r}" for s, cells in template.section_cells("2019").items() for r, _ in cells}
    for _, _, location in corpus_findings.get(name, []):
        assert location not in absent and location not in absent_rows, location


def test_one_agency_across_name_forms(tmp_path: Path) -> None:
    """洪泽区人民政府 (its title) and 淮安市洪泽区人民政府 (its body, and the next year's title) are one
    agency: one identity in the warehouse, and the cross-year rules join them."""
    base = json.loads((Path(__file__).parent / "fixtures/samples/truth/pinghu_hrss_2023.json").read_text("utf-8"))
    first, second = json.loads(json.dumps(base)), json.loads(json.dumps(base))
    first["agency"], first["year"] = "洪泽区人民政府", 2022
    second["agency"], second["year"] = "淮安市洪泽区人民政府", 2023
    second["applications"]["carried_over"]["natural_person"] = 5  # the 2022 report carried forward 0
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "2022.html").write_text(
        report_html(first, preface="本报告由淮安市洪泽区人民政府办公室根据《条例》编制。"), encoding="utf-8")
    (folder / "2023.html").write_text(report_html(second), encoding="utf-8")
    con = duckdb.connect(str(tmp_path / "work.duckdb"))
    _ingest(con, folder)
    names = con.execute("select agency, agency_canonical from reports order by year").fetchall()
    assert names == [("洪泽区人民政府", "淮安市洪泽区人民政府"), ("淮安市洪泽区人民政府", "淮安市洪泽区人民政府")]
    run_checks(con)
    carry = [f for f in _findings(con).get("2023.html", []) if f[0] == "cross_year_carry"]
    con.close()
    assert ("cross_year_carry", "error", "applications.carried_over.natural_person") in carry


def test_views_are_one_series_from_2019(tmp_path: Path) -> None:
    """A 2019-template report and a 2021 one of the same agency side by side in the views."""
    from pipeline.load.schema import apply_views

    folder = tmp_path / "raw"
    folder.mkdir()
    for name in ("ptzhsyqgwh_2019.html", "ptzhsyqgwh_2024.html"):
        shutil.copy(REAL / name, folder / name)
    con = duckdb.connect(str(tmp_path / "work.duckdb"))
    _ingest(con, folder)
    apply_views(con)
    wide = con.execute("select year, template_version, other_handling, other_other from v_applications_wide "
                       "order by year").fetchall()
    t19, t24 = TRUTHS["ptzhsyqgwh_2019.html"], TRUTHS["ptzhsyqgwh_2024.html"]
    sub = [t24["applications"][k]["total"] for k in ("other.no_correction", "other.unpaid_fee", "other.other")]
    assert wide == [(2019, "2019", t19["applications"]["other"]["total"], None),
                    (2024, "2021", sum(sub), sub[2])]
    series = con.execute("select year, measure, value, version_has_cell from v_proactive_series "
                         "where item = 'administrative_licensing' and measure in ('decisions', 'items_prior_year') "
                         "order by year, measure").fetchall()
    con.close()
    lic19, lic24 = t19["proactive"]["administrative_licensing"], t24["proactive"]["administrative_licensing"]
    assert series == [(2019, "decisions", lic19["decisions"], True), (2019, "items_prior_year", lic19["items_prior_year"], True),
                      (2024, "decisions", lic24["decisions"], True)]
