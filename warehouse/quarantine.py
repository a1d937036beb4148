"""The gate between a validated batch and the warehouse: what passes is loaded, what fails an ERROR
check is held back whole, and every result is kept.

`store_batch` is the one function the CLI ingest and the Dagster asset both call. In one
transaction (the load's own, see `warehouse.load.load_frames`):
- the submissions that pass every ERROR check go to the main tables, as before;
- each submission that fails one is *held*: its raw file is archived by content hash
  (`warehouse.archive`), its rows go to the same tables in schema `quarantine`, and
  `quarantine.holds` records why (the failed checks, a line each);
- every check result of the batch goes to `validation_results`;
- a held submission is *released* when a later batch loads a passing submission that covers all
  its tables (the same unit or project of the same department and budget year: the same
  unit_key / project_key; a table without a name is covered by any passing table of its department
  and year). Its quarantined rows stay where they are, as the record of what was refused.

Nothing of a held submission reaches the main tables, not even a department only it names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from pathlib import Path, PurePath
from typing import Callable, Mapping

import duckdb
import polars as pl

from expectations.checks import RESULT_SCHEMA, ValidationRun
from sources.parsed import ERROR
from warehouse.archive import archive_bytes, archived_path
from warehouse.changes import Changes
from warehouse.connection import definitions_current
from warehouse.load import load_frames
from warehouse.model import TABLES
from warehouse.provenance import record_batch
from warehouse.quarantine_schema import SCHEMA, ensure_quarantine_schema

HELD, RELEASED = "held", "released"


class MissingRawFile(RuntimeError):
    """A submission must be held back but its raw file is neither archived nor given."""


@dataclass
class StoreOutcome:
    loaded: list[str] = field(default_factory=list)  # submission keys now in the main tables
    held: list[str] = field(default_factory=list)  # submission keys now in quarantine
    released: list[str] = field(default_factory=list)  # earlier holds a passing submission released
    archived: dict[str, Path] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)  # rows written to the main tables
    results: int = 0  # validation_results rows written


def _release_sql() -> str:
    return resources.files("warehouse").joinpath("quarantine_release.sql").read_text(encoding="utf-8")


def split_frames(frames: dict[str, pl.DataFrame], keys: set[str]) -> tuple[dict[str, pl.DataFrame], dict[str, pl.DataFrame]]:
    """(the batch without the submissions `keys`, the batch of only those). A department goes with
    the tables that name it (to both sides when tables on both sides do)."""
    chosen = pl.col("submission_key").is_in(list(keys))
    rest: dict[str, pl.DataFrame] = {}
    only: dict[str, pl.DataFrame] = {}
    for table, frame in frames.items():
        if "submission_key" in frame.columns:
            rest[table], only[table] = frame.filter(~chosen), frame.filter(chosen)
    for side in (rest, only):
        named = side["documents"]["department_key"].drop_nulls().unique()
        side["departments"] = frames["departments"].filter(pl.col("department_key").is_in(named.implode()))
    return rest, only


def _reasons(validation: ValidationRun, key: str) -> tuple[list[str], str]:
    failed = validation.failed(ERROR).filter(pl.col("submission_key") == key).sort("check_name")
    lines = [f"{rule}: {observed}" for rule, observed in failed.select("rule", "observed").iter_rows()]
    return failed["check_name"].to_list(), "\n".join(lines)


def _holds_frame(held: dict[str, pl.DataFrame], validation: ValidationRun, archived: dict[str, Path],
                 at: datetime) -> pl.DataFrame:
    subjects = held["documents"].sort("table_index").group_by("submission_key", maintain_order=True).agg(
        pl.col("subject_name").drop_nulls().str.join("、").alias("subjects"))
    rows = []
    for key, path, name, year in held["submissions"].select(
            "submission_key", "file_path", "file_name", "budget_year").iter_rows():
        checks, reasons = _reasons(validation, key)
        rows.append({"submission_key": key, "file_path": path, "file_name": name,
                     "archived_path": str(archived[key]), "budget_year": year, "failed_checks": checks,
                     "reasons": reasons, "status": HELD, "quarantined_at": at})
    frame = pl.DataFrame(rows, schema={
        "submission_key": pl.String, "file_path": pl.String, "file_name": pl.String,
        "archived_path": pl.String, "budget_year": pl.Int32, "failed_checks": pl.List(pl.String),
        "reasons": pl.String, "status": pl.String, "quarantined_at": pl.Datetime("us")})
    return frame.join(subjects, on="submission_key", how="left")


def _delete(con: duckdb.DuckDBPyConnection, schema: str, keys_view: str) -> None:
    for table in TABLES:
        if table != "departments":
            con.execute(f"DELETE FROM {schema}.{table} WHERE submission_key IN (SELECT submission_key FROM {keys_view})")


def _record(con: duckdb.DuckDBPyConnection, held_frames: dict[str, pl.DataFrame], passing_keys: list[str],
            holds: pl.DataFrame, validation: ValidationRun, outcome: StoreOutcome, at: datetime) -> Changes:
    """The quarantine side of a batch, inside the load's transaction; what it changed."""
    held_keys = holds["submission_key"].to_list()
    con.register("batch_passed", pl.DataFrame({"submission_key": passing_keys}, schema={"submission_key": pl.String}))
    con.register("batch_held", pl.DataFrame({"submission_key": held_keys}, schema={"submission_key": pl.String}))
    try:
        # 1. earlier holds that this batch's passing submissions cover (not holds of this batch)
        released = con.execute(_release_sql(), [at]).fetchall()
        outcome.released = [key for (key,) in released]
        # 2. a passing submission has no rows in quarantine (it may have had, when re-checked with --force)
        _delete(con, SCHEMA, "batch_passed")
        if held_keys:
            # 3. a held submission has no rows in the main tables (it may have had, when re-checked)
            if con.execute("SELECT count(*) FROM main.submissions WHERE submission_key IN "
                           "(SELECT submission_key FROM batch_held)").fetchall()[0][0]:
                _delete(con, "main", "batch_held")
            # 4. its rows, whole, in quarantine, and why
            _delete(con, SCHEMA, "batch_held")
            for table in TABLES:
                frame = held_frames[table]
                con.register("stage", frame.to_arrow())
                if table == "departments":
                    con.execute(f"INSERT INTO {SCHEMA}.departments BY NAME SELECT * FROM stage "
                                f"WHERE department_key NOT IN (SELECT department_key FROM {SCHEMA}.departments)")
                else:
                    con.execute(f"INSERT INTO {SCHEMA}.{table} BY NAME SELECT * FROM stage")
                con.unregister("stage")
            con.register("stage", holds.to_arrow())
            con.execute(f"INSERT OR REPLACE INTO {SCHEMA}.holds BY NAME SELECT * FROM stage")
            con.unregister("stage")
        # 5. every result of the batch
        con.register("stage", validation.results.to_arrow())
        con.execute("INSERT INTO validation_results BY NAME SELECT * FROM stage")
        con.unregister("stage")
        outcome.results = validation.results.height
    finally:
        con.unregister("batch_passed")
        con.unregister("batch_held")
    return (Changes().add("submission_key", [*passing_keys, *held_keys, *outcome.released])
            .add("submission_key", validation.results["submission_key"].unique())
            .add("department_key", held_frames["departments"]["department_key"]))


