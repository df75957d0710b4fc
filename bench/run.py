"""The benchmark runner: each stage in a fresh child process, timed, with its peak memory.

Each stage runs as ``python -m bench.child``. A stage's peak RSS is the ``VmHWM`` of its
own process (and, for the parse stage, the largest pool worker's, reported by the workers
themselves), so one stage's garbage never counts against the next. The corpus is generated once per seed and size and reused.
"""

from __future__ import annotations

import json
import logging
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.corpus import DEFAULT_MIX, CorpusSpec

log = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = PROJECT_ROOT / "bench"
INSTANCE_YAML = PROJECT_ROOT / ".dagster_home" / "dagster.yaml"  # the project's Dagster instance settings
REAL_CORPUS = PROJECT_ROOT / "tests" / "fixtures" / "real"  # real reports with hand-transcribed truth


@dataclass
class BenchConfig:
    """What one ``python -m bench`` run does; the corpus is cached under ``corpus_root`` by seed and size."""

    reports: int = 1000
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    seed: int = 7
    chunk: int = 50
    serial_sample: int = 60  # per format
    floor_sample: int = 300
    defect_rate: float = 0.05
    mix: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_MIX))
    corpus_root: str = str(BENCH_DIR / "corpus")
    work_root: str = str(BENCH_DIR / "work")
    out: str = str(BENCH_DIR / "results" / "latest.json")
    keep_work: bool = False
    validation: bool = True
    e2e: tuple[int, ...] = (10_000, 100_000)  # corpus sizes run end to end through ``ogi ingest``
    e2e_reruns: int = 2  # unchanged re-runs after the first (the third run publishes incrementally)
    cli_repeat: int = 5  # runs of ``ogi parse FILE`` per format (its fastest and median are kept)

    def spec(self, size: int | None = None) -> CorpusSpec:
        return CorpusSpec(size=size or self.reports, seed=self.seed, mix=dict(self.mix), defect_rate=self.defect_rate)


def run_stage(fn_name: str, **kwargs: Any) -> dict:
    """Run ``stages.<fn_name>(**kwargs)`` in a fresh interpreter; add seconds and peak RSS (MB)."""
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        request, response = Path(tmp, "request.json"), Path(tmp, "response.json")
        request.write_text(json.dumps({"fn": fn_name, "kwargs": kwargs}), encoding="utf-8")
        proc = subprocess.run([sys.executable, "-m", "bench.child", str(request), str(response)],
                              cwd=PROJECT_ROOT, check=False)
        if response.exists():
            ok, result, own = json.loads(response.read_text(encoding="utf-8"))
        else:
            ok, result, own = False, f"stage process died (exit code {proc.returncode})", 0.0
    out = result if isinstance(result, dict) else {}
    if not ok:
        out = {"error": result}
    workers = out.pop("worker_peak_rss_mb", None)
    out["stage_seconds"] = round(time.perf_counter() - start, 2)
    out["peak_rss_mb"] = own
    if workers:
        out["peak_rss_worker_mb"] = round(workers, 1)
    return out


def _git_rev() -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def _ratio(ours: float | None, floor: float | None) -> float | None:
    """How many times slower than the floor (seconds per report ours / floor's)."""
    if not ours or not floor:
        return None
    return round(floor / ours, 1)


