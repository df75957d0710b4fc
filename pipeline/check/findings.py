"""Read ``dq_findings`` back for people: filtered listings, the per-rule summary, a terminal table.

Filters are checked against what the warehouse holds, so a typo (``--severity erorr``, a year with
no report) is an error that says what exists, not an empty list that looks like a clean bill.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
from rich.table import Table

from pipeline.check.rules import RULES_BY_ID, SEVERITIES

LIST_COLUMNS = ("agency", "year", "rule", "severity", "location", "label_zh", "label_en", "printed_value",
                "expected_value", "source_name", "source_where", "source_url", "message_zh", "message_en",
                "report_id", "expected", "actual")

# export header of each column: Chinese first, the analysts' and auditors' language
HEADERS_ZH = {
    "agency": "机关", "year": "年度", "rule": "规则", "severity": "严重程度", "label_zh": "单元格",
    "printed_value": "报告值", "expected_value": "应为", "source_name": "文件", "source_where": "位置",
    "message_zh": "说明", "message_en": "说明（英文）", "label_en": "单元格（英文）", "location": "路径",
    "source_url": "网址", "report_id": "报告编号", "expected": "应为（数值）", "actual": "报告值（数值）",
}
EXPORT_COLUMNS = ("agency", "year", "rule", "severity", "label_zh", "printed_value", "expected_value",
                  "source_name", "source_where", "message_zh", "message_en", "label_en", "location",
                  "source_url", "report_id")


class UnknownFilterError(ValueError):
    """A filter value that matches nothing the warehouse knows (the message lists what exists)."""


@dataclass(frozen=True)
class Filters:
    agency: str | None = None  # substring of the agency name
    year: int | None = None
    rule: str | None = None
    severity: str | None = None


def _known_agencies(con: duckdb.DuckDBPyConnection) -> list[str]:
    source = "reports" if _has(con, "reports") else "dq_findings"
    sql = f"select distinct agency from {source} where agency is not null order by 1"
    return [r[0] for r in con.execute(sql).fetchall()]


def _known_years(con: duckdb.DuckDBPyConnection) -> list[int]:
    source = "reports" if _has(con, "reports") else "dq_findings"
    sql = f"select distinct year from {source} where year is not null order by 1"
    return [r[0] for r in con.execute(sql).fetchall()]


def _has(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    sql = "select count(*) from information_schema.tables where table_name = ?"
    return con.execute(sql, [table]).fetchone()[0] > 0


def check_filters(con: duckdb.DuckDBPyConnection, f: Filters) -> None:
    """Raise ``UnknownFilterError`` for a value no report, rule or severity has."""
    if f.severity is not None and f.severity not in SEVERITIES:
        raise UnknownFilterError(f"unknown severity {f.severity!r}: use one of {', '.join(SEVERITIES)}")
    rules = sorted(RULES_BY_ID)
    if f.rule is not None and f.rule not in rules:
        raise UnknownFilterError(f"unknown rule {f.rule!r}: the rules are {', '.join(rules)}")
    if f.year is not None and f.year not in (years := _known_years(con)):
        known = ", ".join(map(str, years)) or "none"
        raise UnknownFilterError(f"no report for year {f.year}: the warehouse has {known}")
    if f.agency is not None and not any(f.agency in a for a in _known_agencies(con)):
        raise UnknownFilterError(f"no agency name contains {f.agency!r} (names are as printed, e.g. 天津市东丽区…)")


def list_findings(con: duckdb.DuckDBPyConnection, agency: str | None = None, severity: str | None = None,
                  rule: str | None = None, limit: int | None = None, year: int | None = None) -> list[dict]:
    """Findings matching the filters (``agency`` is a substring match), errors first, in template order."""
    where, params = [], []
    for clause, value in (("f.agency like ?", f"%{agency}%" if agency else None), ("f.year = ?", year),
                          ("f.severity = ?", severity), ("f.rule = ?", rule)):
        if value is not None:
            where.append(clause)
            params.append(value)
    order = "l.sort_order" if _has(con, "v_locations") else "f.location"
    join = "left join v_locations l on l.location = f.location" if _has(con, "v_locations") else ""
    sql = f"select {', '.join('f.' + c for c in LIST_COLUMNS)} from dq_findings f {join}"
    if where:
        sql += " where " + " and ".join(where)
    sql += f" order by f.severity = 'warning', f.agency nulls first, f.year, f.rule, {order}, f.location"
    if limit:
        sql += f" limit {int(limit)}"
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def findings_summary(con: duckdb.DuckDBPyConnection) -> Table:
    """A rich table of findings per rule and severity (what ``ogi ingest`` prints after loading)."""
    rows = con.execute(
        """
        select rule, severity, count(*) as findings, count(distinct report_id) as reports
        from dq_findings group by rule, severity order by severity, findings desc, rule
        """
    ).fetchall()
    table = Table(title="Data-quality findings 数据质量问题")
    for col in ("rule", "severity", "findings", "reports"):
        table.add_column(col, justify="right" if col in ("findings", "reports") else "left")
    for rule, severity, n, reports in rows:
        style = "red" if severity == "error" else "yellow"
        table.add_row(rule, f"[{style}]{severity}[/{style}]", str(n), str(reports))
    if not rows:
        table.add_row("(none)", "", "0", "0")
    return table


def _text(v: object) -> str:
    return "" if v is None else str(v)


def findings_table(rows: list[dict]) -> Table:
    """Findings as a rich table for the terminal: who, which cell, printed vs expected, where, why."""
    table = Table(title=f"{len(rows)} findings", show_lines=True, expand=True)
    for header, ratio in (("严重程度\nseverity", 2), ("机关 · 年度\nagency · year", 3), ("单元格\ncell", 3),
                          ("报告值\nprinted", 1), ("应为\nexpected", 1), ("文件 · 位置\nfile · where", 3),
                          ("说明\nmessage", 7)):
        if ratio == 1:  # the two numbers: as wide as their header, never folded
            table.add_column(header, justify="right", no_wrap=True)
        else:
            table.add_column(header, overflow="fold", ratio=ratio)
    for r in rows:
        style = "red" if r["severity"] == "error" else "yellow"
        table.add_row(
            f"[{style}]{r['severity']}[/{style}]\n{r['rule']}",
            f"{_text(r['agency']) or '—'}\n{_text(r['year'])}",
            f"{_text(r['label_zh'])}\n[dim]{_text(r['location'])}[/dim]",
            _text(r["printed_value"]), _text(r["expected_value"]),
            f"{_text(r['source_name'])}\n{_text(r['source_where'])}",
            f"{_text(r['message_zh'])}\n[dim]{_text(r['message_en'])}[/dim]",
        )
    return table
