"""Backup, restore and rebuild: the warehouse and its raw-file archive as one file, and the
warehouse made again from the archive alone.

A backup is an uncompressed tar (DuckDB compresses its own file; the raw files are small):
    manifest.json                 format, when, the warehouse's name, every member's size and sha256,
                                  the rows of every table
    warehouse/<name>.duckdb       the warehouse, checkpointed, copied under the writer lock
    archive/<sha256><suffix>      every raw file (warehouse.archive), and archive/provenance.jsonl
It is written to a temporary file (`.<name>.tmp<PID>`, warehouse.temp_files) and renamed, so a
backup file is whole or absent; the temporary files of killed backups are removed first.

`restore` takes the writer lock (so it refuses, at once, a warehouse being written), reads the
manifest, accepts only the member names a backup has (no `..`, no absolute path, no link or
device: nothing is ever extracted by name), verifies every member's size and sha256 before
anything is replaced, then puts the raw files in the archive (never rewriting one), replaces the
warehouse and drops the old one's write-ahead log as one step (warehouse.restore_swap: a kill
leaves the old warehouse with its log or the new one without) and publishes the snapshot.

`rebuild` replays every batch of the archive's provenance log (warehouse.provenance) in order, with
the same paths, budget years and load times: the tables come out row for row the same.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import tarfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from expectations.policy import Policy
from warehouse.archive import archive_bytes, archived_path
from warehouse.connection import connect_writer, mark_unpublished, publish, write_lock, writing
from warehouse.folders import archive_folder
from warehouse.ingest import IngestReport, PendingFile, replay
from warehouse.provenance import LOG, log_path, read_provenance
from warehouse.restore_swap import NEW, staging_folder, swap_in, wal_path
from warehouse.temp_files import fsync_path, temporary

FORMAT = "jixiao-backup/1"
MANIFEST = "manifest.json"
_ARCHIVE_MEMBER = re.compile(r"^archive/(?:[0-9a-f]{64}\.[a-z0-9]{1,8}|" + re.escape(LOG) + r")$")
_WAREHOUSE_MEMBER = re.compile(r"^warehouse/[^/\x00-\x1f]{1,200}\.duckdb$")
_CHUNK = 1 << 20


class BackupError(RuntimeError):
    """A backup that cannot be written, or a backup file that is not one we can trust."""


@dataclass
class BackupReport:
    path: Path
    files: int = 0  # raw files in it
    bytes: int = 0
    tables: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def table_rows(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows of every table, schema-qualified outside main."""
    tables = con.execute("SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database() "
                         "ORDER BY ALL").fetchall()
    return {(t if s == "main" else f"{s}.{t}"): con.execute(f'SELECT count(*) FROM "{s}"."{t}"').fetchone()[0]
            for s, t in tables}


def backup(warehouse: Path, destination: Path, archive: Path | None = None) -> BackupReport:
    """Write the warehouse and its raw-file archive to `destination` (one tar file)."""
    started = time.perf_counter()
    archive = archive or archive_folder(warehouse)
    if not warehouse.exists():
        raise BackupError(f"no warehouse at {warehouse}: nothing to back up")
    report = BackupReport(destination)
    with write_lock(warehouse), temporary(destination) as partial:  # no load runs meanwhile; fails at once if one does
        con = connect_writer(warehouse)  # replays a write-ahead log left by a crash
        try:
            con.execute("CHECKPOINT")
            report.tables = table_rows(con)
        finally:
            con.close()
        members = [(f"warehouse/{warehouse.name}", warehouse)]
        if archive.is_dir():
            members += [(f"archive/{p.name}", p) for p in sorted(archive.iterdir())
                        if p.is_file() and not p.is_symlink() and _ARCHIVE_MEMBER.match(f"archive/{p.name}")]
        entries = []
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
            for name, path in members:
                entries.append({"name": name, "size": path.stat().st_size, "sha256": _sha256_file(path)})
                tar.add(path, arcname=name, recursive=False)
            manifest = json.dumps({
                "format": FORMAT, "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "warehouse": warehouse.name, "members": entries, "tables": report.tables,
            }, ensure_ascii=False, indent=1).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(manifest), int(time.time())
            tar.addfile(info, io.BytesIO(manifest))
        fsync_path(partial)
        os.replace(partial, destination)
    report.files = sum(1 for e in entries if e["name"].startswith("archive/") and not e["name"].endswith(LOG))
    report.bytes = destination.stat().st_size
    report.seconds = time.perf_counter() - started
    return report


