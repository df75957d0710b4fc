"""Render a contract report as tab-separated text or Markdown (as Word or a CMS exports it)."""

from __future__ import annotations

from bench.synth.layout import SPara, STable, grid_positions, lay_out


def expand(table: STable) -> list[list[str]]:
    """The table as a full grid; spanned positions are empty strings (numbers never repeated)."""
    grid = [[""] * table.ncols for _ in table.rows]
    for r, row in enumerate(grid_positions(table)):
        for col, cell in row:
            grid[r][col] = cell.text
    return grid


def render_text(report: dict, *, variant: int = 0, markdown: bool = False) -> bytes:
    """UTF-8 text; tables as one tab-separated line per row; Markdown adds ``#`` headings."""
    lines: list[str] = []
    for block in lay_out(report, variant).blocks:
        if isinstance(block, SPara):
            prefix = "#" * block.level + " " if markdown and block.level else ""
            lines += [prefix + block.text, ""]
        else:
            lines += ["\t".join(row) for row in expand(block)]
            lines.append("")
    return "\n".join(lines).encode("utf-8")


def render_markdown(report: dict, *, variant: int = 0) -> bytes:
    return render_text(report, variant=variant, markdown=True)
