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


@pytest.mark.parametrize("truth_path", TRUTHS, ids=[p.stem for p in TRUTHS])
def test_real_report_parses_exactly(truth_path: Path) -> None:
    truth = _truth(truth_path)
    report = parse_file(REAL / truth["file"])
    assert report["template_version"] == truth["template_version"]
    assert silently_wrong(report, truth) == []
    assert cell_diffs(report, truth) == []
