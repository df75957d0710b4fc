"""Real reports, transcribed by hand from the documents themselves, parse exactly.

``tests/fixtures/real/`` holds real portal pages (and crawler text dumps of some) of several
agencies, 2019–2025, with truth in ``truth/``: every cell as printed (null for a blank), the agency
as the title prints it, the year and the template version. The parser's output is never the source
of a truth file. A cell the parser fills where the truth has another number, or none, is *silently
wrong*: the worst defect there is, counted separately and required to be zero.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SECTIONS, cell_diffs

from pipeline.parse import parse_file

REAL = Path(__file__).parent / "fixtures" / "real"
TRUTHS = sorted((REAL / "truth").glob("*.json"))


def _truth(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def silently_wrong(report: dict, truth: dict) -> list[tuple[str, object, object]]:
    """Cells holding a number where the truth has another number or none."""
    return [(k, got, want) for k, got, want in cell_diffs(report, truth)
            if k.split(".")[0] in SECTIONS and got is not None]


def test_corpus_is_real_and_varied() -> None:
    truths = [_truth(p) for p in TRUTHS]
    assert len(truths) >= 25
    assert len({t["agency"] for t in truths}) >= 8
    assert {t["template_version"] for t in truths} >= {"2019", "2021"}


def _unprovable(report: dict, key: str) -> bool:
    """A cell left empty because its row's digits were glued and no single split is proven."""
    row = key.rsplit(".", 1)[0]
    if row.startswith("appeals."):
        row = "appeals.*"
    return any(w["location"] == row and w["code"] == "row_cells_mismatch" and "split" in w["message"]
               for w in report["warnings"])


@pytest.mark.parametrize("truth_path", TRUTHS, ids=[p.stem for p in TRUTHS])
def test_real_report_parses_exactly(truth_path: Path) -> None:
    """Exact, cell by cell. A crawler text dump glues digits together (规范性文件2135 for 2, 1, 35):
    there a cell may stay empty, with the warning that says so, where no split is proven — never
    a wrong number, and at most a tenth of the cells."""
    truth = _truth(truth_path)
    report = parse_file(REAL / truth["file"])
    assert (report["agency"], report["year"]) == (truth["agency"], truth["year"])
    assert report["template_version"] == truth["template_version"]
    assert silently_wrong(report, truth) == []
    diffs = cell_diffs(report, truth)
    if truth["format"] in ("text", "txt"):
        diffs = [d for d in diffs if not _unprovable(report, d[0])]
        assert len(cell_diffs(report, truth)) <= 20
    assert diffs == []
