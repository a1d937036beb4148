"""Reader for tables pasted from Word or Excel as tab-separated text (kept for its callers; the
readers of every format live in `sources.readers`)."""

from __future__ import annotations

from pathlib import Path

from sources.grid import Grid
from sources.readers.text import read_text, split_records


def grid_from_text(text: str, source: str = "<text>") -> Grid:
    """Split pasted text into rows of tab-separated cells, keeping 1-based line numbers."""
    return Grid(source=source, rows=split_records(text, "\t"))


def read_text_file(path: str | Path) -> Grid:
    """Read a tab-separated text file (UTF-8, GB18030/GBK or UTF-16, detected) into a grid."""
    path = Path(path)
    return read_text(str(path), path.read_bytes(), path.suffix.lower())[0]
