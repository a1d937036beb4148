"""The `quarantine` schema: created with the rest of the schema on every writer connection.

The table contract (warehouse/tables.toml) declares the schema's `holds`, `quarantine.sql` its
views; this module adds a copy of every table of the model (`warehouse.model.TABLES`) and keeps the
copies in step with the main tables: a column added to a main table later (e.g. the departments'
regions) is added to its copy, and every copied table and column carries the main one's comment, so
the quarantine is documented like the rest.
Kept apart from `warehouse.quarantine` (which loads) so that `warehouse.connection` can call it.
"""

from __future__ import annotations

from importlib import resources

import duckdb

from warehouse.contract import ddl, sql_literal
from warehouse.model import TABLES

SCHEMA = "quarantine"


def ensure_quarantine_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(ddl(SCHEMA))  # the schema and `holds` (warehouse/tables.toml)
    con.execute(resources.files("warehouse").joinpath("quarantine.sql").read_text(encoding="utf-8"))
    tables = list(TABLES)
    for table in tables:
        con.execute(f"CREATE TABLE IF NOT EXISTS {SCHEMA}.{table} AS SELECT * FROM main.{table} LIMIT 0")
    missing = con.execute(
        """
        SELECT m.table_name, m.column_name, m.data_type, m.comment
        FROM duckdb_columns() m
        LEFT JOIN duckdb_columns() q
          ON q.database_name = m.database_name AND q.schema_name = ? AND q.table_name = m.table_name
         AND q.column_name = m.column_name
        WHERE m.database_name = current_database() AND m.schema_name = 'main'
          AND m.table_name IN (SELECT unnest(?)) AND (q.column_name IS NULL OR q.comment IS NULL)
        ORDER BY m.table_name, m.column_index
        """, [SCHEMA, tables]).fetchall()
    for table, column, data_type, comment in missing:
        con.execute(f'ALTER TABLE {SCHEMA}.{table} ADD COLUMN IF NOT EXISTS "{column}" {data_type}')
        if comment:
            con.execute(f'COMMENT ON COLUMN {SCHEMA}.{table}."{column}" IS {sql_literal(comment)}')
    uncommented = con.execute(
        """
        SELECT m.table_name, m.comment
        FROM duckdb_tables() m
        JOIN duckdb_tables() q ON q.database_name = m.database_name AND q.table_name = m.table_name
        WHERE m.database_name = current_database() AND m.schema_name = 'main' AND q.schema_name = ?
          AND m.table_name IN (SELECT unnest(?)) AND q.comment IS NULL
        """, [SCHEMA, tables]).fetchall()
    for table, comment in uncommented:
        text = "隔离区 (quarantine): rows of submissions held back; same columns as main." + table
        con.execute(f"COMMENT ON TABLE {SCHEMA}.{table} IS {sql_literal(text + ' — ' + (comment or ''))}")
