"""Excel 97-2003 workbooks (.xls) through xlrd, which reads the merged ranges and each cell's
number format (so `0%` cells come back as `95%` and date cells as dates).

One grid per visible worksheet that holds data, named after the sheet; row numbers are the sheet's.
A sheet spanning more cells than JIXIAO_MAX_SHEET_CELLS is refused before its grid is laid out.
"""

from __future__ import annotations

import io

from sources.grid import Grid
from sources.limits import current_limits
from sources.readers.common import is_percent_format, refuse_sheet_extent, sheet_grid, value_text


def read_xls(source: str, data: bytes) -> list[Grid]:
    import xlrd

    # ragged rows: xlrd would otherwise pad every row to the widest merged range first (an .xls whose
    # MERGEDCELLS reach column 65,535 made it allocate GBs before any check could run)
    book = xlrd.open_workbook(file_contents=data, formatting_info=True, logfile=io.StringIO(), ragged_rows=True)
    grids = []
    limit = current_limits().max_sheet_cells
    for sheet in book.sheets():
        if sheet.visibility != 0 or sheet.nrows == 0:
            continue
        refuse_sheet_extent(source, sheet.name, sheet.nrows, sheet.ncols, limit)  # before the grid is laid out
        cells = []
        for r in range(sheet.nrows):
            row = []
            present = sheet.row_len(r)
            for c in range(sheet.ncols):
                if c >= present:
                    row.append("")
                    continue
                cell = sheet.cell(r, c)
                if cell.ctype == xlrd.XL_CELL_NUMBER:
                    fmt = book.format_map.get(book.xf_list[cell.xf_index].format_key)
                    row.append(value_text(cell.value, is_percent_format(fmt.format_str if fmt else None)))
                elif cell.ctype == xlrd.XL_CELL_DATE:
                    row.append(value_text(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)))
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    row.append(value_text(bool(cell.value)))
                elif cell.ctype == xlrd.XL_CELL_TEXT:
                    row.append(cell.value)
                else:  # empty, blank, error
                    row.append("")
            cells.append(row)
        merges = [(rlo, clo, rhi - 1, chi - 1) for rlo, rhi, clo, chi in sheet.merged_cells]
        grids.append(sheet_grid(source, sheet.name, cells, merges))
    return grids
