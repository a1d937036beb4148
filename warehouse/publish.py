"""The analysts' snapshot: made after each load from what the load changed, not by copying the file.

Analysts read `<name>.published.duckdb`, never the warehouse: DuckDB lets one process write a file or
many read it, never both. Beside it lies a *standby*, `<name>.standby.duckdb`: the snapshot before
last, which no reader opens any more. A publish brings the standby up to date by replacing, in one
transaction, only the row groups the writes since it was current changed (warehouse.changes: the
keys the writers recorded in `.unpublished`, and those of the last publish, kept in
`.published-changes`), checks it, and renames it into place; the snapshot it replaces becomes the
standby. So a publish costs what changed, and the file is not copied.

The whole file is copied, as before, when it is small (under 256 MiB a copy is quicker), when a
write recorded `everything` (a definitions change, a restore), when there is no standby yet, when a reader still has the standby open (a `jixiao shell`
opened two publishes ago: DuckDB's lock says so for other processes, /proc/self/fd for this one),
or when the brought-up-to-date standby does not have the warehouse's row counts.

Readers see the old snapshot or the new one, never a part-written file: the snapshot's name is only
ever replaced by a rename of a finished, checkpointed file, and the file being written is one no
reader can open. A kill at any point leaves the last snapshot; the next writer publishes again.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
from pathlib import Path

import duckdb

from sources.settings import setting
from warehouse.changes import KEY_COLUMNS, Changes, append_changes, read_changes, replace_key
from warehouse.temp_files import fsync_path, temporary

log = logging.getLogger(__name__)
REPLAY_LIMIT = 200_000  # more changed keys than this: copying the file is as quick and simpler
# where a submission has its row: the tables whose keys say which submissions a file holds rows of
SUBMISSION_TABLES = "(SELECT submission_key FROM main.submissions UNION ALL SELECT submission_key FROM quarantine.submissions)"
# below this size a copy is quicker than the fixed cost of bringing the standby up to date (opening
# both files' catalogs, comparing row counts, a checkpoint: ≈0.2 s; a copy costs ≈2 s per GB):
# bench/publish_changes.md. $JIXIAO_PUBLISH_COPY_BELOW (bytes) sets it; the tests set 0
COPY_BELOW = 256 * 2**20
COPY_BELOW_ENV = "JIXIAO_PUBLISH_COPY_BELOW"
VERIFY_ENV = "JIXIAO_VERIFY_PUBLISH"  # "1": compare every table's rows, not only counts (the tests set it)


def published_path(warehouse: Path) -> Path:
    """The read-only snapshot analysts query: <name>.published.duckdb beside the warehouse."""
    return warehouse.with_name(warehouse.stem + ".published" + warehouse.suffix)


def standby_path(warehouse: Path) -> Path:
    """The snapshot before last, which the next publish brings up to date: <name>.standby.duckdb."""
    return warehouse.with_name(warehouse.stem + ".standby" + warehouse.suffix)


def unpublished_marker(warehouse: Path) -> Path:
    """Present while the warehouse holds writes its snapshot does not show yet; lists their keys."""
    return warehouse.with_name(warehouse.name + ".unpublished")


def published_changes(warehouse: Path) -> Path:
    """The keys the last publish changed: what the standby, one publish older, also lacks."""
    return warehouse.with_name(warehouse.name + ".published-changes")


def mark_unpublished(warehouse: Path, changes: Changes | None = None) -> None:
    """Call before committing a write, with what it replaces (None: everything): if the process dies
    before `publish`, the next writer sees the marker and publishes."""
    append_changes(unpublished_marker(warehouse), changes)


def needs_publish(warehouse: Path) -> bool:
    return unpublished_marker(warehouse).exists() or not published_path(warehouse).exists()


def publish(warehouse: Path) -> Path:
    """Make the snapshot show the (closed, checkpointed) warehouse; call holding the writer lock,
    after the writing connection is closed."""
    target, standby = published_path(warehouse), standby_path(warehouse)
    if warehouse.with_name(warehouse.name + ".wal").exists():
        raise RuntimeError(f"{warehouse} has an unreplayed write-ahead log; open and close it before publishing")
    marker, record = unpublished_marker(warehouse), published_changes(warehouse)
    pending = read_changes(marker) if marker.exists() else Changes()  # no marker: nothing unpublished
    needed = Changes().merge(read_changes(record)).merge(pending)
    if not _files_as_recorded(record, target, standby):  # renamed, deleted, written or published by
        needed = Changes.all()  # another hand (an older jixiao) since the last publish: copy
    if target.exists() and _bring_up_to_date(standby, warehouse, needed):
        _rotate(standby, target, standby)
    else:
        with temporary(target, locked=True) as copy:
            shutil.copyfile(warehouse, copy)
            fsync_path(copy)
            _rotate(copy, target, standby)
    # what this publish changed is what the new standby lacks; the marker goes after the record,
    # so a kill between the two leaves more keys than needed, never fewer
    written = record.with_name(record.name + ".new")
    written.unlink(missing_ok=True)
    with open(written, "w", encoding="utf-8") as handle:
        handle.write(json.dumps({"files": {"snapshot": _identity(target), "standby": _identity(standby)}}) + "\n")
    append_changes(written, pending)
    os.replace(written, record)
    marker.unlink(missing_ok=True)
    fsync_path(target.parent)
    return target


def _verifying() -> bool:
    return setting(VERIFY_ENV) == "1"


def _identity(path: Path) -> list[int] | None:
    """Which file is at `path` and whether it was written since: device, inode, size, mtime."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return [found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns]


