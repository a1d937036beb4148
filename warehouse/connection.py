"""Where the warehouse lives, the single-writer lock, and the connections to it.

DuckDB allows one writing process per file and blocks other processes while it writes. jixiao
takes an exclusive lock file before opening the warehouse for writing and fails at once, with a
message naming the holder, when another writer has it (never DuckDB's silent retries). Analysts
read a published snapshot (warehouse.publish), replaced atomically after each load, so queries never wait.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Callable, Iterator

import duckdb

from warehouse.contract import ddl
from warehouse.folders import chosen_path
from warehouse.model import TABLES
from warehouse.quarantine_schema import ensure_quarantine_schema
# the writers' side of the snapshot, here with the lock and connections they are used with
from warehouse.publish import mark_unpublished, needs_publish, publish, published_path, unpublished_marker  # noqa: F401
from warehouse.restore_swap import repair
from warehouse.sandbox import QueryLimits

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_WAREHOUSE = PROJECT_ROOT / "data" / "warehouse" / "jixiao.duckdb"


class WarehouseLocked(RuntimeError):
    """Another process is writing the warehouse."""


def warehouse_path(explicit: str | Path | None = None) -> Path:
    """The warehouse file: an explicit path, else $JIXIAO_WAREHOUSE, else data/warehouse/jixiao.duckdb."""
    return chosen_path(explicit, "JIXIAO_WAREHOUSE", DEFAULT_WAREHOUSE)  # type: ignore[return-value]


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


@contextmanager
def write_lock(warehouse: Path) -> Iterator[None]:
    """Hold the exclusive writer lock, or raise WarehouseLocked at once. Holding it, first finish
    or undo what a killed restore left (warehouse.restore_swap.repair), so no writer ever opens a
    file beside a log that is not its own."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    path = lock_path(warehouse)
    handle = open(path, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise WarehouseLocked(
                f"the warehouse {warehouse} is being written by {holder}; "
                "only one load runs at a time; try again when it finishes"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {time.strftime('%Y-%m-%d %H:%M:%S')}")
        handle.flush()
        repair(warehouse)
        yield
    finally:
        handle.close()  # closing releases the lock


def sql_file(name: str) -> str:
    """The text of one of the SQL files in warehouse/."""
    return resources.files("warehouse").joinpath(name).read_text(encoding="utf-8")


def schema_sql() -> str:
    """The DDL of the tables of the main schema, made from the table contract (warehouse/tables.toml)."""
    return ddl("main")


def views_sql() -> str:
    return sql_file("views.sql")


# definitions over the tables (warehouse/tables.toml): the current_* views of the versions
SCHEMA_FILES = ("history.sql",)
# analysts' views over views.sql, in this order: year over year, the target-quality review, the
# 中文视图 of it all, then the column comments of every analyst view (last: recreating a view drops them)
ANALYST_VIEW_FILES = ("yoy.sql", "review.sql", "views_zh.sql", "view_comments.sql")
# a query yielding the statements that give the current_* views their tables' column comments
CURRENT_VIEW_COMMENTS = "view_comments_current.sql"


def definitions_hash() -> str:
    """The hash of everything `ensure_schema` applies: the tables' DDL, the SQL files in their order,
    the model's tables (their quarantine copies) and the DuckDB version (views are bound by it)."""
    digest = hashlib.sha256(duckdb.__version__.encode())
    digest.update(b"tables\0" + ddl("main").encode("utf-8") + ddl("quarantine").encode("utf-8") + b"\0")
    for name in (*SCHEMA_FILES, "quarantine.sql", "views.sql", *ANALYST_VIEW_FILES, CURRENT_VIEW_COMMENTS):
        digest.update(name.encode() + b"\0" + sql_file(name).encode("utf-8") + b"\0")
    digest.update(",".join(TABLES).encode())
    return digest.hexdigest()


def definitions_current(con: duckdb.DuckDBPyConnection, fingerprint: str | None = None) -> bool:
    """Whether the warehouse on `con` has every definition `ensure_schema` applies (its recorded
    `definitions_hash` is this version's): False for a new warehouse, or one older than the fingerprint."""
    try:
        recorded = con.execute("SELECT fingerprint FROM schema_fingerprint").fetchall()
    except duckdb.CatalogException:
        return False
    return recorded == [(fingerprint or definitions_hash(),)]


def ensure_schema(con: duckdb.DuckDBPyConnection, before_commit: Callable[[], None] | None = None) -> bool:
    """Create the tables and (re)create the views; harmless to run on an existing warehouse. True
    when it changed definitions (a new version's tables or views: the snapshot must be published);
    `before_commit` is called then, inside the transaction (to record that everything changed).

    One transaction, skipped when the warehouse has the same `definitions_hash` already: the few
    hundred statements cost 0.2–1 s (and a log to checkpoint) on every writer connection, every
    refresh, for nothing when no definition changed."""
    fingerprint = definitions_hash()
    if definitions_current(con, fingerprint):
        return False
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(schema_sql())
        for name in SCHEMA_FILES:
            con.execute(sql_file(name))
        ensure_quarantine_schema(con)  # copies of the tables above, so after every file that adds columns
        con.execute(views_sql())
        for name in ANALYST_VIEW_FILES:
            con.execute(sql_file(name))
        for (statement,) in con.execute(sql_file(CURRENT_VIEW_COMMENTS)).fetchall():
            con.execute(statement)
        con.execute("DELETE FROM schema_fingerprint")
        con.execute("INSERT INTO schema_fingerprint VALUES (?, ?)",
                    [fingerprint, datetime.now(timezone.utc).replace(tzinfo=None)])
        if before_commit is not None:
            before_commit()
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return True


def connect_writer(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """Open the warehouse for writing. Call inside `write_lock`."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(warehouse))
    except duckdb.IOException as exc:
        raise WarehouseLocked(f"cannot open {warehouse} for writing: {exc}") from None
    # the analysts' snapshot gets the new tables and views with the next publish: a copy (everything),
    # recorded before the definitions commit
    ensure_schema(con, before_commit=lambda: mark_unpublished(warehouse))
    return con


@contextmanager
def writer(warehouse: Path, publish_after: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """The one writing connection: lock, open, create the schema; close and unlock after. With
    `publish_after`, still holding the lock, publish if the block marked writes (`mark_unpublished`)
    or there is no snapshot yet."""
    with write_lock(warehouse):
        con = connect_writer(warehouse)
        try:
            yield con
        finally:
            con.close()
        if publish_after and needs_publish(warehouse):
            publish(warehouse)


def writing(warehouse: Path):
    """`writer` that publishes before unlocking: loads use it, so two writers can never interleave
    a load and a publish."""
    return writer(warehouse, publish_after=True)


def reader(warehouse: Path, limits: QueryLimits = QueryLimits()) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published snapshot (or the warehouse if never published),
    within the memory limit of `limits` (spilling to its directory), with no access to files,
    the network or extensions and its settings locked (warehouse.sandbox, sandbox.sql)."""
    snapshot = published_path(warehouse)
    source = snapshot if snapshot.exists() else warehouse
    if not source.exists():
        raise FileNotFoundError(
            f"no warehouse at {warehouse}: load something first, e.g. `jixiao ingest data/samples/`"
        )
    try:
        con = duckdb.connect(str(source), read_only=True, config=limits.connection_config())
    except (duckdb.ParserException, duckdb.InvalidInputException) as exc:  # the memory limit
        raise ValueError(f"--memory-limit {limits.memory_limit!r}: {exc}") from None
    try:
        [(locked, external)] = con.execute("SELECT current_setting('lock_configuration'), "
                                           "current_setting('enable_external_access')").fetchall()
        if not locked:
            con.execute(sql_file("sandbox.sql"))
        elif external:  # another connection of this process locked the database open, not sandboxed
            raise RuntimeError(f"{source} is open in this process without the sandbox; close that connection first")
    except BaseException:
        con.close()
        raise
    return con
