"""DOCX/DOC reader (placeholder: the formats issue replaces it)."""

from __future__ import annotations

from pipeline.errors import UnsupportedFormatError
from pipeline.read.model import Document


def read_docx(data: bytes, name: str) -> Document:
    raise UnsupportedFormatError("DOCX reports are not supported yet")


def read_doc(data: bytes, name: str) -> Document:
    raise UnsupportedFormatError("legacy .doc reports are not supported yet")
