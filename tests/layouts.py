"""Constructed layouts of real sample reports: table 三 with its columns reordered, an extra column,
a collapsed （六）其他处理 row, a layout table around everything. Each is written as a real HTML file
from a sample's hand-checked truth, so the expected parse is that truth (or its stated change)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from pipeline import template

LABELS = {t.key: t.label_zh for t in template.applicant_types()}
MEMBERS = [t.key for t in template.applicant_types() if t.parent]


def _cell(value: object) -> str:
    return f"<td>{'' if value is None else html.escape(str(value))}</td>"


def _application_rows(truth: dict, collapse_other: bool) -> list[tuple[str, dict]]:
    rows = []
    for r in template.application_rows(include_groups=True):
        if collapse_other and r.parent == "other":
            continue
        if r.kind == "group" and r.key == "other" and collapse_other:
            cols = {
                a: sum(truth["applications"][k][a] or 0 for k in ("other.no_correction", "other.unpaid_fee", "other.other"))
                for a in template.APPLICANT_KEYS
            }
            rows.append((f"{r.ordinal}{r.label_zh}", cols))
        elif r.kind == "row":
            rows.append((f"{r.ordinal}{r.label_zh}", truth["applications"][r.key]))
    return rows


def table_three(truth: dict, order: Sequence[str], extra_after_members: bool = False,
                collapse_other: bool = False) -> str:
    """Table 三 as a two-level grid: 自然人 | 法人或其他组织 (members) | 总计 in the given order."""
    members = [k for k in order if k in MEMBERS]
    level1: list[str] = []
    for key in order:
        if key in MEMBERS:
            if "group" not in level1:
                level1.append("group")
        else:
            level1.append(key)
    span = len(members) + (1 if extra_after_members else 0)
    head1 = "".join(
        f'<td colspan="{span}">法人或其他组织</td>' if k == "group" else f'<td rowspan="2">{LABELS[k]}</td>'
        for k in level1
    )
    head2 = "".join(f"<td>{LABELS[k]}</td>" for k in members) + ("<td>合计</td>" if extra_after_members else "")
    columns: list[str] = []
    for k in level1:
        columns.extend(members + (["__extra__"] if extra_after_members else []) if k == "group" else [k])
    body = []
    for label, cols in _application_rows(truth, collapse_other):
        cells = []
        for c in columns:
            if c == "__extra__":
                cells.append(_cell(sum(cols[m] or 0 for m in members)))
            else:
                cells.append(_cell(cols[c]))
        body.append(f"<tr><td>{html.escape(label)}</td>{''.join(cells)}</tr>")
    width = len(columns)
    return (
        "<table border='1'>"
        f"<tr><td rowspan='3'>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>"
        f"<td colspan='{width}'>申请人情况</td></tr>"
        f"<tr>{head1}</tr><tr>{head2}</tr>{''.join(body)}</table>"
    )


def report_html(truth: dict, order: Sequence[str] = template.APPLICANT_KEYS, *, extra_after_members: bool = False,
                collapse_other: bool = False, layout_table: bool = False, transposed: bool = False,
                appeal_outcomes: Sequence[str] = template.APPEAL_OUTCOME_KEYS, preface: str = "") -> str:
    """A whole report page: title, period sentence, tables 二, 三 and 四 from ``truth``."""
    p = truth["proactive"]
    t2 = (
        "<table border='1'><tr><td colspan='4'>第二十条第（一）项</td></tr>"
        "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
        + "".join(
            f"<tr><td>{lab}</td>{_cell(p[k]['issued'])}{_cell(p[k]['repealed'])}{_cell(p[k]['in_force'])}</tr>"
            for k, lab in (("rules", "规章"), ("normative_documents", "行政规范性文件"))
        )
        + "<tr><td colspan='4'>第二十条第（五）项</td></tr><tr><td>信息内容</td><td colspan='3'>本年处理决定数量</td></tr>"
        + f"<tr><td>行政许可</td><td colspan='3'>{p['administrative_licensing']['decisions']}</td></tr>"
        + "<tr><td colspan='4'>第二十条第（六）项</td></tr>"
        + f"<tr><td>行政处罚</td><td colspan='3'>{p['administrative_penalty']['decisions']}</td></tr>"
        + f"<tr><td>行政强制</td><td colspan='3'>{p['administrative_coercion']['decisions']}</td></tr>"
        + "<tr><td colspan='4'>第二十条第（八）项</td></tr><tr><td>信息内容</td><td colspan='3'>本年收费金额（单位：万元）</td></tr>"
        + f"<tr><td>行政事业性收费</td><td colspan='3'>{p['administrative_fees']['amount_10k_yuan']}</td></tr></table>"
    )
    a = truth["appeals"]
    outcome_labels = {o.key: o.label_zh for o in template.appeal_outcomes()}
    heads = "".join(f"<td>{outcome_labels[o]}</td>" for o in appeal_outcomes)
    t4 = (
        "<table border='1'><tr><td colspan='5' rowspan='2'>行政复议</td><td colspan='10'>行政诉讼</td></tr>"
        "<tr><td colspan='5'>未经复议直接起诉</td><td colspan='5'>复议后起诉</td></tr>"
        "<tr>" + heads * 3 + "</tr>"
        "<tr>" + "".join(_cell(a[p][o]) for p in template.APPEAL_PROCEEDING_KEYS for o in appeal_outcomes)
        + "</tr></table>"
    )
    body = (
        f"<h1>{truth['agency']}{truth['year']}年度政府信息公开工作年度报告</h1>"
        f"<p>{preface}本报告中所列数据的统计期限为{truth['year']}年1月1日至12月31日。</p>"
        "<p>二、主动公开政府信息情况</p>" + t2
        + "<p>三、收到和处理政府信息公开申请情况</p>"
        + (transposed_table_three(truth) if transposed else table_three(truth, order, extra_after_members, collapse_other))
        + "<p>四、政府信息公开行政复议、行政诉讼情况</p>" + t4
        + "<p>五、存在的主要问题及改进情况</p><p>无。</p>"
    )
    if layout_table:
        body = f"<table><tr><td>{body}</td></tr></table>"
    return f"<html><head><meta charset='utf-8'></head><body>{body}</body></html>"


def flattened_text(truth: dict) -> str:
    """The report as a portal's text dump prints it: one line, labels glued to numbers, the last two
    numbers of every table-三 row run together (``0 0 0 0 0 00``), the next row's ordinal glued on."""
    p = truth["proactive"]

    def num(v: object) -> str:
        return "" if v is None else str(v)

    t2 = (
        "第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数"
        + "".join(lab + "".join(num(p[k][m]) for m in ("issued", "repealed", "in_force"))
                  for k, lab in (("rules", "规章"), ("normative_documents", "行政规范性文件")))
        + "第二十条第（五）项信息内容本年处理决定数量行政许可" + num(p["administrative_licensing"]["decisions"])
        + "第二十条第（六）项信息内容本年处理决定数量行政处罚" + num(p["administrative_penalty"]["decisions"])
        + "行政强制" + num(p["administrative_coercion"]["decisions"])
        + "第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费" + num(p["administrative_fees"]["amount_10k_yuan"])
    )
    rows = []
    for label, cols in _application_rows(truth, collapse_other=False):
        values = [num(cols[a]) for a in template.APPLICANT_KEYS]
        rows.append(label + " ".join(values[:-2]) + " " + values[-2] + values[-1])
    header = ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计"
              "商业企业科研机构社会公益组织法律服务机构其他")
    a = truth["appeals"]
    appeal_values = [num(a[pr][o]) for pr in template.APPEAL_PROCEEDING_KEYS for o in template.APPEAL_OUTCOME_KEYS]
    t4 = ("行政复议行政诉讼" + "结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉"
          + "结果维持结果纠正其他结果尚未审结总计" * 2 + " " + " ".join(appeal_values))
    return (
        f"{truth['agency']}{truth['year']}年度政府信息公开工作年度报告\n"
        f"本报告所列数据的统计期限自{truth['year']}年1月1日起至{truth['year']}年12月31日止。一、总体情况略。"
        "二、主动公开政府信息情况 " + t2 + "三、收到和处理政府信息公开申请情况" + header + "".join(rows)
        + "四、政府信息公开行政复议、行政诉讼情况" + t4 + "五、存在的主要问题及改进情况无。\n"
    )