def run_bench(cfg: BenchConfig, console: Console | None = None) -> dict:
    """Generate (or reuse) the corpus, run every stage, write ``cfg.out`` and return the results."""
    console = console or Console(stderr=True)
    spec = cfg.spec()
    corpus_dir = str(Path(cfg.corpus_root) / spec.key())
    work = Path(cfg.work_root) / spec.key()
    work.mkdir(parents=True, exist_ok=True)
    parquet_root, db_path = str(work / "parquet"), str(work / "warehouse.duckdb")
    results: dict[str, Any] = {
        "meta": {"started": datetime.now(UTC).isoformat(timespec="seconds"), "git": _git_rev(),
                 "cpus": os.cpu_count(), "python": platform.python_version(), "machine": platform.machine()},
        "config": json.loads(json.dumps(  # as the JSON file holds it (tuples become lists)
            {k: v for k, v in asdict(cfg).items() if k not in ("corpus_root", "work_root", "out")})),
    }
    steps = [
        ("corpus", "corpus_stage", {"corpus_dir": corpus_dir, "spec": asdict(spec)}),
        ("parse_serial", "serial_stage", {"corpus_dir": corpus_dir, "parquet_root": str(work / "serial"),
                                          "sample": cfg.serial_sample}),
        ("parse_parallel", "ingest_stage", {"corpus_dir": corpus_dir, "parquet_root": parquet_root,
                                            "workers": cfg.workers, "chunk": cfg.chunk}),
        ("floors_read", "floors_stage", {"corpus_dir": corpus_dir, "sample": cfg.floor_sample}),
        ("load", "load_stage", {"parquet_root": parquet_root, "db_path": db_path}),
        ("load_floor", "load_floor_stage", {"parquet_root": parquet_root, "db_path": str(work / "floor.duckdb")}),
        ("checks", "checks_stage", {"db_path": db_path, "corpus_dir": corpus_dir}),
        ("cli_parse", "cli_stage", {"corpus_dir": corpus_dir, "repeat": cfg.cli_repeat}),
    ]
    if cfg.validation:
        steps.append(("validation_bench", "validation_stage", {"n_reports": cfg.reports}))
    if (REAL_CORPUS / "truth").is_dir():
        steps.append(("real_corpus", "real_stage", {"real_dir": str(REAL_CORPUS)}))
    for size in cfg.e2e:
        e2e_corpus = str(Path(cfg.corpus_root) / cfg.spec(size).key())
        steps.append((f"corpus_{size}", "corpus_stage", {"corpus_dir": e2e_corpus, "spec": asdict(cfg.spec(size))}))
        steps.append((f"e2e_{size}", "e2e_stage", {"corpus_dir": e2e_corpus, "work_dir": str(work / f"e2e_{size}"),
                                                   "reruns": cfg.e2e_reruns, "instance_yaml": str(INSTANCE_YAML)}))
    stage_out: dict[str, Any] = {}
    for name, fn, kwargs in steps:
        console.log(f"bench: {name}")
        stage_out[name] = run_stage(fn, **kwargs)
        if "error" in stage_out[name]:
            console.log(f"[red]{name} failed: {stage_out[name]['error']}[/red]")
    results["stages"] = stage_out
    results["summary"] = summarise(stage_out)
    if not cfg.keep_work:
        shutil.rmtree(work, ignore_errors=True)
    out = Path(cfg.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, out)
    Console(width=max(console.width, 150)).print(results_table(results))
    return results


