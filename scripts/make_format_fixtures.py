"""Render every sample truth into each format under tests/fixtures/formats (committed).

Run from the repository root: ``.venv/bin/python scripts/make_format_fixtures.py``. The PDF is the
DOCX exported by LibreOffice (``soffice`` must be installed to make fixtures; tests don't need it).
Each format gets its own seeded layout variant, so the fixtures also cover split tables, wrapped
labels, page chrome and layout tables.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.synth import render_docx, render_html, render_markdown, render_text  # noqa: E402
from bench.synth.layout import Layout  # noqa: E402
from bench.synth.pdf import convert, soffice  # noqa: E402

TRUTH = ROOT / "tests/fixtures/samples/truth"
OUT = ROOT / "tests/fixtures/formats"
# variant seed per format: offsets keep each format's layout choices independent
VARIANTS = {"html": 1, "gb18030.html": 11, "docx": 21, "txt": 31, "md": 41}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    if soffice() is None:
        sys.exit("LibreOffice (soffice) is needed to export the PDF fixtures")
    for i, path in enumerate(sorted(TRUTH.glob("*.json"))):
        report = json.loads(path.read_text(encoding="utf-8"))
        stem = path.stem
        v = {k: base + i for k, base in VARIANTS.items()}
        files = {
            f"{stem}.html": render_html(report, variant=v["html"]),
            f"{stem}.gb18030.html": render_html(report, variant=v["gb18030.html"], encoding="gb18030", declare_charset=False),
            f"{stem}.docx": render_docx(report, variant=v["docx"]),
            f"{stem}.txt": render_text(report, variant=v["txt"]),
            f"{stem}.md": render_markdown(report, variant=v["md"]),
        }
        files[f"{stem}.pdf"] = convert(files[f"{stem}.docx"], ".docx", "pdf")
        for name, data in files.items():
            (OUT / name).write_bytes(data)
        if stem == "zezhou_hrss_2023":  # one legacy Word 97 file for the .doc path
            (OUT / "legacy").mkdir(exist_ok=True)
            doc = convert(render_docx(report, variant=2), ".docx", "doc:MS Word 97")
            (OUT / "legacy" / f"{stem}.doc").write_bytes(doc)
        print(stem, {k: Layout.from_variant(n) for k, n in v.items() if k in ("html", "docx")})


if __name__ == "__main__":
    main()
