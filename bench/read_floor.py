"""Read/parse throughput per format, for ``make bench``; PDF also against ``pdftotext`` (the floor).

``bench_read(paths)`` reads and parses every file once per format group and returns, per format,
files, MB, seconds, reports/s and MB/s for reading alone and for read + parse; for PDF also the
wall time of poppler's ``pdftotext`` and of pypdfium2's bare text extraction on the same files,
and read + parse as a multiple of ``pdftotext``. ``pdf_ratios(paths)`` does the same comparison
per PDF (best of a few runs, both in the same process run): ``python -m bench.read_floor --pdf-ratio
FILE...``.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import time
from collections import defaultdict
from pathlib import Path

from pipeline.errors import ReportError
from pipeline.read import read_bytes, sniff_format

log = logging.getLogger(__name__)


def _rate(n: int, size: int, seconds: float) -> dict[str, float]:
    seconds = max(seconds, 1e-9)
    return {"seconds": round(seconds, 4), "reports_per_s": round(n / seconds, 2), "mb_per_s": round(size / 1e6 / seconds, 3)}


def _pdftotext(paths: list[Path]) -> dict[str, float] | str:
    binary = shutil.which("pdftotext")
    if binary is None:
        return "pdftotext not installed (apt-get install poppler-utils)"
    start = time.perf_counter()
    for p in paths:
        subprocess.run([binary, "-layout", str(p), "-"], check=True, capture_output=True)
    return _rate(len(paths), sum(p.stat().st_size for p in paths), time.perf_counter() - start)


def _pypdfium2(blobs: list[bytes]) -> dict[str, float] | str:
    try:
        import pypdfium2
    except ImportError:
        return "pypdfium2 not installed"
    start = time.perf_counter()
    for data in blobs:
        doc = pypdfium2.PdfDocument(data)
        for page in doc:
            page.get_textpage().get_text_range()
        doc.close()
    return _rate(len(blobs), sum(map(len, blobs)), time.perf_counter() - start)


def bench_read(paths) -> dict:
    """Throughput per format; files that fail count under ``errors`` and are left out of rates."""
    from pipeline.parse import parse_document

    groups: dict[str, list[tuple[Path, bytes]]] = defaultdict(list)
    for p in map(Path, paths):
        data = p.read_bytes()
        groups[sniff_format(data, p.name)].append((p, data))
    out: dict[str, dict] = {}
    for fmt, items in sorted(groups.items()):
        size = sum(len(d) for _, d in items)
        ok: list[tuple[Path, bytes]] = []
        errors: dict[str, str] = {}
        start = time.perf_counter()
        docs = []
        for p, data in items:
            try:
                docs.append(read_bytes(data, p.name))
                ok.append((p, data))
            except ReportError as exc:
                errors[p.name] = f"{exc.code}: {exc}"
        read_s = time.perf_counter() - start
        start = time.perf_counter()
        for doc in docs:
            parse_document(doc)
        parse_s = time.perf_counter() - start
        ok_size = sum(len(d) for _, d in ok)
        entry: dict = {"files": len(items), "mb": round(size / 1e6, 3), "read": _rate(len(ok), ok_size, read_s),
                       "read_parse": _rate(len(ok), ok_size, read_s + parse_s)}
        if errors:
            entry["errors"] = errors
        if fmt == "pdf" and ok:
            entry["pdftotext"] = floor = _pdftotext([p for p, _ in ok])
            entry["pypdfium2_text"] = _pypdfium2([d for _, d in ok])
            if isinstance(floor, dict):
                entry["read_parse_vs_pdftotext"] = round((read_s + parse_s) / max(floor["seconds"], 1e-9), 2)
        log.info("bench %s: %s", fmt, entry)
        out[fmt] = entry
    return out


def _best_ms(run, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return round(best * 1000, 2)


def pdf_ratios(paths, repeat: int = 5) -> dict[str, dict[str, float | str]]:
    """Per PDF: read + parse and ``pdftotext -layout`` (best of ``repeat``, in ms) and their ratio."""
    from pipeline.parse import parse_bytes

    binary = shutil.which("pdftotext")
    out: dict[str, dict[str, float | str]] = {}
    for p in map(Path, paths):
        data = p.read_bytes()
        try:
            ours = _best_ms(lambda d=data, n=p.name: parse_bytes(d, n), repeat)
        except ReportError as exc:
            out[p.name] = {"error": f"{exc.code}: {exc}"}
            continue
        row: dict[str, float | str] = {"read_parse_ms": ours}
        if binary is not None:
            cmd = [binary, "-layout", str(p), "-"]
            floor = _best_ms(lambda c=cmd: subprocess.run(c, check=True, capture_output=True), repeat)
            row.update(pdftotext_ms=floor, ratio=round(ours / max(floor, 1e-6), 2))
        out[p.name] = row
    return out


if __name__ == "__main__":
    import json
    import sys

    args = sys.argv[1:]
    if args[:1] == ["--pdf-ratio"]:
        print(json.dumps(pdf_ratios(args[1:]), indent=2, ensure_ascii=False))
    else:
        print(json.dumps(bench_read(args), indent=2, ensure_ascii=False))
