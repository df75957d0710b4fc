"""Export findings as CSV, JSON or XLSX with Chinese column headers (机关, 年度, 规则, …).

For auditors who work in a spreadsheet: CSV files carry a UTF-8 byte-order mark so Excel reads
the Chinese text, XLSX (openpyxl) has a bold frozen header row and sensible column widths.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from pipeline.check.findings import EXPORT_COLUMNS, HEADERS_ZH

FORMATS = ("table", "csv", "json", "xlsx")


def records(rows: list[dict], columns: tuple[str, ...] = EXPORT_COLUMNS) -> list[dict[str, object]]:
    """Rows keyed by their Chinese headers, in export column order."""
    return [{HEADERS_ZH[c]: r.get(c) for c in columns} for r in rows]


def to_csv(rows: list[dict], bom: bool = False) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([HEADERS_ZH[c] for c in EXPORT_COLUMNS])
    writer.writerows([["" if r.get(c) is None else r.get(c) for c in EXPORT_COLUMNS] for r in rows])
    return ("\ufeff" if bom else "") + out.getvalue()


def to_json(rows: list[dict]) -> str:
    return json.dumps(records(rows), ensure_ascii=False, indent=2) + "\n"


def write_xlsx(rows: list[dict], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "数据质量问题"
    ws.append([HEADERS_ZH[c] for c in EXPORT_COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append([r.get(c) for c in EXPORT_COLUMNS])
    ws.freeze_panes = "A2"
    widths = {"agency": 32, "label_zh": 34, "message_zh": 60, "message_en": 60, "label_en": 34,
              "source_url": 30}
    for i, c in enumerate(EXPORT_COLUMNS):
        ws.column_dimensions[ws.cell(1, i + 1).column_letter].width = widths.get(c, 14)
    wb.save(path)


def write(rows: list[dict], fmt: str, path: Path | None) -> str | None:
    """Write ``rows`` as ``fmt`` to ``path``, or return the text for stdout when ``path`` is None."""
    if fmt == "xlsx":
        if path is None:
            raise ValueError("xlsx needs --output FILE")
        write_xlsx(rows, path)
        return None
    text = to_csv(rows, bom=path is not None) if fmt == "csv" else to_json(rows)
    if path is None:
        return text
    path.write_text(text, encoding="utf-8")
    return None
