"""Writing an export as an .xlsx workbook that opens cleanly in Excel and WPS.

One sheet: a title row (what was exported, from which warehouse file, when), then a bold header
row of Chinese labels, both frozen, the header with a filter and repeated on every printed page;
printed landscape on A4, fitted to the page width, with page numbers. Yuan as `#,##0.00` (万元 as
`#,##0.00####`, so every digit of an exact amount shows),
shares (columns named …比例, …占比, *_share) as `0.00%`, whole numbers and years without
separators, dates as dates. Cells are written with their type and value as stored (a number is a
number, text is text: xlsxwriter never turns a string into a formula or a URL here, so text that
starts with `=` stays that text and needs no guard). Rows stream through xlsxwriter's constant-memory
mode, so a large export does not sit in memory.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from pathlib import Path

import polars as pl
import xlsxwriter

MAX_ROWS = 1_048_576 - 2  # Excel's row limit, less the title and the header
YUAN_FORMAT = "#,##0.00"
WAN_YUAN_FORMAT = "#,##0.00####"  # 万元 to the fen: 1,234.56 元 = 0.123456 万元
A4 = 9
HEADER_ROW = 1  # below the title row
PERCENT_FORMAT = "0.00%"
INTEGER_FORMAT = "0"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
DATE_FORMAT = "yyyy-mm-dd"
SHARE_NAME = re.compile(r"(比例|占比|_share|_ratio)$")  # a fraction (0.25 = 25%)
_YUAN_NAME = re.compile(r"(_yuan$|[(（]元[)）])")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def column_kind(name: str, dtype: pl.DataType) -> str:
    """yuan, percent, integer, number, datetime, date, boolean or text."""
    if isinstance(dtype, pl.Decimal) or (dtype.is_numeric() and _YUAN_NAME.search(name)):
        return "yuan"
    if dtype.is_float() and SHARE_NAME.search(name):
        return "percent"
    if dtype.is_integer():
        return "integer"
    if dtype.is_numeric():
        return "number"
    if isinstance(dtype, pl.Datetime):
        return "datetime"
    if dtype == pl.Date:
        return "date"
    if dtype == pl.Boolean:
        return "boolean"
    return "text"


def yuan_columns(schema: pl.Schema) -> frozenset[str]:
    return frozenset(name for name, dtype in schema.items() if column_kind(name, dtype) == "yuan")


def display_width(text: str) -> int:
    """Columns a text takes on screen: CJK and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def sheet_title(name: str) -> str:
    return _BAD_SHEET_CHARS.sub("_", name).strip("'")[:31] or "数据"


class XlsxExport:
    """An .xlsx file being written: `write` frames (of plain values, warehouse.export_layout) in order,
    then `close`."""

    def __init__(self, path: Path, headers: list[str], schema: pl.Schema, sheet: str = "数据",
                 title: str = "", yuan_format: str = YUAN_FORMAT):
        self.workbook = xlsxwriter.Workbook(str(path), {
            "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False, "default_date_format": DATE_FORMAT,
        })
        self.sheet = self.workbook.add_worksheet(sheet_title(sheet))
        self.kinds = [column_kind(name, dtype) for name, dtype in schema.items()]
        add = self.workbook.add_format
        self.formats = {
            "yuan": add({"num_format": yuan_format}), "percent": add({"num_format": PERCENT_FORMAT}),
            "integer": add({"num_format": INTEGER_FORMAT}), "datetime": add({"num_format": DATETIME_FORMAT}),
            "date": add({"num_format": DATE_FORMAT}), "number": None, "boolean": None, "text": None,
        }
        header_format = add({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                             "valign": "top"})
        self.headers = headers
        self.widths = [min(max(display_width(h), 6), 40) for h in headers]
        self.sheet.write_string(0, 0, title or sheet, add({"bold": True, "font_size": 12}))
        for col, header in enumerate(headers):
            self.sheet.write_string(HEADER_ROW, col, header, header_format)
        self.sheet.freeze_panes(HEADER_ROW + 1, 0)
        self.sheet.repeat_rows(HEADER_ROW)
        self.sheet.set_landscape()
        self.sheet.set_paper(A4)
        self.sheet.fit_to_pages(1, 0)  # as wide as the page, as many pages down as it takes
        self.sheet.set_footer("&C&P / &N")
        self.rows = 0

    def write(self, frame: pl.DataFrame) -> None:
        if self.rows + frame.height > MAX_ROWS:
            raise ValueError(f"xlsx holds at most {MAX_ROWS:,} rows; this export has more: "
                             "use --format csv or parquet")
        if self.rows < 1000:  # widths of text columns from the first rows are enough
            self._widen(frame.head(200))
        cells = [(col, self._writer(kind), self.formats[kind]) for col, kind in enumerate(self.kinds)]
        # constant-memory mode flushes a row once the next one starts: write row by row
        for row_number, row in enumerate(frame.iter_rows(), start=self.rows + HEADER_ROW + 1):
            for (col, write, cell_format), value in zip(cells, row):
                if value is not None:
                    write(row_number, col, value, cell_format)
        self.rows += frame.height

    def _widen(self, frame: pl.DataFrame) -> None:
        for col, (kind, series) in enumerate(zip(self.kinds, frame.get_columns())):
            if kind == "text":
                longest = max((display_width(_text(v)) for v in series.drop_nulls().to_list()), default=0)
                self.widths[col] = min(max(self.widths[col], longest + 2), 60)

    def _writer(self, kind: str):
        sheet = self.sheet
        if kind in ("yuan", "percent", "integer", "number"):
            return lambda row, col, value, fmt: sheet.write_number(row, col, float(value), fmt)
        if kind in ("datetime", "date"):
            return sheet.write_datetime
        if kind == "boolean":
            return sheet.write_boolean
        return lambda row, col, value, fmt: sheet.write_string(row, col, _text(value), fmt)

    def close(self) -> None:
        for col, (kind, width) in enumerate(zip(self.kinds, self.widths)):
            floor = {"yuan": 16, "datetime": 20, "date": 12}.get(kind, 0)
            self.sheet.set_column(col, col, max(width, floor) + 1, self.formats[kind])
        if self.headers:
            self.sheet.autofilter(HEADER_ROW, 0, HEADER_ROW + max(self.rows, 1), len(self.headers) - 1)
        self.workbook.close()


def _text(value: object) -> str:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value if isinstance(value, str) else str(value)