def read_manifest(tar: tarfile.TarFile, source: Path) -> dict:
    try:
        member = tar.getmember(MANIFEST)
        manifest = json.loads(tar.extractfile(member).read())  # type: ignore[union-attr]
    except (KeyError, AttributeError, ValueError) as exc:
        raise BackupError(f"{source}: not a jixiao backup (no readable {MANIFEST}: {exc})") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source}: backup format {manifest.get('format')!r}, this jixiao reads {FORMAT!r}")
    return manifest


def _checked_members(tar: tarfile.TarFile, manifest: dict, source: Path) -> list[tuple[tarfile.TarInfo, dict]]:
    """Every member the manifest lists, each a regular file with an allowed name; nothing else."""
    listed = {entry["name"]: entry for entry in manifest["members"]}
    checked = []
    for info in tar.getmembers():
        if info.name == MANIFEST:
            continue
        if info.name not in listed:
            raise BackupError(f"{source}: member {info.name!r} is not in the manifest")
        if not info.isreg():
            raise BackupError(f"{source}: member {info.name!r} is not a regular file (a link or device)")
        if not (_ARCHIVE_MEMBER.match(info.name) or _WAREHOUSE_MEMBER.match(info.name)):
            raise BackupError(f"{source}: member name {info.name!r} is not one a backup has")
        checked.append((info, listed.pop(info.name)))
    if listed:
        raise BackupError(f"{source}: the manifest lists {sorted(listed)[:3]} but the backup lacks them")
    if sum(info.name.startswith("warehouse/") for info, _ in checked) != 1:
        raise BackupError(f"{source}: a backup holds exactly one warehouse")
    return checked


def _extract_verified(tar: tarfile.TarFile, info: tarfile.TarInfo, entry: dict, target: Path, source: Path) -> None:
    """Copy a member to `target`, verifying size and sha256; BackupError (target removed) if wrong."""
    digest, size = hashlib.sha256(), 0
    handle = tar.extractfile(info)
    assert handle is not None
    with open(target, "wb") as out:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    if size != entry["size"] or digest.hexdigest() != entry["sha256"]:
        target.unlink()
        raise BackupError(f"{source}: {info.name} fails its checksum (damaged or altered backup); nothing restored")


def restore(source: Path, warehouse: Path, archive: Path | None = None) -> dict[str, int]:
    """Restore a backup over `warehouse` and into its archive; return the tables' rows.

    Everything is verified and staged in `.<name>.restore<PID>` first; the warehouse file and its
    write-ahead log are then swapped as warehouse.restore_swap describes, so a kill at any point
    leaves the old warehouse with its log or the new one without a log (or the one half state
    that the next writer's lock finishes)."""
    archive = archive or archive_folder(warehouse)
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    with write_lock(warehouse):  # refuses at once while a load runs; repairs a killed restore
        staging = staging_folder(warehouse)
        try:
            staged, rows = _staged(source, staging)
            archive.mkdir(parents=True, exist_ok=True)
            for name, path in staged:
                if name.startswith("archive/"):
                    _into_archive(archive, name.removeprefix("archive/"), path)
            mark_unpublished(warehouse)  # a kill from here on: the next writer publishes
        except BaseException:
            if staging.exists():
                shutil.rmtree(staging)  # nothing of the warehouse touched yet
            raise
        swap_in(staging, warehouse)
        publish(warehouse)
    return rows


