"""Re-segment a table that was flattened into one run of text (crawler and converter text dumps).

Portal text dumps print a whole report on one line: ``…现行有效件数规章000行政规范性文件008…`` and
``一、本年新收政府信息公开申请数量0 0 0 0 0 00二、上年结转…``. Labels, numbers and even the next row's
ordinal run together. Such a paragraph is cut back into tokens: runs of numbers become value tokens
(an ordinal digit glued to the last value, ``002.其他``, is given back to the label), sentences
ending in 。 stay prose, and the rest is split at the template's own labels (longest first) and
its numbering, so the table engine sees cells again. Digits glued into one token (``00`` for two
cells) are marked; the engine splits them only where a single split exists or the template's
identities single one out (``pipeline.parse.glued``).
"""

from __future__ import annotations

import re
from functools import cache

from pipeline import template
from pipeline.textnorm import nfkc, norm

_NUMBER = r"\d+(?:\.\d+)?"
_SIGNED = r"[+\-]?\d+(?:\.\d+)?"  # 2019 本年增/减 prints +1, glued as 0+11
_VALUES = re.compile(
    rf"(?<![\d.第])({_NUMBER}(?:(?:[ \u00a0\u3000]+|(?=[+\-]\d)){_SIGNED})*)"
    r"(?![\d年月日号%‰条件个项次时点天期余~\-—:/])"
)
_ORDINAL_NEXT = re.compile(r"\.[\u4e00-\u9fff]")
_MARKER = re.compile(r"[一二三四五六七八九十]+[.、]|\([一二三四五六七八九十]+\)|\d\.(?=[^\d])")
_SIGNS = ("本年新收", "结转下年度", "予以公开", "本年制发件数", "结果维持")
_EXTRA_LABELS = ("申请人情况", "信息内容", "行政诉讼")


@cache
def _keywords() -> tuple[str, ...]:
    """Every label the templates print, normalised, longest first."""
    words: set[str] = {norm(w) for w in _EXTRA_LABELS}
    for v in template.VERSIONS:
        for r in template.application_rows(include_groups=True, version=v):
            words |= set(r.keywords) | {norm(r.label_zh)}
        for t in template.applicant_types(v):
            words |= set(t.keywords) | {norm(t.label_zh)}
        for c in template.column_labels(v):
            words |= set(c.keywords)
        for i in template.proactive_items(v):
            words |= set(i.keywords) | {norm(i.label_zh), norm(i.block)}
        for m in template.proactive_measures(v):
            words.add(norm(m.label_zh))
        for x in (*template.appeal_proceedings(v), *template.appeal_outcomes(v)):
            words |= set(x.keywords) | {norm(x.label_zh)}
    return tuple(sorted((w for w in words if len(w) >= 2), key=len, reverse=True))


def is_flattened(text: str) -> bool:
    """A long paragraph that holds table rows: several template labels followed by numbers."""
    compact = norm(text)
    return len(compact) > 120 and sum(s in compact for s in _SIGNS) >= 2 and bool(_VALUES.search(compact))


def _split_labels(text: str) -> list[str]:
    """A label run cut at the template's numbering and labels (longest match first)."""
    out: list[str] = []
    buf = ""
    i = 0
    keywords = _keywords()
    while i < len(text):
        marker = _MARKER.match(text, i)
        if marker:
            if buf:
                out.append(buf)
            buf, i = marker.group(0), marker.end()
            continue
        word = next((k for k in keywords if text.startswith(k, i)), None)
        if word:
            if buf and not _MARKER.fullmatch(buf):
                out.append(buf)
                buf = ""
            out.append(buf + word)
            buf, i = "", i + len(word)
            continue
        buf += text[i]
        i += 1
    if buf:
        out.append(buf)
    return out


def _text_pieces(text: str) -> list[tuple[str, str]]:
    """("prose" | "label", text) pieces of the text between two runs of numbers."""
    pieces: list[tuple[str, str]] = []
    sentences = re.split(r"(?<=。)", text)
    for sentence in sentences:
        if not sentence.strip():
            continue
        if sentence.endswith("。"):
            pieces.append(("prose", sentence))
            continue
        pieces.extend(("label", part) for part in _split_labels(norm(sentence)) if part)
    return pieces


def segment(text: str) -> list[tuple[str, str]]:
    """The flattened text as ("prose" | "label" | "values", text) pieces in reading order."""
    text = nfkc(text)
    out: list[tuple[str, str]] = []
    pos = 0
    carry = ""
    for m in _VALUES.finditer(text):
        start, end = m.span(1)
        values = m.group(1)
        if _ORDINAL_NEXT.match(text, end):  # 0 0 0 0 0 002.其他…: the last digit is the next row's 2.
            values, end = values[:-1].rstrip(), end - 1
        if not values:
            continue
        out.extend(_text_pieces(carry + text[pos:start]))
        out.append(("values", values))
        carry, pos = "", end
    out.extend(_text_pieces(carry + text[pos:]))
    return out