def summarise(s: dict) -> dict:
    """The figures the issue asks for, pulled out of the stage details."""
    par, ser = s.get("parse_parallel", {}), s.get("parse_serial", {})
    floors, load, lfloor, checks = s.get("floors_read", {}), s.get("load", {}), s.get("load_floor", {}), s.get("checks", {})
    fmt_rates = {f: r["reports_per_s"] for f, r in (ser.get("per_format") or {}).items()}
    # what one process would take for the parallel run's mix, at the serial per-format rates
    serial_est = sum(r["n"] / fmt_rates[f] for f, r in (par.get("per_format") or {}).items() if fmt_rates.get(f))
    par_wall = (par.get("wall") or {}).get("seconds")
    floor_rates = {"html": (floors.get("lxml_html") or {}).get("reports_per_s"),
                   "html_gb18030": (floors.get("lxml_html_gb18030") or {}).get("reports_per_s"),
                   "pdf": (floors.get("pdftotext_pdf") or {}).get("reports_per_s")
                   if isinstance(floors.get("pdftotext_pdf"), dict) else None}
    return {
        "reports": (par.get("wall") or {}).get("n"),
        "parse_reports_per_s_parallel": (par.get("wall") or {}).get("reports_per_s"),
        "parse_reports_per_s_serial_same_mix": round((par.get("wall") or {}).get("n", 0) / serial_est, 1)
        if serial_est else None,
        "parallel_speedup": round(serial_est / par_wall, 2) if serial_est and par_wall else None,
        "parse_reports_per_s_serial_by_format": fmt_rates,
        "read_floor_reports_per_s": floor_rates,
        "times_slower_than_read_floor": {f: _ratio(fmt_rates.get(f), r) for f, r in floor_rates.items() if r},
        "load_rows_per_s": load.get("rows_per_s"),
        "load_floor_rows_per_s": lfloor.get("rows_per_s"),
        "times_slower_than_load_floor": _ratio(load.get("rows_per_s"), lfloor.get("rows_per_s")),
        "checks_reports_per_s": checks.get("reports_per_s"),
        "ogi_parse_file_seconds": (s.get("cli_parse") or {}).get("slowest_median_s"),
        "peak_rss_mb": {k: max(v.get("peak_rss_mb", 0), v.get("peak_rss_worker_mb", 0)) for k, v in s.items()},
        "cells_correct_pct": (par.get("accuracy") or {}).get("cells_correct_pct"),
        "real_corpus": {k: (s.get("real_corpus") or {}).get(k) for k in
                        ("reports", "failed", "cells", "cells_correct_pct", "silently_wrong", "missing")},
        "defects_found_pct": (checks.get("accuracy") or {}).get("defects_found_pct"),
        "false_alarm_pct": (checks.get("accuracy") or {}).get("false_alarm_pct"),
        "end_to_end": _e2e_summary(s),
    }


def _e2e_summary(s: dict) -> dict:
    """Per size: wall time of ``ogi ingest`` (parse, load, checks, publish), its steps, peak memory of
    the whole process tree; and the peak memory of the largest size over the smallest."""
    out: dict[str, Any] = {}
    for name, v in s.items():
        if not name.startswith("e2e_") or "first" not in v:
            continue
        first = v["first"]
        out[name.removeprefix("e2e_")] = {
            "seconds": first["seconds"], "minutes": round(first["seconds"] / 60, 1),
            "reports_per_s": round(first["files"] / max(first["seconds"], 1e-9), 1),
            "steps_seconds": first["steps"], "peak_rss_mb_process_tree": first["tree_peak_rss_mb"],
            "peak_rss_mb_ingest_process": v.get("peak_rss_mb"), "peak_rss_mb_largest_worker": v.get("peak_rss_worker_mb"),
            "rerun_seconds": [r["seconds"] for r in v.get("reruns", [])],
            "rerun_publish": [r["publish_method"] for r in v.get("reruns", [])],
            "success": first["success"] and all(r["success"] for r in v.get("reruns", [])),
        }
    sizes = sorted(out, key=int)
    if len(sizes) >= 2:
        small, large = out[sizes[0]], out[sizes[-1]]
        if small["peak_rss_mb_process_tree"]:
            out["peak_memory_ratio"] = round(large["peak_rss_mb_process_tree"] / small["peak_rss_mb_process_tree"], 2)
    return out


