"""PDF reader (placeholder: the formats issue replaces it)."""

from __future__ import annotations

from pipeline.errors import UnsupportedFormatError
from pipeline.read.model import Document


def read_pdf(data: bytes, name: str) -> Document:
    raise UnsupportedFormatError("PDF reports are not supported yet")
