"""What the readers share: cell values as text, and merged cells laid out the way Word copies them.

Every reader ends with the same grid: the value of a merged range in its top-left cell, "" in the
cells it covers, the range itself in `Grid.merges`. Readers whose format states spans (HTML
rowspan/colspan, Word gridSpan/vMerge, PDF cell boxes) hand `build_grid` the placed cells.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from sources.errors import SourceError
from sources.grid import Grid, Merge, Row
from sources.limits import ENVIRONMENT, current_limits

MAX_SPAN = 1000  # a rowspan/colspan beyond this is damage, not layout
# words every 绩效目标表 prints: a table (or a decoded text) with none of them is something else
FORM_WORDS = ("绩效", "指标", "项目名称", "部门名称", "预算")


@dataclass(slots=True)
class Placed:
    """A cell at its grid position, spanning `rowspan` x `colspan` grid cells."""

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1


def number_text(value: float, percent: bool = False) -> str:
    """A spreadsheet number as a person reads it: 75.0 -> '75', 674.09 -> '674.09', and with a
    percent format 0.95 -> '95%'."""
    if not math.isfinite(value):  # an error cell some libraries hand over as nan/inf
        return ""
    if percent:
        return number_text(round(value * 100, 9)) + "%"
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.15g}"
    return text if "e" not in text else repr(value)


def value_text(value: object, percent: bool = False) -> str:
    """A cell value from a spreadsheet library (str, int, float, bool, date, time...) as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        return number_text(float(value), percent)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def join_wrapped(lines: list[str]) -> str:
    """Lines of one cell wrapped by layout (PDF) joined back: no space between Chinese characters
    or inside a number (`77000.0` + `0元`), one space between two Latin words."""
    text = ""
    for line in (part.strip() for part in lines):
        if not line:
            continue
        if text and text[-1].isascii() and text[-1].isalpha() and line[0].isascii() and line[0].isalpha():
            text += " "
        text += line
    return text


def one_line(text: str, limit: int = 160) -> str:
    """A library's error message cut to one short line."""
    first = " ".join(str(text).split())
    return first if len(first) <= limit else first[: limit - 1] + "…"


def build_grid(source: str, container: str, placed: list[Placed], lines: list[int] | None = None,
               preamble: list[str] | None = None) -> Grid:
    """The grid of placed cells: top-left values, "" in covered cells, one Merge per span.

    `lines[i]` is the source line of grid row i (default: i + 1).
    """
    height = max((p.row + p.rowspan for p in placed), default=0)
    if lines is not None:
        height = max(height, len(lines))
    width = max((p.col + p.colspan for p in placed), default=0)
    refuse_sheet_extent(source, container, height, width, current_limits().max_sheet_cells, "table")
    cells = [[""] * width for _ in range(height)]
    merges = []
    for p in placed:
        cells[p.row][p.col] = p.text
        if p.rowspan > 1 or p.colspan > 1:
            merges.append(Merge(p.row, p.col, p.row + p.rowspan - 1, p.col + p.colspan - 1))
    numbers = lines if lines is not None else list(range(1, height + 1))
    rows = [Row(cells=tuple(cells[i]), line=numbers[i]) for i in range(height)]
    return Grid(source=source, rows=rows, container=container, merges=merges, preamble=list(preamble or []))


def place_by_occupancy(rows: list[list[tuple[str, int, int]]], source: str = "", container: str = "") -> list[Placed]:
    """HTML's table model: each (text, rowspan, colspan) goes to the first grid column of its row
    that no span from above occupies. Refused (SourceError) as soon as the grid would span more
    cells than JIXIAO_MAX_SHEET_CELLS: spans pushed right of each other grow it without bound."""
    occupied: set[tuple[int, int]] = set()
    placed = []
    limit = current_limits().max_sheet_cells
    for r, cells in enumerate(rows):
        col = 0
        for text, rowspan, colspan in cells:
            while (r, col) in occupied:
                col += 1
            refuse_sheet_extent(source, container, len(rows), col + colspan, limit, "table")
            rowspan = max(1, min(rowspan, len(rows) - r))
            for dr in range(rowspan):
                for dc in range(colspan):
                    occupied.add((r + dr, col + dc))
            placed.append(Placed(r, col, text, rowspan, colspan))
            col += colspan
    return placed


def span_value(raw: str | None) -> int:
    """A rowspan/colspan attribute as a sane count (missing, 0, junk -> 1)."""
    match = re.match(r"\s*(\d+)", raw or "")
    return max(1, min(int(match.group(1)), MAX_SPAN)) if match else 1


_QUOTED_IN_FORMAT = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def is_percent_format(code: str | None) -> bool:
    """True for a number format that shows a percentage (`0%`, `0.00%`), not a literal `"%"`."""
    return bool(code) and "%" in _QUOTED_IN_FORMAT.sub("", code)  # type: ignore[arg-type]


def refuse_sheet_extent(source: str, name: str, rows: int, columns: int, limit: int, what: str = "sheet") -> None:
    """SourceError when a worksheet (or a document's table) spans more than `limit` cells
    (JIXIAO_MAX_SHEET_CELLS), before any reader lays it out as a grid."""
    if rows * columns > limit:
        raise SourceError(source, f"{'sheet ' + repr(name) if what == 'sheet' else 'the ' + what} spans {rows:,} rows × {columns:,} columns "
                                  f"({rows * columns:,} cells, over the limit of {limit:,}): no 绩效目标表 is "
                                  f"that big (raise {ENVIRONMENT['max_sheet_cells']} if it really is one)", table=name)


def sheet_grid(source: str, name: str, cells: list[list[str]],
               merges: list[tuple[int, int, int, int]]) -> Grid:
    """A worksheet's grid (row i is sheet row i + 1): each merge (first row, first col, last row,
    last col, 0-based, inclusive) keeps its top-left value and blanks the cells it covers."""
    kept = []
    width = max((len(row) for row in cells), default=0)
    for r1, c1, r2, c2 in merges:
        r2, c2 = min(r2, len(cells) - 1), min(c2, width - 1)  # a range beyond the sheet's cells ends with them
        if r1 >= len(cells) or c1 >= width or r2 < r1 or c2 < c1:
            continue
        for r in range(r1, r2 + 1):
            row = cells[r]
            for c in range(c1, min(c2, len(row) - 1) + 1):
                if (r, c) != (r1, c1):
                    row[c] = ""
        kept.append(Merge(r1, c1, r2, c2))
    rows = [Row(cells=tuple(row), line=i + 1) for i, row in enumerate(cells)]
    return Grid(source=source, rows=rows, container=name, merges=kept)
