"""The national templates as data: 2021 (国办公开办函〔2021〕30号) and the 2019 trial one (〔2019〕60号).

Each version has its own folder of CSVs (``2021/``, ``2019/``), the single description of that
template: the parser reads their keywords to find rows, the warehouse loads them as dimension
tables, and the data-quality rules read the hierarchy to know which rows add up to which total.
Adding a label variant is a one-line change to ``keywords`` (variants separated by ``|``). Every
function takes ``version``; the module constants describe the 2021 template, the contract's own.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from pipeline.textnorm import norm

TEMPLATE_DIR = Path(str(resources.files(__package__)))
CURRENT = "2021"
VERSIONS: tuple[str, ...] = ("2021", "2019")
"""Template versions that are parsed, newest first (``pre2019`` reports are recognised and refused)."""


def _rows(name: str, version: str | None = None) -> list[dict[str, str]]:
    path = TEMPLATE_DIR / version / name if version else TEMPLATE_DIR / name
    with path.open(encoding="utf-8", newline="") as fh:
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
    collapsible: bool = False

    @property
    def is_outcome(self) -> bool:
        """True for the leaf outcome rows that add up to ``total_handled`` (21 in 2021, 19 in 2019)."""
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
def application_rows(include_groups: bool = False, version: str = CURRENT) -> tuple[ApplicationRow, ...]:
    """Rows of table 三 in template order; the data rows (25 in 2021) unless ``include_groups``."""
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
            collapsible=(r.get("collapsible") or "").strip().lower() == "true",
        )
        for r in _rows("application_rows.csv", version)
    )
    return rows if include_groups else tuple(r for r in rows if r.kind == "row")


@cache
def applicant_types(version: str = CURRENT) -> tuple[ApplicantType, ...]:
    return tuple(
        ApplicantType(
            key=r["key"],
            sort_order=int(r["sort_order"]),
            parent=r["parent"],
            label_zh=r["label_zh"],
            label_en=r["label_en"],
            keywords=_keywords(r["keywords"]),
        )
        for r in _rows("applicant_types.csv", version)
    )


@cache
def proactive_items(version: str = CURRENT) -> tuple[ProactiveItem, ...]:
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
        for r in _rows("proactive_items.csv", version)
    )


def _labelled(name: str, version: str) -> tuple[Labelled, ...]:
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
        for r in _rows(name, version)
    )


@cache
def proactive_measures(version: str = CURRENT) -> tuple[Labelled, ...]:
    return _labelled("proactive_measures.csv", version)


@cache
def appeal_proceedings(version: str = CURRENT) -> tuple[Labelled, ...]:
    return _labelled("appeal_proceedings.csv", version)


@cache
def appeal_outcomes(version: str = CURRENT) -> tuple[Labelled, ...]:
    return _labelled("appeal_outcomes.csv", version)


@cache
def version_signatures() -> dict[str, tuple[str, ...]]:
    """Strings that identify each template version (see reference: version cheat-sheet)."""
    return {r["version"]: _keywords(r["signature"]) for r in _rows("versions.csv")}


@cache
def version_table_headers() -> dict[str, tuple[str, ...]]:
    """Column headers of table 二 that only one version prints: the strongest sign of the version."""
    return {r["version"]: _keywords(r["table2_headers"]) for r in _rows("versions.csv")}


COLLAPSED_GROUPS: tuple[str, ...] = tuple(r.key for r in application_rows(True) if r.collapsible)
"""2021 groups a report may print as one row (（六）其他处理): their value goes under the group key."""


@cache
def section_cells(version: str = CURRENT) -> dict[str, tuple[tuple[str, str], ...]]:
    """The cells the ``version`` template has, per section, as (row, column) in template order."""
    measures = {i.key: i.measures for i in proactive_items(version)}
    outcomes = tuple(o.key for o in appeal_outcomes(version))
    return {
        "proactive": tuple((i, m) for i, ms in measures.items() for m in ms),
        "applications": tuple(
            (r.key, a.key) for r in application_rows(version=version) for a in applicant_types(version)
        ),
        "appeals": tuple((p.key, o) for p in appeal_proceedings(version) for o in outcomes),
    }


def _merge(*parts: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    return tuple(dict.fromkeys(c for part in parts for c in part))


@cache
def report_cells(version: str = CURRENT) -> dict[str, tuple[tuple[str, str], ...]]:
    """Every cell a parsed report of ``version`` carries: the 2021 contract's cells (null where the
    version has no such cell), the version's own cells, and the collapsed-group cells."""
    current, own = section_cells(CURRENT), section_cells(version)
    collapsed = tuple((g, a) for g in COLLAPSED_GROUPS for a in APPLICANT_KEYS)
    applications = _merge(current["applications"], own["applications"], collapsed)
    order = [r.key for r in application_rows(True, CURRENT)]  # a collapsed group sits before its sub-rows
    order += [k for k, _ in applications if k not in order]
    rank = {k: i for i, k in enumerate(order)}
    applications = tuple(sorted(applications, key=lambda c: rank[c[0]]))
    return {
        "proactive": _merge(current["proactive"], own["proactive"]),
        "applications": applications,
        "appeals": _merge(current["appeals"], own["appeals"]),
    }


