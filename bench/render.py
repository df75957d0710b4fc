"""Render a truth report in one of the corpus formats, with `bench.synth` doing the layout.

Two additions on top of the renderers, both byte-level and deterministic:

- a prose sentence with the headline figure (``本年度共收到政府信息公开申请N件。``) after the
  template's first prose paragraph, so the prose-vs-table check has something to compare;
- DOCX through a cached skeleton: python-docx needs ~1 s per report (cell merges), so each
  (layout variant, omitted rows) pair is rendered once with placeholders and the numbers are
  substituted into ``word/document.xml`` (zip entries written with a fixed timestamp).

PDF goes DOCX → LibreOffice in batches (``pdf_batch``); its creation date and ``/ID`` are
overwritten with values derived from the DOCX bytes, so the same seed gives the same PDF.
"""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
import tempfile
import zipfile
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from bench.synth import render_docx, render_html, render_markdown, render_text
from bench.synth.layout import fmt, omitted_paths
from bench.synth.pdf import soffice

ANCHOR = "本机关坚持以公开为常态、不公开为例外，认真做好主动公开和依申请公开工作。"
PROSE = "本年度共收到政府信息公开申请{n}件。"
SECTIONS = ("proactive", "applications", "appeals")
DOCX_VARIANTS = 16  # distinct DOCX layouts (each cached as a skeleton)
_PLACEHOLDER = re.compile(r"@@([^@<]+)@@")
_ZIP_TIME = (2024, 1, 1, 0, 0, 0)

# format name -> file suffix
FORMATS: dict[str, str] = {
    "text": ".txt",
    "markdown": ".md",
    "html": ".html",
    "html_gb18030": ".html",
    "docx": ".docx",
    "pdf": ".pdf",
}


class RenderError(RuntimeError):
    """The synthetic renderer did not produce what the corpus needs (a bug, not bad input)."""


def prose_sentence(report: dict) -> str:
    """The headline sentence the report's prose states, or '' when it states none."""
    figures = report.get("narrative") or []
    return "".join(PROSE.format(n=f["value"]) for f in figures if f["location"] == "applications.new_received.total")


def _with_prose(data: bytes, report: dict, encoding: str) -> bytes:
    sentence = prose_sentence(report)
    if not sentence:
        return data
    anchor = ANCHOR.encode(encoding)
    if anchor not in data:
        raise RenderError("the synth layout no longer prints the anchor paragraph for the prose figure")
    return data.replace(anchor, anchor + sentence.encode(encoding), 1)


def _placeholders(report: dict) -> dict:
    """The report with every printed value replaced by ``@@path@@``."""
    out = {k: v for k, v in report.items() if k not in SECTIONS}
    out["agency"], out["year"] = "@@agency@@", "@@year@@"
    for section in SECTIONS:
        out[section] = {row: {col: f"@@{section}.{row}.{col}@@" for col in cells}
                        for row, cells in report[section].items()}
    return out


@lru_cache(maxsize=256)
def _skeleton(variant: int, omitted: frozenset[str], shape_json: str) -> tuple[tuple[zipfile.ZipInfo, bytes], ...]:
    import json

    shape = json.loads(shape_json)
    shape["known_findings"] = [f"{p} omits" for p in sorted(omitted)]
    data = render_docx(_placeholders(shape), variant=variant)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        entries = tuple((info, z.read(info)) for info in z.infolist())
    doc = next(b for i, b in entries if i.filename == "word/document.xml")
    anchor = escape(ANCHOR).encode()
    if anchor not in doc:
        raise RenderError("the DOCX skeleton lacks the anchor paragraph")
    return tuple((i, b.replace(anchor, anchor + b"@@prose@@", 1) if i.filename == "word/document.xml" else b)
                 for i, b in entries)


def _shape(report: dict) -> str:
    """The report's keys only (which rows and cells exist), the part a skeleton depends on."""
    import json

    return json.dumps({s: {r: dict.fromkeys(c, 0) for r, c in report[s].items()} for s in SECTIONS}, sort_keys=True)


def render_docx_fast(report: dict, variant: int) -> bytes:
    """DOCX bytes equal in content to ``render_docx(report)``, from the cached skeleton."""
    entries = _skeleton(variant % DOCX_VARIANTS, frozenset(omitted_paths(report)), _shape(report))
    values = {"agency": report["agency"], "year": str(report["year"]), "prose": prose_sentence(report)}
    for section in SECTIONS:
        for row, cells in report[section].items():
            for col, v in cells.items():
                values[f"{section}.{row}.{col}"] = fmt(v)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            if info.filename == "word/document.xml":
                text = _PLACEHOLDER.sub(lambda m: escape(values[m.group(1)]), data.decode("utf-8"))
                data = text.encode("utf-8")
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(fixed, data)
    return buf.getvalue()


def render(report: dict, fmt_name: str, variant: int) -> bytes:
    """Bytes of one report in one format (``pdf`` is rendered by `pdf_batch`, not here)."""
    if fmt_name == "text":
        return _with_prose(render_text(report, variant=variant), report, "utf-8")
    if fmt_name == "markdown":
        return _with_prose(render_markdown(report, variant=variant), report, "utf-8")
    if fmt_name == "html":
        return _with_prose(render_html(report, variant=variant), report, "utf-8")
    if fmt_name == "html_gb18030":
        data = render_html(report, variant=variant, encoding="gb18030", declare_charset=False)
        return _with_prose(data, report, "gb18030")
    if fmt_name in ("docx", "pdf"):
        return render_docx_fast(report, variant)
    raise RenderError(f"unknown corpus format {fmt_name!r}")


def pdf_available() -> bool:
    return soffice() is not None


_CREATION = re.compile(rb"/CreationDate\(D:\d{14}")
_ID = re.compile(rb"/ID \[\s*<[0-9A-F]{32}>\s*<[0-9A-F]{32}>\s*\]|/DocChecksum /[0-9A-F]{32}")


def _fix_pdf(pdf: bytes, docx: bytes) -> bytes:
    """Same-length replacement of the conversion time and document ID (offsets stay valid)."""
    digest = hashlib.md5(docx).hexdigest().upper().encode()  # noqa: S324 - an identifier, not security
    pdf = _CREATION.sub(b"/CreationDate(D:20240101000000", pdf)
    return _ID.sub(lambda m: re.sub(rb"[0-9A-F]{32}", digest, m.group(0)), pdf)


def pdf_batch(docx_files: list[Path], *, timeout: float = 900) -> None:
    """Convert DOCX files (one LibreOffice start for the batch) to PDFs beside them; drop the DOCX."""
    if not docx_files:
        return
    binary = soffice()
    if binary is None:
        raise RenderError("PDF rendering needs LibreOffice (soffice), which is not installed")
    outdir = docx_files[0].parent
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([binary, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(outdir), *map(str, docx_files)], check=True, capture_output=True,
                       timeout=timeout)
    for docx in docx_files:
        pdf = docx.with_suffix(".pdf")
        if not pdf.exists():
            raise RenderError(f"LibreOffice did not convert {docx.name}")
        pdf.write_bytes(_fix_pdf(pdf.read_bytes(), docx.read_bytes()))
        docx.unlink()
