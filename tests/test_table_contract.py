"""Each table's columns are declared once, in warehouse/tables.toml: the DDL applied to a warehouse
(with the comments analysts read) and warehouse/model.py SCHEMAS (what a load builds) both come from
it and must agree, column for column and type for type."""

import duckdb
import polars as pl
import pytest

from sources.money import YUAN_DTYPE
from warehouse.connection import ensure_schema
from warehouse.contract import filled_in_sql, tables
from warehouse.model import SCHEMAS, TABLES

DUCKDB_TYPE = {pl.String: "VARCHAR", pl.Int32: "INTEGER", pl.Int64: "BIGINT", pl.Float64: "DOUBLE",
               pl.Boolean: "BOOLEAN", pl.Datetime("us"): "TIMESTAMP", YUAN_DTYPE: "DECIMAL(18,2)",
               pl.List(pl.String): "VARCHAR[]"}


# columns a load does not build: SQL fills them after the load (warehouse/regions.py: the department's place)
FILLED_IN_SQL = {"departments": {"province", "prefecture", "county", "region_code", "region_source", "region_gazetteer"}}


def test_the_contract_names_the_columns_sql_fills_in():
    assert {table: filled_in_sql(table) for table in FILLED_IN_SQL} == FILLED_IN_SQL
    assert all(not filled_in_sql(table) for table in TABLES if table not in FILLED_IN_SQL)


@pytest.fixture(scope="module")
def con():
    con = duckdb.connect()
    ensure_schema(con)
    yield con
    con.close()


@pytest.mark.parametrize("table", TABLES)
def test_the_model_and_the_ddl_declare_the_same_columns(con, table):
    declared = {name: data_type for name, data_type in con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ?",
        [table]).fetchall() if name not in FILLED_IN_SQL.get(table, ())}
    modelled = {name: DUCKDB_TYPE[dtype] for name, dtype in SCHEMAS[table].items()}
    assert modelled == declared


@pytest.mark.parametrize("table", TABLES)
def test_every_column_is_explained_for_analysts(con, table):
    unexplained = con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ? "
        "AND coalesce(comment, '') = ''", [table]).fetchall()
    assert unexplained == []
    assert con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = ?", [table]).fetchone()[0]


def test_the_quarantine_copies_follow_the_model(con):
    for table in TABLES:
        main = con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'main' "
                           "AND table_name = ? ORDER BY column_name", [table]).fetchall()
        held = con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'quarantine' "
                           "AND table_name = ? ORDER BY column_name", [table]).fetchall()
        assert set(main) <= set(held), table


def test_a_warehouse_made_before_columns_were_added_gets_them_at_the_end(tmp_path):
    """`added` columns: a table created with its first columns only (an older warehouse) gets the
    later ones by ALTER TABLE, in the same order as a new warehouse, with their comments."""
    old = duckdb.connect(str(tmp_path / "old.duckdb"))
    created = [c for c in tables()["documents"].columns if not c.added]
    old.execute("CREATE TABLE documents (" + ", ".join(f"{c.name} {c.declaration}" for c in created) + ")")
    ensure_schema(old)
    ensure_schema(old)  # harmless again
    new = duckdb.connect()
    ensure_schema(new)
    query = ("SELECT column_name, data_type, comment FROM duckdb_columns() WHERE schema_name = 'main' "
             "AND table_name = 'documents' ORDER BY column_index")
    assert old.execute(query).fetchall() == new.execute(query).fetchall()
    assert [name for name, _, _ in new.execute(query).fetchall()][-5:] == [
        "missing_fields", "complete", "layout", "layout_confidence", "withheld_fields"]
