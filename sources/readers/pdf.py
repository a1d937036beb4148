"""PDF with a text layer, through pdfplumber (ruled tables: cells found from the drawn lines).

One grid for the whole document, in reading order: page by page, top to bottom, each text line
outside the tables (titles, notes) as a one-cell row and each table row as a row; a table that
runs over a page break simply continues. Row numbers count those rows from the start of the
document. A cell that spans several grid cells keeps its text in the top-left one (merge recorded).
Text a cell wraps over several lines is joined back (no space between Chinese characters or
inside a number). Page numbers in the margins are dropped. A PDF without any text is a scan:
refused with a "no text layer" error, as is a text PDF without a ruled table.
"""

from __future__ import annotations

import io
import re
from bisect import bisect_left

from sources.errors import SourceError
from sources.grid import Grid
from sources.readers.common import Placed, build_grid, join_wrapped

_PAGE_FURNITURE = re.compile(r"^[-—–\s]*\d+[-—–\s]*$|^第\s*\d+\s*页|共\s*\d+\s*页$|^page\s+\d+", re.I)
_EPSILON = 1.0  # points


def _span(edges: list[float], start: float, end: float) -> tuple[int, int]:
    """The first and last grid cell, among sorted cell edges, that [start, end) covers."""
    first = bisect_left(edges, start - _EPSILON)
    return first, max(first, bisect_left(edges, end - _EPSILON) - 1)


def _outside(boxes: list[tuple[float, float, float, float]]):
    """A filter keeping what is not text of a table: a character belongs to the table its centre
    is in (a title just above a table may touch its box)."""
    def keep(obj: dict) -> bool:
        if obj.get("object_type") != "char":
            return True
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)
    return keep


def _table_cells(table) -> tuple[list[Placed], int]:
    """The table's cells placed on its grid of column and row edges, and its row count."""
    texts = table.extract()
    xs = sorted({cell[0] for row in table.rows for cell in row.cells if cell})
    tops = sorted({row.bbox[1] for row in table.rows})
    placed = []
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            if cell:
                x0, top, x1, bottom = cell
                first_col, last_col = _span(xs, x0, x1)
                first_row, last_row = _span(tops, top, bottom)
                placed.append(Placed(first_row, first_col, join_wrapped((texts[r][c] or "").split("\n")),
                                     last_row - first_row + 1, last_col - first_col + 1))
    return placed, len(tops)


def read_pdf(source: str, data: bytes) -> list[Grid]:
    import pdfplumber

    placed: list[Placed] = []
    row = 0
    tables_found = 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = len(pdf.pages)
        if not any(page.chars for page in pdf.pages):
            raise SourceError(source, f"no text layer: {pages} page(s) with no text to read (a scanned PDF?); "
                                      "OCR it first or submit the original .docx/.xlsx")
        for page in pdf.pages:
            tables = page.find_tables()
            items = [(table.bbox[1], "table", table) for table in tables]  # (top, kind, payload)
            outside = page.filter(_outside([table.bbox for table in tables]))
            for line in outside.extract_text_lines():
                text = line["text"].strip()
                if text and not _PAGE_FURNITURE.search(text):
                    items.append((line["top"], "line", text))
            for _, kind, payload in sorted(items, key=lambda item: item[0]):
                if kind == "line":
                    placed.append(Placed(row, 0, payload))
                    row += 1
                    continue
                cells, height = _table_cells(payload)
                placed.extend(Placed(row + p.row, p.col, p.text, p.rowspan, p.colspan) for p in cells)
                row += height
                tables_found += 1
    if not tables_found:
        raise SourceError(source, f"the PDF text layer has no ruled table ({pages} page(s) of text); tables drawn "
                                  "without lines are not read: submit the .docx/.xlsx")
    return [build_grid(source, "", placed, lines=list(range(1, row + 1)))]
