"""Render a contract report as a PDF exported from its DOCX by LibreOffice (as Word users do)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.synth.docx import render_docx


def soffice() -> str | None:
    """The LibreOffice binary on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(data: bytes, suffix: str, target: str, *, timeout: float = 120) -> bytes:
    """Convert a document with LibreOffice headless (``target`` e.g. ``pdf`` or ``docx``)."""
    binary = soffice()
    if binary is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"in{suffix}"
        src.write_bytes(data)
        subprocess.run(
            [binary, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", target,
             "--outdir", tmp, str(src)],
            check=True, capture_output=True, timeout=timeout,
        )
        return (Path(tmp) / f"in.{target.split(':')[0]}").read_bytes()


def render_pdf(report: dict, *, variant: int = 0) -> bytes:
    """PDF bytes via DOCX → LibreOffice; needs ``soffice`` (fixtures are committed for tests)."""
    return convert(render_docx(report, variant=variant), ".docx", "pdf")
