"""Reader for tables pasted from Word or Excel as tab-separated text."""

from __future__ import annotations

from pathlib import Path

from sources.errors import SourceError
from sources.grid import Grid, Row


def grid_from_text(text: str, source: str = "<text>") -> Grid:
    """Split pasted text into rows of tab-separated cells, keeping 1-based line numbers."""
    if text.startswith("\ufeff"):
        text = text[1:]
    rows = [
        Row(cells=tuple(line.rstrip("\r").split("\t")), line=number)
        for number, line in enumerate(text.split("\n"), start=1)
    ]
    return Grid(source=source, rows=rows)


def read_text_file(path: str | Path) -> Grid:
    """Read a UTF-8 tab-separated text file into a grid."""
    path = Path(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(
            str(path), f"cannot decode as UTF-8 text (byte {exc.start}): {exc.reason}"
        ) from None
    if "\x00" in text:
        raise SourceError(str(path), "contains NUL bytes: this is not a text file")
    return grid_from_text(text, source=str(path))
