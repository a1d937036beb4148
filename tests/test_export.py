"""Exports on the sample: xlsx re-read and compared, csv with BOM, parquet partitions, formula injection."""

import csv
import io
from decimal import Decimal

import duckdb
import openpyxl
import pyarrow.dataset as ds
import pytest
from click.testing import CliRunner

from pipelines.cli import main
from sample_variants import HOSTILE_GOAL, HOSTILE_OVERVIEW, HOSTILE_PROJECT, HOSTILE_VALUE, hostile
from warehouse.column_labels import label_from_comment
from warehouse.export import export, markdown_table
from warehouse.ingest import ingest
from warehouse.query import QueryError


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def rows_of(con, sql):
    cursor = con.execute(sql)
    return [d[0] for d in cursor.description], cursor.fetchall()


def sheet_rows(path):
    sheet = openpyxl.load_workbook(path).active
    return sheet, [[cell.value for cell in row] for row in sheet.iter_rows()]


def as_cell(value):
    """What a DuckDB value becomes in the workbook: numbers as numbers (floats to 15 digits, as
    Excel keeps them), NULL as an empty cell."""
    if isinstance(value, (Decimal, float)):
        return pytest.approx(float(value), rel=1e-15)
    return value


def test_xlsx_of_a_chinese_view_has_formats_and_frozen_headers(tmp_path, sample_warehouse):
    out = tmp_path / "项目预算.xlsx"
    result = export(sample_warehouse, out, "xlsx", relation="项目预算")
    sheet, cells = sheet_rows(out)
    assert result.rows == 13 and len(cells) == 2 + 13
    assert sheet.freeze_panes == "A3" and sheet.title == "项目预算"
    formats = dict(zip(cells[1], (c.number_format for c in sheet[3])))
    assert formats["总金额(元)"] == formats["当年度金额(元)"] == "#,##0.00"
    assert formats["占部门项目金额比例"] == "0.00%" and formats["年度"] == "0"
    # the shares of one department and year add up to 1
    shares = [row[cells[1].index("占部门项目金额比例")] for row in cells[2:]]
    assert sum(shares) == pytest.approx(1.0)


def test_xlsx_of_a_canonical_table_has_chinese_headers(tmp_path, sample_warehouse, sample_db):
    out = tmp_path / "projects.xlsx"
    export(sample_warehouse, out, "xlsx", relation="projects")
    _, cells = sheet_rows(out)
    cells = cells[1:]  # below the title row
    comments = dict(sample_db.execute(
        "SELECT column_name, comment FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = 'projects'"
    ).fetchall())
    analyst = [c for c in rows_of(sample_db, "SELECT * FROM projects LIMIT 0")[0] if not c.endswith("_key")]
    headers = dict(zip(analyst, cells[0]))
    assert len(cells[0]) == len(analyst)  # document_key, project_key, submission_key, department_key left out
    assert headers["project_name"] == "项目名称" and headers["department_name"] == "主管部门"
    assert headers["total_amount_yuan"] == "预算金额 总金额(元)"
    for column, header in headers.items():
        assert header.startswith(label_from_comment(comments[column]) or column)
    assert sum(Decimal(str(row[cells[0].index("预算金额 总金额(元)")])) for row in cells[1:]) == Decimal("5553200")


def test_column_labels_from_comments():
    assert label_from_comment("文件哈希: sha256 of the file bytes") == "文件哈希"
    assert label_from_comment("项目类型 (部门职能类, 其他事业发展性支出 ...)") == "项目类型"
    assert label_from_comment("预算金额 总金额, in yuan (元)") == "预算金额 总金额"
    assert label_from_comment("财政供养人员数 as printed") == "财政供养人员数"
    assert label_from_comment("the budget year of the submission") is None


def test_csv_has_a_bom_chinese_headers_and_the_rows(tmp_path, sample_warehouse, sample_db):
    out = tmp_path / "绩效指标.csv"
    export(sample_warehouse, out, "csv", relation="绩效指标")
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    records = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    columns, expected = rows_of(sample_db, "SELECT * EXCLUDE (指标键) FROM 绩效指标")
    assert records[0] == columns and len(records) == 85
    text = {(r[columns.index("项目或单位名称")], r[columns.index("三级指标")]): r[columns.index("指标值")] for r in records[1:]}
    assert text[("社保扩面征收工作经费", "城乡养老保险参保任务完成率（%）")] == "按湛江下达的任务"
    assert text[("创业担保贷款贴息", "有效投诉数量")] == "小于2单"


