"""What follows every load, in its transaction: history, regions, project identity.

Each step recomputes only what the batch touched (its tables' versions, its new departments, its
departments' projects), so adding a file costs what the file covers, not what the warehouse holds.
"""

from __future__ import annotations

import duckdb
import polars as pl

from warehouse.history import update_history
from warehouse.identity import update_identity
from warehouse.regions import update_regions


def update_derived(con: duckdb.DuckDBPyConnection, submissions: pl.DataFrame) -> None:
    """Bring history, regions and project identity up to date with a batch just written."""
    update_history(con, submissions)
    update_regions(con)
    update_identity(con, submissions["submission_key"].to_list())
