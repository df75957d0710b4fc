"""A contract report (the truth-file shape) laid out as the national template prints it.

Every renderer (text, Markdown, HTML, DOCX, PDF) draws the same logical layout: paragraphs and
tables whose cells carry their row/column spans. Labels come from `pipeline.template`, so the
fixtures follow the template data rather than a second copy of it. ``Layout`` holds the seeded
layout choices that vary between published reports (split tables, wrapped labels, page chrome).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from pipeline.template import (
    APPEAL_OUTCOME_KEYS,
    appeal_outcomes,
    appeal_proceedings,
    applicant_types,
    application_rows,
    proactive_items,
    proactive_measures,
)

APPLICATIONS_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
LABEL_COLUMNS = 3  # table 三 has three label columns before the seven applicant columns


@dataclass
class SCell:
    """One printed cell; ``rowspan``/``colspan`` as in HTML. ``numeric`` marks value cells."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    numeric: bool = False


@dataclass
class STable:
    rows: list[list[SCell]]
    ncols: int
    key: str = ""


@dataclass
class SPara:
    text: str
    level: int = 0


Block = SPara | STable


@dataclass(frozen=True)
class Layout:
    """Layout choices; ``Layout.from_variant(0)`` is the plain template."""

    split_applications: bool = False  # table 三 printed as two tables (page break in Word)
    wrap_labels: bool = False  # long label cells broken into two lines/paragraphs
    chrome: bool = False  # HTML: portal navigation, header, footer, scripts around the report
    layout_table: bool = False  # HTML: the report sits inside an outer layout <table>
    nbsp_empty: bool = False  # HTML: empty cells written as &nbsp;
    spaced_title: bool = False  # a space between agency and year in the title

    @classmethod
    def from_variant(cls, variant: int) -> Layout:
        if variant == 0:
            return cls()
        rng = random.Random(variant)
        return cls(**{f: rng.random() < 0.5 for f in cls.__dataclass_fields__})


def fmt(value: object) -> str:
    """A value as a report prints it: null is an empty cell, never 0."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def omitted_paths(report: dict) -> set[str]:
    """Rows the truth says the report omits (``known_findings``: '<path> ... omits ...')."""
    out = set()
    for finding in report.get("known_findings", []):
        if "omits" in finding:
            out.add(finding.split()[0].rstrip(":"))
    return out


def _proactive(report: dict, omitted: set[str]) -> STable:
    labels = {m.key: m.label_zh for m in proactive_measures()}
    rows: list[list[SCell]] = []
    block = None
    for item in proactive_items():
        if item.block != block:
            block = item.block
            rows.append([SCell(block, colspan=4, header=True)])
            head = [SCell("信息内容", header=True)]
            span = 4 - len(item.measures) if len(item.measures) == 1 else 1
            head += [SCell(labels[m], colspan=span if len(item.measures) == 1 else 1, header=True) for m in item.measures]
            rows.append(head)
        if f"proactive.{item.key}" in omitted:
            continue
        values = report["proactive"][item.key]
        span = 3 if len(item.measures) == 1 else 1
        rows.append([SCell(item.label_zh)] + [SCell(fmt(values[m]), colspan=span, numeric=True) for m in item.measures])
    return STable(rows, 4, "proactive")


def _applications(report: dict, omitted: set[str]) -> STable:
    types = applicant_types()
    legal = [t for t in types if t.parent]
    rows: list[list[SCell]] = [
        [SCell(APPLICATIONS_NOTE, rowspan=3, colspan=LABEL_COLUMNS, header=True), SCell("申请人情况", colspan=7, header=True)],
        [SCell(types[0].label_zh, rowspan=2, header=True), SCell("法人或其他组织", colspan=len(legal), header=True),
         SCell(types[-1].label_zh, rowspan=2, header=True)],
        [SCell(t.label_zh, header=True) for t in legal],
    ]
    all_rows = {r.key: r for r in application_rows(include_groups=True)}
    data = [r for r in application_rows() if f"applications.{r.key}" not in omitted]

    def ancestors(key: str) -> list[str]:
        chain, parent = [], all_rows[key].parent
        while parent:
            chain.insert(0, parent)
            parent = all_rows[parent].parent
        return chain

    seen: set[str] = set()
    for r in data:
        cells = []
        chain = ancestors(r.key)
        for group in chain:
            if group not in seen:
                seen.add(group)
                count = sum(1 for d in data if group in ancestors(d.key))
                cells.append(SCell(all_rows[group].ordinal + all_rows[group].label_zh, rowspan=count))
        cells.append(SCell(r.ordinal + r.label_zh, colspan=LABEL_COLUMNS - len(chain)))
        values = report["applications"][r.key]
        cells += [SCell(fmt(values[t.key]), numeric=True) for t in types]
        rows.append(cells)
    return STable(rows, LABEL_COLUMNS + len(types), "applications")


def _appeals(report: dict) -> STable:
    procs = appeal_proceedings()
    outcomes = {o.key: o.label_zh for o in appeal_outcomes()}
    labels = [outcomes.get(k, "总计") for k in APPEAL_OUTCOME_KEYS]
    n = len(labels)
    litigation = [p for p in procs if p.parent]
    rows = [
        [SCell(procs[0].label_zh, colspan=n, header=True), SCell("行政诉讼", colspan=n * len(litigation), header=True)],
        [SCell(lab, rowspan=2, header=True) for lab in labels] + [SCell(p.label_zh, colspan=n, header=True) for p in litigation],
        [SCell(lab, header=True) for _ in litigation for lab in labels],
        [SCell(fmt(report["appeals"][p.key][k]), numeric=True) for p in procs for k in APPEAL_OUTCOME_KEYS],
    ]
    return STable(rows, n * len(procs), "appeals")


def grid_positions(table: STable) -> list[list[tuple[int, SCell]]]:
    """Each row's cells with the grid column they start in (spans resolved like HTML)."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(table.rows):
        col, placed = 0, []
        for cell in row:
            while (r, col) in taken:
                col += 1
            placed.append((col, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, col + dc))
            col += cell.colspan
        out.append(placed)
    return out


