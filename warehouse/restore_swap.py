"""Putting a restored warehouse in place of the old one, atomically with its write-ahead log.

DuckDB keeps committed writes not yet checkpointed in `<name>.wal` beside the file. A new file
beside the old file's log cannot be opened for writing ("WAL checkpoint iteration does not
match"), and the old file without its log has lost those writes. So `swap_in` never lets either
pair exist for a writer. The restore stages, in the folder `.<name>.restore<PID>` beside the
warehouse (same file system, so renames are atomic):

    new.duckdb   the restored warehouse, verified, checkpointed and closed: it has no log; it gets
                 this name only when complete, so its presence means "ready to go in"

then, holding the writer lock:

    1. os.replace(<name>.wal, staging/old.wal)   only if the old warehouse has a log
    2. os.replace(staging/new.duckdb, <name>)
    3. remove the staging folder (old.wal with it)

A kill (or an error) at any step leaves one of:

    before 1   old file + its log beside it; staging holds new.duckdb only        -> the old warehouse
    after 1    old file, its log in staging/old.wal, staging/new.duckdb            -> half state
    after 2    new file, no log; staging holds old.wal at most                     -> the new warehouse
    during 3   new file, no log; staging partly removed, no new.duckdb             -> the new warehouse

The one half state is recognisable (staging holds both old.wal and new.duckdb: the old log is
already gone from beside the old file, so the restore was decided) and is finished forwards by
`settle`: step 2, then 3. Every other staging folder is removed as it is. `repair`, which
`write_lock` runs as soon as it holds the lock (so before any writer opens the file, and before a
restore starts), settles every staging folder of the warehouse: under the lock none of them can
belong to a running restore, since a restore holds the lock from start to end. Readers never see
any of this: they read the published snapshot, which the restore publishes last.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from warehouse.temp_files import fsync_path, pid_alive, report_removed

NEW = "new.duckdb"
OLD_WAL = "old.wal"
_LEGACY = re.compile(r"^\.restore-(\d+)$")  # staging folders of restores before this module


def wal_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".wal")


def staging_folder(warehouse: Path) -> Path:
    return warehouse.with_name(f".{warehouse.name}.restore{os.getpid()}")


def swap_in(staging: Path, warehouse: Path) -> None:
    """Steps 1–3 above; `staging / NEW` must be complete, checkpointed and without a log."""
    wal = wal_path(warehouse)
    try:
        if wal.exists():
            os.replace(wal, staging / OLD_WAL)
            fsync_path(warehouse.parent)
        os.replace(staging / NEW, warehouse)
        fsync_path(warehouse.parent)
    finally:
        settle(staging, warehouse)


def settle(staging: Path, warehouse: Path) -> bool:
    """Finish or undo one staging folder (see the module's table); True when it put the restored
    file in place. Raises, leaving the folder for the next `repair`, when a step fails."""
    forwards = (staging / NEW).exists() and (staging / OLD_WAL).exists()
    if forwards:
        os.replace(staging / NEW, warehouse)
        fsync_path(warehouse.parent)
    shutil.rmtree(staging)
    return forwards


def repair(warehouse: Path) -> list[Path]:
    """Settle the staging folders that killed restores of `warehouse` left. Call holding the lock."""
    folder = warehouse.parent
    if not folder.is_dir():
        return []
    own = re.compile(r"^\." + re.escape(warehouse.name) + r"\.restore\d+$")
    settled = []
    for path in sorted(folder.iterdir()):
        legacy = _LEGACY.match(path.name)
        if own.match(path.name) or (legacy and not pid_alive(int(legacy.group(1)))):
            if not path.is_dir():
                path.unlink()
            elif settle(path, warehouse):
                path = path.with_name(path.name + " (finished: the restored warehouse put in place)")
            settled.append(path)
    report_removed(settled, folder)
    return settled
