"""Property 5, queries cannot harm: `jixiao sql` reads the published snapshot read-only, refuses
writes, ATTACH, COPY TO, INSTALL/LOAD and every file-reading table function, and binds parameters."""

import duckdb
import pytest
from click.testing import CliRunner

from pipelines.cli import main
from warehouse.connection import published_path, reader
from warehouse.sandbox import QueryRefused, check_statements


def sql(warehouse, query, *extra):
    return CliRunner().invoke(main, ["sql", query, "--format", "csv", "--warehouse", str(warehouse), *extra])


@pytest.fixture(scope="module")
def secret(tmp_path_factory):
    folder = tmp_path_factory.mktemp("outside")
    path = folder / "secret.csv"
    path.write_text("password\nhunter2\n", encoding="utf-8")
    return path


def counts(warehouse):
    con = duckdb.connect(str(published_path(warehouse)), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("projects", "indicators")}
    finally:
        con.close()


HARMFUL = [
    "INSERT INTO projects (project_key) VALUES ('x')",
    "DELETE FROM indicators",
    "UPDATE projects SET project_name = 'x'",
    "DROP TABLE indicators",
    "CREATE TABLE evil AS SELECT 1",
    "CREATE TEMP TABLE evil AS SELECT 1",
    "ALTER TABLE projects ADD COLUMN evil INT",
    "ATTACH '{out}/other.duckdb' AS other",
    "COPY projects TO '{out}/stolen.csv'",
    "COPY (SELECT * FROM indicators) TO '{out}/stolen.parquet' (FORMAT parquet)",
    "EXPORT DATABASE '{out}/dump'",
    "INSTALL httpfs",
    "LOAD httpfs",
    "SET enable_external_access = true",
    "PRAGMA enable_profiling",
    "CHECKPOINT",
    "SELECT 1; DROP TABLE indicators",
]


@pytest.mark.parametrize("statement", HARMFUL)
def test_writes_and_escapes_are_refused(sample_warehouse, tmp_path, statement):
    before = counts(sample_warehouse)
    result = sql(sample_warehouse, statement.format(out=tmp_path))
    assert result.exit_code == 2, result.output
    assert "refused:" in result.output and "read-only queries only" in result.output
    assert list(tmp_path.iterdir()) == []  # nothing written anywhere
    assert counts(sample_warehouse) == before


FILE_READERS = [
    "SELECT * FROM read_csv('{secret}')",
    "SELECT * FROM read_csv_auto('{secret}')",
    "SELECT * FROM '{secret}'",
    "SELECT * FROM read_text('{secret}')",
    "SELECT * FROM read_blob('{secret}')",
    "SELECT * FROM read_json('{secret}')",
    "SELECT * FROM read_parquet('{secret}')",
    "SELECT * FROM sniff_csv('{secret}')",
    "SELECT * FROM glob('{folder}/*')",
    "SELECT * FROM read_csv('{folder}/*.csv')",
]


@pytest.mark.parametrize("statement", FILE_READERS)
def test_file_reading_table_functions_are_refused(sample_warehouse, secret, statement):
    result = sql(sample_warehouse, statement.format(secret=secret, folder=secret.parent))
    assert result.exit_code == 2
    assert "Permission Error" in result.output and "disabled by configuration" in result.output
    assert "hunter2" not in result.output and "secret.csv" not in result.output.replace(str(secret), "")


def test_the_connection_itself_is_sandboxed_without_the_statement_check(sample_warehouse, secret, tmp_path):
    """The DuckDB settings hold on their own: a caller that skipped check_statements still cannot
    read files, copy out, attach, or switch the settings back."""
    con = reader(sample_warehouse)
    try:
        for statement in (f"SELECT * FROM read_csv('{secret}')", f"COPY projects TO '{tmp_path}/x.csv'",
                          f"ATTACH '{tmp_path}/x.duckdb'", "LOAD httpfs"):
            with pytest.raises(duckdb.PermissionException):
                con.execute(statement)
        with pytest.raises(duckdb.InvalidInputException, match="configuration has been locked"):
            con.execute("SET enable_external_access = true")
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("DELETE FROM indicators")
        assert con.execute("SELECT current_setting('enable_external_access')").fetchone() == (False,)
    finally:
        con.close()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("query", [
    "SELECT count(*) FROM projects", "WITH a AS (SELECT 1 AS x) SELECT x FROM a", "FROM projects LIMIT 1",
    "DESCRIBE projects", "SHOW TABLES", "SUMMARIZE key_tasks", "EXPLAIN SELECT * FROM indicators", "VALUES (1)",
])
def test_queries_pass_the_check(sample_warehouse, query):
    con = reader(sample_warehouse)
    try:
        check_statements(con, query)
    finally:
        con.close()
    assert sql(sample_warehouse, query).exit_code == 0


def test_an_empty_query_is_refused(sample_warehouse):
    con = reader(sample_warehouse)
    try:
        with pytest.raises(QueryRefused, match="no statement"):
            check_statements(con, " ; ")
    finally:
        con.close()


def test_parameters_are_bound_not_formatted(sample_warehouse):
    hostile = "x' OR '1'='1'; DROP TABLE projects; --"
    result = sql(sample_warehouse, "SELECT count(*) AS n FROM projects WHERE project_name = $name",
                 "--param", f"name={hostile}")
    assert result.exit_code == 0 and result.output.splitlines() == ["n", "0"]
    echoed = sql(sample_warehouse, "SELECT $name AS v", "--param", f"name={hostile}")
    assert echoed.output.splitlines()[1] == hostile
    year = sql(sample_warehouse, "SELECT count(*) AS n FROM projects WHERE budget_year = $year", "--param", "year=2024")
    assert year.output.splitlines() == ["n", "13"]
    assert counts(sample_warehouse)["projects"] == 13


def test_a_param_without_a_value_is_a_usage_error(sample_warehouse):
    result = sql(sample_warehouse, "SELECT 1", "--param", "year")
    assert result.exit_code == 2 and "--param takes NAME=VALUE" in result.output