def nest_docx(data: bytes) -> bytes:
    """The DOCX with its whole body moved into one cell of a 1×1 layout table (as some portals'
    Word templates do), the section properties left where Word keeps them."""
    import zipfile
    from io import BytesIO

    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    src = zipfile.ZipFile(BytesIO(data))
    root = etree.fromstring(src.read("word/document.xml"))
    body = root.find(f"{w}body")
    children = [c for c in body if c.tag != f"{w}sectPr"]
    tbl = etree.Element(f"{w}tbl")
    tc = etree.SubElement(etree.SubElement(tbl, f"{w}tr"), f"{w}tc")
    for child in children:
        body.remove(child)
        tc.append(child)
    etree.SubElement(tc, f"{w}p")
    body.insert(0, tbl)
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            payload = etree.tostring(root) if item.filename == "word/document.xml" else src.read(item.filename)
            dst.writestr(item, payload)
    return out.getvalue()


def transposed_table_three(truth: dict) -> str:
    """Table 三 turned: applicant types as rows (the five under 法人或其他组织), outcome rows as
    three levels of column headers, as some agencies print it."""
    rows = template.application_rows(include_groups=True)
    top = [r for r in rows if not r.parent]
    results = [r for r in rows if r.parent == "results"]

    def leaves(group: str) -> list:
        return [r for r in rows if r.parent == group]

    h1, h2, h3, order = [], [], [], []
    for r in top:
        if r.kind == "row":
            h1.append(f"<td rowspan='3'>{r.ordinal}{r.label_zh}</td>")
            order.append(r.key)
            continue
        width = sum(len(leaves(g.key)) or 1 for g in results)
        h1.append(f"<td colspan='{width}'>{r.ordinal}{r.label_zh}</td>")
        for g in results:
            kids = leaves(g.key) if g.kind == "group" else []
            if kids:
                h2.append(f"<td colspan='{len(kids)}'>{g.ordinal}{g.label_zh}</td>")
                h3.extend(f"<td>{k.ordinal}{k.label_zh}</td>" for k in kids)
                order.extend(k.key for k in kids)
            else:
                h2.append(f"<td rowspan='2'>{g.ordinal}{g.label_zh}</td>")
                order.append(g.key)
    body = []
    for t in template.applicant_types():
        label = f"<td>法人或其他组织</td><td>{t.label_zh}</td>" if t.parent else f"<td colspan='2'>{t.label_zh}</td>"
        body.append("<tr>" + label + "".join(_cell(truth["applications"][k][t.key]) for k in order) + "</tr>")
    return (
        "<table border='1'><tr><td colspan='2' rowspan='3'>申请人情况</td>" + "".join(h1) + "</tr>"
        f"<tr>{''.join(h2)}</tr><tr>{''.join(h3)}</tr>{''.join(body)}</table>"
    )
