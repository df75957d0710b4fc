"""The data-quality report's stylesheet, inlined into the page (it must render with no network)."""

CSS = """
:root { --error: #c0392b; --warning: #b9770e; --ink: #1c2833; --muted: #5d6d7e; --line: #d5dbdb;
        --band: #f4f6f6; --accent: #1f618d; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei",
       "Source Han Sans SC", system-ui, sans-serif; color: var(--ink); background: #fff; line-height: 1.5; }
header.top { background: var(--accent); color: #fff; padding: 18px 32px; }
header.top h1 { margin: 0; font-size: 26px; font-weight: 700; }
header.top p { margin: 4px 0 0; opacity: .9; font-size: 14px; }
main { padding: 8px 32px 40px; max-width: 1400px; }
h2 { font-size: 20px; border-bottom: 2px solid var(--accent); padding-bottom: 4px; margin-top: 32px; }
h2 .en, h3 .en, th .en { color: var(--muted); font-weight: 400; font-size: .8em; margin-left: .4em; }
h3 { font-size: 17px; margin: 20px 0 6px; }
.cards { display: flex; gap: 16px; flex-wrap: wrap; margin: 16px 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 12px 18px; min-width: 170px;
        background: var(--band); }
.card .n { font-size: 28px; font-weight: 700; }
.card .l { font-size: 13px; color: var(--muted); }
.card.error .n { color: var(--error); }
.card.warning .n { color: var(--warning); }
.charts { display: flex; gap: 32px; flex-wrap: wrap; }
figure { margin: 8px 0; }
figcaption { font-weight: 600; font-size: 14px; margin-bottom: 4px; }
figcaption .en { color: var(--muted); font-weight: 400; margin-left: .4em; }
.chart .bar-label, .chart .bar-value, .chart .legend { font-size: 12px; fill: var(--ink); }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 6px 0 14px; }
th, td { border: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: var(--band); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.printed { color: var(--error); font-weight: 700; text-align: right; }
td.expected { font-weight: 700; text-align: right; }
.sev { display: inline-block; border-radius: 3px; padding: 0 6px; color: #fff; font-size: 12px; }
.sev.error { background: var(--error); }
.sev.warning { background: var(--warning); }
.report { border: 1px solid var(--line); border-left: 5px solid var(--warning); border-radius: 4px;
          padding: 4px 14px 8px; margin: 12px 0; }
.report.has-error { border-left-color: var(--error); }
.report summary { cursor: pointer; font-weight: 600; padding: 6px 0; }
.meta { color: var(--muted); font-size: 13px; }
.msg-en { color: var(--muted); font-size: 12px; }
code { font-family: "Noto Sans Mono CJK SC", ui-monospace, monospace; font-size: 12px; }
a { color: var(--accent); }
.empty { color: var(--muted); }
footer { color: var(--muted); font-size: 12px; padding: 16px 32px; border-top: 1px solid var(--line); }
"""
