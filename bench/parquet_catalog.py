"""The catalog analysts would open on a snapshot of Parquet parts (bench/publish_cost.py measures it):
a small DuckDB file in which every warehouse table is a view over its part files, with the
warehouse's own macros, views and comments on top. The views name their files (the catalog is
rewritten at each publish) or read their file lists from variables that a reader sets from a
manifest when it opens the catalog (only the manifest is swapped at each publish).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import duckdb

from warehouse.temp_files import fsync_path


def variable(name: str) -> str:
    return "parts_" + name.replace(".", "_")


def view_statements(names: list[str], parts: Path, by_variable: bool = False) -> list[str]:
    """Each table as a view over its part: naming the file, or (`by_variable`) over the file list
    in a variable the reader sets from the manifest when it opens the catalog."""
    return [f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet("
            + (f"getvariable('{variable(name)}'))" if by_variable else f"['{parts / name}.parquet'])")
            for name in names]


def manifest(names: list[str], parts: Path) -> dict[str, list[str]]:
    return {variable(name): [str(parts / name) + ".parquet"] for name in names}


def swap_manifest(path: Path, content: dict) -> None:
    """What a publish does with the variable catalog: the manifest written, fsync'd and renamed."""
    staged = path.with_name(f".{path.name}.tmp{os.getpid()}")
    staged.write_text(json.dumps(content), encoding="utf-8")
    fsync_path(staged)
    os.replace(staged, path)
    fsync_path(path.parent)


def set_variables(con: duckdb.DuckDBPyConnection, content: dict[str, list[str]]) -> None:
    for name, files in content.items():
        con.execute(f"SET VARIABLE {name} = $files", {"files": files})


def definitions(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The statements that give a catalog of base views the warehouse's own macros, views and
    comments, read from the warehouse (duckdb_functions, duckdb_views, duckdb_columns)."""
    statements = []
    for schema, name, kind, parameters, body in con.execute(
            "SELECT schema_name, function_name, function_type, parameters, macro_definition FROM duckdb_functions() "
            "WHERE function_type IN ('macro', 'table_macro') AND NOT internal AND database_name = current_database() "
            "ORDER BY function_type, function_name").fetchall():
        table = " TABLE" if kind == "table_macro" else ""
        statements.append(f'CREATE OR REPLACE MACRO "{schema}"."{name}"({", ".join(parameters)}) AS{table} {body}')
    statements += [sql for (sql,) in con.execute(
        "SELECT sql FROM duckdb_views() WHERE NOT internal AND database_name = current_database() ORDER BY view_oid").fetchall()]
    quote = lambda text: "'" + text.replace("'", "''") + "'"  # noqa: E731
    for schema, name, comment in con.execute(
            "SELECT schema_name, table_name, comment FROM duckdb_tables() WHERE comment IS NOT NULL "
            "AND database_name = current_database() UNION ALL SELECT schema_name, view_name, comment FROM duckdb_views() "
            "WHERE comment IS NOT NULL AND NOT internal AND database_name = current_database()").fetchall():
        statements.append(f'COMMENT ON VIEW "{schema}"."{name}" IS {quote(comment)}')
    for schema, name, column, comment in con.execute(
            "SELECT schema_name, table_name, column_name, comment FROM duckdb_columns() WHERE comment IS NOT NULL "
            "AND database_name = current_database()").fetchall():
        statements.append(f'COMMENT ON COLUMN "{schema}"."{name}"."{column}" IS {quote(comment)}')
    return statements


def build_catalog(catalog: Path, names: list[str], parts: Path, statements: list[str], by_variable: bool = False) -> None:
    """A DuckDB file of views: each table over its part, then the warehouse's macros, views and comments."""
    catalog.unlink(missing_ok=True)
    con = duckdb.connect(str(catalog))
    try:
        for schema in sorted({name.split(".")[0] for name in names} - {"main"}):
            con.execute(f"CREATE SCHEMA {schema}")
        if by_variable:
            set_variables(con, manifest(names, parts))
        for statement in view_statements(names, parts, by_variable):
            con.execute(statement)
        pending = list(statements)
        while pending:  # views in an order each one's dependencies exist in
            failed = []
            for statement in pending:
                try:
                    con.execute(statement)
                except duckdb.CatalogException:
                    failed.append(statement)
            if len(failed) == len(pending):
                raise RuntimeError(f"cannot create: {failed[0][:200]}")
            pending = failed
        con.execute("CHECKPOINT")
    finally:
        con.close()


def update_catalog(catalog: Path, names: list[str], parts: Path) -> None:
    """What a publish of changed tables does to the catalog: a copy, the changed views replaced,
    checkpointed, fsync'd and renamed over the old one."""
    staged = catalog.with_name(f".{catalog.name}.tmp{os.getpid()}")
    shutil.copyfile(catalog, staged)
    con = duckdb.connect(str(staged))
    try:
        for statement in view_statements(names, parts):
            con.execute(statement)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    fsync_path(staged)
    os.replace(staged, catalog)
    fsync_path(catalog.parent)


def open_catalog(catalog: Path, parts: Path, manifest_path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A reader of the catalog as `warehouse.connection.reader` would open it: read-only, the
    manifest's file lists set (the variable catalog), then the part folder allowed and the sandbox
    (sandbox.sql) locked on."""
    from warehouse.connection import sql_file

    con = duckdb.connect(str(catalog), read_only=True)
    if manifest_path is not None:
        set_variables(con, json.loads(manifest_path.read_text(encoding="utf-8")))
    con.execute(f"SET allowed_directories = ['{parts}/']")
    con.execute(sql_file("sandbox.sql"))
    return con
