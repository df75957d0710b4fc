"""Synthetic report files: a contract report (truth-file shape) rendered in every format.

Used for the format fixtures and the benchmark corpus. Each renderer takes the report dict and a
``variant`` seed that picks layout choices (see `bench.synth.layout.Layout`).
"""

from bench.synth.docx import render_docx
from bench.synth.html import render_html
from bench.synth.pdf import render_pdf
from bench.synth.text import render_markdown, render_text

__all__ = ["render_docx", "render_html", "render_markdown", "render_pdf", "render_text"]