def absent_cells(version: str) -> frozenset[tuple[str, str, str]]:
    """(section, row, column) a report of ``version`` carries but its template has no cell for."""
    own = section_cells(version)
    return frozenset(
        (s, r, c) for s, cells in report_cells(version).items() for r, c in cells if (r, c) not in set(own[s])
    )


APPLICANT_KEYS: tuple[str, ...] = tuple(t.key for t in applicant_types())
APPLICATION_KEYS: tuple[str, ...] = tuple(r.key for r in application_rows())
OUTCOME_KEYS: tuple[str, ...] = tuple(r.key for r in application_rows() if r.is_outcome)
APPEAL_PROCEEDING_KEYS: tuple[str, ...] = tuple(p.key for p in appeal_proceedings())
APPEAL_OUTCOME_KEYS: tuple[str, ...] = tuple(o.key for o in appeal_outcomes())
PROACTIVE_MEASURES: dict[str, tuple[str, ...]] = {i.key: i.measures for i in proactive_items()}
DECIMAL_MEASURES: frozenset[str] = frozenset(
    r["key"] for v in VERSIONS for r in _rows("proactive_measures.csv", v) if r["is_decimal"].strip().lower() == "true"
)
SIGNED_MEASURES: frozenset[str] = frozenset(
    r["key"] for v in VERSIONS for r in _rows("proactive_measures.csv", v)
    if (r.get("signed") or "").strip().lower() == "true"
)
"""Measures that may be negative: the 2019 template's 本年增/减 (change in the number of items)."""
def empty_report_body(version: str = CURRENT) -> dict[str, dict]:
    """The three sections with every cell of ``report_cells(version)`` present and null."""
    body: dict[str, dict] = {}
    for section, cells in report_cells(version).items():
        rows: dict[str, dict] = body.setdefault(section, {})
        for row, col in cells:
            rows.setdefault(row, {})[col] = None
    return body


@dataclass(frozen=True)
class ColumnLabel:
    """A header label of table 三 that is not an applicant type: the 法人或其他组织 group or an extra."""

    key: str
    kind: str  # "group" or "extra"
    label_zh: str
    keywords: tuple[str, ...]


@cache
def column_labels(version: str = CURRENT) -> tuple[ColumnLabel, ...]:
    return tuple(
        ColumnLabel(r["key"], r["kind"], r["label_zh"], _keywords(r["keywords"]))
        for r in _rows("column_labels.csv", version)
    )


LAYOUTS: tuple[str, ...] = ("2021", "2021-collapsed", "2019")
"""How a report's cells are laid out for the checks: its template version, and for 2021 whether it
printed （六）其他处理 as one row (then the group's value stands for its three sub-rows)."""


@cache
def layout_cells(layout: str) -> tuple[tuple[str, str, str, bool], ...]:
    """(section, row, column, is_outcome) of every cell a report of ``layout`` prints: the rules'
    template, so that no rule reads a cell the report's template does not have."""
    version = "2019" if layout == "2019" else CURRENT
    rows = application_rows(include_groups=True, version=version)
    collapsed = set(COLLAPSED_GROUPS) if layout.endswith("collapsed") else set()
    outcomes = {r.key for r in rows if r.is_outcome and r.parent not in collapsed}
    outcomes |= collapsed
    cells = section_cells(version)
    applications = [(r, c) for r, c in cells["applications"] if not any(r.startswith(f"{g}.") for g in collapsed)]
    applications += [(g, a) for g in collapsed for a in APPLICANT_KEYS]
    out = [("proactive", r, c, False) for r, c in cells["proactive"]]
    out += [("applications", r, c, r in outcomes) for r, c in applications]
    out += [("appeals", r, c, False) for r, c in cells["appeals"]]
    return tuple(out)
