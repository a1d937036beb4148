"""HTML pages (saved from government sites, or an "xls" exported by a web system).

Data tables are the leaf tables (no table inside) that mention the vocabulary of the forms
(绩效, 指标, 项目名称, 部门名称, 预算); layout tables around them, navigation, scripts, headers and
footers are ignored. One grid per data table, named `table N` (N counts every <table> of the page,
in document order), rows numbered within the table; rowspan/colspan keep the value in the
top-left cell. The short lines of text just above a table (its heading, the department, the year;
not links, dates, sources or hit counters) and its <caption> become the grid's preamble.
"""

from __future__ import annotations

import codecs
import re
from typing import Callable

from sources.errors import SourceError
from sources.grid import Grid
from sources.readers.common import FORM_WORDS, build_grid, place_by_occupancy, span_value
from sources.readers.text import decode_text

_SKIP = frozenset({"script", "style", "noscript", "template", "head", "title", "nav", "header", "footer",
                   "aside", "select", "option", "button", "iframe", "object", "svg"})
_BLOCK = frozenset({"p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
                    "table", "tr", "td", "th", "caption", "section", "article", "blockquote", "pre", "center",
                    "hr", "main", "figure", "figcaption", "address"})
_SPACES = re.compile(r"[ \t\r\n\f\xa0]+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_CHROME = re.compile(
    r"发布(时间|日期)|来源[:：]|浏览(次数|量)|点击(数|量|率)|访问(次数|量)|字号|打印|关闭窗口|分享|当前位置|首页|"
    r"版权所有|网站地图|Copyright|ICP备|\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}"
)
_PREAMBLE_LINES, _PREAMBLE_LENGTH = 3, 100
_GB = {"gb2312", "gbk", "x-gbk", "cp936", "gb_2312-80", "euc-cn", "x-euc-cn"}


def _declared_charset(data: bytes) -> str | None:
    match = _CHARSET.search(data[:8192])
    if not match:
        return None
    name = match.group(1).decode("ascii").lower()
    if name in _GB:
        return "gb18030"  # pages declared GB2312 routinely hold GBK characters
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _tag(element) -> str | None:
    return element.tag.lower() if isinstance(element.tag, str) else None


class _Lines:
    """Text as lines: <br> and block elements break lines, spaces collapse. `claim(node)` may take
    a node out of the text (the reader's data tables); `skip` adds tags whose text is left out."""

    def __init__(self, claim: Callable[[object], bool] | None = None, skip: frozenset[str] = frozenset()):
        self.lines: list[str] = []
        self.current: list[str] = []
        self.claim = claim
        self.skip = _SKIP | skip

    def flush(self) -> None:
        line = _SPACES.sub(" ", "".join(self.current)).strip()
        if line:
            self.lines.append(line)
        self.current.clear()

    def walk(self, node) -> "_Lines":
        tag = _tag(node)
        if tag in self.skip or tag is None:
            return self
        if self.claim is not None and self.claim(node):
            return self
        if tag in _BLOCK:
            self.flush()
        self.current.append(node.text or "")
        for child in node:
            self.walk(child)
            self.current.append(child.tail or "")
        if tag in _BLOCK:
            self.flush()
        return self


def _text_lines(element) -> list[str]:
    lines = _Lines().walk(element)
    lines.flush()
    return lines.lines


def _is_data_table(table) -> bool:
    if table.find(".//table") is not None:
        return False
    rows = table.findall(".//tr")
    text = table.text_content()
    return len(rows) >= 2 and any(word in text for word in FORM_WORDS)


def _table_grid(source: str, table, container: str, preamble: list[str]) -> Grid:
    rows = []
    for tr in table.iter("tr"):
        cells = [("\n".join(_text_lines(cell)), span_value(cell.get("rowspan")), span_value(cell.get("colspan")))
                 for cell in tr if _tag(cell) in ("td", "th")]
        rows.append(cells)
    caption = table.find("caption")
    if caption is not None:
        preamble = preamble + [" ".join(_text_lines(caption))]
    return build_grid(source, container, place_by_occupancy(rows, source, container), lines=list(range(1, len(rows) + 1)),
                      preamble=preamble)


def _preamble(lines: list[str]) -> list[str]:
    kept = [line for line in lines if len(line) <= _PREAMBLE_LENGTH and not _CHROME.search(line)]
    return kept[-_PREAMBLE_LINES:]


def read_html(source: str, data: bytes) -> list[Grid]:
    import lxml.html

    page, _ = decode_text(data, source, hint=_declared_charset(data))
    root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", page))
    tables = list(root.iter("table"))
    numbers = {table: n for n, table in enumerate(tables, start=1)}
    data_tables = {table for table in tables if _is_data_table(table)}
    grids: list[Grid] = []

    def claim(node) -> bool:
        if node not in data_tables:
            return False
        text.flush()
        grids.append(_table_grid(source, node, f"table {numbers[node]}", _preamble(text.lines)))
        text.lines.clear()  # the next table's preamble starts after this one
        return True

    text = _Lines(claim, skip=frozenset({"a"}))  # outside the data tables, links are navigation
    text.walk(root)
    if not grids:
        if not tables:
            raise SourceError(source, "no table in the HTML page")
        raise SourceError(source, f"no data table in the HTML page: {len(tables)} table(s), none a table without "
                                  "nested tables that mentions 绩效/指标/项目名称/部门名称/预算 (layout and "
                                  "navigation tables are ignored)")
    return grids