def store_batch(con: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame], validation: ValidationRun,
                archive: Path, raw: Mapping[str, bytes] | None = None, at: datetime | None = None,
                record: Callable[[Changes], None] | None = None) -> StoreOutcome:
    """Load what passes, hold back what fails an ERROR check, record every result: one transaction.

    A held submission's raw file must be in `archive` (the ingest archives every new file first);
    `raw` (submission_key -> bytes) archives those not there yet (idempotent; a copy archived for a
    batch that then fails to commit is harmless). `at` is when the batch was validated (default:
    the results' checked_at). `record` is handed what the transaction changed before it commits.
    """
    if not definitions_current(con):  # a writer's connection has them (ensure_schema): 0.1 s a batch at 1M
        ensure_quarantine_schema(con)
    held_keys = validation.blocked_submissions()
    passing, held = split_frames(frames, held_keys)
    outcome = StoreOutcome()
    for key, path in held["submissions"].select("submission_key", "file_path").iter_rows():
        suffix = PurePath(path).suffix
        if raw is not None and key in raw:
            archive_bytes(archive, raw[key], key, suffix)
        outcome.archived[key] = archived_path(archive, key, suffix)
        if not outcome.archived[key].exists():
            raise MissingRawFile(f"{path}: fails an ERROR check and must be held back, but its raw file is "
                                 f"not in the archive ({outcome.archived[key]}) and its bytes were not given")
    if at is None:
        checked = validation.results["checked_at"]
        at = checked[0] if len(checked) else datetime.now()
    holds = _holds_frame(held, validation, outcome.archived, at)
    ok = passing["submissions"].filter(pl.col("status") != "rejected")["submission_key"].to_list()
    record_batch(archive, frames["submissions"])  # path, year, load time: what a rebuild from the archive needs
    outcome.rows = load_frames(con, passing, then=lambda c: _record(c, held, ok, holds, validation, outcome, at),
                               record=record)
    outcome.loaded, outcome.held = ok, sorted(held_keys)
    return outcome



def _has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?",
                            [schema, table]).fetchall()[0][0])


def holds(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every submission held back (quarantine.holds), oldest first; empty for a warehouse from before
    quarantine existed."""
    if not _has_table(con, SCHEMA, "holds"):
        return pl.DataFrame()
    return con.sql(f"SELECT * FROM {SCHEMA}.holds ORDER BY quarantined_at, file_name").pl()


def latest_results(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The results of the latest validation of every submission (validation_results rows)."""
    if not _has_table(con, "main", "validation_results"):
        return pl.DataFrame(schema=RESULT_SCHEMA)
    return con.sql(
        "SELECT * FROM validation_results "
        "QUALIFY checked_at = max(checked_at) OVER (PARTITION BY submission_key)").pl()
