"""Property 6, backup and restore: `jixiao backup` / `jixiao restore` carry the warehouse and its
raw-file archive with checksums; restore refuses a warehouse being written, a damaged or altered
backup and any member that would land outside its place; and the warehouse rebuilt from the raw
archive alone equals the original, every table row for row, keys included."""

from __future__ import annotations

import io
import json
import random
import tarfile

import duckdb
import pytest
from click.testing import CliRunner

from pipelines.cli import main
from warehouse.backup import BackupError, backup, rebuild, restore
from warehouse.connection import WarehouseLocked, published_path, write_lock
from warehouse.folders import archive_folder
from warehouse.ingest import ingest
from mutations import absurd_numbers
from reliability_support import sample_variant, table_state, write_batch


@pytest.fixture(scope="module")
def original(tmp_path_factory, sample_path, sample_text):
    """A warehouse of three batches: plain files, files with an explicit year, a rejected file and
    a damaged one (quarantined or loaded with warnings, as validation decides)."""
    root = tmp_path_factory.mktemp("original")
    warehouse = root / "data" / "w.duckdb"
    ingest([sample_path, *write_batch(root / "first", sample_text, 2)], warehouse)
    second = root / "second"
    write_batch(second, sample_text, 2, start=10)
    (second / "empty.txt").write_bytes(b"")
    (second / "damaged-2024.txt").write_bytes(
        absurd_numbers(random.Random(4), {"text": sample_variant(sample_text, 99).encode("utf-8")}).data)
    ingest([second], warehouse, budget_year=2023)
    ingest([root / "first"], warehouse, force=True)  # a forced reload: new load time, same content
    return warehouse


def _loaded_at(path):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("SELECT submission_key, file_path, budget_year, year_source, loaded_at FROM submissions "
                           "ORDER BY ALL").fetchall()
    finally:
        con.close()


def test_the_warehouse_rebuilt_from_the_raw_archive_alone_is_the_original(tmp_path, original):
    """The disaster case: the warehouse is lost, its data folder (and so its archive) kept."""
    archive = archive_folder(original)
    log = (archive / "provenance.jsonl").read_bytes()
    rebuilt = original.with_name("rebuilt.duckdb")  # beside it: the same archive
    report = rebuild(archive, rebuilt)
    assert report.missing == [] and report.batches == 3 and report.submissions == 9
    state = table_state(rebuilt)
    assert state == table_state(original)
    assert state["submissions"][0] + state["quarantine.holds"][0] == 7 and state["indicators"][0] > 0
    assert _loaded_at(rebuilt) == _loaded_at(original)  # paths, years and their sources, load times
    assert (archive / "provenance.jsonl").read_bytes() == log  # replayed as it was, not appended to
    assert not list(archive.glob("*.before-rebuild"))
    elsewhere = rebuild(archive, tmp_path / "elsewhere" / "w.duckdb")  # into a new data folder
    assert elsewhere.missing == [] and (tmp_path / "elsewhere" / "archive" / "provenance.jsonl").read_bytes() == log
    assert table_state(tmp_path / "elsewhere" / "w.duckdb")["indicators"] == state["indicators"]


def test_backup_then_restore_elsewhere_gives_the_same_warehouse_and_archive(tmp_path, original):
    file = tmp_path / "jixiao.backup"
    result = CliRunner().invoke(main, ["backup", str(file), "--warehouse", str(original)])
    assert result.exit_code == 0 and "raw file(s)" in result.output
    with tarfile.open(file) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    names = {m["name"] for m in manifest["members"]}
    assert f"warehouse/{original.name}" in names and "archive/provenance.jsonl" in names
    assert all(len(m["sha256"]) == 64 for m in manifest["members"])

    target = tmp_path / "restored" / "w.duckdb"
    result = CliRunner().invoke(main, ["restore", str(file), "--warehouse", str(target)])
    assert result.exit_code == 0 and "checksums verified" in result.output
    assert table_state(target) == table_state(original)
    assert table_state(published_path(target)) == table_state(original)
    before = {p.name: p.read_bytes() for p in archive_folder(original).iterdir()}
    assert {p.name: p.read_bytes() for p in archive_folder(target).iterdir()} == before
    assert rebuild(archive_folder(target), target.with_name("again.duckdb")).missing == []


def test_restore_refuses_a_warehouse_being_written(tmp_path, original):
    file = tmp_path / "b.backup"
    backup(original, file)
    target = tmp_path / "busy" / "w.duckdb"
    ingest([], target)
    with write_lock(target):
        result = CliRunner().invoke(main, ["restore", str(file), "--warehouse", str(target)])
        assert result.exit_code == 3 and "being written by pid" in result.output
    assert table_state(target)["submissions"] == (0, 0)


def _rewrite(source, destination, change):
    """A copy of the backup tar with members changed by `change(info, data) -> (info, data)`."""
    with tarfile.open(source) as old, tarfile.open(destination, "w") as new:
        for info in old.getmembers():
            data = old.extractfile(info).read()
            for info, data in change(info, data):
                new.addfile(info, io.BytesIO(data) if data is not None else None)


def _same(info, data):
    yield info, data


@pytest.mark.parametrize("attack", ["flipped byte", "path traversal", "symlink", "absolute path", "extra member"])
def test_restore_refuses_damaged_or_hostile_backups_and_changes_nothing(tmp_path, original, sample_path, attack):
    good = tmp_path / "good.backup"
    backup(original, good)
    bad = tmp_path / "bad.backup"

    def change(info, data):
        if attack == "flipped byte" and info.name.startswith("archive/") and info.size > 200:
            yield info, data[:100] + bytes([data[100] ^ 1]) + data[101:]
        elif attack == "path traversal" and info.name.startswith("archive/") and info.size > 200:
            info.name = "archive/../../../escaped.txt"
            yield info, data
        elif attack == "symlink" and info.name.startswith("warehouse/"):
            link = tarfile.TarInfo(info.name)
            link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
            yield link, None
        elif attack == "absolute path" and info.name == "archive/provenance.jsonl":
            info.name = str(tmp_path / "absolute.txt")
            yield info, data
        else:
            yield info, data
        if attack == "extra member" and info.name == "manifest.json":
            extra = tarfile.TarInfo("archive/../../extra.sh")
            extra.size = 3
            yield extra, b"rm\n"

    _rewrite(good, bad, change)
    target = tmp_path / "target" / "w.duckdb"
    ingest([sample_path], target)
    before = table_state(target)
    with pytest.raises(BackupError) as refused:
        restore(bad, target)
    assert str(bad) in str(refused.value)
    assert table_state(target) == before
    assert not list(tmp_path.rglob("escaped.txt")) and not list(tmp_path.rglob("extra.sh"))
    assert not (tmp_path / "absolute.txt").exists()
    assert not [p for p in target.parent.iterdir() if ".restore" in p.name or ".tmp" in p.name]


def test_rebuild_refuses_to_overwrite_and_a_missing_backup_source_is_an_error(tmp_path, original):
    with pytest.raises(BackupError, match="exists: rebuild makes a new warehouse"):
        rebuild(archive_folder(original), original)
    with pytest.raises(BackupError, match="not a jixiao backup"):
        (tmp_path / "x.backup").write_bytes(b"")
        with tarfile.open(tmp_path / "x.backup", "w"):
            pass
        restore(tmp_path / "x.backup", tmp_path / "y.duckdb")
    with pytest.raises(WarehouseLocked):
        with write_lock(original):
            backup(original, tmp_path / "z.backup")
