"""A worksheet whose used range is absurd (two cells, in A1 and XFD1048576: 17 billion cells) is
refused before the xlsx reader lays it out — the reader would ask for hundreds of GB and the
process would abort — and the good file beside it still loads, in-process and with a worker."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from sources.readers import read_grids
from sources.errors import SourceError
from warehouse.ingest import ingest

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "samples" / "wuchuan-hrss-2024.txt"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def sparse_xlsx(path: Path, corner: str = "XFD1048576") -> Path:
    """A hand-built workbook of one sheet holding a cell in A1 and one at `corner` (1.5 KB)."""
    row = "".join(ch for ch in corner if ch.isdigit())
    parts = {
        "[Content_Types].xml": f'<Types xmlns="{_RELS.replace("relationships", "content-types")}">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument'
        '.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" Type="{_DOC}/officeDocument" '
                       'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC}"><sheets><sheet name="表1" sheetId="1" '
                           'r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
                                      f'Type="{_DOC}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{_MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr">'
                                    '<is><t>项目名称</t></is></c></row>'
                                    f'<row r="{row}"><c r="{corner}" t="inlineStr"><is><t>x</t></is></c></row>'
                                    '</sheetData></worksheet>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def test_the_sparse_sheet_is_refused_naming_its_extent_and_the_limit(tmp_path):
    path = sparse_xlsx(tmp_path / "sparse.xlsx")
    assert path.stat().st_size < 2000
    with pytest.raises(SourceError) as refused:
        read_grids(path)
    assert "sheet '表1' spans 1,048,576 rows × 16,384 columns (17,179,869,184 cells, over the limit of 2,000,000)" \
        in str(refused.value)
    assert "JIXIAO_MAX_SHEET_CELLS" in str(refused.value)


def test_a_sheet_within_the_limit_is_read(tmp_path):
    (grid,) = read_grids(sparse_xlsx(tmp_path / "small.xlsx", corner="J200"))
    assert (len(grid.rows), grid.rows[0].cells[0]) == (200, "项目名称")


@pytest.mark.parametrize("workers", [0, 1])
def test_the_good_file_beside_it_loads(tmp_path, workers):
    folder = tmp_path / "in"
    folder.mkdir()
    sparse_xlsx(folder / "sparse.xlsx")
    (folder / "good-2024.txt").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "other-2024.txt").write_text(SAMPLE.read_text(encoding="utf-8").replace("吴川市", "廉江市"),
                                           encoding="utf-8")
    report = ingest([folder], tmp_path / "w.duckdb", batch_size=1, workers=workers)
    assert sorted(Path(s.path).name for s in report.loaded) == ["good-2024.txt", "other-2024.txt"]
    assert [Path(s.path).name for s in report.rejected] == ["sparse.xlsx"]
    assert "spans 1,048,576 rows" in report.rejected[0].error


def test_an_xls_sheet_spanning_too_many_cells_is_refused_before_its_grid_is_laid_out(tmp_path):
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("表1")
    sheet.write(0, 0, "项目名称")
    sheet.write(65000, 255, "x")  # the corner of an .xls sheet: 16.6 million cells from 5.5 KB
    path = tmp_path / "wide.xls"
    workbook.save(str(path))
    assert path.stat().st_size < 8000
    with pytest.raises(SourceError) as refused:
        read_grids(path)
    assert str(refused.value) == (f"{path}, table 表1: sheet '表1' spans 65,001 rows × 256 columns (16,640,256 cells, "
                                  "over the limit of 2,000,000): no 绩效目标表 is that big (raise "
                                  "JIXIAO_MAX_SHEET_CELLS if it really is one)")


def test_found_by_the_format_fuzzer_far_spans_and_merges_end_as_bounded_grids_or_one_line(tmp_path):
    """A Word gridSpan of 999999 (was a 20-million-cell grid, GBs) and an .xls merged range reaching
    row and column 65,535 (xlrd padded every row to it): bounded, or refused by their extent."""
    import re

    from tests.fixtures.render import SAMPLE, render_docx, render_xls
    from tests.format_mutations import _edit
    from tests.format_mutations_records import _MERGEDCELLS, _put, _records

    text = SAMPLE.read_text(encoding="utf-8")
    docx = _edit(render_docx(text, tmp_path).read_bytes(), "word/document.xml",
                 lambda xml: re.sub(rb'<w:gridSpan w:val="[0-9]+"/>', b'<w:gridSpan w:val="999999"/>', xml))
    grids = read_grids(tmp_path / "wide.docx", docx)
    assert grids and max(len(row.cells) for grid in grids for row in grid.rows) <= 10 * 1000

    xls = bytearray(render_xls(text, tmp_path).read_bytes())
    at = next(at for at, kind, _ in _records(bytes(xls)) if kind == _MERGEDCELLS)
    _put(xls, at + 6 + 2, 65_535, 2)  # the first range's last row
    _put(xls, at + 6 + 6, 65_535, 2)  # and its last column
    with pytest.raises(SourceError) as refused:
        read_grids(tmp_path / "merged.xls", bytes(xls))
    assert "spans 65,536 rows × 65,536 columns (4,294,967,296 cells, over the limit of 2,000,000)" in str(refused.value)
