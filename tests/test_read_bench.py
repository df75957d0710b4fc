"""The benchmark reports throughput per format, PDF against pdftotext (numbers, not timings)."""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.read_floor import bench_read

FORMATS = Path(__file__).parent / "fixtures/formats"


def test_bench_read_reports_each_format() -> None:
    paths = sorted(FORMATS.glob("zezhou_hrss_2023.*"))
    result = bench_read(paths)
    assert set(result) == {"html", "docx", "pdf", "text", "markdown"}
    assert result["html"]["files"] == 2 and "errors" not in result["pdf"]
    for entry in result.values():
        assert entry["read_parse"]["reports_per_s"] > 0 and entry["read"]["mb_per_s"] > 0
    floor = result["pdf"]["pdftotext"]
    assert isinstance(floor, dict) if shutil.which("pdftotext") else "not installed" in floor
