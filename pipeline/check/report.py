"""The data-quality report: one self-contained HTML file, in Chinese and English, readable offline.

GX Data Docs load their scripts and styles from CDNs, often slow or blocked where the readers are,
and speak GX's jargon. This page has its style inline and its charts as inline SVG, no script at
all, and says what an auditor needs: per report every finding with the printed and the expected
value, the file and the place in it; per rule the counts by year and by province.
"""

from __future__ import annotations

import os
from collections import defaultdict
from datetime import datetime
from html import escape
from pathlib import Path

import duckdb

from pipeline.check.report_style import CSS
from pipeline.check.report_svg import stacked_bars

MAX_REPORTS_LISTED = 500
UNKNOWN_PROVINCE = "（未知）"


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def _has(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    sql = "select count(*) from information_schema.tables where table_name = ?"
    return con.execute(sql, [name]).fetchone()[0] > 0


def _e(v: object) -> str:
    return "" if v is None else escape(str(v))


def _h(zh: str, en: str) -> str:
    return f'{escape(zh)}<span class="en">{escape(en)}</span>'


def _findings(con: duckdb.DuckDBPyConnection) -> list[dict]:
    province = ("a.province" if _has(con, "dim_agency") else "null")
    join = "left join dim_agency a on a.agency = f.agency" if _has(con, "dim_agency") else ""
    order = "l.sort_order" if _has(con, "v_locations") else "f.location"
    loc = "left join v_locations l on l.location = f.location" if _has(con, "v_locations") else ""
    return _rows(con, f"""
        select f.*, coalesce({province}, '{UNKNOWN_PROVINCE}') as province
        from dq_findings f {join} {loc}
        order by f.severity = 'warning', f.agency nulls first, f.year, f.report_id, {order}, f.location
    """)


def _summary(con: duckdb.DuckDBPyConnection, findings: list[dict]) -> dict[str, int]:
    current = (con.execute("select count(*) from reports where is_current").fetchone()[0]
               if _has(con, "reports") else 0)
    return {
        "reports": current,
        "findings": len(findings),
        "errors": sum(f["severity"] == "error" for f in findings),
        "warnings": sum(f["severity"] == "warning" for f in findings),
        "failed_files": sum(f["rule"] == "parse_failed" for f in findings),
        "reports_with_errors": len({f["report_id"] for f in findings if f["severity"] == "error"}),
    }


def _cards(s: dict[str, int]) -> str:
    cards = [("reports", "", "现行报告", "current reports"), ("findings", "", "问题", "findings"),
             ("errors", "error", "错误", "errors"), ("warnings", "warning", "警告", "warnings"),
             ("reports_with_errors", "error", "有错误的报告", "reports with errors"),
             ("failed_files", "error", "未能解析的文件", "files not parsed")]
    return '<div class="cards">' + "".join(
        f'<div class="card {cls}"><div class="n">{s[key]}</div>'
        f'<div class="l">{escape(zh)} · {escape(en)}</div></div>'
        for key, cls, zh, en in cards) + "</div>"


def _counts(findings: list[dict], key: str) -> list[tuple[str, dict[str, int]]]:
    out: dict[str, dict[str, int]] = defaultdict(lambda: {"error": 0, "warning": 0})
    for f in findings:
        out[str(f[key] if f[key] is not None else "—")][f["severity"]] += 1
    return sorted(out.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))


def _pivot(findings: list[dict], across: str, title: str) -> str:
    """A rule × ``across`` (year or province) table of finding counts."""
    cols = sorted({str(f[across] if f[across] is not None else "—") for f in findings})
    cells: dict[tuple[str, str], int] = defaultdict(int)
    sev: dict[str, str] = {}
    for f in findings:
        cells[(f["rule"], str(f[across] if f[across] is not None else "—"))] += 1
        sev[f["rule"]] = f["severity"]
    if not cols:
        return f'<p class="empty">{title}: —</p>'
    head = "".join(f"<th>{escape(c)}</th>" for c in cols)
    body = "".join(
        f'<tr><td><span class="sev {sev[r]}">{sev[r]}</span> <code>{escape(r)}</code></td>'
        + "".join(f'<td class="num">{cells.get((r, c), "") or ""}</td>' for c in cols)
        + f'<td class="num"><b>{sum(cells.get((r, c), 0) for c in cols)}</b></td></tr>'
        for r in sorted(sev, key=lambda r: (sev[r] != "error", r)))
    return (f"<h3>{title}</h3><table><thead><tr><th>{_h('规则', 'rule')}</th>{head}<th>{_h('合计', 'total')}</th>"
            f"</tr></thead><tbody>{body}</tbody></table>")


def _finding_row(f: dict) -> str:
    where = _e(f["source_where"]) or "—"
    return (f'<tr><td><span class="sev {f["severity"]}">{f["severity"]}</span>'
            f'<br><code>{_e(f["rule"])}</code></td>'
            f'<td>{_e(f["label_zh"]) or _e(f["location"])}'
            f'<br><span class="msg-en">{_e(f["label_en"])}</span></td>'
            f'<td class="printed">{_e(f["printed_value"]) or "—"}</td>'
            f'<td class="expected">{_e(f["expected_value"]) or "—"}</td>'
            f'<td>{where}</td>'
            f'<td>{_e(f["message_zh"])}<br><span class="msg-en">{_e(f["message_en"])}</span></td></tr>')