def split_table(table: STable, at: int) -> tuple[STable, STable]:
    """Cut a table before row ``at``; cells spanning the cut continue as empty cells below it."""
    pos = grid_positions(table)
    top = [[SCell(c.text, min(c.rowspan, at - r), c.colspan, c.header, c.numeric) for c in row]
           for r, row in enumerate(table.rows[:at])]
    carried: list[tuple[int, SCell]] = []
    for r, row in enumerate(pos[:at]):
        for col, c in row:
            if r + c.rowspan > at:
                carried.append((col, SCell("", r + c.rowspan - at, c.colspan)))
    bottom = [list(row) for row in table.rows[at:]]
    if bottom:
        first = sorted(carried + [(col, c) for col, c in pos[at]], key=lambda x: x[0])
        bottom[0] = [c for _, c in first]
    return STable(top, table.ncols, table.key), STable(bottom, table.ncols, table.key)


def wrap(text: str) -> list[str]:
    """A long label broken in two, as a narrow Word column prints it."""
    if len(text) < 8:
        return [text]
    half = len(text) // 2
    return [text[:half], text[half:]]


@dataclass
class LaidOut:
    title: str
    blocks: list[Block] = field(default_factory=list)
    layout: Layout = field(default_factory=Layout)


def lay_out(report: dict, variant: int = 0) -> LaidOut:
    """The whole report as blocks: title, prose with the 统计期限 year, headings and three tables."""
    layout = Layout.from_variant(variant)
    agency, year = report["agency"], report["year"]
    omitted = omitted_paths(report)
    title = f"{agency}{' ' if layout.spaced_title else ''}{year}年度政府信息公开工作年度报告"
    apps = _applications(report, omitted)
    app_blocks: list[Block] = [apps]
    if layout.split_applications:
        app_blocks = list(split_table(apps, 3 + len(apps.rows[3:]) // 2))
    blocks: list[Block] = [
        SPara(title, 1),
        SPara(f"本报告根据《中华人民共和国政府信息公开条例》要求编制。报告中所列数据的统计期限自{year}年1月1日起至"
              f"{year}年12月31日止。如对本报告有疑问，请与{agency}办公室联系。"),
        SPara("一、总体情况", 2),
        SPara("本机关坚持以公开为常态、不公开为例外，认真做好主动公开和依申请公开工作。"),
        SPara("二、主动公开政府信息情况", 2),
        _proactive(report, omitted),
        SPara("三、收到和处理政府信息公开申请情况", 2),
        *app_blocks,
        SPara("四、政府信息公开行政复议、行政诉讼情况", 2),
        _appeals(report),
        SPara("五、存在的主要问题及改进情况", 2),
        SPara("主动公开的深度和广度有待提高，下一步将加强培训，规范公开流程。"),
        SPara("六、其他需要报告的事项", 2),
        SPara("本机关本年度未收取信息处理费。"),
    ]
    return LaidOut(title, blocks, layout)
