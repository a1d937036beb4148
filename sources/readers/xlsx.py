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
from sources.readers.common import is_percent_format, sheet_grid, value_text

_BUILTIN_PERCENT = {9, 10}
_CELL = re.compile(rb"<(?:\w+:)?c\s([^>]*)>")
_REF = re.compile(rb'\br="([A-Z]+)([0-9]+)"')
_STYLE = re.compile(rb'\bs="([0-9]+)"')
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
        found: dict[str, set[tuple[int, int]]] = {}
        for name, part in _sheet_parts(archive).items():
            try:
                xml = archive.read(part)
            except KeyError:
                continue
            cells = set()
            for match in _CELL.finditer(xml):
                attributes = match.group(1)
                style = _STYLE.search(attributes)
                ref = _REF.search(attributes)
                if style and ref and int(style.group(1)) in styles:
                    cells.add((int(ref.group(2)) - 1, _column(ref.group(1))))
            found[name] = cells
        return found


def read_xlsx(source: str, data: bytes) -> list[Grid]:
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

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
                [value_text(value, (r, c) in shown_as_percent) for c, value in enumerate(row)]
                for r, row in enumerate(sheet.to_python(skip_empty_area=False))
            ]
            merges = [(r1, c1, r2, c2) for (r1, c1), (r2, c2) in sheet.merged_cell_ranges or []]
            grids.append(sheet_grid(source, meta.name, cells, merges))
    finally:
        workbook.close()
    return grids
