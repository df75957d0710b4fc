"""The 2021 national template (国办公开办函〔2021〕30号) as data.

The CSV files beside this module are the single description of the template: the parser reads
their keywords to find rows, the warehouse loads them as dimension tables, and the data-quality
rules read the hierarchy to know which rows add up to which total. Adding a label variant is a
one-line change to ``keywords`` (variants separated by ``|``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from pipeline.textnorm import norm

TEMPLATE_DIR = Path(str(resources.files(__package__)))


def _rows(name: str) -> list[dict[str, str]]:
    with (TEMPLATE_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _keywords(cell: str) -> tuple[str, ...]:
    return tuple(norm(k) for k in cell.split("|") if k.strip())


@dataclass(frozen=True)
class ApplicationRow:
    """A row of table 三: a data row (``kind='row'``) or a label-only group (``kind='group'``)."""

    key: str
    sort_order: int
    kind: str
    parent: str
    ordinal: str
    label_zh: str
    label_en: str
    keywords: tuple[str, ...]
    requires_group: str

    @property
    def is_outcome(self) -> bool:
        """True for the 21 leaf outcome rows that add up to ``total_handled``."""
        return self.kind == "row" and bool(self.parent) and self.key != "total_handled"


@dataclass(frozen=True)
class ApplicantType:
    key: str
    sort_order: int
    parent: str
    label_zh: str
    label_en: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class ProactiveItem:
    key: str
    sort_order: int
    block: str
    label_zh: str
    label_en: str
    keywords: tuple[str, ...]
    measures: tuple[str, ...]


@dataclass(frozen=True)
class Labelled:
    """A simple dimension member: proactive measure, appeal proceeding or appeal outcome."""

    key: str
    sort_order: int
    label_zh: str
    label_en: str
    keywords: tuple[str, ...] = ()
    parent: str = ""
    unit: str = ""


@cache
def application_rows(include_groups: bool = False) -> tuple[ApplicationRow, ...]:
    """Rows of table 三 in template order; the 25 data rows unless ``include_groups``."""
    rows = tuple(
        ApplicationRow(
            key=r["key"],
            sort_order=int(r["sort_order"]),
            kind=r["kind"],
            parent=r["parent"],
            ordinal=r["ordinal"],
            label_zh=r["label_zh"],
            label_en=r["label_en"],
            keywords=_keywords(r["keywords"]),
            requires_group=r["requires_group"],
        )
        for r in _rows("application_rows.csv")
    )
    return rows if include_groups else tuple(r for r in rows if r.kind == "row")


@cache
def applicant_types() -> tuple[ApplicantType, ...]:
    return tuple(
        ApplicantType(
            key=r["key"],
            sort_order=int(r["sort_order"]),
            parent=r["parent"],
            label_zh=r["label_zh"],
            label_en=r["label_en"],
            keywords=_keywords(r["keywords"]),
        )
        for r in _rows("applicant_types.csv")
    )


@cache
def proactive_items() -> tuple[ProactiveItem, ...]:
    return tuple(
        ProactiveItem(
            key=r["key"],
            sort_order=int(r["sort_order"]),
            block=r["block"],
            label_zh=r["label_zh"],
            label_en=r["label_en"],
            keywords=_keywords(r["keywords"]),
            measures=tuple(r["measures"].split("|")),
        )
        for r in _rows("proactive_items.csv")
    )


def _labelled(name: str) -> tuple[Labelled, ...]:
    return tuple(
        Labelled(
            key=r["key"],
            sort_order=int(r["sort_order"]),
            label_zh=r["label_zh"],
            label_en=r["label_en"],
            keywords=_keywords(r.get("keywords", "")),
            parent=r.get("parent", "") or "",
            unit=r.get("unit", "") or "",
        )
        for r in _rows(name)
    )


@cache
def proactive_measures() -> tuple[Labelled, ...]:
    return _labelled("proactive_measures.csv")


@cache
def appeal_proceedings() -> tuple[Labelled, ...]:
    return _labelled("appeal_proceedings.csv")


@cache
def appeal_outcomes() -> tuple[Labelled, ...]:
    return _labelled("appeal_outcomes.csv")


@cache
def version_signatures() -> dict[str, tuple[str, ...]]:
    """Strings that identify each template version (see reference: version cheat-sheet)."""
    return {r["version"]: _keywords(r["signature"]) for r in _rows("versions.csv")}


APPLICANT_KEYS: tuple[str, ...] = tuple(t.key for t in applicant_types())
APPLICATION_KEYS: tuple[str, ...] = tuple(r.key for r in application_rows())
OUTCOME_KEYS: tuple[str, ...] = tuple(r.key for r in application_rows() if r.is_outcome)
APPEAL_PROCEEDING_KEYS: tuple[str, ...] = tuple(p.key for p in appeal_proceedings())
APPEAL_OUTCOME_KEYS: tuple[str, ...] = tuple(o.key for o in appeal_outcomes())
PROACTIVE_MEASURES: dict[str, tuple[str, ...]] = {i.key: i.measures for i in proactive_items()}
DECIMAL_MEASURES: frozenset[str] = frozenset(
    r["key"] for r in _rows("proactive_measures.csv") if r["is_decimal"].strip().lower() == "true"
)
SECTION_CELLS: dict[str, tuple[tuple[str, str], ...]] = {
    "proactive": tuple((i, m) for i, ms in PROACTIVE_MEASURES.items() for m in ms),
    "applications": tuple((r, a) for r in APPLICATION_KEYS for a in APPLICANT_KEYS),
    "appeals": tuple((p, o) for p in APPEAL_PROCEEDING_KEYS for o in APPEAL_OUTCOME_KEYS),
}
"""Every contract cell of each section as (row, column), in template order: 10, 175 and 15."""


def empty_report_body() -> dict[str, dict]:
    """The contract's three sections with every cell present and null."""
    return {
        "proactive": {k: dict.fromkeys(ms) for k, ms in PROACTIVE_MEASURES.items()},
        "applications": {r: dict.fromkeys(APPLICANT_KEYS) for r in APPLICATION_KEYS},
        "appeals": {p: dict.fromkeys(APPEAL_OUTCOME_KEYS) for p in APPEAL_PROCEEDING_KEYS},
    }