def test_parquet_is_partitioned_by_year(tmp_path, two_year_warehouse, two_year_db):
    out = tmp_path / "projects"
    result = export(two_year_warehouse, out, "parquet", relation="projects")
    assert result.partitions == ["budget_year"]
    assert sorted(p.name for p in out.iterdir()) == ["budget_year=2023", "budget_year=2024"]
    table = ds.dataset(out, format="parquet", partitioning="hive").to_table()
    expected = dict(two_year_db.execute(
        "SELECT budget_year, sum(total_amount_yuan) FROM projects GROUP BY 1").fetchall())
    for year, total in expected.items():
        rows = [r for r in table.to_pylist() if r["budget_year"] == year]
        assert sum(r["total_amount_yuan"] for r in rows) == total
    assert table.num_rows == result.rows == two_year_db.execute("SELECT count(*) FROM projects").fetchone()[0]


def test_parquet_of_a_chinese_view_is_partitioned_by_year_and_region(tmp_path, sample_warehouse):
    out = tmp_path / "项目预算"
    assert export(sample_warehouse, out, "parquet", relation="项目预算").partitions == ["年度", "地区代码"]
    assert [p.relative_to(out).as_posix() for p in sorted(out.rglob("*.parquet"))] == [
        "年度=2024/地区代码=440883/part-0.parquet"]
    assert duckdb.sql(f"SELECT count(*), any_value(地区), any_value(地区代码) FROM read_parquet("
                      f"'{out}/**/*.parquet', hive_partitioning = true)").fetchall() == [(13, "广东省湛江市吴川市", 440883)]  # typed from the folder name


def test_parquet_without_a_year_is_one_file_and_never_overwrites(tmp_path, sample_warehouse):
    one = tmp_path / "levels.parquet"
    export(sample_warehouse, one, "parquet", query="SELECT level1, count(*) AS n FROM indicators GROUP BY 1")
    assert one.is_file() and ds.dataset(one).to_table().num_rows == 3
    folder = tmp_path / "again"
    export(sample_warehouse, folder, "parquet", relation="projects")
    with pytest.raises(FileExistsError):
        export(sample_warehouse, folder, "parquet", relation="projects")


@pytest.fixture(scope="module")
def hostile_warehouse(tmp_path_factory, sample_text):
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "hostile-2024.txt"
    path.write_text(hostile(sample_text), encoding="utf-8")
    warehouse = folder / "w.duckdb"
    assert ingest([path], warehouse).ok
    return warehouse


def test_formula_text_stays_text_in_xlsx_and_is_neutralized_in_csv(tmp_path, hostile_warehouse):
    con = duckdb.connect(str(hostile_warehouse), read_only=True)
    stored = {v for (v,) in con.execute(
        "SELECT project_name FROM projects UNION ALL SELECT value_raw FROM indicators "
        "UNION ALL SELECT goal_text FROM goals UNION ALL SELECT overview FROM projects").fetchall()}
    con.close()
    # the warehouse keeps the text as printed
    assert HOSTILE_PROJECT in stored and HOSTILE_VALUE in stored
    assert any(v.startswith(HOSTILE_GOAL) for v in stored if v)
    assert any(v.startswith(HOSTILE_OVERVIEW) for v in stored if v)
    query = ("SELECT p.project_name, i.value_raw, g.goal_text, p.overview FROM projects p "
             "JOIN indicators i USING (document_key) JOIN goals g USING (document_key) "
             "WHERE p.project_name = $name AND i.value_raw = $value AND g.scope = '当年度'")
    params = {"name": HOSTILE_PROJECT, "value": HOSTILE_VALUE}
    sheet, cells = None, None
    for fmt in ("xlsx", "csv"):
        out = tmp_path / f"hostile.{fmt}"
        assert export(hostile_warehouse, out, fmt, query=query, parameters=params).rows == 1
        if fmt == "xlsx":  # text cells, exactly as stored: nothing runs, nothing is added
            sheet, cells = sheet_rows(out)
            assert all(cell.data_type == "s" for row in sheet.iter_rows(min_row=2) for cell in row)
            row = cells[2]
            assert row[0] == HOSTILE_PROJECT and row[1] == HOSTILE_VALUE
            assert row[2].startswith(HOSTILE_GOAL) and row[3].startswith(HOSTILE_OVERVIEW)
        else:
            row = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))[1]
            assert row[0] == "'" + HOSTILE_PROJECT and row[1] == "'" + HOSTILE_VALUE
            assert row[2].startswith("'" + HOSTILE_GOAL) and row[3].startswith("'" + HOSTILE_OVERVIEW)
    # a csv header that starts like a formula is neutralized too; plain text is left alone
    out = tmp_path / "header.csv"
    export(hostile_warehouse, out, "csv", query="SELECT 'a=b' AS \"=cmd\", '@x' AS ok")
    assert list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")))) == [["'=cmd", "ok"], ["a=b", "'@x"]]
    out = tmp_path / "header.xlsx"
    export(hostile_warehouse, out, "xlsx", query="SELECT 'a=b' AS \"=cmd\", '@x' AS ok")
    assert sheet_rows(out)[1][1:] == [["=cmd", "ok"], ["a=b", "@x"]]


