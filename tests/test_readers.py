"""Each reader on small inputs made here: what it keeps (merges, line numbers, containers) and how
it decides (encodings, delimiters, formats by content)."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from sources.errors import SourceError
from sources.grid import Merge
from sources.readers import detect_format, read_grids
from sources.readers.common import is_percent_format, number_text, place_by_occupancy, value_text
from sources.readers.text import choose_delimiter, decode_text, split_records
from tests.fixtures.render import SAMPLE, render_xlsx
from tests.fixtures.xlsx_timing import read_with_openpyxl

# --- text ---------------------------------------------------------------------------------------


def cells(rows):
    return [(row.line, row.cells) for row in rows]


def test_tab_records_with_excel_quoting():
    text = '项目名称\t"多行\n说明"\t尾\n"他说""好"""\t"未闭合\n普通\t"粤菜"工程\t\n'
    assert cells(split_records(text)) == [
        (1, ("项目名称", "多行\n说明", "尾")),
        (3, ('他说"好"', '"未闭合')),  # a quote that closes no cell is text
        (4, ("普通", '"粤菜"工程', "")),
        (5, ("",)),
    ]


def test_csv_records_and_carriage_returns():
    assert cells(split_records('a,"b,c",d\r\n"e\r\nf",g', ",")) == [(1, ("a", "b,c", "d")), (2, ("e\nf", "g"))]
    assert cells(split_records("a\tb\rc\td", "\t")) == [(1, ("a", "b")), (2, ("c", "d"))]


@pytest.mark.parametrize("encoding, data", [
    ("utf-8", "项目名称\t甲".encode("utf-8")),
    ("utf-8-bom", "\ufeff项目名称\t甲".encode("utf-8")),
    ("gb18030", "项目名称\t甲≥═".encode("gb18030")),
    ("utf-16-le", b"\xff\xfe" + "项目名称\t甲".encode("utf-16-le")),
    ("utf-16-be", b"\xfe\xff" + "项目名称\t甲".encode("utf-16-be")),
    ("utf-16-le", "项目名称\t甲\r\n".encode("utf-16-le")),  # Excel's Unicode text without its BOM
    ("utf-16-be", "项目名称\t甲\r\n".encode("utf-16-be")),
])
def test_encodings_are_detected(encoding, data):
    text, found = decode_text(data, "f.txt")
    assert found == encoding and text.lstrip("\ufeff").startswith("项目名称\t甲")


def test_a_declared_charset_is_tried_first():
    assert decode_text("項目名稱".encode("big5"), "p.html", hint="big5") == ("項目名稱", "big5")


def test_delimiters():
    assert choose_delimiter("a\tb\nc\td", ".txt") == "\t"
    assert choose_delimiter("a,b\nc,d", ".txt") == ","  # text without a tab whose lines carry commas
    assert choose_delimiter("a;b;c\nd;e;f", ".csv") == ";"
    assert choose_delimiter("项目名称,甲", ".csv") == ","


# --- dispatch -----------------------------------------------------------------------------------

def test_format_by_content_before_suffix(tmp_path):
    html = b"<html><body><table><tr><td>x</td></tr></table></body></html>"
    assert detect_format("export.xls", html) == "html"  # web systems export HTML as .xls
    workbook = render_xlsx("项目支出绩效目标表\n项目名称\t甲", tmp_path, name="renamed.txt")
    assert detect_format(str(workbook), workbook.read_bytes()) == "xlsx"
    assert detect_format("a.csv", "项目名称,甲".encode()) == "csv"
    assert detect_format("a.tsv", "项目名称\t甲".encode()) == "text"
    with pytest.raises(SourceError, match="not a valid .pdf file: expected a file starting with %PDF, found text"):
        detect_format("a.pdf", b"hello")


# --- spreadsheets -------------------------------------------------------------------------------

def test_numbers_as_people_read_them():
    assert [number_text(v) for v in (75.0, 674.09, 0.1 + 0.2, 1e20)] == ["75", "674.09", "0.3", "1e+20"]
    assert [number_text(v, percent=True) for v in (0.95, 1.0, 0.955, 0.07)] == ["95%", "100%", "95.5%", "7%"]
    assert value_text(dt.datetime(2024, 1, 1)) == "2024-01-01" and value_text(True) == "是"
    assert is_percent_format("0.00%") and not is_percent_format('0"%"') and not is_percent_format("General")