def _per_report(findings: list[dict]) -> str:
    groups: dict[str, list[dict]] = {}
    for f in findings:
        groups.setdefault(f["report_id"], []).append(f)
    head = (f"<thead><tr><th>{_h('严重程度', 'severity')}</th><th>{_h('单元格', 'cell')}</th>"
            f"<th>{_h('报告值', 'printed')}</th><th>{_h('应为', 'expected')}</th>"
            f"<th>{_h('位置', 'where in the file')}</th><th>{_h('说明', 'message')}</th></tr></thead>")
    out = []
    for rid, fs in list(groups.items())[:MAX_REPORTS_LISTED]:
        f0 = fs[0]
        errors = sum(f["severity"] == "error" for f in fs)
        name = _e(f0["source_name"]) or _e(rid)
        link = f'<a href="{_e(f0["source_url"])}">{name}</a>' if f0["source_url"] else name
        title = (f'{_e(f0["agency"])} · {_e(f0["year"]) or "—"}' if f0["agency"]
                 else f'{name} <span class="meta">（机关不明 agency unknown）</span>')
        out.append(
            f'<details class="report{" has-error" if errors else ""}"{" open" if errors else ""}>'
            f'<summary>{title} <span class="meta">— {errors} 错误 errors, '
            f'{len(fs) - errors} 警告 warnings</span></summary>'
            f'<p class="meta">文件 file: {link} · 报告编号 report id: <code>{_e(rid)}</code></p>'
            f'<table>{head}<tbody>{"".join(_finding_row(f) for f in fs)}</tbody></table></details>')
    if len(groups) > MAX_REPORTS_LISTED:
        out.append(f'<p class="meta">… {len(groups) - MAX_REPORTS_LISTED} more reports: '
                   f'<code>ogi findings --format xlsx -o findings.xlsx</code></p>')
    return "".join(out) or '<p class="empty">没有问题 · no findings</p>'


def _rules(con: duckdb.DuckDBPyConnection) -> str:
    if not _has(con, "dq_rules"):
        return ""
    rows = _rows(con, "select rule, severity, concern, description_zh, description_en, source_file "
                      "from dq_rules")
    body = "".join(
        f'<tr><td><code>{_e(r["rule"])}</code></td>'
        f'<td><span class="sev {r["severity"]}">{r["severity"]}</span></td>'
        f'<td>{_e(r["concern"])}</td><td>{_e(r["description_zh"])}'
        f'<br><span class="msg-en">{_e(r["description_en"])}'
        f'</span></td><td><code>{_e(r["source_file"])}</code></td></tr>' for r in rows)
    return (f"<h2>{_h('规则', 'Rules')}</h2><table><thead><tr><th>{_h('规则', 'rule')}</th>"
            f"<th>{_h('严重程度', 'severity')}</th><th>{_h('类别', 'concern')}</th>"
            f"<th>{_h('检查内容', 'what it checks')}</th>"
            f"<th>{_h('定义', 'defined in')}</th></tr></thead><tbody>{body}</tbody></table>")


def render(con: duckdb.DuckDBPyConnection, source: str = "") -> str:
    """The whole page for the warehouse open on ``con``."""
    findings = _findings(con) if _has(con, "dq_findings") else []
    summary = _summary(con, findings)
    legend = {"error": "错误 error", "warning": "警告 warning"}
    charts = "".join(
        f'<figure><figcaption>{_h(zh, en)}</figcaption>'
        f'{stacked_bars(f"{zh} {en}", _counts(findings, key), legend=legend)}</figure>'
        for key, zh, en in (("rule", "各规则的问题", "findings per rule"),
                            ("province", "各省份的问题", "findings per province")))
    generated = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>数据质量报告 · Data-quality report</title>
<style>{CSS}</style></head>
<body>
<header class="top"><h1>政府信息公开年报 · 数据质量报告</h1>
<p>Data-quality report of the annual reports on government information disclosure · {escape(generated)}
{" · " + escape(source) if source else ""}</p></header>
<main>
{_cards(summary)}
<h2>{_h("概览", "Overview")}</h2>
<div class="charts">{charts}</div>
<h2>{_h("各规则按年度、省份统计", "Per rule, by year and by province")}</h2>
{_pivot(findings, "year", _h("按年度", "by year"))}
{_pivot(findings, "province", _h("按省份", "by province"))}
<h2>{_h("各报告的问题", "Findings per report")}</h2>
<p class="meta">报告值为报告中印出的数字，应为是规则算出的数字；位置指文件中的行、表格或页。
Printed is the number the report shows, expected what the rule computes;
where is the line, table cell or page in the file.</p>
{_per_report(findings)}
{_rules(con)}
</main>
<footer>ogi-warehouse · dq_findings · {summary["findings"]} findings ·
离线可读，无外部资源 (no external resources)</footer>
</body></html>
"""


def write_dq_report(db_path: str | os.PathLike[str], out_path: str | os.PathLike[str]) -> Path:
    """Render the report of the warehouse at ``db_path`` (opened read-only) into ``out_path``."""
    out = Path(out_path)
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        html = render(con, Path(db_path).name)
    finally:
        con.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, out)
    return out
