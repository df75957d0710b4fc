"""Table specs for the engine, built from the template data (nothing re-typed here)."""

from __future__ import annotations

from functools import cache

from pipeline import template
from pipeline.parse.tables import RowSpec, TableSpec
from pipeline.textnorm import norm


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
def applications_spec() -> TableSpec:
    """Table 三. One spec reads both versions: the 2021 rows, plus each collapsible group (（六）其他处理)
    as a row of its own, which is how the 2019 template prints it and some 2021 reports do too.
    Columns are named by the header (``pipeline.parse.header``); the template order is the fallback."""
    columns = template.APPLICANT_KEYS
    all_rows = template.application_rows(include_groups=True)
    rows = tuple(
        RowSpec(
            key=r.key,
            keywords=r.keywords,
            columns=columns,
            parent=r.parent,
            ordinal=norm(r.ordinal),
            requires_group=r.requires_group,
            resets_group=not r.parent or r.key == "total_handled",
        )
        for r in all_rows
        if r.kind == "row" or r.collapsible
    )
    groups = {r.key: r.keywords for r in all_rows if r.kind == "group"}
    members = {g: _descendants(all_rows, g) for g in groups}
    ordinals = {norm(r.ordinal): r.key for r in all_rows if r.kind == "group" and r.parent}
    return TableSpec("applications", "三", rows, groups, members, group_ordinals=ordinals, header_kind="applicants")


@cache
def proactive_spec(version: str = template.CURRENT) -> TableSpec:
    """Table 二 of ``version``: its items, each with its own measures."""
    rows = tuple(RowSpec(i.key, i.keywords, i.measures) for i in template.proactive_items(version))
    return TableSpec("proactive", "二", rows, header_kind="measures")


@cache
def appeals_spec() -> TableSpec:
    """Table 四: usually one row of 15 numbers; a proceeding per row is also accepted."""
    outcomes = template.APPEAL_OUTCOME_KEYS
    rows = tuple(
        RowSpec(p.key, p.keywords, tuple(f"{p.key}.{o}" for o in outcomes)) for p in template.appeal_proceedings()
    )
    all_columns = tuple(f"{p}.{o}" for p in template.APPEAL_PROCEEDING_KEYS for o in outcomes)
    return TableSpec("appeals", "四", rows, label_in_last_cell=True, fallback=RowSpec("*", (), all_columns),
                     header_kind="appeals")
