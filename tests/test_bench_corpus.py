"""The benchmark corpus: deterministic bytes, consistent truths, planted defects where they say."""

from __future__ import annotations

import copy
import json
import random
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import cell_diffs

from bench.corpus import CorpusSpec, generate, iter_truths, read_index
from bench.defects import DEFECTS, plant
from bench.places import agencies
from bench.render import pdf_available, render, render_docx_fast
from bench.stages import compare
from bench.synth import render_docx
from bench.truth import PARTS
from pipeline.parse import parse_bytes, parse_file
from pipeline.template import APPEAL_OUTCOME_KEYS, OUTCOME_KEYS

NO_PDF = {"text": 1, "markdown": 1, "html": 1, "html_gb18030": 1, "docx": 1}
SECTIONS = ("proactive", "applications", "appeals")


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus") / "c"
    generate(root, CorpusSpec(size=40, seed=11, mix=NO_PDF, defect_rate=0.25), progress=False)
    return root


def test_same_seed_and_size_give_identical_bytes(corpus: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    generate(again, CorpusSpec(size=40, seed=11, mix=NO_PDF, defect_rate=0.25), progress=False)
    assert _files(corpus) == _files(again)
    other = tmp_path / "other"
    generate(other, CorpusSpec(size=40, seed=12, mix=NO_PDF, defect_rate=0.25), progress=False)
    assert _files(other) != _files(corpus)


def test_a_complete_corpus_is_reused_not_rewritten(corpus: Path) -> None:
    stamp = (corpus / "corpus.json").stat().st_mtime_ns
    manifest = generate(corpus, CorpusSpec(size=40, seed=11, mix=NO_PDF, defect_rate=0.25), progress=False)
    assert (corpus / "corpus.json").stat().st_mtime_ns == stamp and manifest["reports"] == 40


def test_every_generated_report_parses_to_its_truth(corpus: Path) -> None:
    entries = list(read_index(corpus))
    assert {e["format"] for e in entries} == set(NO_PDF)
    for entry in entries:
        truth = json.loads((corpus / "truth" / f"{Path(entry['file']).stem}.json").read_text(encoding="utf-8"))
        parsed = parse_file(corpus / "reports" / entry["file"])
        correct, total, wrong = compare(parsed, truth)
        assert (correct, wrong) == (total, []), entry


def test_prose_figure_is_in_the_report(corpus: Path) -> None:
    with_prose = 0
    for entry in read_index(corpus):
        truth = json.loads((corpus / "truth" / f"{Path(entry['file']).stem}.json").read_text(encoding="utf-8"))
        if not truth.get("narrative"):
            continue
        with_prose += 1
        parsed = parse_file(corpus / "reports" / entry["file"])
        figures = {(n["location"], n["value"]) for n in parsed["narrative"]}
        assert ("applications.new_received.total", truth["narrative"][0]["value"]) in figures
    assert with_prose >= 10


def _sum_ok(row: dict, parts: tuple[str, ...]) -> bool:
    return row["total"] == sum(row[p] for p in parts)


def test_clean_truths_keep_every_template_identity() -> None:
    truths = list(iter_truths(CorpusSpec(size=2000, seed=5, mix=NO_PDF, defect_rate=0.0)))
    series: dict[str, dict[int, dict]] = defaultdict(dict)
    for t in truths:
        apps = t["applications"]
        assert all(_sum_ok(row, PARTS) for row in apps.values())
        assert all(_sum_ok(row, tuple(k for k in APPEAL_OUTCOME_KEYS if k != "total")) for row in t["appeals"].values())
        for col in (*PARTS, "total"):
            assert apps["total_handled"][col] == sum(apps[k][col] for k in OUTCOME_KEYS)
            assert apps["new_received"][col] + apps["carried_over"][col] == \
                apps["total_handled"][col] + apps["carried_forward"][col]
        assert t["year"] not in series[t["agency"]]
        series[t["agency"]][t["year"]] = t
    for years in series.values():
        for year, t in years.items():
            if year - 1 in years:
                prev = years[year - 1]
                assert t["applications"]["carried_over"] == prev["applications"]["carried_forward"]
                nd, pd = t["proactive"]["normative_documents"], prev["proactive"]["normative_documents"]
                assert nd["in_force"] == pd["in_force"] + nd["issued"] - nd["repealed"]
    received = sorted(t["applications"]["new_received"]["total"] for t in truths)
    assert received[len(received) // 2] <= 15 and received[-1] >= 200  # heavy tail
    assert len({t["agency"] for t in truths}) >= 500 and len({t["province"] for t in truths}) >= 25
    assert {t["level"] for t in truths} >= {"province", "city", "county"}


def test_defect_share_is_what_was_asked() -> None:
    truths = list(iter_truths(CorpusSpec(size=1000, seed=3, mix=NO_PDF, defect_rate=0.1)))
    defective = [t for t in truths if not t["clean"]]
    assert 60 <= len(defective) <= 140
    assert {t["defect"] for t in defective} == set(DEFECTS)
    assert all(t["expect_findings"] and t["known_findings"] for t in defective)


@pytest.mark.parametrize("kind", sorted(DEFECTS))
def test_each_planted_defect_is_printed_where_its_truth_says(kind: str) -> None:
    clean = next(t for t in iter_truths(CorpusSpec(size=50, seed=9, mix={"text": 1}, defect_rate=0.0))
                 if t["applications"]["new_received"]["total"] > 5)
    report = copy.deepcopy(clean)
    plant(report, kind, random.Random(1))
    parsed = parse_bytes(render(report, "text", 3), "r.txt")
    assert [d for d in cell_diffs(parsed, report) if d[0].split(".")[0] in SECTIONS] == []
    assert report["clean"] is False and report["expect_findings"][0]["location"]
    if kind == "omitted_row":
        item = report["expect_findings"][0]["location"]
        assert any(w["location"] == item for w in parsed["warnings"])
    if kind == "prose_contradiction":
        stated = report["narrative"][0]["value"]
        assert stated != report["applications"]["new_received"]["total"]
        assert stated in [n["value"] for n in parsed["narrative"]]


def test_fast_docx_matches_the_synth_renderer() -> None:
    truth = next(iter_truths(CorpusSpec(size=5, seed=2, mix={"docx": 1}, defect_rate=0.0)))
    for variant in (0, 5):
        slow, fast = parse_bytes(render_docx(truth, variant=variant), "a.docx"), \
            parse_bytes(render_docx_fast(truth, variant), "a.docx")
        assert {s: fast[s] for s in SECTIONS} == {s: slow[s] for s in SECTIONS}
        assert cell_diffs(fast, truth) == []


def test_agency_names_are_unique_across_levels() -> None:
    names = [a.name for a in agencies(30000, seed=1)]
    assert len(set(names)) == 30000


@pytest.mark.skipif(not pdf_available(), reason="LibreOffice (soffice) not installed")
def test_pdf_reports_are_deterministic_and_parse(tmp_path: Path) -> None:
    spec = CorpusSpec(size=2, seed=4, mix={"pdf": 1}, defect_rate=0.0)
    generate(tmp_path / "a", spec, progress=False)
    generate(tmp_path / "b", spec, progress=False)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    entry = next(read_index(tmp_path / "a"))
    truth = json.loads((tmp_path / "a" / "truth" / "r000000.json").read_text(encoding="utf-8"))
    correct, total, _ = compare(parse_file(tmp_path / "a" / "reports" / entry["file"]), truth)
    assert correct == total
