"""Who published the report, for which year, on which template version.

The agency and year come from the title (``平湖市人力资源和社会保障局2023年度政府信息公开工作年度报告``,
sometimes wrapped over several lines or preceded by breadcrumbs) and are cross-checked against the
statistics period sentence and the signature at the end.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline import template
from pipeline.textnorm import clean, norm

_TITLE_TAIL = r"(?:的)?(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:年度)?(?:报告|年报)"
_AGENCY = r"(?P<agency>[^\s,，。:：;；、()（）《》<>\"“”]{2,40}?)"
_TITLE_AGENCY_FIRST = re.compile(_AGENCY + r"\s?(?:关于)?(?P<year>(?:19|20)\d{2})\s?年(?:度)?" + _TITLE_TAIL)
_TITLE_YEAR_FIRST = re.compile(r"(?P<year>(?:19|20)\d{2})\s?年(?:度)?\s?" + _AGENCY + _TITLE_TAIL)
_PERIOD = re.compile(r"(?P<year>(?:19|20)\d{2})年1月1日(?:起)?(?:至|到|-|—|~)(?:(?P<end>(?:19|20)\d{2})年)?12月31日")
_ORGAN_SUFFIX = re.compile(
    r"(局|委员会|委|办公室|办|院|政府|厅|部|署|会|中心|处|室|队|所|站|分局|管委会|管理委员会|街道办事处|街道|镇|乡|公司|馆|团"
    r"|区|县|市|旗|州|盟|省)$"  # a region's name is an issuing body too: 平潭综合实验区, 某某县
)
# 本报告由淮安市洪泽区人民政府办公室编制 / 淮安市洪泽区人民政府2023年政府信息公开工作年度报告: names in the body
_BODY_NAME = re.compile(r"(?:本报告由|本年度报告由|报告由)(?P<name>[^\s,，。:：;；、()（）《》“”]{2,40}?)(?:根据|按照|依据|编制|依照|结合)")
_LEADING_JUNK = re.compile(
    r"^(?:.{0,12}?[〔\[［(（](?:19|20)\d{2}[〕\]］)）]\d{1,4}号)?(关于|印发|发布|公布|转发)*"  # 岚经发〔2020〕2号 …
)
_NOT_AGENCIES = frozenset({"政府", "人民政府", "本机关", "本单位", "我局", "本局", "我委", "我办", "年度"})
_DATE_LINE = re.compile(r"^(?:19|20)\d{2}年\d{1,2}月\d{1,2}日$")


@dataclass(frozen=True)
class Meta:
    agency: str | None
    year: int | None
    agency_where: str = ""
    period_year: int | None = None
    signature: str | None = None
    canonical: str | None = None  # the fullest form of the name the report prints (region included)


def _title_match(text: str) -> tuple[str, int] | None:
    for pattern in (_TITLE_AGENCY_FIRST, _TITLE_YEAR_FIRST):
        for m in pattern.finditer(text):
            agency = _LEADING_JUNK.sub("", m.group("agency"))
            if len(agency) >= 2 and agency not in _NOT_AGENCIES and _ORGAN_SUFFIX.search(agency):
                return agency, int(m.group("year"))
    return None


def find_meta(lines: Sequence[tuple[str, str]]) -> Meta:
    """``lines`` are (text, where) in reading order; the title is sought in the first 40."""
    head = [(clean(t), w) for t, w in lines[:40] if t.strip()]
    found: tuple[str, int, str] | None = None
    for i in range(len(head)):
        for size in (3, 2, 1):  # titles wrap over up to three lines; the earliest, fullest wins
            joined = "".join(t for t, _ in head[i : i + size])
            hit = _title_match(joined) if len(joined) <= 120 else None
            if hit:
                found = (hit[0], hit[1], head[i][1])
                break
        if found:
            break
    period = None
    for text, _ in lines:
        m = _PERIOD.search(norm(text))
        if m:
            period = int(m.group("year"))
            break
    signature = None
    tail = [clean(t) for t, _ in lines[-8:] if t.strip()]
    for i, text in enumerate(tail[:-1]):
        if _DATE_LINE.match(norm(tail[i + 1])) and _ORGAN_SUFFIX.search(text) and len(text) <= 40:
            signature = text
    agency = found[0] if found else signature
    year = found[1] if found else period
    canonical = _canonical(agency, [signature, *_body_names(lines)]) if agency else None
    return Meta(agency, year, found[2] if found else "", period, signature, canonical)


def _body_names(lines: Sequence[tuple[str, str]]) -> list[str]:
    """Agency names the body states (本报告由…编制), in reading order."""
    names = []
    for text, _ in lines[:80]:
        for m in _BODY_NAME.finditer(norm(text)):
            names.append(_LEADING_JUNK.sub("", m.group("name")))
    return names


def _canonical(agency: str, others: Sequence[str | None]) -> str:
    """The fullest printed form of ``agency``: a name from the body or signature that ends with it
    (淮安市洪泽区人民政府 for 洪泽区人民政府), or one it ends with plus an office suffix stripped
    (本报告由淮安市洪泽区人民政府办公室编制 names the government's office, which compiles for it)."""
    best = agency
    for name in others:
        if not name:
            continue
        for candidate in (name, re.sub(r"办公室$", "", name)):
            if candidate.endswith(best) and len(candidate) > len(best) and _ORGAN_SUFFIX.search(candidate):
                best = candidate
    return best


def detect_version(full_text_norm: str) -> tuple[str | None, list[str]]:
    """The template version and the strings that showed it.

    Table 二's column headers decide (the version with more of its own headers printed); reports
    reuse the other version's table 三 or quote the other notice in prose, so the weaker signature
    strings only decide when table 二's headers are not printed at all.
    """
    headers = {
        version: [s for s in strings if s in full_text_norm] for version, strings in template.version_table_headers().items()
    }
    best = max(("2021", "2019"), key=lambda v: len(headers[v]))
    if headers[best]:
        return best, headers[best]
    hits = {
        version: [s for s in signatures if s in full_text_norm]
        for version, signatures in template.version_signatures().items()
    }
    for version in ("2021", "2019", "pre2019"):
        if hits[version]:
            return version, hits[version]
    return None, []
