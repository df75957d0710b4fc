"""Read ``dq_findings`` back for people: filtered listings and the per-rule summary ``ogi ingest`` prints."""

from __future__ import annotations

import duckdb
from rich.table import Table

LIST_COLUMNS = ("agency", "year", "rule", "severity", "location", "expected", "actual", "message")


def list_findings(con: duckdb.DuckDBPyConnection, agency: str | None = None, severity: str | None = None,
                  rule: str | None = None, limit: int | None = None) -> list[dict]:
    """Findings matching the filters (``agency`` is a substring match), errors first."""
    where, params = [], []
    if agency:
        where.append("agency like ?")
        params.append(f"%{agency}%")
    if severity:
        where.append("severity = ?")
        params.append(severity)
    if rule:
        where.append("rule = ?")
        params.append(rule)
    sql = f"select {', '.join(LIST_COLUMNS)} from dq_findings"
    if where:
        sql += " where " + " and ".join(where)
    sql += " order by severity = 'warning', agency, year, rule, location"
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
    table = Table(title="Data-quality findings")
    for col in ("rule", "severity", "findings", "reports"):
        table.add_column(col, justify="right" if col in ("findings", "reports") else "left")
    for rule, severity, n, reports in rows:
        style = "red" if severity == "error" else "yellow"
        table.add_row(rule, f"[{style}]{severity}[/{style}]", str(n), str(reports))
    if not rows:
        table.add_row("(none)", "", "0", "0")
    return table


def findings_table(rows: list[dict]) -> Table:
    """Findings as a rich table for the terminal."""
    table = Table(title=f"{len(rows)} findings")
    for col in LIST_COLUMNS:
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(*("" if r[c] is None else str(r[c]) for c in LIST_COLUMNS))
    return table
