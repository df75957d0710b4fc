"""Stage bodies of the benchmark; each runs in its own child process (see `bench.run`).

Every function takes plain arguments and returns a JSON-able dict, so the runner can start it in
a fresh process and read that process's peak RSS. The ingest stage is the scalable path: a
process pool parses chunks of files, each chunk writes its own Parquet part (`ParquetSink`), and
only small counters travel back, so the parent's memory does not grow with the corpus.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections import Counter, defaultdict, deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from bench.corpus import CorpusSpec, generate, read_index
from bench.memory import peak_rss_mb
from bench.score import cell_diffs, truth_paths


def _rate(n: int, nbytes: int, seconds: float) -> dict[str, float]:
    seconds = max(seconds, 1e-9)
    return {"n": n, "seconds": round(seconds, 3), "reports_per_s": round(n / seconds, 1),
            "mb_per_s": round(nbytes / 1e6 / seconds, 2)}


def corpus_stage(corpus_dir: str, spec: dict) -> dict:
    start = time.perf_counter()
    manifest = generate(corpus_dir, CorpusSpec(**spec), progress=True)
    manifest["seconds"] = round(time.perf_counter() - start, 2)
    manifest["bytes"] = sum(p.stat().st_size for p in (Path(corpus_dir) / "reports").iterdir())
    return manifest


def compare(parsed: dict, truth: dict) -> tuple[int, int, list[str]]:
    """(cells correct, cells compared, wrong paths): the truth's cells plus agency and year, by the
    same cell comparison the tests and the real-corpus stage use (``bench.score``)."""
    paths = truth_paths(truth)
    wrong = [k for k, _, _ in cell_diffs(parsed, truth) if k in paths or k in ("agency", "year")]
    total = len(paths) + 2
    return total - len(wrong), total, wrong


def parse_chunk(key: str, items: list[tuple[str, str, str]], parquet_root: str | None) -> dict:
    """Parse files (path, truth path, format), score them against their truth, write one Parquet part."""
    from pipeline.load.batch import parse_batch, scan_files
    from pipeline.load.parquet import ParquetSink
    from pipeline.parse import PARSER_VERSION

    stats: dict[str, Any] = {"per_format": defaultdict(lambda: {"n": 0, "bytes": 0, "seconds": 0.0}),
                             "cells_correct": 0, "cells_total": 0, "reports_exact": 0, "failed": Counter(),
                             "wrong": Counter(), "sink_seconds": 0.0, "rows": {}}
    outcomes = []
    for path, truth_path, fmt in items:
        start = time.perf_counter()
        files = scan_files([path])
        batch = parse_batch(files, {}, parser_version=None)
        f = stats["per_format"][fmt]
        f["n"] += 1
        f["seconds"] += time.perf_counter() - start
        f["bytes"] += files[0].bytes
        outcome = batch.outcomes[0]
        outcomes.append(outcome)
        truth = json.loads(Path(truth_path).read_text(encoding="utf-8"))
        if outcome.ok:
            correct, total, wrong = compare(outcome.parsed, truth)
        else:
            correct, total, wrong = 0, 202, []
            stats["failed"][outcome.error_code] += 1
        stats["cells_correct"] += correct
        stats["cells_total"] += total
        stats["reports_exact"] += correct == total
        stats["wrong"].update(w.split(".")[0] + "." + w.split(".")[1] if "." in w else w for w in wrong)
    if parquet_root:
        start = time.perf_counter()
        with ParquetSink(parquet_root, key, PARSER_VERSION) as sink:
            sink.add(outcomes)
        stats["rows"] = dict(sink.rows)
        stats["sink_seconds"] = time.perf_counter() - start
    stats["per_format"] = dict(stats["per_format"])
    stats["peak_rss_mb"] = peak_rss_mb()
    return stats


def _merge(total: dict, part: dict) -> None:
    for fmt, f in part["per_format"].items():
        t = total["per_format"].setdefault(fmt, {"n": 0, "bytes": 0, "seconds": 0.0})
        for k in t:
            t[k] += f[k]
    for k in ("cells_correct", "cells_total", "reports_exact", "sink_seconds"):
        total[k] += part[k]
    for k in ("failed", "wrong"):
        total[k].update(part[k])
    for table, n in part["rows"].items():
        total["rows"][table] = total["rows"].get(table, 0) + n
    total["worker_peak"] = max(total.get("worker_peak", 0.0), part.get("peak_rss_mb", 0.0))


def _items(corpus_dir: str, limit: int | None = None) -> Iterator[tuple[str, str, str]]:
    root = Path(corpus_dir)
    for i, entry in enumerate(read_index(root)):
        if limit is not None and i >= limit:
            return
        yield (str(root / "reports" / entry["file"]), str(root / "truth" / f"{Path(entry['file']).stem}.json"),
               entry["format"])


def _chunks(items: Iterator[tuple[str, str, str]], size: int) -> Iterator[list[tuple[str, str, str]]]:
    chunk: list[tuple[str, str, str]] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _empty_totals() -> dict:
    return {"per_format": {}, "cells_correct": 0, "cells_total": 0, "reports_exact": 0, "failed": Counter(),
            "wrong": Counter(), "sink_seconds": 0.0, "rows": {}}


def ingest_stage(corpus_dir: str, parquet_root: str, workers: int, chunk: int, limit: int | None = None) -> dict:
    """Parse the corpus over ``workers`` processes; at most 2 chunks per worker are in flight."""
    from rich.progress import Progress

    if Path(parquet_root).exists():
        shutil.rmtree(parquet_root)
    totals = _empty_totals()
    n_total = sum(1 for _ in _items(corpus_dir, limit))
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool, Progress(transient=True) as bar:
        task = bar.add_task(f"parsing on {workers} processes", total=n_total)
        window: deque[Future] = deque()
        for k, items in enumerate(_chunks(_items(corpus_dir, limit), chunk)):
            window.append(pool.submit(parse_chunk, f"{k:06d}", items, parquet_root))
            while len(window) >= 2 * workers:
                part = window.popleft().result()
                _merge(totals, part)
                bar.advance(task, sum(f["n"] for f in part["per_format"].values()))
        while window:
            part = window.popleft().result()
            _merge(totals, part)
            bar.advance(task, sum(f["n"] for f in part["per_format"].values()))
    wall = time.perf_counter() - start
    out = _summary(totals, wall, workers)
    out["worker_peak_rss_mb"] = totals.get("worker_peak", 0.0)  # moved beside the stage's own by the runner
    return out


def _summary(totals: dict, wall: float, workers: int) -> dict:
    n = sum(f["n"] for f in totals["per_format"].values())
    nbytes = sum(f["bytes"] for f in totals["per_format"].values())
    cpu = sum(f["seconds"] for f in totals["per_format"].values())
    return {
        "workers": workers,
        "wall": _rate(n, nbytes, wall),
        "serial_equivalent": _rate(n, nbytes, cpu + totals["sink_seconds"]),
        "per_format": {fmt: _rate(f["n"], f["bytes"], f["seconds"]) for fmt, f in sorted(totals["per_format"].items())},
        "facts_to_parquet_seconds": round(totals["sink_seconds"], 3),
        "rows": totals["rows"],
        "accuracy": {
            "cells_correct": totals["cells_correct"], "cells_total": totals["cells_total"],
            "cells_correct_pct": round(100 * totals["cells_correct"] / max(totals["cells_total"], 1), 4),
            "reports_exact": totals["reports_exact"], "reports": n, "failed": dict(totals["failed"]),
            "wrong_by_row": dict(totals["wrong"].most_common(10)),
        },
    }


def _stratified(corpus_dir: str, per_format: int) -> Iterator[tuple[str, str, str]]:
    """The first ``per_format`` reports of each format, in corpus order."""
    taken: Counter[str] = Counter()
    for item in _items(corpus_dir):
        if taken[item[2]] < per_format:
            taken[item[2]] += 1
            yield item


def serial_stage(corpus_dir: str, parquet_root: str, sample: int, repeats: int = 3) -> dict:
    """The same chunk work in one process on ``sample`` reports of each format (the serial baseline).

    Throughput, as ``timeit`` measures it: one report of each format is parsed first (loading the
    template, compiling patterns: once a process, not per report), then the sample is parsed
    ``repeats`` times and each format keeps its fastest pass (``per_format``); slower passes are
    other work on the machine, and their rates are kept too (``per_format_passes``)."""
    if Path(parquet_root).exists():
        shutil.rmtree(parquet_root)
    items = list(_stratified(corpus_dir, sample))
    warm = {fmt: item for item in reversed(items) for fmt in [item[2]]}
    parse_chunk("warm", list(warm.values()), None)
    passes: list[dict] = []
    start = time.perf_counter()
    for _ in range(max(repeats, 1)):
        totals = _empty_totals()
        for k, chunk in enumerate(_chunks(iter(items), 100)):
            _merge(totals, parse_chunk(f"{k:06d}", chunk, parquet_root if not passes else None))
        passes.append(totals)
    wall = (time.perf_counter() - start) / len(passes)
    first = passes[0]
    best = {fmt: min((p["per_format"][fmt] for p in passes), key=lambda f: f["seconds"]) for fmt in first["per_format"]}
    out = _summary({**first, "per_format": best}, wall, 1)
    out["repeats"] = len(passes)
    out["per_format_passes"] = {fmt: [_rate(p["per_format"][fmt]["n"], p["per_format"][fmt]["bytes"],
                                            p["per_format"][fmt]["seconds"])["reports_per_s"] for p in passes]
                                for fmt in sorted(first["per_format"])}
    shutil.rmtree(parquet_root, ignore_errors=True)
    return out


def floors_stage(corpus_dir: str, sample: int) -> dict:
    """Reading without our code: lxml parsing the HTML alone, poppler's pdftotext on the PDFs."""
    import lxml.html

    by_format: dict[str, list[str]] = defaultdict(list)
    for path, _, fmt in _items(corpus_dir):
        if fmt in ("html", "html_gb18030") and len(by_format[fmt]) < sample or fmt == "pdf":
            by_format[fmt].append(path)
    out: dict[str, Any] = {}
    for fmt in ("html", "html_gb18030"):
        blobs = [Path(p).read_bytes() for p in by_format.get(fmt, [])]
        start = time.perf_counter()
        for data in blobs:
            lxml.html.document_fromstring(data)
        if blobs:
            out[f"lxml_{fmt}"] = _rate(len(blobs), sum(map(len, blobs)), time.perf_counter() - start)
    pdfs = by_format.get("pdf", [])
    binary = shutil.which("pdftotext")
    if pdfs and binary:
        start = time.perf_counter()
        for p in pdfs:
            subprocess.run([binary, "-layout", p, "-"], check=True, capture_output=True)
        out["pdftotext_pdf"] = _rate(len(pdfs), sum(os.path.getsize(p) for p in pdfs), time.perf_counter() - start)
    elif pdfs:
        out["pdftotext_pdf"] = "pdftotext not installed (apt-get install poppler-utils)"
    return out


