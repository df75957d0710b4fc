"""The document model between reading and parsing.

Every reader (plain text, Markdown, HTML, DOCX, PDF) turns a file into a `Document`: an ordered
sequence of blocks. The parser knows nothing of formats; it only walks these blocks. Each block and
cell carries `where`, a human-readable locator (``line 57``, ``table 2 row 3 col 4``,
``page 2 line 14``, a DOM path) that ends up as the provenance of every value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(slots=True)  # not frozen (never mutated): readers build ~500 a report, frozen init is 3x slower
class Cell:
    """One table cell as printed: its text (may be empty) and where it was found.

    In a grid, ``span`` is how many columns the printed cell covers from here; 0 marks a position
    covered by a merged cell to its left or above (no cell is printed there).
    """

    text: str
    where: str
    span: int = 1


@dataclass(slots=True)  # not frozen, like Cell
class Paragraph:
    """A run of prose or a heading (``level`` > 0 for headings the format marks as such)."""

    text: str
    where: str
    level: int = 0


@dataclass(slots=True)
class Table:
    """A table as rows of cells. Merged cells are expanded by the reader where it can.

    ``structured`` is False when the reader could not tell row boundaries (e.g. web-page text
    with one cell per line); the parser then relies on labels and counts alone. ``grid`` is True
    when column indices are absolute (merged cells expanded, HTML/DOCX/positioned PDF), so a value's
    column can be named by the header cell above it; text exports lose merged cells and are not.
    """

    rows: list[list[Cell]]
    where: str
    structured: bool = True
    grid: bool = False


Block = Paragraph | Table


@dataclass(slots=True)
class Document:
    """A report as the readers see it, before any template knowledge is applied."""

    blocks: list[Block]
    source: str
    format: Literal["text", "word-text", "markdown", "html", "docx", "pdf", "doc"] | str
    encoding: str | None = None
    meta: dict[str, str] = field(default_factory=dict)

    def text_lines(self) -> list[str]:
        """All text in reading order, one string per paragraph or table row (for prose search)."""
        out: list[str] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                out.append(block.text)
            else:
                out.extend(" ".join(c.text for c in row if c.text) for row in block.rows)
        return out
