"""What follows every load, in its transaction: history, regions, project identity.

Each step recomputes only what the batch touched (its tables' versions, its new departments, its
departments' projects), so adding a file costs what the file covers, not what the warehouse holds.
"""

from __future__ import annotations

import duckdb
import polars as pl

from warehouse.changes import Changes
from warehouse.history import update_history
from warehouse.identity import update_identity
from warehouse.regions import update_regions


def update_derived(con: duckdb.DuckDBPyConnection, submissions: pl.DataFrame, changes: Changes) -> None:
    """Bring history, regions and project identity up to date with a batch just written; add the
    rows they replaced to `changes`."""
    update_history(con, submissions, changes)
    update_regions(con, changes=changes)
    update_identity(con, submissions["submission_key"].to_list(), changes=changes)