def load_stage(parquet_root: str, db_path: str, parts_per_commit: int | None = 20) -> dict:
    """Merge every Parquet part into a fresh DuckDB warehouse (the single writer), committing
    every ``parts_per_commit`` parts so memory does not grow with the corpus."""

    from pipeline.load.parquet import TABLES, merge_parquet
    from pipeline.load.paths import connect

    Path(db_path).unlink(missing_ok=True)
    with connect(db_path) as con:
        start = time.perf_counter()
        merged = merge_parquet(con, parquet_root, parts_per_commit=parts_per_commit)
        seconds = time.perf_counter() - start
    inserted = {t: merged[t] for t in TABLES}
    rows = sum(inserted.values())
    return {"seconds": round(seconds, 3), "rows": inserted, "rows_per_s": round(rows / max(seconds, 1e-9)),
            "reports_per_s": round(inserted["reports"] / max(seconds, 1e-9), 1),
            "db_mb": round(Path(db_path).stat().st_size / 1e6, 1)}


def load_floor_stage(parquet_root: str, db_path: str) -> dict:
    """DuckDB's own insert of the same rows from in-memory Arrow into the same schema."""
    import duckdb
    import pyarrow as pa
    import pyarrow.parquet as pq

    from pipeline.load.parquet import TABLES
    from pipeline.load.schema import apply_ddl

    Path(db_path).unlink(missing_ok=True)
    arrow = {t: pq.read_table(str(Path(parquet_root) / t)) for t in TABLES}
    reports = arrow["reports"]
    arrow["reports"] = reports.append_column("version_seq", pa.array(range(reports.num_rows), pa.int64()))
    with duckdb.connect(db_path) as con:
        apply_ddl(con)
        start = time.perf_counter()
        con.execute("begin transaction")
        for table, data in arrow.items():
            con.register("_a", data)
            con.execute(f"insert into {table} ({', '.join(data.column_names)}) select * from _a")
            con.unregister("_a")
        con.execute("commit")
        seconds = time.perf_counter() - start
    rows = sum(a.num_rows for a in arrow.values())
    Path(db_path).unlink(missing_ok=True)
    return {"seconds": round(seconds, 3), "rows": rows, "rows_per_s": round(rows / max(seconds, 1e-9))}


