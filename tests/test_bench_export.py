"""The Hive-partitioned Parquet export round-trips: DuckDB reading the folders gets the warehouse's
own aggregates (the same comparison `make test-scale` makes with PySpark)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from bench.generate import DAMAGE_WARNINGS, Spec, generate
from bench.aggregates import AGGREGATES
from bench.scale_check import duckdb_aggregates, warehouse_aggregates
from warehouse.export import WAREHOUSE_TABLES, export_parquet
from warehouse.ingest import ingest
from warehouse.temp_files import leftovers


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    root = tmp_path_factory.mktemp("export")
    generate(Spec(departments=3, projects=5, years=2, seed=8, damage={k: 0.3 for k in DAMAGE_WARNINGS}),
             root / "files", workers=1)
    warehouse = root / "wh.duckdb"
    ingest([root / "files"], warehouse)
    return warehouse, export_parquet(warehouse, root / "parquet")


def test_every_table_is_written_with_all_its_rows(exported):
    warehouse, result = exported
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for table in WAREHOUSE_TABLES:
            assert result.rows[table] == con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0], table
    finally:
        con.close()
    assert result.rows["projects"] == 30 and result.rows["indicators"] > 100


def test_partitions_are_hive_folders_by_year_and_province(exported):
    _, result = exported
    years = sorted(p.name for p in (result.path / "indicators").iterdir())
    assert years == ["year=2023", "year=2024"]
    provinces = {p.name for p in (result.path / "indicators" / "year=2024").iterdir()}
    # ASCII folder names (division codes), which every engine decodes alike; the sample's 吴川市 is in 广东省
    assert "province=440000" in provinces and all(p.isascii() for p in provinces)
    assert (result.path / "departments" / "data.parquet").is_file()
    assert not leftovers(result.path)


def test_duckdb_reads_back_the_same_aggregates(exported):
    warehouse, result = exported
    expected = warehouse_aggregates(warehouse)
    found = duckdb_aggregates(result.path)
    assert set(expected) == set(AGGREGATES)
    for name in AGGREGATES:
        assert found[name] == expected[name], name
    # and they are not trivially empty
    assert sum(row[-1] for row in expected["indicators_by_year_level1"]) > 100
    assert len(expected["project_amounts_by_year"]) == 2


def test_the_spark_side_compares_the_same_tables():
    from bench.aggregates import TABLES

    assert TABLES == WAREHOUSE_TABLES


def test_a_second_export_replaces_the_first(exported, tmp_path):
    warehouse, _ = exported
    target = tmp_path / "again"
    export_parquet(warehouse, target, tables=("projects",))
    (target / "stale.txt").write_text("left over", encoding="utf-8")
    export_parquet(warehouse, target, tables=("projects", "documents"))
    assert sorted(p.name for p in target.iterdir()) == ["documents", "projects"]
    assert Path(target / "projects").is_dir()
