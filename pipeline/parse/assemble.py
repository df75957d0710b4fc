"""From a Document to the contract JSON: zones → table instances → cells, meta and prose figures."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline import template
from pipeline.errors import (
    AgencyNotFoundError,
    NotAReportError,
    TruncatedReportError,
    UnsupportedTemplateError,
    YearNotFoundError,
)
from pipeline.parse import specs
from pipeline.parse.meta import detect_version, find_meta
from pipeline.parse.narrative import extract_figures
from pipeline.parse.tables import Instance, TableSpec, scan_table
from pipeline.parse.tokens import Token, tokenize
from pipeline.parse.transposed import transposed_instance
from pipeline.parse.version import parser_version
from pipeline.parse.zones import assign_zones
from pipeline.read import read_bytes
from pipeline.read.model import Document, Paragraph

PARSER_VERSION = parser_version()
_ZONE_NAMES = {"proactive": "二 主动公开", "applications": "三 收到和处理申请", "appeals": "四 复议诉讼"}


def _warn(warnings: list[dict], code: str, location: str, message: str) -> None:
    warnings.append({"code": code, "location": location, "message": message})


def _pick(instances: list[Instance], spec: TableSpec, warnings: list[dict]) -> Instance | None:
    """The most complete instance (the first among equals); differing duplicates are a warning."""
    if not instances:
        return None
    primary = max(instances, key=lambda inst: (len(inst.rows), -inst.first))
    mine = primary.values()
    for other in instances:
        if other is primary:
            continue
        theirs = other.values()
        differs = [k for k in theirs if k in mine and theirs[k] != mine[k]]
        if differs:
            _warn(
                warnings,
                "table_conflict",
                spec.section,
                f"table {spec.title} appears {len(instances)} times with different numbers "
                f"(rows {', '.join(differs[:3])}…); the most complete one is used",
            )
            break
    return primary


def _cells(instance: Instance, section: str) -> Iterator[tuple[str, str, Token | None]]:
    """``(row, column, token)`` of each cell; appeals rows are split into proceeding.outcome."""
    appeals = section == "appeals"
    for row in instance.rows.values():
        for column, token in zip(row.spec.columns, row.cells, strict=True):
            yield (*column.split("."), token) if appeals else (row.spec.key, column, token)  # type: ignore[misc]


def _fill(body: dict, section: str, instance: Instance | None, provenance: dict, warnings: list[dict]) -> set[str]:
    """Write the instance's cells into ``body[section]``; returns the row keys found."""
    if instance is None:
        return set()
    table = body[section]
    found: set[str] = set()
    for row, column, token in _cells(instance, section):
        cells = table.get(row)
        if cells is None or column not in cells:
            continue
        found.add(row)
        if token is None:
            continue
        value = token.value
        number = value.number if value else None
        cells[column] = number
        key = f"{section}.{row}.{column}"
        provenance[key] = {"where": token.where, "raw": token.text}
        if value and value.unit:
            provenance[key]["unit"] = value.unit
        if isinstance(number, float) and not (section == "proactive" and column in template.DECIMAL_MEASURES):
            _warn(warnings, "non_integer", key, f"count printed as {token.text!r}")
        if value and value.unit in ("元",) and column == "amount_10k_yuan":
            _warn(warnings, "unit_in_cell", key, f"cell {token.text!r} states 元, template unit is 万元")
    return found


def _expected_rows(section: str, version: str = template.CURRENT, found: set[str] = frozenset()) -> tuple[str, ...]:
    """The rows the version's table prints; a collapsed group stands for its sub-rows."""
    if section == "proactive":
        return tuple(i.key for i in template.proactive_items(version))
    if section == "appeals":
        return template.APPEAL_PROCEEDING_KEYS
    rows = template.application_rows(include_groups=True, version=version)
    collapsed = {r.key for r in rows if r.kind == "group" and r.collapsible and r.key in found}
    return tuple(r.key for r in rows if (r.kind == "row" and r.parent not in collapsed) or r.key in collapsed)


def _check_truncation(
    section: str, instance: Instance | None, tokens: list[Token], found: set[str], version: str
) -> None:
    if instance is None:
        return
    expected = _expected_rows(section, version, found)
    missing = [k for k in expected if k not in found]
    if not missing:
        return
    last_found = max((expected.index(k) for k in found if k in expected), default=-1)
    tail_missing = all(expected.index(k) > last_found for k in missing)
    trailing = [t for t in tokens[instance.last + 1 :] if t.kind != "value"]
    if tail_missing and not trailing:
        raise TruncatedReportError(
            f"table {_ZONE_NAMES[section]} stops after row {expected[last_found]!r} "
            f"({len(missing)} rows missing) and the document ends there: truncated file?"
        )


