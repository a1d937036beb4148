"""The jixiao command on the sample: ingest, sql, status, tables."""

import json

from click.testing import CliRunner

from pipelines.cli import main


def run(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result


def test_ingest_then_query_then_status(tmp_path, sample_path):
    warehouse = str(tmp_path / "w.duckdb")
    first = run("ingest", str(sample_path), "--warehouse", warehouse)
    assert first.exit_code == 0
    assert "1 unit + 13 project tables, 84 indicators, budget year 2024 (file_name), 3 warning(s)" in first.output
    again = run("ingest", str(sample_path), "--warehouse", warehouse)
    assert again.exit_code == 0 and "content already in the warehouse (loaded); nothing to do" in again.output

    as_json = run("sql", "SELECT project_type, count(*) AS n FROM projects GROUP BY 1 ORDER BY 1",
                  "--format", "json", "--warehouse", warehouse)
    assert json.loads(as_json.output) == [{"project_type": "其他事业发展性支出", "n": 4}, {"project_type": "部门职能类", "n": 9}]
    as_csv = run("sql", "SELECT sum(total_amount_yuan) AS total FROM projects", "--format", "csv", "--warehouse", warehouse)
    assert as_csv.output.splitlines() == ["total", "5553200.00"]

    status = run("status", "--warehouse", warehouse)
    assert "wuchuan-hrss-2024.txt  loaded  budget year 2024 (file_name)" in status.output
    assert "1 unit table(s), 13 project table(s), 84 indicators, project total 5,553,200.00 元, 3 warning(s)" in status.output
    assert "line 123 [事业单位招聘招考工作经费] warn indicator_number_repeated: 指标6 is printed 2 times" in status.output

    tables = run("tables", "--warehouse", warehouse)
    assert "indicators" in tables.output and "v_indicators" in tables.output


def test_sql_error_suggests_the_nearest_tables(tmp_path, sample_path):
    warehouse = str(tmp_path / "w.duckdb")
    run("ingest", str(sample_path), "--warehouse", warehouse)
    result = CliRunner().invoke(main, ["sql", "SELECT * FROM projekts", "--warehouse", warehouse])
    assert result.exit_code == 2
    assert result.output == ("error: Catalog Error: Table with name projekts does not exist! Did you mean projects? "
                             "(`jixiao tables` lists every table and view)\n")


def test_warehouse_from_environment(tmp_path, sample_path, monkeypatch):
    monkeypatch.setenv("JIXIAO_WAREHOUSE", str(tmp_path / "env.duckdb"))
    assert run("ingest", str(sample_path)).exit_code == 0
    assert (tmp_path / "env.duckdb").exists()


def test_rejected_file_exits_nonzero_and_names_it(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("随便写的\t内容\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(bad), "--warehouse", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 1
    assert f"rejected {bad}: no 绩效目标表 found" in result.output


def test_a_streamed_ingest_prints_totals_not_a_line_per_file(tmp_path, sample_path, sample_text):
    from example_years import write_example_years

    files = [str(p) for p in write_example_years(sample_text, tmp_path / "years")]
    result = run("ingest", str(sample_path), *files, "--batch-files", "1", "--workers", "0",
                 "--warehouse", str(tmp_path / "w.duckdb"))
    assert result.exit_code == 0
    assert "loaded  3 file(s): 42 tables, 252 indicators" in result.output
    assert "3 file(s): 3 loaded, 0 quarantined" in result.output