def _files_as_recorded(record: Path, target: Path, standby: Path) -> bool:
    """Whether the snapshot and the standby are the files the last publish left: only then does
    the standby lack exactly what the record and the marker list."""
    try:
        first = record.read_text(encoding="utf-8").split("\n", 1)[0]
        files = json.loads(first)["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return files == {"snapshot": _identity(target), "standby": _identity(standby)}


def _next(standby: Path) -> Path:
    return standby.with_name(standby.name + ".next")


def _rotate(fresh: Path, target: Path, standby: Path) -> None:
    """`fresh` becomes the snapshot, the snapshot it replaces the standby (hard-linked first, so
    that it has a name at every instant). Without one to replace, or on a file system without hard
    links, there is no standby after it (the next publish copies). A second name left by a killed
    rotation goes first; the files it left are not the ones recorded, so that publish copied."""
    following = _next(standby)
    following.unlink(missing_ok=True)
    linked = False
    if target.exists():
        try:
            os.link(target, following)
            linked = True
        except OSError as exc:
            log.info("publish: no hard link for the standby (%s); the next publish copies", exc)
    os.replace(fresh, target)
    standby.with_name(standby.name + ".wal").unlink(missing_ok=True)  # a log of the file that had the name
    if linked:
        os.replace(following, standby)
    else:
        standby.unlink(missing_ok=True)


def _open_here(path: Path) -> bool:
    """Whether this process has `path` open (a reader connection of an older snapshot): DuckDB's
    file lock does not stop a second connection of the same process."""
    try:
        wanted = os.stat(path)
        descriptors = os.listdir("/proc/self/fd")
    except OSError:
        return True  # cannot tell: assume it is
    for fd in descriptors:
        try:
            found = os.stat(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if (found.st_dev, found.st_ino) == (wanted.st_dev, wanted.st_ino):
            return True
    return False


def _bring_up_to_date(standby: Path, warehouse: Path, needed: Changes) -> bool:
    """Replace in the standby the row groups `needed` names by the warehouse's; False (the standby
    untouched) when that cannot be done or does not check out, and the file must be copied."""
    if needed.everything or needed.size() > REPLAY_LIMIT or not standby.exists():
        return False
    if warehouse.stat().st_size < int(setting(COPY_BELOW_ENV) or COPY_BELOW):
        return False
    if os.path.samefile(standby, published_path(warehouse)) or _open_here(standby):
        return False
    try:
        con = duckdb.connect(str(standby))
    except duckdb.Error as exc:  # a reader of another process has it open, mostly
        log.info("publish: cannot open the standby %s for writing (%s); copying the warehouse", standby, exc)
        return False
    try:
        return _replay(con, warehouse, needed)
    except duckdb.Error as exc:
        if _verifying():
            raise
        print(f"jixiao: publish: bringing the snapshot up to date failed ({exc}); copying the warehouse instead",
              file=sys.stderr)
        return False
    finally:
        con.close()


def _tables(con: duckdb.DuckDBPyConnection, database: str) -> dict[tuple[str, str], list[str]]:
    rows = con.execute(
        "SELECT c.schema_name, c.table_name, list(c.column_name ORDER BY c.column_index) "
        "FROM duckdb_columns() c JOIN duckdb_tables() t USING (database_name, schema_name, table_name) "
        "WHERE c.database_name = ? AND NOT t.temporary GROUP BY ALL ORDER BY ALL", [database]).fetchall()
    return {(schema, table): columns for schema, table, columns in rows}


def _replay(con: duckdb.DuckDBPyConnection, warehouse: Path, needed: Changes) -> bool:
    standby = con.execute("SELECT current_database()").fetchone()[0]
    quoted = str(warehouse).replace("'", "''")
    con.execute(f"ATTACH '{quoted}' AS fresh (READ_ONLY)")
    try:
        tables = _tables(con, "fresh")
        definitions = "SELECT list(fingerprint ORDER BY fingerprint) FROM {}schema_fingerprint"
        if _tables(con, standby) != tables or \
                con.execute(definitions.format("")).fetchall() != con.execute(definitions.format("fresh.")).fetchall():
            log.info("publish: the standby has other definitions (tables, views) than the warehouse; copying it")
            return False
        for column in KEY_COLUMNS:
            con.execute(f"CREATE TEMP TABLE changed_{column} AS SELECT unnest(?::VARCHAR[]) AS key",
                        [sorted(needed.keys[column])])
            if column != "submission_key":
                con.execute(f"CREATE TEMP VIEW replaced_{column} AS SELECT key FROM changed_{column}")
        # a submission's rows, in every table, are only ever written with its row in submissions (main
        # or quarantine): a submission the standby has no row for has no rows to delete anywhere (a new
        # file, the usual case), and the deletes, a scan of each table, are left out for it
        con.execute(f"CREATE TEMP TABLE replaced_submission_key AS SELECT key FROM changed_submission_key "
                    f"WHERE key IN {SUBMISSION_TABLES}")
        verify = _verifying()
        con.execute("BEGIN TRANSACTION")
        committed = False
        try:
            sizes = {name: con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
                     for column in KEY_COLUMNS for name in (f"changed_{column}", f"replaced_{column}")}
            for (schema, table), columns in tables.items():
                _replace(con, f'"{schema}"."{table}"', f'fresh."{schema}"."{table}"', replace_key(table, columns), sizes)
            differing = _differing(con, tables, compare_rows=verify)
            if not differing:
                con.execute("COMMIT")
                committed = True
        finally:
            if not committed:
                try:
                    con.execute("ROLLBACK")
                except duckdb.Error:
                    pass  # a failed COMMIT ended the transaction already
        if differing:
            message = (f"the snapshot brought up to date differs from the warehouse in {', '.join(differing)}: "
                       "a write did not record what it changed")
            if verify:
                raise AssertionError("publish: " + message)
            print(f"jixiao: publish: {message}; copying the warehouse instead", file=sys.stderr)
            return False
        con.execute("CHECKPOINT")
        return True
    finally:
        con.execute("DETACH fresh")


def _replace(con: duckdb.DuckDBPyConnection, table: str, source: str, key: str | None, sizes: dict[str, int]) -> None:
    """The standby's `table` given the warehouse's rows of the changed keys (all its rows, without a
    key); `sizes`: the rows of the changed_* and replaced_* key tables."""
    if key is None:
        con.execute(f"DELETE FROM {table}")
        con.execute(f"INSERT INTO {table} SELECT * FROM {source}")
        return
    if not sizes[f"changed_{key}"]:
        return
    if sizes[f"replaced_{key}"]:
        con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT key FROM replaced_{key})")
    con.execute(f"INSERT INTO {table} SELECT * FROM {source} WHERE {key} IN (SELECT key FROM changed_{key})")


def _differing(con: duckdb.DuckDBPyConnection, tables, compare_rows: bool) -> list[str]:
    """The tables whose row counts (with `compare_rows`, whose rows) differ between the standby and
    the warehouse."""
    measure = "count(*), sum(hash(t)::HUGEINT)" if compare_rows else "count(*)"
    differing = []
    for schema, table in tables:
        ours = con.execute(f'SELECT {measure} FROM "{schema}"."{table}" t').fetchone()
        theirs = con.execute(f'SELECT {measure} FROM fresh."{schema}"."{table}" t').fetchone()
        if ours != theirs:
            differing.append(f"{schema}.{table}")
    return differing
