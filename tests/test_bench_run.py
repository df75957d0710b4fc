"""``python -m bench`` end to end on a small corpus: every stage runs, the JSON holds the figures."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from bench.cli import register
from bench.corpus import CorpusSpec, iter_truths
from bench.run import BenchConfig, run_bench
from bench.stages import compare, score_findings

MIX = {"text": 1, "markdown": 1, "html": 1, "html_gb18030": 1, "docx": 1}


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    tmp = tmp_path_factory.mktemp("bench")
    cfg = BenchConfig(reports=80, workers=2, chunk=10, serial_sample=20, floor_sample=20, defect_rate=0.3, mix=MIX,
                      corpus_root=str(tmp / "corpus"), work_root=str(tmp / "work"), out=str(tmp / "out.json"),
                      validation=False, e2e=(80, 40), e2e_reruns=2, cli_repeat=1)
    return run_bench(cfg), tmp


def test_every_stage_ran_and_measured_memory(results: tuple[dict, Path]) -> None:
    res, tmp = results
    assert json.loads((tmp / "out.json").read_text(encoding="utf-8")) == res
    stages = res["stages"]
    assert set(stages) == {"corpus", "parse_serial", "parse_parallel", "floors_read", "load", "load_floor", "checks",
                           "cli_parse", "real_corpus", "corpus_80", "e2e_80", "corpus_40", "e2e_40"}
    assert not [k for k, v in stages.items() if "error" in v]
    assert all(v["peak_rss_mb"] > 20 for v in stages.values())
    assert stages["parse_parallel"]["peak_rss_worker_mb"] > 20  # the pool workers were measured too
    assert set(stages["parse_parallel"]["per_format"]) == set(MIX)
    assert {"lxml_html", "lxml_html_gb18030"} <= set(stages["floors_read"]) and "pdftotext_pdf" not in stages["floors_read"]
    assert set(stages["cli_parse"]["per_format"]) == set(MIX)  # `ogi parse FILE` as a whole process, per format
    assert 0 < res["summary"]["ogi_parse_file_seconds"] == stages["cli_parse"]["slowest_median_s"]


def test_rows_loaded_are_the_template_cells(results: tuple[dict, Path]) -> None:
    load = results[0]["stages"]["load"]
    assert load["rows"]["reports"] == 80
    assert load["rows"]["fact_applications"] == 80 * 25 * 7
    assert load["rows"]["fact_proactive"] == 80 * 10 and load["rows"]["fact_appeals"] == 80 * 15
    assert results[0]["stages"]["load_floor"]["rows"] == sum(load["rows"].values())


def test_accuracy_on_the_corpus(results: tuple[dict, Path]) -> None:
    summary, checks = results[0]["summary"], results[0]["stages"]["checks"]["accuracy"]
    assert summary["cells_correct_pct"] == 100.0
    assert checks["defects_planted"] >= 10
    assert checks["defects_found"] == checks["defects_planted"], checks["missed_examples"]
    assert checks["clean_with_error"] == 0


def test_the_cache_is_reused_by_seed_and_size(results: tuple[dict, Path]) -> None:
    _, tmp = results
    key = BenchConfig(reports=80, defect_rate=0.3, mix=MIX).spec().key()
    small = BenchConfig(reports=40, defect_rate=0.3, mix=MIX).spec().key()  # the second end-to-end size
    assert key.startswith("s7-n80-") and sorted(p.name for p in (tmp / "corpus").iterdir()) == sorted([key, small])
    assert not (tmp / "work" / key).exists()  # work files removed unless --keep-work


def test_compare_names_the_wrong_cell() -> None:
    truth = next(iter_truths(CorpusSpec(size=2, seed=1, mix={"text": 1}, defect_rate=0.0)))
    parsed = copy.deepcopy(truth)
    parsed["applications"]["granted"]["natural_person"] = None
    correct, total, wrong = compare(parsed, truth)
    assert (total - correct, wrong, total) == (1, ["applications.granted.natural_person"], 202)


def test_score_counts_a_missed_defect_and_a_false_alarm(results: tuple[dict, Path]) -> None:
    _, tmp = results
    corpus = tmp / "corpus" / BenchConfig(reports=80, defect_rate=0.3, mix=MIX).spec().key()
    index = [json.loads(line) for line in (corpus / "index.jsonl").read_text(encoding="utf-8").splitlines()]
    clean = next(e["file"] for e in index if e["defect"] is None)
    score = score_findings(str(corpus), {clean: [("applications.total_handled.total", "error")]})
    assert score["defects_found"] == 0 and score["clean_with_error"] == 1


def test_cli_rejects_bad_arguments() -> None:
    app = typer.Typer()
    register(app)
    app.command("noop", hidden=True)(lambda: None)  # two commands: the subcommand name is then required
    runner = CliRunner()
    out = runner.invoke(app, ["bench", "--reports", "0"])
    assert out.exit_code != 0 and "at least 1" in out.output
    out = runner.invoke(app, ["bench", "--mix", "text"])
    assert out.exit_code != 0 and "name=share" in out.output
    out = runner.invoke(app, ["bench", "--mix", "tiff=1"])
    assert out.exit_code != 0 and "unknown formats ['tiff']" in out.output


def test_real_corpus_is_scored_beside_the_synthetic_one(results: tuple[dict, Path]) -> None:
    """The hand-transcribed real reports: accuracy and silently wrong cells, in the summary too."""
    real = results[0]["stages"]["real_corpus"]
    assert real["reports"] >= 25 and real["failed"] == 0
    assert real["silently_wrong"] == 0 and real["cells_correct_pct"] > 99
    assert real["per_format"]["html"]["times_floor"] > 0  # speed against lxml on the same pages
    assert results[0]["summary"]["real_corpus"]["silently_wrong"] == 0


def test_end_to_end_runs_ingest_with_checks_and_publish(results: tuple[dict, Path]) -> None:
    """The e2e stage is ``ogi ingest`` itself: every file parsed on the first run, none on the re-runs,
    every check evaluated, and the third run publishes incrementally; its peak memory is measured."""
    res, _ = results
    e2e = res["stages"]["e2e_80"]
    first, reruns = e2e["first"], e2e["reruns"]
    assert first["success"] and first["files"] == 80 and first["parsed"] + first["failed"] == 80
    assert first["checks"] >= 15 and {"parsed_reports", "warehouse_tables", "dq_findings",
                                      "published_warehouse"} <= set(first["steps"])
    assert [r["parsed"] for r in reruns] == [0, 0] and [r["skipped"] for r in reruns] == [80, 80]
    assert [first["publish_method"], *(r["publish_method"] for r in reruns)] == [
        "full copy", "full copy", "incremental"]
    assert first["tree_peak_rss_mb"] > e2e["peak_rss_mb"] > 50
    summary = res["summary"]["end_to_end"]
    assert set(summary) == {"80", "40", "peak_memory_ratio"} and summary["80"]["success"]
