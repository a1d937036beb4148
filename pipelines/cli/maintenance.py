"""The keeper's commands: `jixiao backup`, `restore` and `rebuild` (warehouse.backup). A busy
warehouse exits 3, a backup that cannot be made or trusted 2, with one line each."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

import click

from pipelines.cli.check import validation_policy
from pipelines.cli.options import policy_option, warehouse_option
from pipelines.cli.terminal import console, fail
from warehouse.backup import BackupError, backup, rebuild, restore
from warehouse.connection import WarehouseLocked, warehouse_path


@contextmanager
def _backup_errors():
    """A busy warehouse exits 3, a backup that cannot be made or trusted 2; one line each."""
    try:
        yield
    except (WarehouseLocked, BackupError) as exc:
        fail(exc, 3 if isinstance(exc, WarehouseLocked) else 2)


@click.command("backup")
@click.argument("destination", type=click.Path(dir_okay=False))
@warehouse_option
def backup_command(destination: str, warehouse: str | None) -> None:
    """Write the warehouse and its raw-file archive to DESTINATION, one file with checksums."""
    with _backup_errors():
        report = backup(warehouse_path(warehouse), Path(destination))
    console.print(f"backed up {sum(report.tables.values())} rows in {len(report.tables)} tables and {report.files} "
                  f"raw file(s) to {report.path} ({report.bytes:,} bytes) in {report.seconds:.2f}s", markup=False)


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@warehouse_option
def restore_command(source: str, warehouse: str | None) -> None:
    """Replace the warehouse (and fill its archive) from a backup made by `jixiao backup`, after
    verifying every checksum; refused while a load is running."""
    target = warehouse_path(warehouse)
    with _backup_errors():
        rows = restore(Path(source), target)
    console.print(f"restored {target}: {sum(rows.values())} rows in {len(rows)} tables; checksums verified", markup=False)


@click.command("rebuild")
@click.argument("archive", type=click.Path(exists=True, file_okay=False))
@policy_option
@warehouse_option
def rebuild_command(archive: str, policy_file: str | None, warehouse: str | None) -> None:
    """Make a new warehouse from a raw-file ARCHIVE alone (its files and provenance.jsonl), each
    batch validated with the warehouse's validation policy as a load is."""
    target = warehouse_path(warehouse)
    policy = validation_policy(policy_file, target)
    with _backup_errors():
        report = rebuild(Path(archive), target, policy)
    console.print(f"rebuilt {target}: {report.submissions} submission(s) in {report.batches} batch(es), "
                  f"{len(report.missing)} missing from the archive, in {report.seconds:.2f}s", markup=False)
    sys.exit(1 if report.missing else 0)
