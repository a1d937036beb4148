"""Word documents (.docx), read from the document XML itself.

One grid per Word table, named `table N` (1-based, in document order), rows numbered within the
table. Horizontal merges (gridSpan) and vertical merges (vMerge) keep the value in the top-left
cell; `gridBefore` keeps cells in their grid columns. The non-empty paragraphs between two tables
become the next grid's preamble (title, department, year). A table that follows another with no
paragraph between and does not open a new table (no title, no 项目名称/部门名称 row) continues it:
Word splits long tables that way. A document without tables whose paragraphs hold tabs is text
pasted into Word, and is read as such.
"""

from __future__ import annotations

import io
import zipfile

from sources.errors import SourceError
from sources.grid import Grid, Merge, Row
from sources.readers.common import MAX_SPAN, Placed, build_grid
from sources.segmenter import starts_table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag", W + "ins"}


def _xml(data: bytes):
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        document = archive.read("word/document.xml")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    return etree.fromstring(document, parser)


def _children(element, tag: str):
    """Direct children named `tag`, looking through content controls and custom XML wrappers."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _blocks(element):
    """('p', text) and ('tbl', element) in document order."""
    for child in element:
        if child.tag == W + "p":
            yield "p", _paragraph_text(child)
        elif child.tag == W + "tbl":
            yield "tbl", child
        elif child.tag in _WRAPPERS:
            yield from _blocks(child)


def _paragraph_text(paragraph) -> str:
    parts = []
    for node in paragraph.iter(W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen"):
        if node.tag == W + "t":
            parts.append(node.text or "")
        elif node.tag == W + "tab":
            parts.append("\t")
        elif node.tag == W + "noBreakHyphen":
            parts.append("-")
        else:
            parts.append("\n")
    return "".join(parts)


def _cell_text(cell) -> str:
    lines = []
    for kind, item in _blocks(cell):
        if kind == "p":
            lines.append(item.replace("\t", " "))
        else:  # a table inside the cell: its rows as lines
            lines.extend(" ".join(_cell_text(c) for c in _children(row, W + "tc")) for row in _children(item, W + "tr"))
    return "\n".join(lines).strip("\n")


def _val(element, path: str) -> str | None:
    found = element.find(path)
    if found is None:
        return None
    return found.get(W + "val", "")


def _int(text: str | None, default: int = 1) -> int:
    try:
        return max(0, int(text)) if text is not None else default
    except ValueError:
        return default


def table_grid(source: str, table, container: str) -> Grid:
    placed: list[Placed] = []
    open_merges: dict[int, Placed] = {}  # grid column -> the cell a vMerge continues
    rows = list(_children(table, W + "tr"))
    for r, row in enumerate(rows):
        col = min(_int(_val(row, f"{W}trPr/{W}gridBefore"), 0), MAX_SPAN)
        for cell in _children(row, W + "tc"):
            span = min(max(1, _int(_val(cell, f"{W}tcPr/{W}gridSpan"))), MAX_SPAN)  # as HTML's spans
            vmerge = _val(cell, f"{W}tcPr/{W}vMerge")
            above = open_merges.get(col)
            if vmerge is not None and vmerge != "restart" and above is not None and above.colspan == span:
                above.rowspan = r - above.row + 1
            else:
                placed.append(Placed(r, col, _cell_text(cell), 1, span))
                if vmerge == "restart":
                    open_merges[col] = placed[-1]
                else:
                    open_merges.pop(col, None)
            col += span
    return build_grid(source, container, placed, lines=list(range(1, len(rows) + 1)))


def _continue(previous: Grid, grid: Grid, number: int) -> None:
    """Append a Word table that continues the previous one: rows and merges shift down."""
    offset, last = len(previous.rows), previous.rows[-1].line if previous.rows else 0
    previous.rows.extend(Row(cells=row.cells, line=last + row.line) for row in grid.rows)
    previous.merges.extend(Merge(m.first_row + offset, m.first_col, m.last_row + offset, m.last_col)
                           for m in grid.merges)
    first = previous.container.removeprefix("tables ").removeprefix("table ").split("-")[0]
    previous.container = f"tables {first}-{number}"


def read_docx(source: str, data: bytes) -> list[Grid]:
    root = _xml(data)
    body = root.find(W + "body")
    if body is None:
        raise SourceError(source, "damaged .docx: word/document.xml has no body")
    blocks = list(_blocks(body))
    grids: list[Grid] = []
    paragraphs: list[str] = []  # since the last table
    number = 0
    for kind, item in blocks:
        if kind == "p":
            if item.strip():
                paragraphs.append(item.strip())
            continue
        number += 1
        grid = table_grid(source, item, f"table {number}")
        first = next((row for row in grid.rows if not row.is_blank()), None)
        if grids and not paragraphs and first is not None and not starts_table(first):
            _continue(grids[-1], grid, number)
        else:
            grid.preamble = paragraphs
            grids.append(grid)
        paragraphs = []
    if grids:
        return grids
    lines = [text for kind, text in blocks if kind == "p"]
    if any("\t" in line for line in lines):  # tab-separated text pasted into Word
        return [Grid(source=source, rows=[Row(cells=tuple(line.split("\t")), line=n)
                                          for n, line in enumerate(lines, start=1)], container="paragraphs")]
    raise SourceError(source, f"no table in the document ({len([t for t in lines if t.strip()])} paragraphs of "
                              "text, no Word table and no tab-separated lines)")
