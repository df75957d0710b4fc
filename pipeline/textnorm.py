"""Text normalisation shared by readers, the parser and the template.

Chinese reports mix full-width and half-width forms, insert spaces and line breaks inside cells
and vary their quotes and list markers; labels are compared only after this normalisation.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_SPACE_OR_QUOTE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff“”‘’\"'「」『』]+")  # dropped from the comparison form
_ENUM_COMMA = re.compile(r"(?<=[0-9一二三四五六七八九十])[、．]")


# The full-width and half-width forms block (and the ideographic space) mapped to their NFKC forms:
# Chinese prose prints ，：（）％ in it, and those fail NFKC's quick check, sending the whole string
# through the slow path (about 145 ns a character against 2 after this table has been applied).
# (A regex with a lookup per match, because ``str.translate`` with a dict costs ~90 ns a character.)
_WIDE_FORMS = {chr(cp): unicodedata.normalize("NFKC", chr(cp)) for cp in (0x3000, *range(0xFF01, 0xFFEF))}
_WIDE = re.compile("[\u3000\uff01-\uffee]")


def _wide_form(match: re.Match[str]) -> str:
    return _WIDE_FORMS[match.group()]


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, fast on Chinese text: equal results, since NFKC of a
    string equals NFKC of it with some characters already replaced by their own NFKC forms."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", _WIDE.sub(_wide_form, text))


def clean(text: str) -> str:
    """Collapse every kind of whitespace to one space and strip; keeps the text readable."""
    return _SPACE.sub(" ", nfkc(text)).strip()


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
    text = nfkc(text)
    text = _SPACE_OR_QUOTE.sub("", text)
    return _ENUM_COMMA.sub(".", text)