def results_table(results: dict) -> Table:
    s = results["stages"]
    t = Table(title=f"ogi bench: {results['config']['reports']} reports, {results['config']['workers']} workers")
    for col in ("stage", "n", "seconds", "reports/s", "MB/s", "peak RSS MB", "floor", "note"):
        t.add_column(col, justify="right" if col not in ("stage", "note", "floor") else "left")

    def rss(v: dict) -> str:
        w = v.get("peak_rss_worker_mb")
        return f"{v.get('peak_rss_mb', 0):.0f}" + (f" (worker {w:.0f})" if w else "")

    corpus = s.get("corpus", {})
    t.add_row("corpus", str(corpus.get("reports", "")), str(corpus.get("seconds", "")), "", "", rss(corpus), "",
              ", ".join(f"{k} {v}" for k, v in (corpus.get("formats") or {}).items()))
    floors = s.get("floors_read", {})
    floor_of = {"html": floors.get("lxml_html"), "html_gb18030": floors.get("lxml_html_gb18030"),
                "pdf": floors.get("pdftotext_pdf")}
    for name in ("parse_serial", "parse_parallel"):
        v = s.get(name, {})
        w = v.get("wall") or {}
        t.add_row(name, str(w.get("n", "")), str(w.get("seconds", "")), str(w.get("reports_per_s", "")),
                  str(w.get("mb_per_s", "")), rss(v), "", v.get("error", f"{v.get('workers', '')} process(es)"))
    for fmt, r in (s.get("parse_serial", {}).get("per_format") or {}).items():
        f = floor_of.get(fmt)
        floor = f"{f['reports_per_s']}/s ({'pdftotext' if fmt == 'pdf' else 'lxml'})" if isinstance(f, dict) else ""
        t.add_row(f"  parse {fmt}", str(r["n"]), str(r["seconds"]), str(r["reports_per_s"]), str(r["mb_per_s"]),
                  "", floor, "serial")
    load, lfloor = s.get("load", {}), s.get("load_floor", {})
    t.add_row("load (Parquet→DuckDB)", str(sum((load.get("rows") or {}).values())), str(load.get("seconds", "")),
              str(load.get("reports_per_s", "")), "", rss(load),
              f"{lfloor.get('rows_per_s', '')} rows/s (Arrow insert)", f"{load.get('rows_per_s', '')} rows/s")
    checks = s.get("checks", {})
    t.add_row("checks", str(checks.get("reports", "")), str(checks.get("seconds", "")),
              str(checks.get("reports_per_s", "")), "", rss(checks), "", f"{checks.get('findings', '')} findings")
    cli = s.get("cli_parse") or {}
    if cli:
        t.add_row("ogi parse FILE", str(len(cli.get("per_format") or {})), str(cli.get("slowest_median_s", "")), "",
                  "", str(cli.get("ogi_peak_rss_mb", "")), "", cli.get("error") or "whole process, slowest format's "
                  "median: " + ", ".join(f"{k} {v['median_s']}s" for k, v in (cli.get("per_format") or {}).items()))
    real = s.get("real_corpus") or {}
    if real:
        t.add_row("real corpus", str(real.get("reports", "")), "", "", "", rss(real), "",
                  f"cells {real.get('cells_correct_pct')}% of {real.get('cells')}, silently wrong "
                  f"{real.get('silently_wrong')}, missing {real.get('missing')}, failed {real.get('failed')}")
        for fmt, r in (real.get("per_format") or {}).items():
            floor = f"{r['times_floor']}× {r['floor']}" if r.get("times_floor") else ""
            t.add_row(f"  real {fmt}", str(r.get("reports", "")), "", str(r.get("reports_per_s", "")), "", "",
                      floor, f"silently wrong {r.get('silently_wrong', 0)}, missing {r.get('missing', 0)}")
    for size, e in (results["summary"].get("end_to_end") or {}).items():
        if not isinstance(e, dict):
            t.add_row("end to end peak memory", "", "", "", "", "", "", f"{size}: {e}× from smallest to largest")
            continue
        steps = ", ".join(f"{k} {v}s" for k, v in e["steps_seconds"].items())
        t.add_row(f"end to end {size}", size, str(e["seconds"]), str(e["reports_per_s"]), "",
                  f"{e['peak_rss_mb_process_tree']:.0f} (tree)", "",
                  f"{steps}; re-runs {e['rerun_seconds']} s ({', '.join(map(str, e['rerun_publish']))})")
    summary = results["summary"]
    t.add_row("accuracy", "", "", "", "", "", "",
              f"cells {summary.get('cells_correct_pct')}%, defects found {summary.get('defects_found_pct')}%, "
              f"false alarms {summary.get('false_alarm_pct')}%")
    return t
