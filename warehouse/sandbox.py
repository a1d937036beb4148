"""Analysts' queries cannot harm: the limits and settings of every read connection and the statement check.

A read connection opens the published snapshot read-only, with a memory limit (default 2GB) and a
spill directory so big sorts and joins go to disk instead of the machine's memory, then
DuckDB's external access switched off (no file, network or extension access: read_csv,
read_parquet, read_json, read_text, glob, ATTACH, COPY ... TO, EXPORT DATABASE, INSTALL and LOAD
all fail with a PermissionException) and the configuration locked (a query cannot
`SET enable_external_access = true` again): sandbox.sql. Every query on it is bounded by a
timeout (default 60 s) and Ctrl-C (warehouse.query.run_bounded). On top of that, `check_statements` lets through only queries (SELECT, WITH, VALUES, FROM, DESCRIBE, SHOW,
SUMMARIZE) and EXPLAIN, so a refusal names what was refused instead of a DuckDB internals error.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

DEFAULT_TIMEOUT = 60.0  # seconds
DEFAULT_MEMORY_LIMIT = "2GB"


def default_spill_directory() -> Path:
    """Where read connections spill: the system's temporary folder, one folder per user."""
    return Path(tempfile.gettempdir()) / f"jixiao-spill-{os.getuid()}"


@dataclass(frozen=True)
class QueryLimits:
    """The bounds of an analyst's query: `timeout` seconds (None: none) for the whole query, its
    rows fetched included; DuckDB's `memory_limit` (e.g. 2GB, 500MB) on the connection; and the
    `spill_directory` DuckDB writes to when a sort or join outgrows that limit."""

    timeout: float | None = DEFAULT_TIMEOUT
    memory_limit: str = DEFAULT_MEMORY_LIMIT
    spill_directory: Path | None = None  # None: default_spill_directory()

    def connection_config(self) -> dict[str, str]:
        """The settings a read connection opens with (before sandbox.sql locks it down)."""
        return {"memory_limit": self.memory_limit,
                "temp_directory": str(self.spill_directory or default_spill_directory())}


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
