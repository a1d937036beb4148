"""Excel workbooks (.xlsx, .xlsm) through python-calamine (Rust; see docs/formats.md for the
measurement against openpyxl).

One grid per visible worksheet that holds data, named after the sheet; row numbers are the
sheet's. Merged ranges keep their top-left value and blank the rest. calamine gives numbers
without their display format, so a number shown as a percentage (`0%`, the way Excel stores a
typed `95%`) is found from the workbook's styles and written back as `95%`, not `0.95`.
"""

from __future__ import annotations

import io
import re
import zipfile
import xml.etree.ElementTree as ET

from sources.grid import Grid
from sources.limits import current_limits
from sources.readers.common import is_percent_format, refuse_sheet_extent, sheet_grid, value_text

_BUILTIN_PERCENT = {9, 10}
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _percent_styles(archive: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell formats (cellXfs) that show numbers as percentages."""
    try:
        root = ET.fromstring(archive.read("xl/styles.xml"))
    except KeyError:
        return set()
    custom = {int(f.get("numFmtId", -1)): f.get("formatCode") for f in root.iterfind("{*}numFmts/{*}numFmt")}
    styles = set()
    for index, xf in enumerate(root.iterfind("{*}cellXfs/{*}xf")):
        fmt = int(xf.get("numFmtId", 0))
        if fmt in _BUILTIN_PERCENT or is_percent_format(custom.get(fmt)):
            styles.add(index)
    return styles


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its part in the archive."""
    workbook = ET.fromstring(archive.read("xl/workbook.xml"))
    rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    parts = {}
    for sheet in workbook.iterfind("{*}sheets/{*}sheet"):
        target = targets.get(sheet.get(_NS_REL), "")
        parts[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return parts


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number - 1


def percent_cells(data: bytes) -> dict[str, set[tuple[int, int]]]:
    """Sheet name -> (row, column) of the cells whose format is a percentage (0-based)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = _percent_styles(archive)
        if not styles:
            return {}
        # only the cells with one of those styles match: <c r="B4" s="3" ...> (writers put r before s,
        # the schema's order) or <c s="3" r="B4" ...>
        ids = b"|".join(str(style).encode() for style in sorted(styles))
        patterns = [re.compile(rb'<(?:\w+:)?c r="([A-Z]+)([0-9]+)"(?: [^>]*?)? s="(?:' + ids + rb')"'),
                    re.compile(rb'<(?:\w+:)?c (?:[^>]*? )?s="(?:' + ids + rb')"(?: [^>]*?)? r="([A-Z]+)([0-9]+)"')]
        found: dict[str, set[tuple[int, int]]] = {}
        for name, part in _sheet_parts(archive).items():
            try:
                xml = archive.read(part)
            except KeyError:
                continue
            found[name] = {(int(row) - 1, _column(letters))
                           for pattern in patterns for letters, row in pattern.findall(xml)}
        return found


_CELL_REF = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')
_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?\bref="[A-Z]{1,3}[0-9]{1,7}:([A-Z]{1,3})([0-9]{1,7})"')


def check_sheet_extents(source: str, data: bytes, limit: int | None = None) -> None:
    """Refuse a worksheet whose used range spans more cells than `limit` (JIXIAO_MAX_SHEET_CELLS)
    before any reader lays it out: a sheet of two cells, in A1 and in XFD1048576, spans 17 billion,
    and the reader would ask for hundreds of GB. Its extent is read from the cell and merge
    references of the sheet's XML."""
    limit = limit or current_limits().max_sheet_cells
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name, part in _sheet_parts(archive).items():
            try:
                xml = archive.read(part)
            except KeyError:
                continue
            rows = columns = 0
            for pattern in (_CELL_REF, _MERGE_REF):
                for letters, row in pattern.findall(xml):
                    rows, columns = max(rows, int(row)), max(columns, _column(letters) + 1)
            refuse_sheet_extent(source, name, rows, columns, limit)


def read_xlsx(source: str, data: bytes) -> list[Grid]:
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    check_sheet_extents(source, data)
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    percent = percent_cells(data)
    grids = []
    try:
        for meta in workbook.sheets_metadata:
            if meta.visible != SheetVisibleEnum.Visible or meta.typ != SheetTypeEnum.WorkSheet:
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            if sheet.start is None:
                continue
            shown_as_percent = percent.get(meta.name, set())
            cells = [
                [value if value.__class__ is str else value_text(value, (r, c) in shown_as_percent)
                 for c, value in enumerate(row)]  # most cells are text: no call for them
                for r, row in enumerate(sheet.to_python(skip_empty_area=False))
            ]
            merges = [(r1, c1, r2, c2) for (r1, c1), (r2, c2) in sheet.merged_cell_ranges or []]
            grids.append(sheet_grid(source, meta.name, cells, merges))
    finally:
        workbook.close()
    return grids
