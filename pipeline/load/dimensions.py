"""Dimension rows: the template's members (from ``pipeline.template``) and agencies by name.

The template dimensions are rebuilt from the CSVs on every load, so a label fix there reaches the
warehouse on the next run. ``dim_agency`` tells province, city, county and level from the name
alone, by a few rules: a table of province names, the 市/区/县/旗 suffixes, and the shapes of
national ministries. A name that does not say is left null rather than guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import duckdb
import pyarrow as pa

from pipeline.template import (
    CURRENT,
    VERSIONS,
    appeal_outcomes,
    appeal_proceedings,
    applicant_types,
    application_rows,
    proactive_items,
    proactive_measures,
)

MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
PROVINCES = MUNICIPALITIES + (
    "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省", "江苏省", "浙江省", "安徽省", "福建省",
    "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "海南省", "四川省", "贵州省",
    "云南省", "陕西省", "甘肃省", "青海省", "台湾省", "内蒙古自治区", "广西壮族自治区", "西藏自治区",
    "宁夏回族自治区", "新疆维吾尔自治区", "香港特别行政区", "澳门特别行政区",
)
_SHORT = {p: re.sub(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$", "", p) for p in PROVINCES}
# A place name never contains these: they start the department part (人力资源和社会保障局, 委员会, …).
_NOT_PLACE = "局委办厅部院会处科所站队司署中心"
_CITY = re.compile(rf"^([^{_NOT_PLACE}]{{1,9}}?(?:自治州|地区|市|盟))")
_COUNTY = re.compile(rf"^([^{_NOT_PLACE}]{{1,9}}?(?:自治县|自治旗|区|县|旗|市))")
_NATIONAL = re.compile(r"^(国家|中国|中华人民共和国|国务院)|^[^省市县区州旗]{1,8}(部|委员会|总局|署)$")


@dataclass(frozen=True)
class Agency:
    agency: str
    province: str | None
    city: str | None
    county: str | None
    admin_level: str
    department: str | None
    division_code: str | None = None  # national administrative division code (GB/T 2260) of the place


def _province(name: str) -> tuple[str | None, str]:
    """The province the name starts with (full or short form) and the rest of the name."""
    for full in PROVINCES:
        if name.startswith(full):
            return full, name[len(full):]
    for full, short in _SHORT.items():
        rest = name[len(short):]
        # 吉林市 is a city in 吉林省: a short form followed by a place suffix is not the province.
        if name.startswith(short) and rest and rest[0] not in "市州县区盟旗":
            return full, rest
    return None, name


def _by_rules(name: str) -> Agency:
    """Place and level from the name's own structure (province, then city, then county prefix)."""
    province, rest = _province(name)
    if province is None and _NATIONAL.search(name):
        return Agency(name, None, None, None, "national", name)
    city = county = None
    if province in MUNICIPALITIES:
        city = province
    elif m := _CITY.match(rest):
        city, rest = m.group(1), rest[m.end():]
    if m := _COUNTY.match(rest):
        county, rest = m.group(1), rest[m.end():]
    level = "county" if county else "city" if city else "province" if province else "unknown"
    return Agency(name, province, city, county, level, rest or None)


def _gazetteer(names: list[str]) -> list[tuple[str | None, str | None, str | None, str | None]]:
    """(province, city, county) of each name from the national division codes (cpca's gazetteer),
    so that ``平湖市…`` is known to sit in 浙江省 嘉兴市 although the name does not say so."""
    import cpca

    frame = cpca.transform(names)
    out = []
    for province, city, county, code in frame[["省", "市", "区", "adcode"]].itertuples(index=False, name=None):
        province = province if isinstance(province, str) else None
        city = city if isinstance(city, str) and city not in ("市辖区", "县", "省直辖县级行政区划") else None
        county = county if isinstance(county, str) else None
        code = str(code) if isinstance(code, str | int) and str(code).isdigit() else None
        out.append((province, province if province in MUNICIPALITIES else city, county, code))
    return out


def _combine(ruled: Agency, found: tuple[str | None, str | None, str | None, str | None]) -> Agency:
    """The name's own structure first; the gazetteer fills in the levels the name leaves out."""
    if ruled.admin_level == "national" and not any(found):
        return ruled
    province = ruled.province or found[0]
    if ruled.city and ruled.county is None and ruled.city == found[2]:
        city, county = found[1], ruled.city  # 平湖市 is a county-level city of 嘉兴市
    else:
        city = ruled.city or (found[1] if province == found[0] else None)
        county = ruled.county or (found[2] if city == found[1] and ruled.city is None else None)
    level = "county" if county else "city" if city else "province" if province else "unknown"
    code = found[3] if (province, city, county) == (found[0], found[1], found[2]) else None
    return Agency(ruled.agency, province, city, county, level, ruled.department, code)


