"""The Parquet-part snapshot bench/publish_cost.py measures (issue 15, candidate (a)) answers as the
DuckDB snapshot does: every table and every analyst view has the same rows, the comments
analysts read are there, the sandbox still refuses files outside the parts, and a bench row renders."""

from __future__ import annotations

import duckdb
import pytest

import bench.report as report
from bench.parquet_catalog import (
    build_catalog,
    definitions,
    manifest,
    open_catalog,
    swap_manifest,
)
from bench.publish_cost import table_list, write_parts
from warehouse.connection import published_path


def _state(con: duckdb.DuckDBPyConnection, names: list[str]) -> dict[str, tuple[int, int]]:
    """Rows and the sum of row hashes of each relation (duplicates count)."""
    return {name: tuple(con.execute(f"SELECT count(*), coalesce(sum(hash(r)::HUGEINT), 0) FROM {name} r").fetchall()[0])
            for name in names}


def test_the_parquet_catalog_answers_as_the_duckdb_snapshot(sample_warehouse, tmp_path):
    snapshot = duckdb.connect(str(published_path(sample_warehouse)), read_only=True)
    try:
        names = [f"{s}.{t}" for s, t, _ in table_list(snapshot)]
        views = [f'"{s}"."{v}"' for s, v in snapshot.execute(
            "SELECT schema_name, view_name FROM duckdb_views() WHERE NOT internal "
            "AND database_name = current_database() ORDER BY ALL").fetchall()]
        parts = tmp_path / "parts"
        write_parts(snapshot, {name: "true" for name in names}, parts)
        build_catalog(tmp_path / "catalog.duckdb", names, parts, definitions(snapshot), by_variable=True)
        swap_manifest(tmp_path / "manifest.json", manifest(names, parts))
        expected = _state(snapshot, names + views)
        comments = snapshot.execute("SELECT schema_name, table_name, column_name, comment FROM duckdb_columns() "
                                    "WHERE comment IS NOT NULL ORDER BY ALL").fetchall()
    finally:
        snapshot.close()
    assert len(views) > 30 and len(comments) > 100

    con = open_catalog(tmp_path / "catalog.duckdb", parts, tmp_path / "manifest.json")
    try:
        assert _state(con, names + views) == expected
        assert con.execute("SELECT schema_name, table_name, column_name, comment FROM duckdb_columns() "
                           "WHERE comment IS NOT NULL ORDER BY ALL").fetchall() == comments
        with pytest.raises(duckdb.PermissionException):
            con.execute(f"SELECT * FROM read_csv('{sample_warehouse.parent}/*')").fetchall()
    finally:
        con.close()


def test_the_publish_step_renders_under_the_add_one_table():
    lines: list[str] = []
    row = {"projects": 100_000, "bytes": 2**27, "copy": 0.25, "replicated": False, "add_one": 1.5,
           "add_one_publish": 0.3, "date": "today", "commit": "abc", "loadavg": 2.0}
    report.publish_step({"100000": row, "1000000": {**row, "projects": 1_000_000, "replicated": True,
                                                    "add_one": None, "add_one_publish": None}}, lines.append)
    assert "| 100,000 | 128 MB | 1.50 s | 300 ms | 250 ms | – | today at abc, load average 2.0 |" in lines
    assert "| 1,000,000, replicated | 128 MB | – | – | 250 ms | – | today at abc, load average 2.0 |" in lines
    lines.clear()
    report.publish_step({"100000": {**row, "nothing_changed": 0.2}}, lines.append)  # bench/publish_changes.py
    assert "| 100,000 | 128 MB | 1.50 s | 300 ms | 250 ms | 200 ms | today at abc, load average 2.0 |" in lines
