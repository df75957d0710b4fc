"""Which template table each token may belong to, from section headings and table anchors.

Headings (二、主动公开…, 三、收到和处理…, 四、…复议、行政诉讼…) open a zone; anchors inside the tables
(第二十条第（一）项, the 勾稽关系 note, a 行政复议 header cell) open it too, for reports whose
headings are missing or renumbered. Other numbered headings (五、存在的主要问题…) close it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.parse.tokens import Token

_NUMBERED = re.compile(r"^[一二三四五六七八九十]+\.")
_CLOSERS = ("总体情况", "存在的主要问题", "问题及改进", "改进情况", "其他需要报告", "下一步", "工作计划", "主要问题")
_HEADINGS: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("proactive", "二.", ("主动公开",), ()),
    ("applications", "三.", ("收到和处理", "申请情况", "依申请公开"), ("办理结果",)),
    ("appeals", "四.", ("复议", "诉讼"), ()),
)


def _heading_zone(tok: Token) -> str | None:
    text = tok.norm
    if tok.kind == "value" or not _NUMBERED.match(text) or len(text) > 40:
        return None
    for zone, prefix, needles, exclusions in _HEADINGS:
        if text.startswith(prefix) and any(n in text for n in needles) and not any(x in text for x in exclusions):
            return zone
    if any(c in text for c in _CLOSERS):
        return ""
    return None


def _anchor_zone(tok: Token, current: str) -> str | None:
    text = tok.norm
    if tok.kind != "label":
        return None
    if text.startswith("第二十条第"):
        return "proactive"
    if "勾稽关系" in text or text == "申请人情况" or ("本年新收" in text and current != "applications"):
        return "applications"
    if text == "行政复议" and current == "applications":
        return "appeals"
    return None


def assign_zones(tokens: Sequence[Token]) -> list[str]:
    """The zone of each token: ``proactive``, ``applications``, ``appeals`` or ``""`` (none)."""
    zones: list[str] = []
    current = ""
    for tok in tokens:
        if tok.kind == "value":  # most tokens; neither a heading nor an anchor
            zones.append(current)
            continue
        switched = _heading_zone(tok)
        if switched is None:
            switched = _anchor_zone(tok, current)
        if switched is not None:
            current = switched
        zones.append(current)
    return zones