def parse_agency(name: str) -> Agency:
    """Place and level of an agency, as far as its name and the gazetteer tell (nulls otherwise)."""
    return _combine(_by_rules(name), _gazetteer([name])[0])


def agency_rows(names: list[str]) -> list[dict[str, Any]]:
    """``dim_agency`` rows for the distinct non-empty names given."""
    distinct = sorted({n for n in names if n})
    found = _gazetteer(distinct) if distinct else []
    return [asdict(_combine(_by_rules(n), f)) for n, f in zip(distinct, found, strict=True)]


def _union(members: Callable[[str], tuple[Any, ...]]) -> list[tuple[Any, list[str]]]:
    """Each member key once across the template versions (newest definition first), with the
    versions that have it; members only an older version has sort after the current ones."""
    seen: dict[str, tuple[Any, list[str]]] = {}
    for version in VERSIONS:
        for m in members(version):
            if m.key in seen:
                seen[m.key][1].append(version)
            else:
                seen[m.key] = (m, [version])
    return list(seen.values())


def _order(m: Any, versions: list[str]) -> int:
    return m.sort_order if CURRENT in versions else 100 + m.sort_order


def template_rows() -> dict[str, list[dict[str, Any]]]:
    """Rows of every template dimension table (all versions), keyed by table name."""
    return {
        "dim_application_category": [
            {"category": r.key, "sort_order": _order(r, vs), "kind": r.kind, "parent": r.parent or None,
             "ordinal": r.ordinal or None, "label_zh": r.label_zh, "label_en": r.label_en,
             "is_outcome": r.is_outcome, "template_versions": vs}
            for r, vs in _union(lambda v: application_rows(include_groups=True, version=v))
        ],
        "dim_applicant_type": [
            {"applicant_type": t.key, "sort_order": t.sort_order, "parent": t.parent or None,
             "label_zh": t.label_zh, "label_en": t.label_en, "template_versions": vs}
            for t, vs in _union(applicant_types)
        ],
        "dim_proactive_item": [
            {"item": i.key, "sort_order": _order(i, vs), "block": i.block, "label_zh": i.label_zh,
             "label_en": i.label_en, "measures": list(dict.fromkeys(
                 m for v in vs for p in proactive_items(v) if p.key == i.key for m in p.measures)),
             "template_versions": vs}
            for i, vs in _union(proactive_items)
        ],
        "dim_proactive_measure": [
            {"measure": m.key, "sort_order": _order(m, vs), "label_zh": m.label_zh, "label_en": m.label_en,
             "unit": m.unit or None, "template_versions": vs}
            for m, vs in _union(proactive_measures)
        ],
        "dim_appeal_proceeding": [
            {"proceeding": p.key, "sort_order": p.sort_order, "parent": p.parent or None,
             "label_zh": p.label_zh, "label_en": p.label_en, "template_versions": vs}
            for p, vs in _union(appeal_proceedings)
        ],
        "dim_appeal_outcome": [
            {"outcome": o.key, "sort_order": o.sort_order, "label_zh": o.label_zh, "label_en": o.label_en,
             "template_versions": vs}
            for o, vs in _union(appeal_outcomes)
        ],
    }


def insert_arrow(con: duckdb.DuckDBPyConnection, table: str, data: pa.Table) -> None:
    """Insert an Arrow table by column name (nothing for an empty one)."""
    if data.num_rows:
        con.register("_rows", data)
        cols = ", ".join(data.column_names)
        con.execute(f"insert into {table} ({cols}) select {cols} from _rows")
        con.unregister("_rows")


def replace_template_dimensions(con: duckdb.DuckDBPyConnection) -> None:
    """Rewrite every template dimension table from the template CSVs (inside the caller's transaction)."""
    for table, rows in template_rows().items():
        con.execute(f"delete from {table}")
        insert_arrow(con, table, pa.Table.from_pylist(rows))


_PARSED_AGENCIES = "select distinct agency from reports where status = 'parsed' and agency is not null"


def refresh_agencies(con: duckdb.DuckDBPyConnection, batch_size: int = 5000) -> int:
    """Bring ``dim_agency`` in line with the loaded reports: rows for new names are added in batches
    (memory stays flat however many agencies), names no parsed report carries any more are dropped.
    Returns the number of names added."""
    con.execute(f"delete from dim_agency where agency not in ({_PARSED_AGENCIES})")
    new = [r[0] for r in con.execute(
        f"{_PARSED_AGENCIES} and agency not in (select agency from dim_agency) order by 1").fetchall()]
    for start in range(0, len(new), batch_size):
        insert_arrow(con, "dim_agency", pa.Table.from_pylist(agency_rows(new[start:start + batch_size])))
    return len(new)
