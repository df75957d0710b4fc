"""Render a contract report as a Word document whose tables merge cells (gridSpan/vMerge)."""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.shared import Pt

from bench.synth.layout import SPara, STable, grid_positions, lay_out, wrap


def _add_table(doc, table: STable, wrap_labels: bool) -> None:
    t = doc.add_table(rows=len(table.rows), cols=table.ncols)
    t.style = "Table Grid"
    for r, row in enumerate(grid_positions(table)):
        for col, cell in row:
            target = t.cell(r, col)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(t.cell(r + cell.rowspan - 1, col + cell.colspan - 1))
            parts = wrap(cell.text) if wrap_labels and not cell.numeric else [cell.text]
            target.paragraphs[0].text = parts[0]
            for part in parts[1:]:
                target.add_paragraph(part)
    for row in t.rows:
        for c in row.cells:
            for p in c.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(7)


def render_docx(report: dict, *, variant: int = 0) -> bytes:
    """DOCX bytes; a split table 三 becomes two tables with a paragraph between, as Word does."""
    laid = lay_out(report, variant)
    doc = Document()
    for block in laid.blocks:
        if isinstance(block, SPara):
            if block.level:
                doc.add_heading(block.text, level=block.level)
            else:
                doc.add_paragraph(block.text)
        else:
            _add_table(doc, block, laid.layout.wrap_labels)
            doc.add_paragraph("")
    buf = BytesIO()
    doc.save(buf)
    return buf.getvalue()
