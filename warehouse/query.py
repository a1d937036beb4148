"""Read-only queries for analysts, against the published snapshot of the warehouse.

Every query is bounded (`run_bounded`): it runs in a worker thread while the calling thread
waits, so the timeout and Ctrl-C (SIGINT) are seen at once and interrupt DuckDB (`con.interrupt()`)
wherever it is, planning, executing or fetching. Rows come in batches (`fetch_batches`), never
all held at once unless the caller asks (`run_query`).
"""

from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, TypeVar

import duckdb

from warehouse.connection import reader
from warehouse.relations import analyst_names, unknown_relation_message
from warehouse.sandbox import QueryLimits, QueryRefused, check_statements

T = TypeVar("T")
BATCH_ROWS = 10_000
_POLL_SECONDS = 0.05


class QueryError(RuntimeError):
    """A query DuckDB rejected, with hints (e.g. the tables and views there are)."""


class QueryTimedOut(QueryError):
    """The query ran past its timeout and was interrupted."""


class QueryInterrupted(QueryError):
    """Ctrl-C (SIGINT) interrupted the query."""


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


class Bound:
    """The stop state of one bounded run: why it stopped (None while it runs)."""

    def __init__(self, timeout: float | None):
        self.timeout = timeout
        self.reason: str | None = None

    def error(self) -> QueryError:
        if self.reason == "timeout":
            return QueryTimedOut(f"query stopped after {self.timeout:g} s (--timeout)")
        return QueryInterrupted("query interrupted (Ctrl-C)")

    def check(self) -> None:
        """Raise the stop error if the run was stopped: loops that write rows call it per batch."""
        if self.reason:
            raise self.error()


def run_bounded(con: duckdb.DuckDBPyConnection, work: Callable[[Bound], T], timeout: float | None) -> T:
    """`work(bound)` (DuckDB calls on `con`, and writing what they return) within `timeout` seconds
    (None or 0: no limit) and interruptible by Ctrl-C: either interrupts `con` and raises
    QueryTimedOut or QueryInterrupted once `work` has stopped. SIGINT is caught only when called
    from the main thread (elsewhere, e.g. in Dagster, the timeout alone applies)."""
    bound = Bound(timeout)
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = work(bound)
        except BaseException as exc:  # handed to the waiting thread
            outcome["error"] = exc

    def on_sigint(signum, frame) -> None:
        bound.reason = bound.reason or "interrupt"

    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, on_sigint) if main else None
    deadline = time.monotonic() + timeout if timeout else None
    worker = threading.Thread(target=target, name="jixiao-query", daemon=True)
    try:
        worker.start()
        while worker.is_alive():
            worker.join(_POLL_SECONDS)
            if deadline is not None and not bound.reason and time.monotonic() >= deadline:
                bound.reason = "timeout"
            if bound.reason:
                con.interrupt()  # again on every poll: the worker may be between two DuckDB calls
    finally:
        if main:
            signal.signal(signal.SIGINT, previous)
    if bound.reason:
        raise bound.error()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


def open_query(con: duckdb.DuckDBPyConnection, sql: str, parameters: list | dict | None = None):
    """Check `sql` (queries only) and start it; the cursor streams its rows (None: no rows)."""
    with query_errors(con):
        check_statements(con, sql)
        cursor = con.execute(sql, parameters or [])
    return cursor if cursor.description is not None else None


def fetch_batches(con: duckdb.DuckDBPyConnection, cursor, bound: Bound,
                  size: int = BATCH_ROWS) -> Iterator[list[tuple]]:
    """The rows of `cursor` in lists of at most `size`, checking `bound` before each."""
    while True:
        bound.check()
        with query_errors(con):
            rows = cursor.fetchmany(size)
        if not rows:
            return
        yield rows


def run_query(warehouse: Path, sql: str, parameters: list | dict | None = None,
              limits: QueryLimits = QueryLimits()) -> QueryResult:
    """Run a query on a sandboxed read-only connection (warehouse.sandbox) within `limits`, all its
    rows held; parameters are bound (`?` for a list, `$name` for a dict), never formatted into the
    SQL; errors name the tables."""
    con = reader(warehouse, limits)
    try:
        def work(bound: Bound) -> QueryResult:
            cursor = open_query(con, sql, parameters)
            if cursor is None:
                return QueryResult([], [])
            rows = [row for batch in fetch_batches(con, cursor, bound) for row in batch]
            return QueryResult([d[0] for d in cursor.description], rows)

        return run_bounded(con, work, limits.timeout)
    finally:
        con.close()
