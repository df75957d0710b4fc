"""A file's format from its bytes, not its name (a ``.htm`` that is really a DOCX happens).

Shared by the crawler (is a download a report file?) and the readers (which reader?), so it sits
below both."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

_HTML = re.compile(rb"<\s*(!doctype\s+html|html|head|body|table|div|meta|p)[\s>]", re.I)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def sniff_format(data: bytes, name: str = "") -> str:
    """One of ``pdf``, ``docx``, ``doc``, ``zip``, ``html``, ``markdown``, ``text``, ``binary``."""
    head = data[:4096]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            # a truncated or damaged DOCX still names its parts in the local headers
            return "docx" if b"word/document.xml" in data[:1_000_000] or b"[Content_Types].xml" in head else "zip"
        return "docx" if "word/document.xml" in names else "zip"
    if head.startswith(_OLE):
        return "doc"
    if head.startswith(_UTF16_BOMS):  # Word's "Unicode text" export: UTF-16 with a byte-order mark
        head = head.decode("utf-16", errors="replace").encode("utf-8")
    elif b"\x00" in head:
        return "binary"
    if _HTML.search(head.lstrip(b"\xef\xbb\xbf")[:2048]):
        return "html"
    if name.lower().endswith((".md", ".markdown")):
        return "markdown"
    return "text"