def test_xlsx_types_formats_hidden_sheets_and_merges(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "项目表"
    sheet.append(["项目名称", "培训", None, None])
    sheet.merge_cells("B1:D1")
    sheet.append([0.95, 75, 674.09, dt.date(2024, 1, 1)])
    sheet["A2"].number_format = "0%"
    sheet["C2"].number_format = "#,##0.00"
    hidden = book.create_sheet("下拉选项")
    hidden.append(["产出指标", "效益指标"])
    hidden.sheet_state = "hidden"
    book.create_sheet("空表")
    path = tmp_path / "types.xlsx"
    book.save(path)
    (grid,) = read_grids(path)
    assert grid.container == "项目表"
    assert [row.cells for row in grid.rows] == [("项目名称", "培训", "", ""), ("95%", "75", "674.09", "2024-01-01")]
    assert [row.line for row in grid.rows] == [1, 2]
    assert grid.merges == [Merge(0, 1, 0, 3)]


def test_calamine_reads_the_same_grid_as_openpyxl(tmp_path):
    """The fast reader (calamine + the percent styles read from the XML) against openpyxl, which
    knows every cell's format: the same cells, lines, merges and sheet names."""
    data = render_xlsx(SAMPLE.read_text(encoding="utf-8"), tmp_path, per_table_sheets=True).read_bytes()
    fast, reference = read_grids("sample.xlsx", data), read_with_openpyxl("sample.xlsx", data)
    assert [g.container for g in fast] == [g.container for g in reference] and len(fast) == 14
    for got, expected in zip(fast, reference):
        assert got.rows == expected.rows
        assert sorted(got.merges, key=repr) == sorted(expected.merges, key=repr)
    assert sum(cell.endswith("%") for g in fast for row in g.rows for cell in row.cells) > 40


def test_xls_formats_and_merges(tmp_path):
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("表1")
    sheet.write_merge(0, 0, 0, 2, "项目支出绩效目标表")
    sheet.write(1, 0, 0.9, xlwt.easyxf(num_format_str="0%"))
    sheet.write(1, 1, 2024)
    sheet.write(1, 2, dt.date(2024, 3, 1), xlwt.easyxf(num_format_str="yyyy-mm-dd"))
    path = tmp_path / "old.xls"
    book.save(str(path))
    (grid,) = read_grids(path)
    assert (grid.container, [row.cells for row in grid.rows]) == (
        "表1", [("项目支出绩效目标表", "", ""), ("90%", "2024", "2024-03-01")])
    assert grid.merges == [Merge(0, 0, 0, 2)]


# --- HTML ---------------------------------------------------------------------------------------

PAGE = """<html><head><meta charset="gb2312"><title>预算公开</title></head><body>
<div>发布时间：2023-12-28 来源：本局</div>
<table><tr><td><a href="/">项目预算</a></td><td><a href="/x">指标</a></td></tr></table>
<h2>2024年度项目支出绩效目标表</h2>
<table border="1"><caption>单位：元</caption>
<tr><td rowspan="2">绩效指标</td><td colspan="2">项目名称</td><td>培训<br>项目</td></tr>
<tr><td>产出指标</td><td>数量指标</td><td>指标1：人数</td></tr>
<tr><td>x</td><td>y
</table>
</body></html>"""


def test_html_spans_line_breaks_preamble_and_a_declared_gb2312(tmp_path):
    path = tmp_path / "page.htm"
    path.write_bytes(PAGE.encode("gb18030"))
    (grid,) = read_grids(path)
    assert grid.container == "table 2"  # the one-row link table is no data table
    assert grid.preamble == ["2024年度项目支出绩效目标表", "单位：元"]
    assert [(row.line, row.cells) for row in grid.rows] == [
        (1, ("绩效指标", "项目名称", "", "培训\n项目")),
        (2, ("", "产出指标", "数量指标", "指标1：人数")),
        (3, ("x", "y", "", "")),  # an unclosed row and cell, as old pages have
    ]
    assert grid.merges == [Merge(0, 0, 1, 0), Merge(0, 1, 0, 2)]


def test_occupancy_places_cells_after_spans_from_above():
    placed = place_by_occupancy([[("a", 2, 1), ("b", 1, 2)], [("c", 1, 1), ("d", 1, 1)]])
    assert [(p.row, p.col, p.text, p.rowspan, p.colspan) for p in placed] == [
        (0, 0, "a", 2, 1), (0, 1, "b", 1, 2), (1, 1, "c", 1, 1), (1, 2, "d", 1, 1)]


# --- Word ---------------------------------------------------------------------------------------

def _docx(body: str) -> bytes:
    import zipfile

    xml = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
           f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def _p(text):
    return f"<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def _tc(text, props=""):
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{_p(text)}</w:tc>"


def test_docx_grid_before_span_vmerge_nested_table_and_content_controls():
    nested = f"<w:tbl><w:tr>{_tc('甲')}{_tc('乙')}</w:tr></w:tbl>"
    span, restart, cont = '<w:gridSpan w:val="2"/>', '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    table = (
        "<w:tbl>"
        f"<w:tr>{_tc('项目名称')}{_tc('培训', span)}</w:tr>"
        f"<w:tr>{_tc('绩效指标', restart)}<w:sdt><w:sdtContent>{_tc('产出指标')}</w:sdtContent></w:sdt>"
        f"{_tc('指标1')}</w:tr>"
        f"<w:tr>{_tc('', cont)}<w:tc>{_p('说明')}{nested}</w:tc>{_tc('指标2')}</w:tr>"
        '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>' f"{_tc('质量指标')}{_tc('指标3')}</w:tr>"
        "</w:tbl>"
    )
    (grid,) = read_grids("t.docx", _docx(_p("部门：某局") + _p("") + table + _p("附注")))
    assert grid.container == "table 1" and grid.preamble == ["部门：某局"]
    assert [(row.line, row.cells) for row in grid.rows] == [
        (1, ("项目名称", "培训", "")),
        (2, ("绩效指标", "产出指标", "指标1")),
        (3, ("", "说明\n甲 乙", "指标2")),
        (4, ("", "质量指标", "指标3")),
    ]
    assert grid.merges == [Merge(0, 1, 0, 2), Merge(1, 0, 2, 0)]