def checks_stage(db_path: str, corpus_dir: str) -> dict:
    """Run the DQ rules on the loaded warehouse; score planted defects and false alarms."""

    from pipeline.check.engine import run_checks
    from pipeline.load.paths import connect

    with connect(db_path) as con:
        start = time.perf_counter()
        run = run_checks(con)
        seconds = time.perf_counter() - start
        findings: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for name, location, severity in con.execute(
                "select r.source_name, f.location, f.severity from dq_findings f join reports r using (report_id)"
        ).fetchall():
            findings[name].append((location or "", severity))
    return {"seconds": round(seconds, 3), "reports": run.reports,
            "reports_per_s": round(run.reports / max(seconds, 1e-9), 1),
            "findings": run.total, "findings_by_rule": run.findings, "skipped_rules": run.skipped,
            "accuracy": score_findings(corpus_dir, findings)}


def _matches(expect: dict, found: list[tuple[str, str]]) -> bool:
    return any(loc.startswith(expect["location"]) and expect.get("severity") in (None, sev) for loc, sev in found)


def score_findings(corpus_dir: str, findings: dict[str, list[tuple[str, str]]]) -> dict:
    """Planted defects found (per kind) and error/warning findings on clean reports."""
    root = Path(corpus_dir)
    planted: Counter[str] = Counter()
    found: Counter[str] = Counter()
    clean = clean_with_error = clean_with_warning = 0
    missed: list[str] = []
    for entry in read_index(root):
        got = findings.get(entry["file"], [])
        if entry["defect"] is None:
            clean += 1
            clean_with_error += any(sev == "error" for _, sev in got)
            clean_with_warning += any(sev == "warning" for _, sev in got)
            continue
        truth = json.loads((root / "truth" / f"{Path(entry['file']).stem}.json").read_text(encoding="utf-8"))
        planted[entry["defect"]] += 1
        if all(_matches(e, got) for e in truth["expect_findings"]):
            found[entry["defect"]] += 1
        elif len(missed) < 10:
            missed.append(f"{entry['file']}: {truth['known_findings']}")
    n_planted = sum(planted.values())
    return {
        "defects_planted": n_planted, "defects_found": sum(found.values()),
        "defects_found_pct": round(100 * sum(found.values()) / max(n_planted, 1), 2),
        "by_kind": {k: {"planted": planted[k], "found": found[k]} for k in sorted(planted)},
        "clean_reports": clean, "clean_with_error": clean_with_error,
        "false_alarm_pct": round(100 * clean_with_error / max(clean, 1), 3),
        "clean_with_warning": clean_with_warning, "missed_examples": missed,
    }


