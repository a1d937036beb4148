"""Writing a batch of frames into the warehouse: one transaction, stage then replace by submission.

Every fact table is replaced per submission (DELETE the submission's rows, INSERT ... BY NAME),
so loading the same batch twice leaves identical tables, and a failure rolls the whole batch back:
the warehouse is either before or after the batch, never between.

The fact tables carry no PRIMARY KEY: DuckDB keeps such indexes in memory and rewrites them at
every checkpoint, and at 100k tables they were three quarters of the file, most of the load time
and the growth of memory with what was loaded (docs/scale.md). Row keys stay unique by
construction, and `check_row_keys` makes that a checked rule of every load: each row key starts
with its file's hash prefix (so keys of different files cannot meet), the batch's keys are
unique (also a Great Expectations ERROR check per submission), and no file already in the
warehouse shares a batch file's hash prefix.
"""

from __future__ import annotations

from typing import Callable

import duckdb
import polars as pl

from expectations.suites import row_keys
from warehouse.changes import Changes
from warehouse.derived import update_derived
from warehouse.model import TABLES

# dimension tables shared by many submissions: insert what is new, never delete
SHARED_TABLES = {"departments": "department_key"}
# the columns that identify a row of each fact table: those its uniqueness expectation checks
ROW_KEYS = {table: columns for table, columns in row_keys().items()
            if table != "submissions" and table not in SHARED_TABLES}
KEY_PREFIX = 16  # row keys start with the first 16 hex digits of their file's sha256 (warehouse.model)


class RowKeyError(ValueError):
    """A batch whose row keys could meet rows of another file: a bug in the model, never data."""


def check_row_keys(con: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame]) -> None:
    """Raise RowKeyError unless every row key of the batch is unique and owned by its file."""
    for table, columns in ROW_KEYS.items():
        frame = frames[table]
        if frame.is_empty():
            continue
        prefix = pl.col("submission_key").str.slice(0, KEY_PREFIX) + ":"
        foreign = frame.filter(~pl.col(columns[0]).str.starts_with(prefix))
        if foreign.height:
            raise RowKeyError(f"{table}: {foreign.height} row key(s) not prefixed by their file's hash, "
                              f"e.g. {foreign[columns[0]][0]!r} of file {foreign['submission_key'][0]}")
        repeated = frame.select(columns).is_duplicated()
        if repeated.any():
            raise RowKeyError(f"{table}: row key {frame.filter(repeated).row(0)[:len(columns)]} appears twice in the batch")
    keys = frames["submissions"]["submission_key"]
    clash = con.execute(
        f"SELECT s.submission_key, b.key FROM submissions s JOIN (SELECT unnest(?) AS key) b "
        f"ON left(s.submission_key, {KEY_PREFIX}) = left(b.key, {KEY_PREFIX}) AND s.submission_key <> b.key LIMIT 1",
        [keys.to_list()]).fetchall()
    if clash:
        raise RowKeyError(f"files {clash[0][0]} and {clash[0][1]} share the hash prefix their row keys are made of")


def loaded_submissions(con: duckdb.DuckDBPyConnection, keys: list[str]) -> dict[str, str]:
    """For the given file hashes, those already in the warehouse, with their status: loaded,
    rejected, or quarantined (held back by validation, in quarantine.holds)."""
    if not keys:
        return {}
    rows = con.execute(
        "SELECT submission_key, status FROM submissions WHERE submission_key IN (SELECT unnest(?)) "
        "UNION ALL SELECT submission_key, 'quarantined' FROM quarantine.holds "
        "WHERE submission_key IN (SELECT unnest(?)) AND submission_key NOT IN (SELECT submission_key FROM submissions)",
        [keys, keys],
    ).fetchall()
    return dict(rows)


def load_frames(con: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame],
                then: Callable[[duckdb.DuckDBPyConnection], Changes] | None = None,
                record: Callable[[Changes], None] | None = None) -> dict[str, int]:
    """Write all tables of a batch in one transaction; return the rows written per table.

    `then` runs inside the same transaction, after the tables are written (quarantine and
    validation results use it: a batch is committed with all of its records or not at all), and
    returns what it changed. `record` is handed everything the transaction changed just before it
    commits (warehouse.changes: the publish copies only that).
    """
    keys = frames["submissions"]["submission_key"].to_list()
    changes = Changes().add("submission_key", keys).add("department_key", frames["departments"]["department_key"])
    written: dict[str, int] = {}
    check_row_keys(con, frames)
    con.execute("BEGIN TRANSACTION")
    try:
        con.register("batch_keys", pl.DataFrame({"submission_key": keys}, schema={"submission_key": pl.String}).to_arrow())
        # a submission's rows are only ever written with its `submissions` row, in one transaction:
        # when none of the batch is there yet (a fresh load), there is nothing to delete anywhere,
        # and the deletes (full scans of every fact table) are skipped
        replacing = con.execute(
            "SELECT count(*) FROM submissions WHERE submission_key IN (SELECT submission_key FROM batch_keys)"
        ).fetchall()[0][0] > 0
        for table in TABLES:
            frame = frames[table]
            con.register("stage", frame.to_arrow())
            if table in SHARED_TABLES:
                key = SHARED_TABLES[table]
                con.execute(
                    f"INSERT INTO {table} BY NAME SELECT * FROM stage "
                    f"WHERE {key} NOT IN (SELECT {key} FROM {table})"
                )
            else:
                if replacing:
                    con.execute(f"DELETE FROM {table} WHERE submission_key IN (SELECT submission_key FROM batch_keys)")
                con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM stage")
            con.unregister("stage")
            written[table] = frame.height
        con.unregister("batch_keys")
        if then is not None:
            changes.merge(then(con))
        # after `then` (quarantine may take a submission back out): history, regions and project
        # identity of what the batch touched
        update_derived(con, frames["submissions"], changes)
        if record is not None:
            record(changes)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return written
