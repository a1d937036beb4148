"""Read-only queries for analysts, against the published snapshot of the warehouse."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.connection import reader
from warehouse.sandbox import QueryRefused, check_statements


class QueryError(RuntimeError):
    """A query DuckDB rejected, with hints (e.g. the tables and views there are)."""


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple]


def list_relations(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """(name, 'table' or 'view', comment) for every table and view in the main schema."""
    return con.execute(
        """
        SELECT table_name, 'table', coalesce(comment, '') FROM duckdb_tables()
        WHERE schema_name = 'main' AND NOT internal
        UNION ALL
        SELECT view_name, 'view', coalesce(comment, '') FROM duckdb_views()
        WHERE schema_name = 'main' AND NOT internal
        ORDER BY 2, 1
        """
    ).fetchall()


def run_query(warehouse: Path, sql: str, parameters: list | dict | None = None) -> QueryResult:
    """Run a query on a sandboxed read-only connection (warehouse.sandbox); parameters are bound
    (`?` for a list, `$name` for a dict), never formatted into the SQL; errors name the tables."""
    con = reader(warehouse)
    try:
        try:
            check_statements(con, sql)
            cursor = con.execute(sql, parameters or [])
        except QueryRefused as exc:
            raise QueryError(f"refused: {exc}") from None
        except duckdb.Error as exc:
            message = str(exc).strip()
            if isinstance(exc, duckdb.CatalogException) or "does not exist" in message:
                names = ", ".join(name for name, _, _ in list_relations(con))
                message += f"\nTables and views: {names}"
            raise QueryError(message) from None
        if cursor.description is None:
            return QueryResult([], [])
        columns = [d[0] for d in cursor.description]
        return QueryResult(columns, cursor.fetchall())
    finally:
        con.close()
