"""Exports that keep the data (issues 14 and 17): xlsx equal to the warehouse cell for cell, csv guarded
against formulas, analyst columns and order, 是/否, relative source files, 万元, the title row and print
setup, nested columns as JSON, and `--out` refused with one line where no file can be written."""

import csv
import io
import json
import os
import re
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pyarrow.dataset as ds
import pytest
from click.testing import CliRunner

from conftest import SAMPLE, loaded_warehouse
from pipelines.cli import main
from warehouse.export import export
from warehouse.export_target import ExportTargetError


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def workbook(path):
    sheet = openpyxl.load_workbook(path).active
    return sheet, [[cell.value for cell in row] for row in sheet.iter_rows()]


def csv_records(path):
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def stored(con, sql):
    cursor = con.execute(sql)
    return [d[0] for d in cursor.description], cursor.fetchall()


def as_read_back(value, column):
    """A warehouse value as the analyst's workbook holds it: numbers as numbers (Excel keeps 15
    digits), booleans as 是/否, a source file by its name, NULL as an empty cell."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (Decimal, float)):
        return pytest.approx(float(value), rel=1e-15)
    if column == "来源文件" and value is not None:
        return Path(value).name
    return value


INDICATORS = ("SELECT * EXCLUDE (指标键) FROM 绩效指标 "
              "ORDER BY 年度, 地区代码, 主管部门, 项目或单位名称, 来源行")


def test_xlsx_equals_the_warehouse_cell_for_cell(tmp_path, two_year_warehouse, two_year_db):
    out = tmp_path / "绩效指标.xlsx"
    result = export(two_year_warehouse, out, "xlsx", relation="绩效指标")
    columns, rows = stored(two_year_db, INDICATORS)
    _, cells = workbook(out)
    assert result.rows == len(rows) == len(cells) - 2 == 162
    assert cells[1] == columns and "指标键" not in cells[1]
    assert cells[2:] == [[as_read_back(v, c) for v, c in zip(row, columns)] for row in rows]
    operators = [row[columns.index("比较符")] for row in cells[2:]]
    assert operators.count("=") == sum(1 for row in rows if row[columns.index("比较符")] == "=") > 50
    assert not any(isinstance(v, str) and v.startswith("'") for row in cells for v in row)
    # rows by year, region, department, project: 2023 first though the 2024 file was loaded first
    years = [row[0] for row in cells[2:]]
    assert years == sorted(years) and years[0] == 2023 and years[-1] == 2024
    files = {row[columns.index("来源文件")] for row in cells[2:]}
    assert files == {"wuchuan-hrss-2023.txt", "wuchuan-hrss-2024.txt"}


def test_csv_of_a_formula_opens_as_text_and_raw_keeps_it(tmp_path, sample_warehouse, sample_db):
    query = "SELECT '=1+1' AS 公式, 1 + 1 AS 数"
    guarded, raw = tmp_path / "g.csv", tmp_path / "r.csv"
    export(sample_warehouse, guarded, "csv", query=query)
    export(sample_warehouse, raw, "csv", query=query, raw=True)
    assert csv_records(guarded) == [["公式", "数"], ["'=1+1", "2"]]  # a spreadsheet shows the text
    assert csv_records(raw) == [["公式", "数"], ["=1+1", "2"]]
    # the 比较符 of the indicators: guarded by default, as stored with --raw
    for path, flags in ((guarded, ()), (raw, ("--raw",))):
        result = cli("export", "绩效指标", "--out", path, "--warehouse", sample_warehouse, *flags)
        assert result.exit_code == 0, result.output
    _, rows = stored(sample_db, INDICATORS)
    header = csv_records(raw)[0]
    ops = {p: [r[header.index("比较符")] for r in csv_records(p)[1:]] for p in (guarded, raw)}
    assert ops[raw] == [row[header.index("比较符")] or "" for row in rows]
    assert ops[guarded] == [("'" + op if op.startswith("=") else op) for op in ops[raw]]
    assert ops[raw].count("=") == 28
    refused = cli("export", "绩效指标", "--out", tmp_path / "x.xlsx", "--raw", "--warehouse", sample_warehouse)
    assert refused.exit_code == 2 and "--raw is for csv" in refused.output


def test_analyst_columns_and_all_columns(tmp_path, sample_warehouse, sample_db):
    analyst, everything = tmp_path / "a.xlsx", tmp_path / "all.xlsx"
    export(sample_warehouse, analyst, "xlsx", relation="项目预算")
    cli("export", "项目预算", "--out", everything, "--all-columns", "--warehouse", sample_warehouse)
    columns = stored(sample_db, "SELECT * FROM 项目预算 LIMIT 0")[0]
    assert workbook(everything)[1][1] == columns and columns[-1] == "表键"
    assert workbook(analyst)[1][1] == columns[:-1]
    export(sample_warehouse, tmp_path / "p.csv", "csv", relation="projects", chinese_headers=False)
    assert "_key" not in ",".join(csv_records(tmp_path / "p.csv")[0])
    export(sample_warehouse, tmp_path / "s.csv", "csv", relation="submissions", all_columns=True)
    header, row = csv_records(tmp_path / "s.csv")
    assert header[:3] == ["文件哈希", "文件路径", "文件名"] and len(row[0]) == 64
    assert row[1] == row[2] == "wuchuan-hrss-2024.txt"  # never the absolute path of the loading machine
    # a query exports the columns it selects, in its own order
    export(sample_warehouse, tmp_path / "q.csv", "csv", query="SELECT 表键, 来源行 FROM 项目预算 ORDER BY 来源行 DESC")
    records = csv_records(tmp_path / "q.csv")
    assert records[0] == ["表键", "来源行"] and [int(r[1]) for r in records[1:]] == sorted(
        (int(r[1]) for r in records[1:]), reverse=True)


def test_booleans_read_yes_or_no(tmp_path, sample_warehouse, sample_db):
    out = tmp_path / "indicators.csv"
    export(sample_warehouse, out, "csv", relation="indicators", chinese_headers=False)
    header, *rows = csv_records(out)
    expected = sample_db.execute("SELECT is_qualitative, is_change FROM indicators "
                                 "ORDER BY document_key, source_line").fetchall()
    yes_no = {True: "是", False: "否", None: ""}
    assert [(r[header.index("is_qualitative")], r[header.index("is_change")]) for r in rows] == [
        (yes_no[a], yes_no[b]) for a, b in expected]
    assert {r[header.index("is_qualitative")] for r in rows} == {"是", "否"}


def test_source_files_relative_to_the_landing_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("JIXIAO_LANDING", raising=False)  # <data>/landing beside data/warehouse/
    landing = tmp_path / "data" / "landing" / "2024" / "湛江"
    landing.mkdir(parents=True)
    shutil.copy(SAMPLE, landing / SAMPLE.name)
    warehouse = loaded_warehouse([tmp_path / "data" / "landing"], tmp_path / "data" / "warehouse" / "jixiao.duckdb")
    out = tmp_path / "目标.csv"
    export(warehouse, out, "csv", relation="绩效目标")
    header, *rows = csv_records(out)
    assert {r[header.index("来源文件")] for r in rows} == {f"2024/湛江/{SAMPLE.name}"}


def test_wan_yuan_is_exact(tmp_path, sample_warehouse, sample_db):
    out = tmp_path / "万元.csv"
    result = cli("export", "项目预算", "--out", out, "--unit", "万元", "--warehouse", sample_warehouse)
    assert result.exit_code == 0, result.output
    header, *rows = csv_records(out)
    assert "总金额(万元)" in header and "当年度金额(万元)" in header and "总金额(元)" not in header
    yuan = [v for (v,) in sample_db.execute(
        "SELECT \"总金额(元)\" FROM 项目预算 ORDER BY 年度, 地区代码, 主管部门, 项目名称").fetchall()]
    assert [Decimal(r[header.index("总金额(万元)")]) for r in rows] == [v / 10000 for v in yuan]
    assert sum(Decimal(r[header.index("总金额(万元)")]) for r in rows) == Decimal("555.32")
    book = tmp_path / "万元.xlsx"
    export(sample_warehouse, book, "xlsx", relation="项目预算", unit="万元")
    sheet, cells = workbook(book)
    column = cells[1].index("总金额(万元)")
    assert [row[column] for row in cells[2:]] == [pytest.approx(float(v / 10000), rel=1e-15) for v in yuan]
    assert sheet.cell(3, column + 1).number_format == "#,##0.00####" and "金额单位：万元" in cells[0][0]
    # budget lines of the unit: 7.7 万元 of a project, 14424100.00 元 → 1442.41 万元
    export(sample_warehouse, out, "csv", query="SELECT category, amount_yuan FROM budget_lines "
           "WHERE owner_kind = 'unit' AND category = '财政拨款'", unit="万元")
    assert csv_records(out) == [["类别", "金额(万元)"], ["财政拨款", "1442.410000"]]
    parquet = cli("export", "项目预算", "--out", tmp_path / "p", "--format", "parquet", "--unit", "万元",
                  "--warehouse", sample_warehouse)
    assert parquet.exit_code == 2 and "parquet keeps amounts as stored" in parquet.output


def test_title_row_and_print_setup(tmp_path, sample_warehouse):
    out = tmp_path / "审核得分.xlsx"
    export(sample_warehouse, out, "xlsx", relation="审核得分")
    sheet, cells = workbook(out)
    assert re.fullmatch(r"审核得分（来源：jixiao\.published\.duckdb；导出时间：\d{4}-\d\d-\d\d \d\d:\d\d UTC）",
                        cells[0][0])
    assert cells[1][:3] == ["年度", "主管部门", "表类型"] and len(cells) == 2 + 14
    assert sheet.print_title_rows == "$2:$2" and sheet.freeze_panes == "A3"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToHeight == 0  # 1 page wide
    assert sheet.auto_filter.ref == f"A2:{openpyxl.utils.get_column_letter(len(cells[1]))}16"


def test_nested_columns_are_json_text(tmp_path, sample_warehouse, sample_db):
    details = [json.loads(json.dumps(v, default=str)) for (v,) in sample_db.execute(
        "SELECT details FROM validation_results ORDER BY check_name").fetchall()]
    assert any(details)
    query = "SELECT check_name, details FROM validation_results ORDER BY check_name"
    for fmt in ("xlsx", "csv"):
        out = tmp_path / f"v.{fmt}"
        result = cli("export", "--query", query, "--out", out, "--warehouse", sample_warehouse)
        assert result.exit_code == 0, result.output
        rows = workbook(out)[1][2:] if fmt == "xlsx" else csv_records(out)[1:]
        assert [json.loads(row[1]) for row in rows] == details
    folder = tmp_path / "v"  # parquet keeps the structs
    export(sample_warehouse, folder, "parquet", relation="validation_results")
    table = ds.dataset(folder, format="parquet").to_table().sort_by("check_name")
    assert [json.loads(json.dumps(v, default=str)) for v in table.column("details").to_pylist()] == details


def refused(*args):
    result = cli("export", "绩效指标", "--format", "csv", "--out", *args)
    assert result.exit_code == 2 and "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    return lines[0]


def special_file(tmp_path):
    """A character device node to write to: one made here when allowed, else /dev/null (which only
    root could replace, and root may make nodes)."""
    node = tmp_path / "null"
    try:
        os.mknod(node, 0o666 | 0o020000, os.makedev(1, 3))
    except PermissionError:
        return Path("/dev/null")
    return node


def test_out_is_refused_with_one_line(tmp_path, sample_warehouse, monkeypatch):
    w = ("--warehouse", sample_warehouse)
    folder = tmp_path / "folder"
    folder.mkdir()
    assert refused(folder, *w) == f"error: {folder} is a folder: give a file name for --out, e.g. {folder}/export.csv"
    assert refused("/sys/x.csv", *w).startswith("error: cannot write /sys/x.csv:")
    assert refused("/proc/sys/x.csv", *w).startswith("error: cannot write /proc/sys/x.csv:")
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    assert refused(fifo, *w) == f"error: {fifo} is a FIFO, not a regular file: choose a file for --out"
    device = special_file(tmp_path)
    assert refused(device, *w) == f"error: {device} is a character device, not a regular file: choose a file for --out"
    assert device.is_char_device() and fifo.is_fifo()  # neither replaced by a file
    missing = tmp_path / "no" / "such" / "x.csv"
    assert refused(missing, *w) == f"error: cannot write {missing}: the folder {missing.parent} does not exist (create it first)"
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    assert "does not exist" in refused("../../etc/x.csv", *w)
    assert not (tmp_path / "etc").exists() and not (tmp_path / "no").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["folder", "pipe.csv", "a"] + (
        ["null"] if device.parent == tmp_path else []))
    assert list(folder.iterdir()) == []
    # parquet: a folder, so a file or special file at --out is refused too
    with pytest.raises(ExportTargetError, match="is a FIFO"):
        export(sample_warehouse, fifo, "parquet", relation="projects")


def test_sql_out_keeps_working(tmp_path, sample_warehouse):
    out = tmp_path / "q.csv"
    result = cli("sql", "SELECT '=x' AS v, true AS b", "--format", "csv", "--out", out, "--warehouse", sample_warehouse)
    assert result.exit_code == 0, result.output
    assert csv_records(out) == [["v", "b"], ["'=x", "是"]]
    bad = cli("sql", "SELECT 1", "--format", "xlsx", "--out", tmp_path / "missing" / "q.xlsx", "--warehouse",
              sample_warehouse)
    assert bad.exit_code == 2 and "does not exist" in bad.output
