"""Writing a batch of frames into the warehouse: one transaction, stage then replace by submission.

Every fact table is replaced per submission (DELETE the submission's rows, INSERT ... BY NAME),
so loading the same batch twice leaves identical tables, and a failure rolls the whole batch back:
the warehouse is either before or after the batch, never between.
"""

from __future__ import annotations

from typing import Callable

import duckdb
import polars as pl

from warehouse.derived import update_derived
from warehouse.model import TABLES

# dimension tables shared by many submissions: insert what is new, never delete
SHARED_TABLES = {"departments": "department_key"}


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
                then: Callable[[duckdb.DuckDBPyConnection], None] | None = None) -> dict[str, int]:
    """Write all tables of a batch in one transaction; return the rows written per table.

    `then` runs inside the same transaction, after the tables are written (quarantine and
    validation results use it: a batch is committed with all of its records or not at all).
    """
    keys = frames["submissions"]["submission_key"].to_list()
    written: dict[str, int] = {}
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
            then(con)
        # after `then` (quarantine may take a submission back out): history, regions and project
        # identity of what the batch touched
        update_derived(con, frames["submissions"])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return written
