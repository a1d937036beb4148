"""Analysts' queries cannot harm: the settings of every read connection and the statement check.

A read connection opens the published snapshot read-only, with DuckDB's external access switched
off (no file, network or extension access: read_csv, read_parquet, read_json, read_text, glob,
ATTACH, COPY ... TO, EXPORT DATABASE, INSTALL and LOAD all fail with a PermissionException) and
the configuration locked (a query cannot `SET enable_external_access = true` again). On top of
that, `check_statements` lets through only queries (SELECT, WITH, VALUES, FROM, DESCRIBE, SHOW,
SUMMARIZE) and EXPLAIN, so a refusal names what was refused instead of a DuckDB internals error.
"""

from __future__ import annotations

import duckdb

# DuckDB settings of every connection that reads the warehouse for analysts
READ_ONLY_CONFIG: dict[str, object] = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "lock_configuration": True,  # last: nothing after it (and no query) can change the settings
}

ALLOWED_STATEMENTS = frozenset({duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN})


class QueryRefused(ValueError):
    """A statement that is not a query (a write, ATTACH, COPY, INSTALL, SET ...)."""


def statement_kind(statement: duckdb.Statement) -> str:
    return statement.type.name


def check_statements(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Raise QueryRefused unless every statement in `sql` is a query (parsing only, nothing runs)."""
    statements = con.extract_statements(sql)
    if not statements:
        raise QueryRefused("no statement to run")
    for number, statement in enumerate(statements, start=1):
        if statement.type not in ALLOWED_STATEMENTS:
            where = f" (statement {number} of {len(statements)})" if len(statements) > 1 else ""
            kind = statement_kind(statement)
            raise QueryRefused(
                f"{'an' if kind[0] in 'AEIOU' else 'a'} {kind} statement{where}: `jixiao sql` and "
                "`jixiao shell` run read-only queries only (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE, "
                "EXPLAIN); the warehouse is loaded by `jixiao ingest`"
            )
