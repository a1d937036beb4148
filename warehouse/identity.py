"""Project identity in the warehouse: the table `project_identity` and the derived rows that follow it.

Which project of one year is which of an earlier one is decided by warehouse.project_matching
(pure) with the analysts' overrides of warehouse.project_aliases. The table `project_identity` is
rebuilt per department, for the departments a load touched, so a load costs what its departments
cost, whatever the size of the warehouse. So are those departments' rows of the precomputed
year-over-year tables (PRECOMPUTED_YOY), which the v_*_yoy views read: comparing every indicator,
project or budget line with last year's is too slow to do over the whole warehouse per query. Each
is keyed by department_key and only ever rewritten per department, in department order.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields
from pathlib import Path
from typing import Callable

import duckdb
import polars as pl

from warehouse.changes import Changes
from warehouse.connection import mark_unpublished, sql_file, writing
from warehouse.project_aliases import ALIAS_SCHEMA, Alias, aliases_path, read_aliases
from warehouse.project_matching import IDENTITY_SCHEMA, ProjectYear, match_projects

# the precomputed year-over-year tables and the SQL computing a table's rows of the departments in
# $departments; a table's rows follow from that file and YOY_DEFINITIONS: when one of them changes,
# every department is computed again (on the next load or re-match)
PRECOMPUTED_YOY = {
    "indicator_target_yoy": "identity_yoy.sql",  # v_indicator_target_yoy
    "project_budget_yoy": "project_budget_yoy.sql",  # v_project_budget_yoy
    "unit_budget_yoy": "unit_budget_yoy.sql",  # v_unit_budget_yoy
    "indicator_class_yoy": "indicator_class_yoy.sql",  # v_indicator_class_yoy
}
YOY_DEFINITIONS = ("yoy.sql", "history.sql")
YOY_CHUNK = 500  # departments per query (indicator_target_yoy: ≈450k rows at 5 years)

# ---------------------------------------------------------------- the warehouse side

def _frame(rows: list, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    names = list(schema)
    return pl.DataFrame([tuple(getattr(r, n) for n in names) for r in rows], schema=schema, orient="row")


def _changed_alias_departments(con: duckdb.DuckDBPyConnection, aliases: list[Alias]) -> set[str]:
    """Departments whose alias rows differ from those applied last time; stores the new rows."""
    columns = [f.name for f in fields(Alias) if f.name != "line"]
    stored = set(con.execute(f"SELECT {', '.join(columns)} FROM project_aliases").fetchall())
    current = {tuple(getattr(a, c) for c in columns) for a in aliases}
    changed = {row[0] for row in stored ^ current}
    if changed:
        con.execute("DELETE FROM project_aliases")
        con.register("alias_rows", _frame(aliases, ALIAS_SCHEMA).to_arrow())
        try:
            con.execute("INSERT INTO project_aliases BY NAME SELECT * FROM alias_rows")
        finally:
            con.unregister("alias_rows")
    return changed


def update_identity(con: duckdb.DuckDBPyConnection, submission_keys: list[str],
                    aliases_file: str | Path | None = None, changes: Changes | None = None) -> int:
    """Match again the departments of this batch (and any whose aliases changed; all of them in a
    warehouse loaded before project identity existed); return how many projects were matched. The
    departments matched again are added to `changes`."""
    aliases = read_aliases(aliases_path(aliases_file))
    touched = _changed_alias_departments(con, aliases)
    batch = dict(con.execute(  # the batch's departments: do they have project tables in it?
        "SELECT department_key, bool_or(kind = 'project') FROM documents WHERE department_key IS NOT NULL "
        "AND submission_key IN (SELECT unnest(?::VARCHAR[])) GROUP BY 1", [submission_keys]).fetchall())
    touched |= {key for key, projects in batch.items() if projects}
    [(matched,)] = con.execute("SELECT count(*) FROM project_identity").fetchall()
    if not matched:  # a warehouse loaded before project identity existed: every department once
        touched |= {key for (key,) in con.execute(
            "SELECT DISTINCT department_key FROM current_projects WHERE department_key IS NOT NULL").fetchall()}
    if not touched:  # unit tables only (or nothing new): their departments' yoy rows
        update_precomputed_yoy(con, set(batch), changes)
        return 0
    if changes is not None:
        changes.add("department_key", touched)
    rows = con.execute(
        "SELECT DISTINCT project_key, department_key, budget_year, coalesce(project_name, '') FROM current_projects "
        "WHERE department_key IN (SELECT unnest(?::VARCHAR[]))", [sorted(touched)]).fetchall()
    identities = match_projects([ProjectYear(*row) for row in rows], aliases)
    con.execute("DELETE FROM project_identity WHERE department_key IN (SELECT unnest(?::VARCHAR[]))", [sorted(touched)])
    if identities:
        con.register("identities", _frame(identities, IDENTITY_SCHEMA).to_arrow())
        try:
            con.execute("INSERT INTO project_identity BY NAME SELECT * FROM identities")
        finally:
            con.unregister("identities")
    update_precomputed_yoy(con, touched | set(batch), changes)
    return len(identities)


def defer_derived(con: duckdb.DuckDBPyConnection, deferred: bool) -> None:
    """While deferred, the loads on this connection only list the departments whose precomputed
    yoy rows they change (derived_pending, in their own transaction); a large load computes them
    once at its end (`update_precomputed_yoy(con, set())`) instead of once per batch."""
    con.execute("SET VARIABLE jixiao_defer_derived = true" if deferred else "RESET VARIABLE jixiao_defer_derived")


def _deferred(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute("SELECT getvariable('jixiao_defer_derived')").fetchall()[0][0])


def update_precomputed_yoy(con: duckdb.DuckDBPyConnection, departments: set[str], changes: Changes | None = None) -> None:
    """Compute every precomputed yoy table again for these departments and those left pending,
    after their projects were matched; for every department when the SQL a table is computed by
    has changed (or the table is new). While deferred (`defer_derived`), only list them as pending.
    The departments rewritten are added to `changes`."""
    if _deferred(con):
        con.execute("INSERT INTO derived_pending SELECT name, department_key "
                    "FROM unnest(?::VARCHAR[]) AS t(name), unnest(?::VARCHAR[]) AS d(department_key)",
                    [list(PRECOMPUTED_YOY), sorted(departments)])
        return
    for table, sql in PRECOMPUTED_YOY.items():
        _update_table(con, table, sql, set(departments), changes)


def _update_table(con: duckdb.DuckDBPyConnection, table: str, sql: str, departments: set[str],
                  changes: Changes | None) -> None:
    """One precomputed table's rows of `departments` (and of its pending ones) deleted and computed
    again, a chunk of departments at a time, in department order; of every department when its
    fingerprint is not the one of the SQL files it follows from."""
    pending = {key for (key,) in con.execute(
        "SELECT DISTINCT department_key FROM derived_pending WHERE name = ?", [table]).fetchall()}
    if pending:
        departments |= pending
        con.execute("DELETE FROM derived_pending WHERE name = ?", [table])
    fingerprint = hashlib.sha256("\n".join(sql_file(name) for name in (sql, *YOY_DEFINITIONS)).encode()).hexdigest()
    if con.execute("SELECT fingerprint FROM derived_fingerprints WHERE name = ?", [table]).fetchall() != [(fingerprint,)]:
        con.execute("INSERT OR REPLACE INTO derived_fingerprints VALUES (?, ?)", [table, fingerprint])
        departments |= {key for (key,) in con.execute(  # every department, and any whose tables are gone
            f"SELECT department_key FROM documents WHERE department_key IS NOT NULL UNION SELECT department_key FROM {table}"
        ).fetchall()}
    if changes is not None:
        changes.add("department_key", departments)
    # a chunk of departments per query: the end of a large load (every department of 1M tables, 9M
    # rows of indicator_target_yoy) ran out of its memory cap as one query; in department order, so
    # the table stays ordered and a department's rows are only ever rewritten with it
    ordered = sorted(departments)
    for first in range(0, len(ordered), YOY_CHUNK):
        chunk = {"departments": ordered[first:first + YOY_CHUNK]}
        con.execute(f"DELETE FROM {table} WHERE list_contains($departments, department_key)", chunk)
        con.execute(f"INSERT INTO {table} BY NAME " + sql_file(sql), chunk)


def finish_deferred(con: duckdb.DuckDBPyConnection, record: Callable[[Changes], None] | None = None) -> bool:
    """End deferring on this connection and compute what is pending (also what a killed large load
    left), in a transaction of its own; whether there was anything to compute. `record` is handed
    what it changed before it commits."""
    defer_derived(con, False)
    if not con.execute("SELECT count(*) FROM derived_pending").fetchall()[0][0]:
        return False
    con.execute("BEGIN TRANSACTION")
    try:
        changes = Changes()
        update_precomputed_yoy(con, set(), changes)
        if record is not None:
            record(changes)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return True


def rematch_projects(warehouse: Path, aliases_file: str | Path | None = None) -> dict[str, int]:
    """Apply an edited aliases file now (a load applies it too): re-match the departments whose
    aliases changed, publish, and return how many projects each method matched in the warehouse."""
    with writing(warehouse) as con:
        mark_unpublished(warehouse)
        con.execute("BEGIN TRANSACTION")
        try:
            update_identity(con, [], aliases_file)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("CHECKPOINT")
        return dict(con.execute("SELECT match_method, count(*) FROM project_identity GROUP BY 1 ORDER BY 1").fetchall())
