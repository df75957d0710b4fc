"""Text normalisation shared by readers, the parser and the template.

Chinese reports mix full-width and half-width forms, insert spaces and line breaks inside cells
and vary their quotes and list markers; labels are compared only after this normalisation.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_QUOTES = str.maketrans("", "", "“”‘’\"'「」『』")
_ENUM_COMMA = re.compile(r"(?<=[0-9一二三四五六七八九十])[、．]")


def clean(text: str) -> str:
    """Collapse every kind of whitespace to one space and strip; keeps the text readable."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


CACHED_LENGTH = 64  # labels and numbers recur in every report and are memoised; prose is not


def norm(text: str) -> str:
    """The comparison form: NFKC, no whitespace, no quotes, `1、`/`1．` written as `1.`."""
    return _norm_short(text) if len(text) <= CACHED_LENGTH else _norm_long(text)


@lru_cache(maxsize=1 << 16)
def _norm_short(text: str) -> str:
    return _norm(text)


@lru_cache(maxsize=8)
def _norm_long(text: str) -> str:
    """A paragraph is normalised by four readers of it in a row (flattened? a value? a label?):
    the last few are kept, so each is normalised once, while memory stays at eight paragraphs."""
    return _norm(text)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _SPACE.sub("", text).translate(_QUOTES)
    return _ENUM_COMMA.sub(".", text)
