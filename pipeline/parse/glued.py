"""Split digits that a text dump glued together (``00`` for two cells), only where it is proven.

A row needs ``width`` values and a dump printed fewer tokens, some of them several cells run
together. Every way of cutting the glued tokens back into numbers is tried (a number never starts
with 0 unless it is 0). The split is taken only when exactly one way exists — then it is what the
report printed, even where its sums do not hold (that is the publisher's error, for the checks to
flag) — or when exactly one of several ways satisfies the row's identity (the template's sums:
总计 = the other columns); otherwise the row is left empty with a warning. ``00`` → 0, 0 and
``1000000`` over seven cells are proven; ``1120`` over three cells is not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from itertools import product

from pipeline.parse.tokens import Token
from pipeline.parse.values import parse_cell

MAX_SPLITS = 5000  # a row has at most 15 cells; beyond this the dump is too damaged to trust


def _cuts(digits: str, parts: int) -> Iterator[tuple[str, ...]]:
    """Ways of cutting ``digits`` into ``parts`` numbers without leading zeros."""
    if parts == 1:
        if digits == "0" or not digits.startswith("0"):
            yield (digits,)
        return
    for i in range(1, len(digits) - parts + 2):
        head = digits[:i]
        if head != "0" and head.startswith("0"):
            break
        for rest in _cuts(digits[i:], parts - 1):
            yield (head, *rest)


def _signed_cuts(text: str, parts: int) -> list[tuple[str, ...]]:
    """Cuts of a glued token whose first number may carry a sign (``+11`` → ``+1``, ``1``)."""
    sign = text[0] if text[:1] in "+-" else ""
    return [(sign + cut[0], *cut[1:]) for cut in _cuts(text[len(sign):], parts)]


def _part_counts(glued: list[int], lengths: list[int], extra: int) -> Iterator[tuple[int, ...]]:
    """How many cells each glued token holds, adding up to ``extra`` more cells than tokens."""
    ranges = [range(1, lengths[i] + 1) for i in glued]
    for counts in product(*ranges):
        if sum(c - 1 for c in counts) == extra:
            yield counts


def split_glued(
    cands: Sequence[Token], width: int, identity: Callable[[list[int | float | None]], bool] | None
) -> tuple[list[Token] | None, str]:
    """The ``width`` cells of ``cands`` with glued tokens split, or None and why."""
    glued = [i for i, t in enumerate(cands) if t.glued]
    extra = width - len(cands)
    if not glued or extra <= 0:
        return None, "no glued digits to split"
    lengths = [len(t.text.lstrip("+-")) for t in cands]
    splits: list[list[Token]] = []
    tried = 0
    for counts in _part_counts(glued, lengths, extra):
        per_token = dict(zip(glued, counts, strict=True))
        options = [_signed_cuts(cands[i].text, per_token[i]) if i in per_token else [(cands[i].text,)]
                   for i in range(len(cands))]
        for choice in product(*options):
            tried += 1
            if tried > MAX_SPLITS:
                return None, "too many ways to split the glued digits"
            splits.append([replace(cands[i], text=d, norm=d, value=parse_cell(d), glued=False,
                                   where=f"{cands[i].where} digit {k + 1}" if len(parts) > 1 else cands[i].where)
                           for i, parts in enumerate(choice) for k, d in enumerate(parts)])
    printed = " ".join(t.text for t in cands)
    if not splits:
        return None, f"digits {printed} cannot be cut into {width} numbers"
    if len(splits) == 1:
        return splits[0], ""
    fitting = [s for s in splits if identity is not None and identity([c.value.number if c.value else None for c in s])]
    if len(fitting) == 1:
        return fitting[0], ""
    if not fitting:
        why = "none satisfies the table's sums" if identity is not None else "the table has no sum to tell them apart"
        return None, f"digits {printed} split {len(splits)} ways and {why}"
    return None, f"digits {printed} split more than one way"