def validation_stage(n_reports: int) -> dict:
    """The DQ engineer's own validation benchmark, when it exists."""
    try:
        from bench.checks import bench_validation
    except ImportError:
        return {"skipped": "bench.checks.bench_validation is not available"}
    return bench_validation(n_reports)


def cli_stage(corpus_dir: str, repeat: int = 5) -> dict:
    """``ogi parse FILE`` as a whole process (interpreter start, imports, read, parse, JSON out) on
    one report of each format: per file the fastest and the median of ``repeat`` runs."""
    import resource
    import statistics
    import sys

    ogi = str(Path(sys.executable).with_name("ogi"))
    files = {fmt: path for path, _, fmt in _stratified(corpus_dir, 1)}
    per_format: dict[str, Any] = {}
    for fmt, path in sorted(files.items()):
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            done = subprocess.run([ogi, "parse", path], capture_output=True, check=False)
            times.append(time.perf_counter() - t0)
            if done.returncode != 0:
                return {"error": f"ogi parse {path}: exit {done.returncode}: {done.stderr.decode()[-500:]}"}
        per_format[fmt] = {"file": Path(path).name, "fastest_s": round(min(times), 3),
                           "median_s": round(statistics.median(times), 3), "runs_s": [round(t, 3) for t in times]}
    return {"per_format": per_format, "repeat": repeat,
            "slowest_median_s": max((v["median_s"] for v in per_format.values()), default=None),
            "ogi_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
            "peak_rss_mb": peak_rss_mb()}


