"""Plausible contract reports (the truth-file shape) for one agency over consecutive years.

The shape follows the five real samples: applications are heavy-tailed (most agencies get a few,
a few get hundreds; a lognormal scale per agency), natural persons dominate, the outcome mix is a
Dirichlet draw around the samples' pooled mix, and every identity of the template holds:
row totals, ``total_handled`` = the 21 outcomes, the 勾稽关系 per column, appeal totals,
``carried_over(t) = carried_forward(t−1)`` and ``in_force(t) = in_force(t−1) + issued − repealed``.
"""

from __future__ import annotations

import json
import math
import random
from functools import cache
from pathlib import Path

from pipeline.template import (
    APPEAL_OUTCOME_KEYS,
    APPEAL_PROCEEDING_KEYS,
    APPLICANT_KEYS,
    OUTCOME_KEYS,
    PROACTIVE_MEASURES,
)

SAMPLE_TRUTH = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "samples" / "truth"
PARTS = tuple(k for k in APPLICANT_KEYS if k != "total")
APPEAL_PARTS = tuple(k for k in APPEAL_OUTCOME_KEYS if k != "total")
# share of applications per applicant type (natural persons dominate, as in every sample)
APPLICANT_MIX = (0.86, 0.08, 0.005, 0.01, 0.02, 0.025)
APPEAL_MIX = (0.6, 0.1, 0.2, 0.1)
LEVEL_SCALE = {"province": 3.0, "city": 2.3, "county": 1.4, "township": 0.3}  # mean of ln(applications)


@cache
def outcome_prior() -> tuple[float, ...]:
    """The pooled outcome mix of the sample truths, smoothed so every outcome can occur."""
    totals = [1.0] * len(OUTCOME_KEYS)
    for path in sorted(SAMPLE_TRUTH.glob("*.json")):
        apps = json.loads(path.read_text(encoding="utf-8"))["applications"]
        for i, key in enumerate(OUTCOME_KEYS):
            totals[i] += (apps[key].get("total") or 0) * 4
    s = sum(totals)
    return tuple(t / s for t in totals)


def _multinomial(rng: random.Random, n: int, probs: tuple[float, ...] | list[float]) -> list[int]:
    """``n`` items split by ``probs`` (sequential binomials; exact sum, deterministic)."""
    out, left, rest = [], n, 1.0
    for p in probs[:-1]:
        k = _binomial(rng, left, min(1.0, p / rest) if rest > 0 else 0.0)
        out.append(k)
        left -= k
        rest -= p
    return out + [left]


def _binomial(rng: random.Random, n: int, p: float) -> int:
    if n <= 0 or p <= 0:
        return 0
    if p >= 1:
        return n
    if n < 60:
        return sum(rng.random() < p for _ in range(n))
    k = round(rng.gauss(n * p, math.sqrt(n * p * (1 - p))))
    return max(0, min(n, k))


def _dirichlet(rng: random.Random, prior: tuple[float, ...], concentration: float) -> list[float]:
    draws = [rng.gammavariate(max(p * concentration, 1e-3), 1.0) for p in prior]
    s = sum(draws) or 1.0
    return [d / s for d in draws]


def _row(values: list[int]) -> dict[str, int]:
    row = dict(zip(PARTS, values, strict=True))
    row["total"] = sum(values)
    return row


def _applications(rng: random.Random, scale: float, mix: list[float], carried: list[int]) -> dict:
    new_total = int(rng.lognormvariate(scale, 0.35)) if rng.random() > 0.08 else 0
    new = _multinomial(rng, new_total, APPLICANT_MIX)
    on_hand = [a + b for a, b in zip(new, carried, strict=True)]
    forward = [_binomial(rng, n, 0.06) for n in on_hand]
    handled = [n - f for n, f in zip(on_hand, forward, strict=True)]
    by_column = [_multinomial(rng, h, mix) for h in handled]
    apps = {"new_received": _row(new), "carried_over": _row(carried)}
    for i, key in enumerate(OUTCOME_KEYS):
        apps[key] = _row([col[i] for col in by_column])
    apps["total_handled"] = _row(handled)
    apps["carried_forward"] = _row(forward)
    return apps


def _appeals(rng: random.Random, applications: int) -> dict:
    out = {}
    for proc in APPEAL_PROCEEDING_KEYS:
        n = _binomial(rng, applications, 0.03 if proc == "administrative_review" else 0.015)
        parts = _multinomial(rng, n, APPEAL_MIX)
        row = dict(zip(APPEAL_PARTS, parts, strict=True))
        row["total"] = n
        out[proc] = row
    return out


def _heavy(rng: random.Random, mu: float, zero_share: float) -> int:
    return 0 if rng.random() < zero_share else int(rng.lognormvariate(mu, 1.4))


class AgencySeries:
    """The reports of one agency, year after year, carrying stocks and pending applications over."""

    def __init__(self, agency: str, level: str, rng: random.Random) -> None:
        self.agency = agency
        self.rng = rng
        self.scale = rng.gauss(LEVEL_SCALE[level], 1.3)
        self.mix = _dirichlet(rng, outcome_prior(), 40.0)
        self.carried = [_binomial(rng, 3, 0.2) for _ in PARTS]
        self.makes_rules = level == "province" and rng.random() < 0.5
        self.in_force = {"rules": _heavy(rng, 2.5, 0.0) if self.makes_rules else 0,
                         "normative_documents": _heavy(rng, 2.5, 0.3)}
        # enforcement volumes are a property of the agency; years vary around them
        self.decisions = {"administrative_licensing": _heavy(rng, rng.gauss(4.0, 1.5), 0.3),
                          "administrative_penalty": _heavy(rng, 1.5, 0.5),
                          "administrative_coercion": _heavy(rng, 0.5, 0.8)}

    def _proactive(self) -> dict:
        rng, out = self.rng, {}
        for item in ("rules", "normative_documents"):
            active = item == "normative_documents" or self.makes_rules
            issued = _binomial(rng, 12, 0.3) if active else 0
            repealed = min(self.in_force[item], _binomial(rng, 8, 0.2)) if active else 0
            self.in_force[item] += issued - repealed
            out[item] = {"issued": issued, "repealed": repealed, "in_force": self.in_force[item]}
        for item, base in self.decisions.items():
            out[item] = {"decisions": int(base * rng.lognormvariate(0.0, 0.3))}
        fee = 0.0 if rng.random() < 0.85 else round(rng.uniform(0.1, 300.0), 2)
        out["administrative_fees"] = {"amount_10k_yuan": fee}
        assert set(out) == set(PROACTIVE_MEASURES)
        return out

    def report(self, year: int) -> dict:
        """The next year's report; its carried_forward becomes next year's carried_over."""
        apps = _applications(self.rng, self.scale, self.mix, self.carried)
        self.carried = [apps["carried_forward"][k] for k in PARTS]
        return {
            "agency": self.agency,
            "year": year,
            "proactive": self._proactive(),
            "applications": apps,
            "appeals": _appeals(self.rng, apps["new_received"]["total"]),
            "known_findings": [],
            "expect_findings": [],
            "clean": True,
        }
