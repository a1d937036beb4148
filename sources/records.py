"""Delimited text as rows of cells: tabs (or another delimiter) between cells, Excel-style quoting
(a quoted cell may hold the delimiter, doubled quotes and line breaks), each row with the 1-based
line it starts on. Used by the text reader and by the layout recovery of raw pasted text."""

from __future__ import annotations

from sources.grid import Row

_MAX_QUOTED_LINES = 20  # a quoted cell longer than this is a stray quote, not a cell


def _quoted_cell(lines: list[str], j: int, pos: int, delimiter: str) -> tuple[str, int, int] | None:
    """The quoted cell starting at lines[j][pos] ('"'): (text, line index, position after the
    closing quote), or None when the quote does not close a cell (then it is plain text)."""
    parts: list[str] = []
    line, k = lines[j], pos + 1
    while True:
        q = line.find('"', k)
        if q == -1:
            parts.append(line[k:])
            j += 1
            if j >= len(lines) or len(parts) > _MAX_QUOTED_LINES:
                return None
            parts.append("\n")
            line, k = lines[j], 0
            continue
        if line[q + 1: q + 2] == '"':
            parts.append(line[k:q] + '"')
            k = q + 2
            continue
        if q + 1 == len(line) or line[q + 1] == delimiter:
            parts.append(line[k:q])
            return "".join(parts), j, q + 1
        return None


def split_records(text: str, delimiter: str = "\t") -> list[Row]:
    """Rows of `delimiter`-separated cells with their 1-based line numbers."""
    if text.startswith("\ufeff"):
        text = text[1:]
    newline = "\n" if "\n" in text or "\r" not in text else "\r"
    return records_of_lines([line.removesuffix("\r") for line in text.split(newline)], delimiter,
                            quoted='"' in text)


def records_of_lines(lines: list[str], delimiter: str = "\t", quoted: bool = True) -> list[Row]:
    """`split_records` of text already split into lines (numbered from 1)."""
    if not quoted:  # no quoted cell anywhere: one row per line
        return [Row(tuple(line.split(delimiter)), n) for n, line in enumerate(lines, start=1)]
    rows = []
    j = 0
    while j < len(lines):
        line = lines[j]
        if '"' not in line:
            rows.append(Row(cells=tuple(line.split(delimiter)), line=j + 1))
            j += 1
            continue
        first, cells, pos = j, [], 0
        while True:
            quoted = _quoted_cell(lines, j, pos, delimiter) if line[pos:pos + 1] == '"' else None
            if quoted:
                cell, j, pos = quoted
                line = lines[j]
            else:
                end = line.find(delimiter, pos)
                end = len(line) if end == -1 else end
                cell, pos = line[pos:end], end
            cells.append(cell)
            if pos >= len(line):
                break
            pos += 1  # the delimiter
        rows.append(Row(cells=tuple(cells), line=first + 1))
        j += 1
    return rows
