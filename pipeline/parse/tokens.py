"""Flatten a Document into a stream of classified tokens for the label-anchored table parser.

A token is one table cell or one paragraph. Its ``row`` tells which physical row it sits in, so
that empty cells can be told apart from placeholders of merged cells; paragraphs get a row of
their own. A paragraph such as ``行政许可  597`` (PDF text, aligned columns) is split into a label
token and value tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pipeline.parse.flat import is_flattened, segment
from pipeline.parse.values import CellValue, parse_cell
from pipeline.read.model import Document, Paragraph
from pipeline.textnorm import CACHED_LENGTH, clean, norm

MAX_LABEL_CHARS = 64  # the longest template label has 37 characters; longer text is prose
_TRAILING_NUMBERS = re.compile(r"^(?P<label>.*?[^\d\s.,])\s+(?P<nums>(?:[\d.,]+\s+)*[\d.,]+)$")

Kind = Literal["label", "value", "prose"]


@dataclass(slots=True)  # not frozen: built ~400 times a report, and frozen init is twice as slow
class Token:
    """One cell or paragraph: its text as printed, its comparison form and where it came from."""

    text: str
    norm: str
    kind: Kind
    where: str
    row: int
    value: CellValue | None = None
    heading: int = 0
    col: int = 0
    block: int = -1  # index of the grid table the cell sits in (absolute columns); -1 otherwise
    glued: bool = False  # digits of a flattened text dump that may hold several cells (``00``)
    span: int = 1  # columns a grid cell covers; 0 = a position covered by a merged cell

    @property
    def is_blank(self) -> bool:
        return self.kind == "value" and self.value is not None and self.value.number is None


def _classify(
    text: str, where: str, row: int, heading: int = 0, col: int = 0, block: int = -1, span: int = 1
) -> Token:
    compact, value, kind = _kind_of(text) if len(text) <= CACHED_LENGTH else _kind_of_uncached(text)
    if kind == "value":
        heading = 0
    return Token(text, compact, kind, where, row, value, heading, col, block, False, span)  # positional: hot


def _kind_of_uncached(text: str) -> tuple[str, CellValue | None, Kind]:
    """Comparison form, value and kind of a token's text: a number or blank, a label, or prose."""
    compact = norm(text)
    value = parse_cell(text)
    if value is not None:
        return compact, value, "value"
    prose = len(compact) > MAX_LABEL_CHARS or "。" in compact
    return compact, None, "prose" if prose else "label"


_kind_of = lru_cache(maxsize=1 << 16)(_kind_of_uncached)  # cell texts recur in every report


def _paragraph_tokens(block: Paragraph, row: int) -> list[Token]:
    text = clean(block.text)
    words = text.split(" ")
    if len(words) > 1 and all(parse_cell(w) is not None for w in words):  # a row of numbers only
        return [_classify(w, f"{block.where} item {i + 1}", row, col=i + 1) for i, w in enumerate(words)]
    split = _TRAILING_NUMBERS.match(text)
    if split and len(norm(split.group("label"))) <= MAX_LABEL_CHARS:
        nums = split.group("nums").split()
        if all(parse_cell(n) is not None for n in nums):
            tokens = [_classify(split.group("label"), block.where, row)]
            tokens += [_classify(n, f"{block.where} item {i + 1}", row, col=i + 1) for i, n in enumerate(nums)]
            return tokens
    return [_classify(block.text, block.where, row, heading=block.level)]


def _flat_tokens(block: Paragraph, row: int) -> tuple[list[Token], int]:
    """Tokens of a table flattened into one paragraph (see ``pipeline.parse.flat``)."""
    tokens: list[Token] = []
    item = 0
    for kind, text in segment(block.text):
        if kind != "values":
            row += 1
            tok = _classify(text, f"{block.where} part {len(tokens) + 1}", row)
            if kind == "prose" and tok.kind == "label":
                tok.kind = "prose"  # a sentence, however short
            tokens.append(tok)
            continue
        for number in re.findall(r"[+\-]?[\d.]+", text):
            item += 1
            tok = _classify(number, f"{block.where} item {item}", row, col=item)
            digits = number.lstrip("+-")
            tok.glued = tok.kind == "value" and len(digits) > 1 and digits.isdigit()
            tokens.append(tok)
    return tokens, row


def tokenize(doc: Document) -> list[Token]:
    """All blocks of the document as tokens in reading order."""
    tokens: list[Token] = []
    row = 0
    for index, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph):
            row += 1
            if is_flattened(block.text):
                flat, row = _flat_tokens(block, row)
                tokens.extend(flat)
            else:
                tokens.extend(_paragraph_tokens(block, row))
            continue
        grid = index if block.grid else -1
        for cells in block.rows:
            row += 1
            tokens.extend(
                _classify(c.text, c.where, row, col=i, block=grid, span=c.span if grid >= 0 else 1)
                for i, c in enumerate(cells)
            )
    return tokens