def test_a_failed_export_leaves_nothing(tmp_path, sample_warehouse):
    out = tmp_path / "broken.xlsx"
    with pytest.raises(QueryError, match="Conversion"):
        export(sample_warehouse, out, "xlsx", query="SELECT CAST(value_raw AS INTEGER) FROM indicators")
    assert list(tmp_path.iterdir()) == []


def test_export_command(tmp_path, sample_warehouse):
    out = tmp_path / "review.xlsx"
    result = cli("export", "审核得分", "--out", out, "--warehouse", sample_warehouse)
    assert result.exit_code == 0, result.output
    assert f"exported 14 row(s) of 审核得分 to {out} (xlsx) in" in result.output
    assert sheet_rows(out)[1][1][:8] == ["年度", "主管部门", "表类型", "项目或单位名称", "指标数", "问题数", "得分", "等级"]

    folder = tmp_path / "indicators"
    result = cli("export", "--query", "SELECT * FROM v_indicators WHERE budget_year = $year", "--param", "year=2024",
                 "--format", "parquet", "--out", folder, "--warehouse", sample_warehouse)
    assert result.exit_code == 0 and "exported 84 row(s) of the query" in result.output
    assert "partitioned by budget_year" in result.output and (folder / "budget_year=2024").is_dir()

    wrong = cli("export", "projekts", "--out", tmp_path / "x.csv", "--warehouse", sample_warehouse)
    assert wrong.exit_code == 2 and "no table or view named 'projekts'" in wrong.output
    assert "Did you mean projects?" in wrong.output and "项目预算" not in wrong.output  # the nearest names only
    both = cli("export", "projects", "--query", "SELECT 1", "--out", tmp_path / "x.csv", "--warehouse", sample_warehouse)
    assert both.exit_code == 2 and "not both" in both.output
    unknown = cli("export", "projects", "--out", tmp_path / "x.data", "--warehouse", sample_warehouse)
    assert unknown.exit_code == 2 and "give --format" in unknown.output
    refused = cli("export", "--query", "DELETE FROM projects", "--out", tmp_path / "x.csv", "--warehouse", sample_warehouse)
    assert refused.exit_code == 2 and "refused" in refused.output


def test_sql_markdown_and_xlsx(tmp_path, sample_warehouse):
    query = "SELECT 项目名称, \"总金额(元)\" FROM 项目预算 WHERE 项目类型 = $type ORDER BY 2 DESC LIMIT 2"
    result = cli("sql", query, "--param", "type=其他事业发展性支出", "--format", "markdown", "--warehouse", sample_warehouse)
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "| 项目名称 | 总金额(元) |", "|---|---:|",
        "| 就业创业政策性补贴和专项服务补助 | 1700000.00 |", "| 粤菜师傅和南粤家政、广东技工工程费 | 1000000.00 |"]
    out = tmp_path / "q.xlsx"
    written = cli("sql", query, "--param", "type=其他事业发展性支出", "--format", "xlsx", "--out", out,
                  "--warehouse", sample_warehouse)
    assert written.exit_code == 0 and sheet_rows(out)[1][2] == ["就业创业政策性补贴和专项服务补助", 1700000]
    no_file = cli("sql", "SELECT 1", "--format", "xlsx", "--warehouse", sample_warehouse)
    assert no_file.exit_code == 2 and "--out" in no_file.output


def test_markdown_escapes_cells():
    assert markdown_table(["a", "n"], [("x|y\nz", 1), (None, Decimal("2.50"))]).splitlines() == [
        "| a | n |", "|---|---:|", "| x\\|y z | 1 |", "|  | 2.50 |"]
