"""Score a parse against hand-checked truth, cell by cell; one definition for tests and the bench.

A cell is *correct* when it equals the truth (null included), *silently wrong* when the parser put
a number where the truth has another number or none — the defect that must never happen — and
*missing* when the parser left empty a cell the truth has a number for (a known gap, warned).
"""

from __future__ import annotations

from typing import Any

SECTIONS = ("proactive", "applications", "appeals")


def cell_diffs(report: dict[str, Any], truth: dict[str, Any]) -> list[tuple[str, object, object]]:
    """Every cell (and agency/year) where the parse differs from the truth, nulls included; a cell
    the truth does not list must be null in the parse."""
    diffs = [(k, report.get(k), truth[k]) for k in ("agency", "year") if report.get(k) != truth[k]]
    for section in SECTIONS:
        for row, cols in truth[section].items():
            for col, want in cols.items():
                if col.endswith("_raw"):
                    continue
                got = (report.get(section) or {}).get(row, {}).get(col)
                if got != want or (got is None) != (want is None) or type(got) is bool:
                    diffs.append((f"{section}.{row}.{col}", got, want))
        for row, cols in (report.get(section) or {}).items():
            for col, got in cols.items():
                if got is not None and col not in truth[section].get(row, {}):
                    diffs.append((f"{section}.{row}.{col}", got, None))
    return diffs


def truth_paths(truth: dict[str, Any]) -> set[str]:
    """The contract paths of every cell the truth lists (``…_raw`` companions are not cells)."""
    return {f"{s}.{r}.{c}" for s in SECTIONS for r, cols in truth[s].items() for c in cols if not c.endswith("_raw")}


def n_cells(truth: dict[str, Any]) -> int:
    return len(truth_paths(truth))


def score(report: dict[str, Any], truth: dict[str, Any]) -> dict[str, int]:
    """Counts of correct, silently wrong and missing cells, and whether agency and year are right."""
    paths = truth_paths(truth)
    cells = [d for d in cell_diffs(report, truth) if d[0].split(".")[0] in SECTIONS]
    wrong = sum(1 for _, got, _ in cells if got is not None)
    return {
        "cells": len(paths),
        "correct": len(paths) - sum(1 for d in cells if d[0] in paths),
        "silently_wrong": wrong,
        "missing": len(cells) - wrong,
        "agency_ok": int(report.get("agency") == truth["agency"]),
        "year_ok": int(report.get("year") == truth["year"]),
    }