def real_stage(real_dir: str, repeat: int = 5) -> dict:
    """The real regression corpus (hand-transcribed truth): accuracy, silently wrong cells, and
    per-format speed beside its floor on the same files (lxml for pages, pdftotext for PDFs), each
    file timed as the fastest of ``repeat`` passes, ours and the floor's interleaved."""
    import lxml.html

    from bench.score import n_cells, score
    from pipeline.errors import ReportError
    from pipeline.parse import parse_file

    root = Path(real_dir)
    truths = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((root / "truth").glob("*.json"))]
    totals: Counter[str] = Counter()
    per_format: dict[str, Counter[str]] = defaultdict(Counter)
    timing: dict[str, float] = defaultdict(float)
    floor_timing: dict[str, float] = defaultdict(float)
    failures: list[str] = []
    wrong_cells: list[str] = []
    binary = shutil.which("pdftotext")
    for truth in truths:
        path = root / truth["file"]
        fmt = path.suffix.lstrip(".") or "text"
        ours, floor = float("inf"), float("inf")
        try:
            for _ in range(repeat):  # interleaved, each side's fastest pass: both see the same machine
                start = time.perf_counter()
                report = parse_file(path)
                ours = min(ours, time.perf_counter() - start)
                start = time.perf_counter()
                if fmt in ("html", "htm"):
                    lxml.html.document_fromstring(path.read_bytes())
                elif fmt == "pdf" and binary:
                    subprocess.run([binary, "-layout", str(path), "-"], check=True, capture_output=True)
                floor = min(floor, time.perf_counter() - start)
        except ReportError as exc:
            failures.append(f"{truth['file']}: {exc.code}: {exc}")
            per_format[fmt]["failed"] += 1
            totals["cells"] += n_cells(truth)
            continue
        timing[fmt] += ours
        floor_timing[fmt] += floor
        s = score(report, truth)
        for k, v in s.items():
            totals[k] += v
            per_format[fmt][k] += v
        per_format[fmt]["reports"] += 1
        if s["silently_wrong"]:
            wrong_cells.append(truth["file"])
    formats = {}
    for fmt, c in per_format.items():
        n = c["reports"]
        formats[fmt] = {
            **dict(c),
            "reports_per_s": round(n / timing[fmt], 1) if timing[fmt] else None,
            "floor": "lxml" if fmt in ("html", "htm") else "pdftotext" if fmt == "pdf" else None,
            "times_floor": round(timing[fmt] / floor_timing[fmt], 1)
            if floor_timing.get(fmt) and fmt in ("html", "htm", "pdf") else None,
        }
    cells = totals["cells"] or 1
    return {
        "reports": len(truths), "failed": len(failures), "failures": failures,
        "cells": totals["cells"], "cells_correct_pct": round(100 * totals["correct"] / cells, 2),
        "silently_wrong": totals["silently_wrong"], "missing": totals["missing"],
        "reports_with_wrong_cells": wrong_cells,
        "agency_ok": totals["agency_ok"], "year_ok": totals["year_ok"], "per_format": formats,
    }


