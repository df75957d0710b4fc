"""Read stage: bytes of any supported format → a `Document` of blocks and tables.

``read_bytes`` sniffs the format from the content and hands the bytes to the matching reader. Every
reader raises a `pipeline.errors.ReportError` subclass with a specific message when it cannot read.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipeline.errors import EmptyFileError, FileTooLargeError, UnreadableFileError, UnsupportedFormatError
from pipeline.formats import sniff_format
from pipeline.read.model import Cell, Document, Paragraph, Table

MAX_BYTES = 64 * 1024 * 1024  # a report is a few hundred KB; 64 MB is far beyond any real one

__all__ = ["Cell", "Document", "Paragraph", "Table", "check_size", "read_bytes", "read_file", "sniff_format"]


def _readers() -> dict[str, Callable[[bytes, str], Document]]:
    from pipeline.read import docx, html, pdf, text

    return {
        "text": text.read_text,
        "markdown": text.read_markdown,
        "html": html.read_html,
        "docx": docx.read_docx,
        "doc": docx.read_doc,
        "pdf": pdf.read_pdf,
    }


def read_bytes(data: bytes, name: str = "<bytes>") -> Document:
    """Turn raw bytes into a Document, choosing the reader by content."""
    if not data.strip():
        raise EmptyFileError("file is empty" if not data else "file holds only whitespace")
    if len(data) > MAX_BYTES:
        raise FileTooLargeError(f"file is {len(data) / 1e6:.0f} MB, over the {MAX_BYTES // 2**20} MB limit")
    fmt = sniff_format(data, name)
    if fmt == "binary":
        raise UnreadableFileError("binary content that is neither PDF, DOCX, DOC nor text")
    if fmt == "zip":
        raise UnsupportedFormatError("a ZIP archive that is not a Word document")
    return _readers()[fmt](data, name)


def check_size(path: str | Path) -> None:
    """Refuse a file over the size limit before its bytes are loaded."""
    size = Path(path).stat().st_size
    if size > MAX_BYTES:
        raise FileTooLargeError(f"file is {size / 1e6:.0f} MB, over the {MAX_BYTES // 2**20} MB limit")


def read_file(path: str | Path) -> Document:
    """Read a report file from disk (size-checked before the bytes are loaded)."""
    path = Path(path)
    check_size(path)
    return read_bytes(path.read_bytes(), path.name)
