"""HTML reader (placeholder: the HTML issue replaces it)."""

from __future__ import annotations

from pipeline.errors import UnsupportedFormatError
from pipeline.read.model import Document


def read_html(data: bytes, name: str) -> Document:
    raise UnsupportedFormatError("HTML reports are not supported yet")
