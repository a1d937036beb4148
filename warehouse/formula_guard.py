"""Formula injection: text that a spreadsheet would run as a formula is made inert before export.

A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return can be taken for a
formula by Excel, WPS or LibreOffice (`=HYPERLINK(...)`, `@SUM(...)`, DDE payloads) when it opens
a CSV file, whose cells have no type. CSV exports put a single quote in front of such text, the
usual remedy: the cell shows the text as printed, with the quote, and nothing runs (`jixiao export
--raw` leaves it out, for programs). Only text cells are touched; numbers are written as numbers.
xlsx needs no guard: its cells are typed, and text written as text stays text (warehouse.xlsx).
"""

from __future__ import annotations

import re

import polars as pl

FORMULA_START = r"^[=+\-@\t\r]"
NEUTRALIZER = "'"
_FORMULA = re.compile(FORMULA_START)


def neutralize(column: pl.Expr) -> pl.Expr:
    """The text of `column`, with a quote put before every value that starts like a formula."""
    return pl.when(column.str.contains(FORMULA_START)).then(NEUTRALIZER + column).otherwise(column)


def neutralize_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with every text column neutralized (other columns as they are)."""
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(neutralize(pl.col(name)).alias(name) for name in text) if text else frame


def neutralize_text(value: object) -> object:
    """One value: text that starts like a formula gets the quote; anything else is returned as it is."""
    return NEUTRALIZER + value if isinstance(value, str) and _FORMULA.match(value) else value