def _staged(source: Path, staging: Path) -> tuple[list[tuple[str, Path]], dict[str, int]]:
    """Every member verified into `staging`, the warehouse checkpointed (no log) as staging/NEW;
    the members' names and paths, and the tables' rows."""
    try:
        with tarfile.open(source, "r:") as tar:
            manifest = read_manifest(tar, source)
            members = _checked_members(tar, manifest, source)
            staging.mkdir()
            staged = []
            for n, (info, entry) in enumerate(members):  # verify everything before touching anything
                target = staging / str(n)
                _extract_verified(tar, info, entry, target, source)
                staged.append((info.name, target))
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"{source}: cannot read the backup ({exc})") from None
    [database] = [path for name, path in staged if name.startswith("warehouse/")]
    try:
        con = duckdb.connect(str(database))
        try:
            con.execute("CHECKPOINT")
            rows = table_rows(con)
        finally:
            con.close()
    except duckdb.Error as exc:
        raise BackupError(f"{source}: the warehouse in the backup does not open ({exc}); nothing restored") from None
    if wal_path(database).exists():
        raise BackupError(f"{source}: the warehouse in the backup keeps a write-ahead log; nothing restored")
    fsync_path(database)
    os.replace(database, staging / NEW)  # complete: from now on it may go in
    return staged, rows


def _into_archive(archive: Path, name: str, staged: Path) -> None:
    target = archive / name
    if name == LOG:  # the backup's log is the fuller one when restoring into an older archive
        if not target.exists() or target.stat().st_size <= staged.stat().st_size:
            os.replace(staged, target)
        return
    if target.exists():
        if _sha256_file(target) != name.split(".")[0]:
            raise BackupError(f"{target}: the archived copy does not match its hash; the archive is damaged")
        return
    staged.chmod(0o444)
    os.replace(staged, target)


@dataclass
class RebuildReport:
    batches: int = 0
    submissions: int = 0
    missing: list[str] = field(default_factory=list)  # logged content with no raw file
    seconds: float = 0.0


def rebuild(archive: Path, warehouse: Path, policy: Policy | None = None) -> RebuildReport:
    """Make `warehouse` (which must not exist yet) again from the raw files in `archive`.

    The warehouse's own archive (`archive_folder(warehouse)`) receives the raw files and a new
    provenance log as the batches are replayed; when it is `archive` itself (the warehouse was lost,
    its data folder kept), the old log is read first and kept as provenance.jsonl.before-rebuild
    until the rebuild is done. Each batch is stored by the ingest's own step (warehouse.ingest.replay)
    with its time and the files' recorded budget years, validated with `policy` (the checks'
    severities; the defaults without).
    """
    started = time.perf_counter()
    if warehouse.exists():
        raise BackupError(f"{warehouse} exists: rebuild makes a new warehouse; move the old one away first")
    report = RebuildReport()
    batches = read_provenance(archive)
    target = archive_folder(warehouse)
    kept = None
    if target.resolve() == archive.resolve() and log_path(archive).exists():
        kept = log_path(archive).with_name(LOG + ".before-rebuild")
        os.replace(log_path(archive), kept)
    loaded = IngestReport()
    with writing(warehouse) as con:
        for batch in batches:
            pending = []
            for record in batch:
                source = archived_path(archive, record.sha256, record.suffix)
                if not source.exists():
                    report.missing.append(record.sha256)
                    continue
                data = source.read_bytes()
                archive_bytes(target, data, record.sha256, record.suffix)
                pending.append(PendingFile(Path(record.path), data, record.sha256,
                                           recorded=(record.budget_year, record.year_source)))
            if not pending:
                continue
            replay(con, warehouse, pending, datetime.fromisoformat(batch[0].loaded_at), policy, loaded)
            report.batches += 1
            report.submissions += len(pending)
        con.execute("CHECKPOINT")
    if kept is not None:
        kept.unlink()
    report.seconds = time.perf_counter() - started
    return report
