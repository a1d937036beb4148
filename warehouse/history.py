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


def update_history(con: duckdb.DuckDBPyConnection, submissions: pl.DataFrame) -> None:
    """Number the versions of every table the batch covers and mark which one is current."""
    batch = pl.DataFrame(
        {"submission_key": submissions["submission_key"],
         "file_mtime": file_mtimes(submissions["file_path"].to_list())},
        schema={"submission_key": pl.String, "file_mtime": pl.Datetime("us")},
    )
    con.register("batch_submissions", batch.to_arrow())
    try:
        con.execute(resources.files("warehouse").joinpath("history_refresh.sql").read_text(encoding="utf-8"))
    finally:
        con.unregister("batch_submissions")
