"""Planted defects: the errors real reports make, put into a clean truth with where they are.

Each kind is one function that changes the report as the publisher would have printed it and
returns the finding the data-quality suite must raise (``expect_findings`` of the truth files:
a location prefix and, where the rule is strict, a severity) and a human ``known_findings`` line.
No defect touches ``carried_forward`` or a stock, so it never makes next year's clean report wrong.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from bench.truth import PARTS
from pipeline.template import APPEAL_PROCEEDING_KEYS, OUTCOME_KEYS

Planted = tuple[dict, str]  # (expect_findings entry, known_findings sentence)


def _bump(rng: random.Random) -> int:
    return rng.choice((1, 1, 2, 3, 10))


def row_sum(report: dict, rng: random.Random) -> Planted:
    row = rng.choice(("new_received", *OUTCOME_KEYS, "total_handled"))
    report["applications"][row]["total"] += _bump(rng)
    loc = f"applications.{row}.total"
    return {"location": loc, "severity": "error"}, f"{loc}: the total is not the sum of the six applicant columns"


def column_sum(report: dict, rng: random.Random) -> Planted:
    col, row, k = rng.choice(PARTS), rng.choice(OUTCOME_KEYS), _bump(rng)
    report["applications"][row][col] += k
    report["applications"][row]["total"] += k
    loc = f"applications.total_handled.{col}"
    return {"location": loc, "severity": "error"}, f"{loc}: the 21 outcome rows add up to more than the total"


def balance(report: dict, rng: random.Random) -> Planted:
    col, k = rng.choice(PARTS), _bump(rng)
    report["applications"]["new_received"][col] += k
    report["applications"]["new_received"]["total"] += k
    loc = f"applications.carried_forward.{col}"
    return {"location": loc, "severity": "error"}, f"{loc}: new_received + carried_over ≠ total_handled + carried_forward"


def appeal_total(report: dict, rng: random.Random) -> Planted:
    proc = rng.choice(APPEAL_PROCEEDING_KEYS)
    row = report["appeals"][proc]
    row["total"] = row["total"] + _bump(rng) if row["total"] == 0 or rng.random() < 0.5 else row["total"] - 1
    loc = f"appeals.{proc}.total"
    return {"location": loc, "severity": "error"}, f"{loc}: the total does not equal the sum of its parts"


def _zero_rows(report: dict) -> list[str]:
    return [k for k in OUTCOME_KEYS if all(v == 0 for v in report["applications"][k].values())]


def empty_row(report: dict, rng: random.Random) -> Planted:
    """A row of zeros printed empty (as 武汉东湖 printed carried_forward): nulls, not zeros."""
    candidates = _zero_rows(report)
    if not candidates:
        return omitted_row(report, rng)
    row = rng.choice(candidates)
    report["applications"][row] = dict.fromkeys(report["applications"][row])
    loc = f"applications.{row}"
    return {"location": loc}, f"{loc}: all seven cells are printed empty"


def omitted_row(report: dict, rng: random.Random) -> Planted:
    """A whole row left out (as 泽州 left out 行政强制); the renderer reads the 'omits' sentence."""
    item = rng.choice(("administrative_coercion", "administrative_penalty", "administrative_fees"))
    report["proactive"][item] = dict.fromkeys(report["proactive"][item])
    loc = f"proactive.{item}"
    return {"location": loc}, f"{loc} is missing: the report omits the row"


def prose_contradiction(report: dict, rng: random.Random) -> Planted:
    """The prose states a number of new applications the table does not print."""
    table = report["applications"]["new_received"]["total"]
    stated = table + _bump(rng)
    report["narrative"] = [{"location": "applications.new_received.total", "value": stated}]
    loc = "applications.new_received.total"
    return {"location": loc, "severity": "warning"}, f"{loc}: the prose says {stated} but the table prints {table}"


DEFECTS: dict[str, Callable[[dict, random.Random], Planted]] = {
    "row_sum": row_sum,
    "column_sum": column_sum,
    "balance": balance,
    "appeal_total": appeal_total,
    "empty_row": empty_row,
    "omitted_row": omitted_row,
    "prose_contradiction": prose_contradiction,
}


def plant(report: dict, kind: str, rng: random.Random) -> None:
    """Put one defect of ``kind`` into ``report`` and record it in its truth fields."""
    expect, sentence = DEFECTS[kind](report, rng)
    report["defect"] = kind
    report["expect_findings"].append(expect)
    report["known_findings"].append(sentence)
    report["clean"] = False

