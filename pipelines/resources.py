"""The warehouse and the landing folder as Dagster resources.

The warehouse is a Dagster resource: DuckDBResource, with jixiao's single-writer lock.

DuckDBResource retries a locked database file for about 100 seconds without a word. This one takes
jixiao's writer lock first and fails at once, naming the process that holds it. It also says which
validation policy applies to the loads (`policy_path`, resolved as `jixiao ingest --policy` is).
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from expectations.policy import Policy, PolicyError, resolve_policy
from warehouse.connection import (
    WarehouseLocked,
    connect_writer,
    warehouse_path,
    write_lock,
    writing,
)
from warehouse.folders import landing_folder


class WarehouseResource(DuckDBResource):
    """The jixiao DuckDB warehouse (`database` is its path; empty means the default location)."""

    database: str = ""
    # a validation policy TOML (docs/validation.md); None: $JIXIAO_POLICY, else validation_policy.toml
    # beside the warehouse, else the built-in severities
    policy_path: str | None = None

    @property
    def path(self) -> Path:
        return warehouse_path(self.database or None)

    def policy(self) -> Policy:
        """The validation policy of the loads, resolved once per run (a bad file fails the run)."""
        try:
            return resolve_policy(self.policy_path, self.path)
        except PolicyError as exc:
            raise dg.Failure(description=str(exc)) from None

    @contextmanager
    def get_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        try:
            with write_lock(self.path):
                con = connect_writer(self.path)
                try:
                    yield con
                finally:
                    con.close()
        except WarehouseLocked as exc:
            raise dg.Failure(description=str(exc), allow_retries=True) from None

    @contextmanager
    def writing(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A writing connection that publishes the snapshot, if written, before unlocking."""
        try:
            with writing(self.path) as con:
                yield con
        except WarehouseLocked as exc:
            raise dg.Failure(description=str(exc), allow_retries=True) from None


class LandingResource(dg.ConfigurableResource):
    """The landing folder new submissions are dropped into."""

    folder: str = ""  # empty: $JIXIAO_LANDING, else `landing/` in the warehouse's data folder
    max_files_per_run: int = 250  # the sensor's batch: one run per this many new files (one transaction)

    def path(self, warehouse: Path) -> Path:
        return landing_folder(warehouse, self.folder or None)
