"""Render a contract report as a portal-style HTML page with rowspan/colspan tables."""

from __future__ import annotations

from html import escape

from bench.synth.layout import LaidOut, SCell, SPara, STable, lay_out, wrap

_CHROME_TOP = """<div id="header" class="header"><div class="logo">政府门户网站</div>
<div class="toolbar"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a href="/search">搜索</a> | 无障碍 | 长者模式</div></div>
<nav class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/bsfw">办事服务</a></li>
<li><a href="/hdjl">互动交流</a></li></ul></nav>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; 政府信息公开 &gt; 政府信息公开年报</div>
"""
_CHROME_BOTTOM = """<div class="share">分享到：微信 微博 <a href="javascript:window.print()">打印本页</a> 关闭窗口</div>
<footer class="footer"><p>主办单位：人民政府办公室 版权所有</p><p>网站标识码 1234567890 备案号 ICP备00000000号</p></footer>
<script>var _hmt = _hmt || []; document.write("<div>统计</div>");</script>
"""


def _cell_html(cell: SCell, layout_wrap: bool, nbsp: bool) -> str:
    tag = "td"
    attrs = ""
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    if not cell.text:
        inner = "&nbsp;" if nbsp else ""
    elif layout_wrap and not cell.numeric:
        inner = "".join(f"<p><span>{escape(part)}</span></p>" for part in wrap(cell.text))
    else:
        inner = f"<span>{escape(cell.text)}</span>" if cell.header else escape(cell.text)
    return f"<{tag}{attrs}>{inner}</{tag}>"


def _table_html(table: STable, laid: LaidOut) -> str:
    lay = laid.layout
    rows = "\n".join(
        "<tr>" + "".join(_cell_html(c, lay.wrap_labels, lay.nbsp_empty) for c in row) + "</tr>" for row in table.rows
    )
    return f'<table border="1" cellspacing="0" cellpadding="0" class="MsoTableGrid">\n<tbody>\n{rows}\n</tbody></table>'


def render_laid_out_html(laid: LaidOut, *, charset: str | None = "utf-8") -> str:
    """The page as text; ``charset=None`` leaves out the <meta> declaration (many portals do)."""
    parts = []
    for block in laid.blocks:
        if isinstance(block, SPara):
            tag = f"h{block.level}" if block.level else "p"
            parts.append(f"<{tag}>{escape(block.text)}</{tag}>")
        else:
            parts.append(_table_html(block, laid))
    body = '<div class="article-content" id="zoom">\n' + "\n".join(parts) + "\n</div>"
    if laid.layout.layout_table:
        body = f'<table width="100%" class="layout"><tr><td class="side">栏目导航</td><td class="main">{body}</td></tr></table>'
    if laid.layout.chrome:
        body = _CHROME_TOP + body + _CHROME_BOTTOM
    meta = f'<meta charset="{charset}">' if charset else ""
    style = "<style>td{border:1px solid #000}</style>"
    return f"<!DOCTYPE html>\n<html><head>{meta}<title>{escape(laid.title)}</title>{style}</head>\n<body>\n{body}\n</body></html>\n"


def render_html(report: dict, *, variant: int = 0, encoding: str = "utf-8", declare_charset: bool = True) -> bytes:
    """HTML bytes; ``encoding='gb18030', declare_charset=False`` is the undeclared-GBK portal case."""
    html = render_laid_out_html(lay_out(report, variant), charset=encoding if declare_charset else None)
    return html.encode(encoding)
