"""Acceptance on the bundled samples: truth-file ``expect_findings`` through the real parse → load → check.

Also plants defects by editing a sample's text (prose figure) and a DOCX table cell, then parsing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import dq_fixture as fx
import duckdb
import pytest

from pipeline.check.engine import run_checks
from pipeline.load.batch import parse_batch, scan_files
from pipeline.load.store import load_batch

FORMATS = Path(__file__).parent / "fixtures" / "formats"
SUFFIXES = (".txt", ".md", ".html", ".gb18030.html", ".docx", ".pdf")


def ingest(db: Path, files: list[Path]) -> duckdb.DuckDBPyConnection:
    """The real pipeline: parse the files, load them, run the checks."""
    con = duckdb.connect(str(db))
    batch = parse_batch(scan_files(files), {})
    assert not batch.failed, [(o.file.name, o.error_message) for o in batch.failed]
    load_batch(con, batch)
    run_checks(con)
    return con


def findings_by_agency(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str, str]]]:
    out: dict[str, list[tuple[str, str, str]]] = {}
    for agency, rule, severity, location in con.execute(
            "select agency, rule, severity, location from dq_findings").fetchall():
        out.setdefault(agency, []).append((rule, severity, location))
    return out


def assert_truth_expectations(found: dict[str, list[tuple[str, str, str]]]) -> None:
    for t in fx.all_truths():
        mine = found.get(t["agency"], [])
        for want in t["expect_findings"]:
            assert any(loc.startswith(want["location"]) and want.get("severity", sev) == sev
                       for _, sev, loc in mine), (t["agency"], want, mine)
        if not t["expect_findings"] or t.get("clean"):
            assert not [f for f in mine if f[1] == "error"], (t["agency"], mine)


def test_truth_files_expectations(tmp_path: Path) -> None:
    con = fx.warehouse(tmp_path / "w.duckdb", fx.all_truths())
    run_checks(con)
    found = findings_by_agency(con)
    assert_truth_expectations(found)
    assert ("appeal_total", "error", "appeals.administrative_review.total") in found["天津市东丽区人力资源和社会保障局"]
    assert "平湖市人力资源和社会保障局" not in found and "梅州市人力资源和社会保障局" not in found


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_parsed_samples_expectations(tmp_path: Path, suffix: str) -> None:
    files = sorted(FORMATS.glob(f"*_2023{suffix}"))
    assert len(files) == 5
    con = ingest(tmp_path / "w.duckdb", files)
    assert_truth_expectations(findings_by_agency(con))


def test_prose_defect_planted_in_text(tmp_path: Path) -> None:
    src = (fx.SAMPLES / "reports" / "pinghu_hrss_2023.txt").read_text(encoding="utf-8")
    assert "收到信息公开申请7件" in src
    planted = tmp_path / "pinghu_hrss_2023.txt"
    planted.write_text(src.replace("收到信息公开申请7件", "收到信息公开申请9件"), encoding="utf-8")
    con = ingest(tmp_path / "w.duckdb", [planted])
    rows = con.execute("select rule, location, expected, actual from dq_findings").fetchall()
    assert rows == [("prose_vs_table", "applications.new_received.total", 7, 9)]


def test_table_defect_planted_in_docx(tmp_path: Path) -> None:
    planted = tmp_path / "pinghu_hrss_2023.docx"
    shutil.copy(FORMATS / "pinghu_hrss_2023.docx", planted)
    document = docx.Document(str(planted))
    row = next(r for t in document.tables for r in t.rows if any("予以公开" in c.text for c in r.cells))
    cell = next(c for c in row.cells if c.text.strip() == "2")  # granted, natural_person
    cell.paragraphs[0].runs[0].text = "3"
    for extra in cell.paragraphs[0].runs[1:]:
        extra.text = ""
    document.save(str(planted))
    con = ingest(tmp_path / "w.duckdb", [planted])
    rows = set(con.execute("select rule, location from dq_findings where severity = 'error'").fetchall())
    assert rows == {("row_sum", "applications.granted.total"),
                    ("column_sum", "applications.total_handled.natural_person")}