def test_docx_without_tables_but_with_tabs_is_pasted_text():
    body = _p("项目支出绩效目标表") + "<w:p><w:r><w:t>项目名称</w:t><w:tab/><w:t>甲</w:t></w:r></w:p>"
    (grid,) = read_grids("pasted.docx", _docx(body))
    assert [(row.line, row.cells) for row in grid.rows] == [(1, ("项目支出绩效目标表",)), (2, ("项目名称", "甲"))]
    with pytest.raises(SourceError, match="no table in the document"):
        read_grids("letter.docx", _docx(_p("通知") + _p("各单位：")))


# --- PDF ----------------------------------------------------------------------------------------

def test_pdf_rows_in_reading_order_with_spans_and_wrapped_text(tmp_path):
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from tests.fixtures.render import _cjk_font

    style = ParagraphStyle("c", fontName=_cjk_font(), fontSize=9, leading=11)
    rows = [["项目名称", "社保扩面征收工作经费", "", ""], ["绩效指标", "一级指标", "二级指标", "三级指标"],
            ["", "产出指标", "数量指标", "指标1：困难群体参加城乡居民养老保险标准按上级文件执行的比例"],
            ["", "", "质量指标", "≥95% ≦5 ═100"]]
    table = Table([[Paragraph(c, style) if c else "" for c in row] for row in rows], colWidths=[60, 70, 70, 150])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("SPAN", (1, 0), (3, 0)),
                               ("SPAN", (0, 1), (0, 3)), ("SPAN", (1, 2), (1, 3))]))
    path = tmp_path / "t.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build([Paragraph("项目支出绩效目标表", style), table])
    (grid,) = read_grids(path)
    assert [(row.line, row.cells) for row in grid.rows] == [
        (1, ("项目支出绩效目标表", "", "", "")),
        (2, ("项目名称", "社保扩面征收工作经费", "", "")),
        (3, ("绩效指标", "一级指标", "二级指标", "三级指标")),
        (4, ("", "产出指标", "数量指标", "指标1：困难群体参加城乡居民养老保险标准按上级文件执行的比例")),
        (5, ("", "", "质量指标", "≥95% ≦5 ═100")),
    ]
    assert sorted(grid.merges, key=repr) == sorted([Merge(1, 1, 1, 3), Merge(2, 0, 4, 0), Merge(3, 1, 4, 1)], key=repr)


def test_word_line_breaks_inside_cells_are_text_not_binary():
    text, _ = decode_text("项目名称\t培训\x0b项目\n".encode("utf-8") * 20, "pasted.txt")
    assert split_records(text)[0].cells == ("项目名称", "培训\x0b项目")
