"""Shared test helpers: the bundled sample reports and their hand-checked truth."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = FIXTURES / "samples"
SAMPLE_NAMES = sorted(p.stem for p in (SAMPLES / "truth").glob("*.json"))
SECTIONS = ("proactive", "applications", "appeals")


def load_truth(name: str) -> dict:
    return json.loads((SAMPLES / "truth" / f"{name}.json").read_text(encoding="utf-8"))


def sample_path(name: str) -> Path:
    return SAMPLES / "reports" / load_truth(name)["file"]


def cell_diffs(report: dict, truth: dict) -> list[tuple[str, object, object]]:
    """Every contract cell (and agency/year) where the parse differs from the truth, nulls included."""
    diffs = [(k, report.get(k), truth[k]) for k in ("agency", "year") if report.get(k) != truth[k]]
    for section in SECTIONS:
        for row, cols in truth[section].items():
            for col, want in cols.items():
                got = report[section][row][col]
                if got != want or (got is None) != (want is None) or type(got) is bool:
                    diffs.append((f"{section}.{row}.{col}", got, want))
    return diffs


@pytest.fixture(params=SAMPLE_NAMES)
def sample_name(request: pytest.FixtureRequest) -> str:
    return request.param