def _tree_rss_mb(root_pid: int) -> float:
    """Resident memory of a process and all its descendants now (MB), from /proc."""
    children: dict[int, list[int]] = defaultdict(list)
    rss: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        children[int(fields[1])].append(pid)
        rss[pid] = int(fields[21])  # pages
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total * os.sysconf("SC_PAGE_SIZE") / 1e6


class _TreeSampler:
    """Samples the memory of this process and its pool workers every 0.25 s; keeps the peak of the sum."""

    def __init__(self) -> None:
        import threading

        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.25):
            self.peak = max(self.peak, _tree_rss_mb(os.getpid()))

    def __enter__(self) -> _TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def _ingest_once(reports: Path, warehouse: Path) -> dict:
    """One ``ogi ingest`` (the ``ingest_job``, checks and publish included) with its step times."""
    import io

    import dagster as dg
    from rich.console import Console

    from pipeline.defs.ingest import ingest

    with _TreeSampler() as sampler:
        start = time.perf_counter()
        summary = ingest([reports], warehouse=warehouse, console=Console(file=io.StringIO()))
        wall = time.perf_counter() - start
    with dg.DagsterInstance.get() as instance:
        steps = {s.step_key: round((s.end_time or 0) - (s.start_time or 0), 2)
                 for s in instance.get_run_step_stats(summary.run_id)}
        publish = instance.get_latest_materialization_event(dg.AssetKey("published_warehouse"))
    method = None
    if publish and publish.asset_materialization:
        value = publish.asset_materialization.metadata.get("publish_method")
        method = value.value if value else None
    return {"seconds": round(wall, 2), "success": summary.success, "files": summary.files_seen,
            "parsed": summary.parsed, "skipped": summary.skipped, "failed": summary.failed_count,
            "facts_loaded": summary.facts_loaded, "findings": summary.findings,
            "checks": len(summary.checks), "checks_failed": len(summary.failed_checks), "steps": steps,
            "publish_method": method, "tree_peak_rss_mb": round(sampler.peak, 1),
            "errors": summary.errors[:5]}


def e2e_stage(corpus_dir: str, work_dir: str, instance_yaml: str, reruns: int = 2) -> dict:
    """``ogi ingest`` of the whole corpus into a fresh warehouse, as the nightly job runs it (parse on a
    pool of one process per core, one merge, every asset check, publish), then ``reruns`` more runs
    with nothing changed (every file read and hashed, nothing parsed, checks and publish again)."""
    import resource

    work = Path(work_dir)
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    home = work / "dagster_home"
    home.mkdir()
    # the project's instance settings (its duckdb_writer pool), as `make run` and `make ui` use them
    shutil.copy(instance_yaml, home / "dagster.yaml")
    os.environ["DAGSTER_HOME"] = str(home)
    # the third run publishes in place however small the file, so both publish paths are measured
    # (by default a file under 1 GB is copied whole: faster at that size)
    os.environ["OGI_PUBLISH_INCREMENTAL_ABOVE"] = "0"
    reports, warehouse = Path(corpus_dir) / "reports", work / "ogi.duckdb"
    runs = [_ingest_once(reports, warehouse)]
    runs += [_ingest_once(reports, warehouse) for _ in range(reruns)]
    snapshots = warehouse.parent / f".{warehouse.name}.snapshots"
    out = {"first": runs[0], "reruns": runs[1:],
           "worker_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
           "warehouse_mb": round(warehouse.resolve().stat().st_size / 1e6, 1),
           "work_db_mb": round((work / "ogi_work.duckdb").stat().st_size / 1e6, 1),
           "snapshots": sorted(p.name for p in snapshots.iterdir()) if snapshots.is_dir() else []}
    shutil.rmtree(work, ignore_errors=True)
    return out
