"""Decode report bytes to text without silent mojibake.

Order: byte-order mark, the caller's hint (HTTP charset), a declared ``<meta>`` charset, strict
UTF-8, strict GB18030 (the superset of GBK/GB2312, which many portals serve undeclared), then
charset-normalizer above a confidence threshold. A decode that needs replacement characters beyond
a tiny share raises `UnreadableFileError` instead of handing garbage to the parser.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from pipeline.errors import UnreadableFileError

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
# GB2312 and GBK pages often use GB18030-only characters; decoding with the superset is safe.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}
MAX_REPLACEMENT_SHARE = 0.001
MIN_CONFIDENCE = 0.8  # charset-normalizer's "chaos" must stay under 1 - this


def _canonical(name: str) -> str | None:
    name = name.strip().lower()
    name = _SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charset(data: bytes) -> str | None:
    """The charset a ``<meta charset>`` or ``http-equiv`` tag declares in the first 4 KB."""
    match = _META.search(data[:4096])
    return _canonical(match.group(1).decode("ascii")) if match else None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _allowed(length: int) -> float:
    return max(2, length * MAX_REPLACEMENT_SHARE)


def _lenient(data: bytes, encoding: str, why: str) -> str:
    """Decode with replacement, but only if the damage is a few stray bytes."""
    text = data.decode(encoding, errors="replace")
    bad = text.count("\ufffd")
    if bad > _allowed(len(text)):
        raise UnreadableFileError(
            f"cannot decode as {encoding} ({why}): {bad} of {len(text)} characters are invalid; "
            "the file is damaged or in an unknown encoding"
        )
    return text


def decode_bytes(data: bytes, hint: str | None = None, *, html: bool = False) -> tuple[str, str]:
    """Text and the encoding used. ``hint`` is the HTTP charset; ``html`` also honours ``<meta>``."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _lenient(data, enc, "byte-order mark"), enc
    declared = [("HTTP charset", _canonical(hint) if hint else None)]
    if html:
        declared.append(("meta charset", declared_charset(data)))
    for _why, enc in declared:
        if enc:
            text = _strict(data, enc)
            if text is not None:
                return text, enc
    for enc in ("utf-8", "gb18030"):
        text = _strict(data, enc)
        if text is not None:
            return text, enc
    # a few damaged bytes: UTF-8 resynchronises after each, so the candidate with fewer
    # replacements is the real encoding; only then ask charset-normalizer for something else
    candidates = [(data.decode(enc, errors="replace").count("\ufffd"), i, enc) for i, enc in enumerate(("utf-8", "gb18030"))]
    bad, _, enc = min(candidates)
    if bad <= _allowed(len(data)):
        return _lenient(data, enc, "a few damaged bytes"), enc
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.chaos <= 1 - MIN_CONFIDENCE and best.encoding not in ("utf_8", "gb18030"):
        return _lenient(data, best.encoding, "detected"), best.encoding
    for why, enc in declared:  # a declared charset with a few bad bytes beats a guess
        if enc:
            return _lenient(data, enc, why), enc
    return _lenient(data, "utf-8", "undeclared, neither UTF-8 nor GB18030"), "utf-8"
