"""Turn the text of a numeric cell into a number or null, keeping what was printed.

Reports print counts as ``7``, ``７``, ``1,234``, ``5件``; empty cells as nothing, ``—``, ``/`` or
``无``. Null is never zero: a blank cell is ``None`` so the checks can tell it from a printed 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.textnorm import CACHED_LENGTH, norm

_NUMBER = re.compile(
    r"^(?P<sign>[+-]|增加?|减少?)?(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
    r"(?P<unit>件|条|个|项|次|人次|份|笔|家|万元|元)?$"
)  # 2019 本年增/减 prints +1, 减12, 增加3
_BLANKS = frozenset({"", "-", "--", "—", "——", "–", "―", "─", "/", "//", "\\", "无", "空", "null", "N/A", "n/a", "×", "x"})


@dataclass(frozen=True, slots=True)
class CellValue:
    """A parsed numeric cell: ``number`` is None for a blank; ``unit`` is what followed the digits."""

    number: int | float | None
    unit: str = ""

    @property
    def is_blank(self) -> bool:
        return self.number is None


def parse_cell(text: str) -> CellValue | None:
    """The value of a cell, or None when the text is not a numeric/blank cell at all (a label)."""
    return _parse_short(text) if len(text) <= CACHED_LENGTH else _parse(text)


@lru_cache(maxsize=1 << 16)  # short cell texts recur in every report; prose is not memoised
def _parse_short(text: str) -> CellValue | None:
    return _parse(text)


def _parse(text: str) -> CellValue | None:
    compact = norm(text)
    if compact in _BLANKS:
        return CellValue(None)
    match = _NUMBER.match(compact)
    if not match:
        return None
    digits = match.group("num").replace(",", "")
    fractional = "." in digits and digits.split(".")[1].strip("0") != ""
    number: int | float = float(digits) if fractional else int(float(digits))
    if (match.group("sign") or "").startswith(("-", "减")):
        number = -number
    return CellValue(number, match.group("unit") or "")
