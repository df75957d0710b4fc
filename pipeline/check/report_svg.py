"""Inline SVG charts for the data-quality report: no script, no CDN, readable in any browser offline."""

from __future__ import annotations

from html import escape

COLORS = {"error": "#c0392b", "warning": "#d68910"}
BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 230
CHART_WIDTH = 420


def stacked_bars(title: str, rows: list[tuple[str, dict[str, int]]],
                 series: tuple[str, ...] = ("error", "warning"), legend: dict[str, str] | None = None) -> str:
    """A horizontal stacked bar chart: one bar per (label, {series: count}), counts printed at the end."""
    if not rows:
        return f'<p class="empty">{escape(title)}: —</p>'
    biggest = max(sum(v.values()) for _, v in rows) or 1
    height = len(rows) * (BAR_HEIGHT + GAP) + 40
    width = LABEL_WIDTH + CHART_WIDTH + 60
    parts = [f'<svg class="chart" role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
             f'<title>{escape(title)}</title>']
    for i, (label, values) in enumerate(rows):
        y = 10 + i * (BAR_HEIGHT + GAP)
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT * 0.7:.1f}" text-anchor="end" '
                     f'class="bar-label">{escape(label)}</text>')
        x = float(LABEL_WIDTH)
        for s in series:
            n = values.get(s, 0)
            if not n:
                continue
            w = max(1.0, CHART_WIDTH * n / biggest)
            color = COLORS.get(s, "#566573")
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{BAR_HEIGHT}" fill="{color}">'
                         f'<title>{escape(label)}: {n} {escape(s)}</title></rect>')
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + BAR_HEIGHT * 0.7:.1f}" class="bar-value">'
                     f'{sum(values.values())}</text>')
    y = height - 18
    x = LABEL_WIDTH
    for s in series:
        parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{COLORS.get(s, "#566573")}"/>'
                     f'<text x="{x + 16}" y="{y + 10}" class="legend">'
                     f'{escape((legend or {}).get(s, s))}</text>')
        x += 140
    parts.append("</svg>")
    return "".join(parts)
