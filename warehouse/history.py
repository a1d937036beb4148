"""Versions of a table: which one is current, since when, and what superseded it.

Called inside each load's transaction (warehouse.derived) with the batch's `submissions` frame;
the SQL (history_refresh.sql) renumbers only the versions of the tables the batch covers.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from importlib import resources

import duckdb
import polars as pl

from warehouse.changes import Changes


def file_mtimes(paths: list[str]) -> list[datetime | None]:
    """Each file's modification time (UTC, naive), None when the file is no longer there."""
    times: list[datetime | None] = []
    for path in paths:
        try:
            stamp = os.stat(path).st_mtime
        except OSError:
            times.append(None)
            continue
        times.append(datetime.fromtimestamp(stamp, timezone.utc).replace(tzinfo=None))
    return times


def unversioned_documents(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Tables outside the batch (registered as batch_submissions) that have no version yet: none
    once a warehouse has been loaded under history.sql, all of them in one made before it. Two
    counts tell; the full anti-join runs only when they differ."""
    outside = "WHERE submission_key NOT IN (SELECT submission_key FROM batch_submissions)"
    [(documents, versions)] = con.execute(
        f"SELECT (SELECT count(*) FROM documents {outside}), (SELECT count(*) FROM document_versions {outside})"
    ).fetchall()
    missing = [] if documents == versions else con.execute(
        f"SELECT document_key FROM documents {outside} "
        "AND document_key NOT IN (SELECT document_key FROM document_versions)"
    ).fetchall()
    return pl.DataFrame(missing, schema={"document_key": pl.String}, orient="row")


def update_history(con: duckdb.DuckDBPyConnection, submissions: pl.DataFrame, changes: Changes | None = None) -> None:
    """Number the versions of every table the batch covers and mark which one is current; add the
    owners renumbered to `changes` (the batch's arrivals are the load's own submission keys)."""
    batch = pl.DataFrame(
        {"submission_key": submissions["submission_key"],
         "file_mtime": file_mtimes(submissions["file_path"].to_list())},
        schema={"submission_key": pl.String, "file_mtime": pl.Datetime("us")},
    )
    con.register("batch_submissions", batch.to_arrow())
    try:
        unversioned = unversioned_documents(con)
        con.register("history_unversioned", unversioned.to_arrow())
        con.execute(resources.files("warehouse").joinpath("history_refresh.sql").read_text(encoding="utf-8"))
        if changes is not None:
            changes.add("owner_key", (key for (key,) in con.execute("SELECT owner_key FROM history_owners").fetchall()))
            if unversioned.height:  # arrivals of submissions outside the batch were added: rare, once
                changes.everything = True
        con.execute("DROP TABLE history_owners")
    finally:
        con.unregister("history_unversioned")
        con.unregister("batch_submissions")
