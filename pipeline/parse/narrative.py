"""Headline figures the prose states about the tables (收到…申请7件, 予以公开2件, 现行有效…38件).

Each pattern is data: the contract path it speaks about, the ``scope`` of what it counts, and a
regular expression over the normalised sentence. ``受理``/``办理`` may count new plus carried-over
applications or the handled total, so such figures get scope ``handled`` and the checks accept
either reading; nothing here is compared, only recorded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_SEP = r"[^,;。:\d]"  # stay inside one clause
_N = r"(?P<n>\d+)"


@dataclass(frozen=True)
class Pattern:
    location: str
    scope: str
    regex: re.Pattern[str]
    fixed: int | None = None  # for "未收到…申请" style statements of zero


def _p(location: str, scope: str, regex: str, fixed: int | None = None) -> Pattern:
    return Pattern(location, scope, re.compile(regex), fixed)


PATTERNS: tuple[Pattern, ...] = (
    _p("applications.new_received.total", "new_received", rf"(?:收到|新收|接收|共收)(?!.{{0,3}}结转){_SEP}{{0,16}}申请{_SEP}{{0,6}}?{_N}(?:件|个|条)"),
    _p("applications.new_received.total", "new_received", r"(?:未收到|没有收到|未接到|无)(?:任何)?(?:政府)?(?:信息)?(?:公开)?(?:的)?(?:依)?申请", fixed=0),
    _p("applications.new_received.total", "handled", rf"(?:受理|办理|办结|答复){_SEP}{{0,12}}申请{_SEP}{{0,6}}?{_N}(?:件|个|条)"),
    _p("applications.carried_over.total", "carried_over", rf"上年(?:度)?结转{_SEP}{{0,12}}?{_N}件"),
    _p("applications.carried_forward.total", "carried_forward", rf"结转(?:至|到)?下(?:一)?年(?:度)?{_SEP}{{0,12}}?{_N}件"),
    _p("applications.granted.total", "granted", rf"(?<!部分)(?<!不)(?:予以公开|准予公开|同意公开|全部公开){_SEP}{{0,3}}?{_N}件"),
    _p("applications.partially_granted.total", "partially_granted", rf"部分公开{_SEP}{{0,3}}?{_N}件"),
    _p("applications.denied", "denied", rf"不予公开{_SEP}{{0,3}}?{_N}件"),
    _p("applications.unavailable", "unavailable", rf"无法提供{_SEP}{{0,3}}?{_N}件"),
    _p("applications.not_processed", "not_processed", rf"不予处理{_SEP}{{0,3}}?{_N}件"),
    _p("applications.not_processed.repeated_request.total", "repeated_request", rf"重复申请{_SEP}{{0,3}}?{_N}件"),
    _p("appeals.administrative_review.total", "administrative_review", rf"行政复议{_SEP}{{0,6}}?{_N}(?:件|起|宗)"),
    _p("appeals.litigation", "litigation", rf"行政诉讼{_SEP}{{0,6}}?{_N}(?:件|起|宗)"),
    _p("proactive.normative_documents.in_force", "in_force", rf"现行有效{_SEP}{{0,12}}?{_N}(?:件|个|份)"),
    _p("proactive.normative_documents.issued", "issued", rf"(?:制发|出台|印发|制定){_SEP}{{0,6}}规范性文件{_SEP}{{0,3}}?{_N}(?:件|个|份)"),
    _p("proactive.administrative_licensing.decisions", "decisions", rf"行政许可{_SEP}{{0,8}}?{_N}(?:件|个|项)"),
    _p("proactive.administrative_penalty.decisions", "decisions", rf"行政处罚{_SEP}{{0,8}}?{_N}(?:件|个|项)"),
)


@dataclass(frozen=True)
class Figure:
    location: str
    scope: str
    value: int
    unit: str
    text: str
    where: str

    def as_dict(self) -> dict[str, object]:
        return {
            "location": self.location,
            "scope": self.scope,
            "value": self.value,
            "unit": self.unit,
            "text": self.text,
            "where": self.where,
        }


def extract_figures(paragraphs: Iterable[tuple[str, str]]) -> list[Figure]:
    """Figures from prose paragraphs ``(normalised text, where)``; one per pattern and clause."""
    out: list[Figure] = []
    seen: set[tuple[str, str, int, str]] = set()
    for text, where in paragraphs:
        for pattern in PATTERNS:
            for m in pattern.regex.finditer(text):
                value = pattern.fixed if pattern.fixed is not None else int(m.group("n"))
                unit = "" if pattern.fixed is not None else text[m.end() - 1]
                key = (pattern.location, pattern.scope, value, where)
                if key in seen:
                    continue
                seen.add(key)
                out.append(Figure(pattern.location, pattern.scope, value, unit, m.group(0), where))
    return out
