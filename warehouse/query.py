"""Read-only queries for analysts, against the published snapshot of the warehouse."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import duckdb

from warehouse.connection import reader
from warehouse.relations import analyst_names, unknown_relation_message
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


@contextmanager
def query_errors(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Turn a refused statement or a DuckDB error inside the block into a QueryError; when a table
    or view does not exist, one line with the nearest analyst-facing names (warehouse.relations)."""
    try:
        yield
    except QueryRefused as exc:
        raise QueryError(f"refused: {exc}") from None
    except duckdb.Error as exc:
        message = str(exc).strip()
        if isinstance(exc, duckdb.CatalogException) or "does not exist" in message:
            message = unknown_relation_message(message, analyst_names(list_relations(con))) or message
        raise QueryError(message) from None


def run_query(warehouse: Path, sql: str, parameters: list | dict | None = None) -> QueryResult:
    """Run a query on a sandboxed read-only connection (warehouse.sandbox); parameters are bound
    (`?` for a list, `$name` for a dict), never formatted into the SQL; errors name the tables."""
    con = reader(warehouse)
    try:
        with query_errors(con):
            check_statements(con, sql)
            cursor = con.execute(sql, parameters or [])
        if cursor.description is None:
            return QueryResult([], [])
        columns = [d[0] for d in cursor.description]
        return QueryResult(columns, cursor.fetchall())
    finally:
        con.close()
