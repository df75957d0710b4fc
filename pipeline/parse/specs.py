"""Table specs for the engine, built from the template data (nothing re-typed here)."""

from __future__ import annotations

from functools import cache

from pipeline import template
from pipeline.parse.tables import RowSpec, TableSpec
from pipeline.textnorm import norm

SUBTOTAL = "legal_person_subtotal"


def _descendants(rows: tuple[template.ApplicationRow, ...], root: str) -> frozenset[str]:
    members = {root}
    changed = True
    while changed:
        changed = False
        for r in rows:
            if r.kind == "group" and r.parent in members and r.key not in members:
                members.add(r.key)
                changed = True
    return frozenset(members)


@cache
def applications_spec(with_subtotal: bool = False) -> TableSpec:
    """Table 三; ``with_subtotal`` for local variants that add a 法人或其他组织 小计 column."""
    columns = list(template.APPLICANT_KEYS)
    if with_subtotal:
        columns.insert(columns.index("total"), SUBTOTAL)
    all_rows = template.application_rows(include_groups=True)
    rows = tuple(
        RowSpec(
            key=r.key,
            keywords=r.keywords,
            columns=tuple(columns),
            parent=r.parent,
            ordinal=norm(r.ordinal),
            requires_group=r.requires_group,
            resets_group=not r.parent or r.key == "total_handled",
        )
        for r in all_rows
        if r.kind == "row"
    )
    groups = {r.key: r.keywords for r in all_rows if r.kind == "group"}
    members = {g: _descendants(all_rows, g) for g in groups}
    ordinals = {norm(r.ordinal): r.key for r in all_rows if r.kind == "group" and r.parent}
    return TableSpec("applications", "三", rows, groups, members, group_ordinals=ordinals)


@cache
def proactive_spec() -> TableSpec:
    """Table 二: six items, each with its own measures."""
    rows = tuple(RowSpec(i.key, i.keywords, i.measures) for i in template.proactive_items())
    return TableSpec("proactive", "二", rows)


@cache
def appeals_spec() -> TableSpec:
    """Table 四: usually one row of 15 numbers; a proceeding per row is also accepted."""
    outcomes = template.APPEAL_OUTCOME_KEYS
    rows = tuple(
        RowSpec(p.key, p.keywords, tuple(f"{p.key}.{o}" for o in outcomes)) for p in template.appeal_proceedings()
    )
    all_columns = tuple(f"{p}.{o}" for p in template.APPEAL_PROCEEDING_KEYS for o in outcomes)
    return TableSpec("appeals", "四", rows, label_in_last_cell=True, fallback=RowSpec("*", (), all_columns))