def parse_document(doc: Document) -> dict[str, Any]:
    """Parse one Document into the contract JSON (plus provenance, warnings and prose figures)."""
    tokens = tokenize(doc)
    zones = assign_zones(tokens)
    full_norm = "".join(t.norm for t in tokens)
    detected, seen = detect_version(full_norm)
    if detected == "pre2019":
        raise UnsupportedTemplateError(
            f"a pre-2019 free-form report (2007 Regulations): found {', '.join(seen[:3])}; "
            "only the 2021 and 2019 templates are parsed"
        )
    version = detected or template.CURRENT

    warnings: list[dict] = []
    provenance: dict[str, dict[str, str]] = {}
    body = template.empty_report_body(version)
    tables_seen = 0
    tables_found: set[str] = set()
    zone_tokens: dict[str, list[Token]] = {z: [] for z in (*_ZONE_NAMES, "")}
    for tok, zone in zip(tokens, zones, strict=True):
        zone_tokens[zone].append(tok)
    table_specs = {
        "proactive": specs.proactive_spec(version),
        "applications": specs.applications_spec(),
        "appeals": specs.appeals_spec(),
    }
    for section, spec in table_specs.items():
        ztoks = zone_tokens[section]
        instances, problems = scan_table(spec, ztoks)
        if section == "applications":
            turned, turned_problems = transposed_instance(spec, ztoks)
            if turned is not None or turned_problems:
                instances, problems = ([turned] if turned else []), turned_problems
        for p in problems:
            _warn(warnings, p.code, f"{section}.{p.key}" if p.key else section, p.message)
        instance = _pick(instances, spec, warnings)
        found = _fill(body, section, instance, provenance, warnings)
        _check_truncation(section, instance, ztoks, found, version)
        if found:
            tables_seen += 1
            tables_found.add(section)
        _warn_collapsed(section, found, version, warnings)
        for row in _expected_rows(section, version, found):
            if row not in found:
                what = "table not found" if not found else "row not found"
                _warn(warnings, "row_not_found", f"{section}.{row}", f"{what}: {section}.{row} left empty")

    if 0 < tables_seen < len(table_specs) and zones and zones[-1]:
        absent = [spec.title for spec in table_specs.values() if spec.section not in tables_found]
        raise TruncatedReportError(
            f"the document ends in section {table_specs[zones[-1]].title} while table(s) "
            f"{', '.join(absent)} are missing: truncated file?"
        )
    lines = [(t.text, t.where) for t in tokens if t.kind != "value"]
    meta = find_meta(lines)
    if (meta.agency is None or meta.year is None) and doc.meta.get("title"):
        # a portal prints the title in page chrome outside the report's content: the page <title>
        # (平潭综合实验区行政审批局2023年政府信息公开工作年度报告_政府信息公开年报_…) names it
        meta = find_meta([(doc.meta["title"].split("_")[0], "page title"), *lines])
    if tables_seen == 0:
        if meta.agency:
            raise NotAReportError(
                f"no template table found (titled {meta.agency} {meta.year}); a list page or a report without tables?"
            )
        raise NotAReportError("no annual report found: no 政府信息公开工作年度报告 title and none of the template tables")
    if detected is None:
        _warn(warnings, "version_unknown", "", "no 2021-template signature string found; parsed as the 2021 template")
    if meta.agency is None:
        raise AgencyNotFoundError(
            "no issuing body found: the title, the 本报告由…编制 sentence and the signature name none "
            "(未能从标题、正文或落款识别报告机关)"
        )
    if meta.year is None:
        raise YearNotFoundError("no report year in the title or the 统计期限 sentence (未能识别报告年度)")
    if meta.period_year and meta.period_year != meta.year:
        _warn(warnings, "year_mismatch", "year", f"title says {meta.year}, statistics period says {meta.period_year}")
    if meta.signature and meta.agency and meta.signature != meta.agency:
        _warn(warnings, "agency_mismatch", "agency", f"title names {meta.agency}, signature {meta.signature}")

    prose = [(t.norm, t.where) for t, z in zip(tokens, zones, strict=True) if t.kind == "prose" or (not z and t.kind == "label")]
    figures = [f.as_dict() for f in extract_figures(prose)]
    return {
        "agency": meta.agency,
        "agency_canonical": meta.canonical,
        "year": meta.year,
        "template_version": version,
        **body,
        "source": {"name": doc.source, "format": doc.format, "encoding": doc.encoding},
        "parser_version": PARSER_VERSION,
        "provenance": provenance,
        "warnings": warnings,
        "narrative": figures,
    }


def _warn_collapsed(section: str, found: set[str], version: str, warnings: list[dict]) -> None:
    """A 2021 group printed as one row: its value is kept under the group key, the sub-rows are null."""
    if section != "applications" or version != template.CURRENT:
        return
    for group in template.COLLAPSED_GROUPS:
        if group in found:
            _warn(
                warnings,
                "collapsed_group",
                f"applications.{group}",
                f"（六）其他处理 is printed as one row: its values are kept under applications.{group}; "
                "its sub-rows are null (合并为一行，分项为空)",
            )


def parse_bytes(data: bytes, name: str = "<bytes>", path: str | None = None) -> dict[str, Any]:
    """Read and parse raw bytes; the source block gets the hash and size (and the path, if given)."""
    report = parse_document(read_bytes(data, name))
    report["source"].update({"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)})
    if path is not None:
        report["source"].update({"path": path, "name": name})
    return report


def parse_file(path: str | Path) -> dict[str, Any]:
    """Read and parse one report file (size-checked before its bytes are loaded)."""
    from pipeline.read import check_size

    path = Path(path)
    check_size(path)
    return parse_bytes(path.read_bytes(), path.name, str(path))


__all__ = ["PARSER_VERSION", "Paragraph", "parse_bytes", "parse_document", "parse_file"]
