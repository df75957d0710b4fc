"""Every committed format fixture parses to its sample's truth, and all formats agree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import cell_diffs

from bench.synth import render_html
from bench.synth.layout import STable, lay_out
from bench.synth.text import expand
from pipeline.parse import parse_file
from pipeline.read import Table, read_file
from pipeline.textnorm import norm

HERE = Path(__file__).parent
TRUTH = HERE / "fixtures/samples/truth"
FORMATS = HERE / "fixtures/formats"
SUFFIXES = (".html", ".gb18030.html", ".docx", ".pdf", ".txt", ".md")
STEMS = sorted(p.stem for p in TRUTH.glob("*.json"))
SECTIONS = ("proactive", "applications", "appeals")


def truth(stem: str) -> dict:
    return json.loads((TRUTH / f"{stem}.json").read_text(encoding="utf-8"))


def facts(report: dict) -> dict:
    return {k: report[k] for k in ("agency", "year", *SECTIONS)}


def test_every_sample_has_every_format() -> None:
    missing = [f"{s}{x}" for s in STEMS for x in SUFFIXES if not (FORMATS / f"{s}{x}").exists()]
    assert len(STEMS) == 5 and not missing


@pytest.mark.parametrize("suffix", SUFFIXES)
@pytest.mark.parametrize("stem", STEMS)
def test_fixture_parses_to_truth(stem: str, suffix: str) -> None:
    parsed = parse_file(FORMATS / f"{stem}{suffix}")
    assert cell_diffs(parsed, truth(stem)) == []


@pytest.mark.parametrize("stem", STEMS)
def test_same_report_same_facts_in_every_format(stem: str) -> None:
    results = {x: facts(parse_file(FORMATS / f"{stem}{x}")) for x in SUFFIXES}
    # the raw sample as received, in its own layout, belongs to the same comparison
    sample = next((HERE / "fixtures/samples/reports").glob(f"{stem}.*"))
    results["sample"] = facts(parse_file(sample))
    first = results[".docx"]
    assert all(r == first for r in results.values()), [k for k, r in results.items() if r != first]


def _expected_rows(stem: str, variant: int) -> list[list[str]]:
    tables = [b for b in lay_out(truth(stem), variant).blocks if isinstance(b, STable)]
    return [[norm(t) for t in row] for table in tables for row in expand(table)]


@pytest.mark.parametrize("suffix,variant", [(".html", 1), (".gb18030.html", 11), (".docx", 21), (".pdf", 21)])
@pytest.mark.parametrize("index,stem", list(enumerate(STEMS)))
def test_reader_grid_matches_layout(index: int, stem: str, suffix: str, variant: int) -> None:
    """Merged cells expand to the template grid; spanned positions are empty, numbers not repeated."""
    doc = read_file(FORMATS / f"{stem}{suffix}")
    rows = [[norm(c.text) for c in row] for b in doc.blocks if isinstance(b, Table) for row in b.rows]
    assert rows == _expected_rows(stem, variant + index)


@pytest.mark.parametrize("index,stem", list(enumerate(STEMS)))
def test_html_fixtures_are_current(index: int, stem: str) -> None:
    assert (FORMATS / f"{stem}.html").read_bytes() == render_html(truth(stem), variant=1 + index)
    gb = render_html(truth(stem), variant=11 + index, encoding="gb18030", declare_charset=False)
    assert (FORMATS / f"{stem}.gb18030.html").read_bytes() == gb


def test_gb18030_fixture_is_undeclared_and_detected() -> None:
    path = FORMATS / f"{STEMS[0]}.gb18030.html"
    assert b"charset" not in path.read_bytes().lower()
    doc = read_file(path)
    assert doc.encoding == "gb18030" and doc.format == "html"
