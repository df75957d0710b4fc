"""Every bundled sample report parses to its hand-checked truth, cell for cell, nulls included."""

from __future__ import annotations

from conftest import SECTIONS, cell_diffs, load_truth, sample_path

from pipeline import template
from pipeline.parse import parse_file


def test_sample_parses_to_truth(sample_name: str) -> None:
    report = parse_file(sample_path(sample_name))
    assert cell_diffs(report, load_truth(sample_name)) == []


def test_every_contract_cell_is_present(sample_name: str) -> None:
    report = parse_file(sample_path(sample_name))
    assert set(report["proactive"]) == set(template.PROACTIVE_MEASURES)
    rows = list(dict.fromkeys(r for r, _ in template.report_cells("2021")["applications"]))
    assert list(report["applications"]) == rows
    assert set(template.APPLICATION_KEYS) | {"other"} == set(rows)
    assert all(list(cols) == list(template.APPLICANT_KEYS) for cols in report["applications"].values())
    assert all(list(cols) == list(template.APPEAL_OUTCOME_KEYS) for cols in report["appeals"].values())
    cells = sum(len(cols) for s in SECTIONS for cols in report[s].values())
    assert cells == 10 + 175 + 7 + 15  # the contract's cells and the collapsed-group row (null here)
    assert set(report["applications"]["other"].values()) == {None}


def test_every_number_has_provenance(sample_name: str) -> None:
    report = parse_file(sample_path(sample_name))
    for section in SECTIONS:
        for row, cols in report[section].items():
            for col, value in cols.items():
                if value is not None:
                    where = report["provenance"][f"{section}.{row}.{col}"]
                    assert where["where"].startswith("line ")
                    assert where["raw"].strip() != ""


def test_source_block_identifies_the_bytes(sample_name: str) -> None:
    report = parse_file(sample_path(sample_name))
    assert len(report["source"]["sha256"]) == 64
    assert report["source"]["bytes"] == sample_path(sample_name).stat().st_size
    assert report["template_version"] == "2021"


def test_printed_empty_row_is_null_with_provenance() -> None:
    """Wuhan prints 结转下年度继续办理 with seven empty cells: null, and the cells are located."""
    report = parse_file(sample_path("wuhan_donghu_hrss_2023"))
    assert set(report["applications"]["carried_forward"].values()) == {None}
    assert "applications.carried_forward.total" in report["provenance"]
    assert not [w for w in report["warnings"] if w["location"] == "applications.carried_forward"]


def test_omitted_row_is_null_and_warned() -> None:
    """Zezhou omits 行政强制: null, no provenance, and a row_not_found warning naming it."""
    report = parse_file(sample_path("zezhou_hrss_2023"))
    assert report["proactive"]["administrative_coercion"] == {"decisions": None}
    assert "proactive.administrative_coercion.decisions" not in report["provenance"]
    codes = {(w["code"], w["location"]) for w in report["warnings"]}
    assert ("row_not_found", "proactive.administrative_coercion") in codes


def test_prose_figures_are_extracted() -> None:
    report = parse_file(sample_path("pinghu_hrss_2023"))
    figures = {(f["location"], f["value"]) for f in report["narrative"]}
    assert ("applications.new_received.total", 7) in figures
    assert ("applications.granted.total", 2) in figures
    assert ("applications.denied", 3) in figures
    assert ("applications.unavailable", 1) in figures
    assert ("applications.not_processed.repeated_request.total", 1) in figures


def test_prose_zero_statement_is_a_figure() -> None:
    report = parse_file(sample_path("zezhou_hrss_2023"))
    assert ("applications.new_received.total", 0) in {(f["location"], f["value"]) for f in report["narrative"]}
