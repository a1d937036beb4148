"""Publishing what changed (warehouse.publish, warehouse.changes): a refresh brings the standby
snapshot up to date from the keys its writes recorded, and renames it into place, instead of
copying the warehouse file; whatever it cannot vouch for, it copies.

The whole suite runs with JIXIAO_VERIFY_PUBLISH=1 (tests/conftest.py): every publish of every test
that is brought up to date compares all its tables' rows with the warehouse's and fails the test if a
write did not record what it changed. These tests show that the standby is what is published (its
inode becomes the snapshot's), when the file is copied instead, and what kills leave.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from reliability_support import jixiao_env, table_state, write_batch
from warehouse.changes import COPIED_WHOLE, Changes, append_changes, read_changes, replace_key
from warehouse.connection import published_path, reader, unpublished_marker
from warehouse.ingest import ingest
from warehouse.publish import mark_unpublished, publish, published_changes, standby_path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def inode(path: Path) -> int:
    return path.stat().st_ino


@pytest.fixture()
def refreshed(tmp_path, sample_path, sample_text):
    """A warehouse published twice (so it has a standby), and a folder of new files for it."""
    warehouse = tmp_path / "w.duckdb"
    ingest([sample_path], warehouse)
    ingest(write_batch(tmp_path / "first", sample_text, 2), warehouse)
    return warehouse, write_batch(tmp_path / "next", sample_text, 2, start=2)


def test_a_refresh_publishes_the_standby_brought_up_to_date(refreshed, sample_text, tmp_path):
    warehouse, files = refreshed
    snapshot, standby = published_path(warehouse), standby_path(warehouse)
    for batch in (files[:1], files[1:]):
        was_standby, was_snapshot = inode(standby), inode(snapshot)
        assert ingest(batch, warehouse).ok
        assert inode(snapshot) == was_standby  # not a copy: the standby, renamed into place
        assert inode(standby) == was_snapshot  # and the snapshot it replaced waits for the next one
        assert table_state(snapshot) == table_state(warehouse)
    # a new version of a file already loaded replaces that submission's rows and its versions
    changed = files[0].read_text(encoding="utf-8").replace("95%", "96%", 1)
    (tmp_path / "next" / "unit0002-2025.txt").write_text(changed, encoding="utf-8")
    was_standby = inode(standby)
    assert ingest([tmp_path / "next" / "unit0002-2025.txt"], warehouse).ok
    assert inode(snapshot) == was_standby
    assert table_state(snapshot) == table_state(warehouse)
    assert not unpublished_marker(warehouse).exists()
    assert read_changes(published_changes(warehouse)).keys["submission_key"]  # what the standby lacks now


def test_a_small_warehouse_is_copied_where_a_copy_is_quicker(refreshed, monkeypatch):
    warehouse, files = refreshed
    monkeypatch.delenv("JIXIAO_PUBLISH_COPY_BELOW")  # the default: 256 MiB, and this one is a few MiB
    was_standby = inode(standby_path(warehouse))
    assert ingest(files, warehouse).ok
    assert inode(published_path(warehouse)) != was_standby
    assert table_state(published_path(warehouse)) == table_state(warehouse)


def test_a_standby_still_open_in_another_process_is_left_alone_and_the_file_copied(refreshed):
    warehouse, files = refreshed
    standby = standby_path(warehouse)
    holder = subprocess.Popen(  # answers each line it is sent with its count of indicators
        [sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=True)\n"
         "for _ in sys.stdin: print(c.execute('SELECT count(*) FROM indicators').fetchone()[0], flush=True)",
         str(standby)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=jixiao_env())

    def held_count() -> str:
        holder.stdin.write("?\n")
        holder.stdin.flush()
        return holder.stdout.readline().strip()

    try:
        held = held_count()
        was_standby = inode(standby)
        assert ingest(files, warehouse).ok
        assert inode(published_path(warehouse)) != was_standby  # a fresh copy, not the held file
        assert table_state(published_path(warehouse)) == table_state(warehouse)
        assert held_count() == held  # what that reader sees was never written
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
    assert int(held) < duckdb.connect(str(published_path(warehouse)), read_only=True).execute(
        "SELECT count(*) FROM indicators").fetchone()[0]


def test_a_reader_of_this_process_keeps_its_snapshot_unchanged(refreshed):
    warehouse, files = refreshed
    con = reader(warehouse)  # opened on the current snapshot, which the next publish makes the standby
    try:
        before = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        assert ingest(files[:1], warehouse).ok  # the standby is not open: brought up to date
        was_standby = inode(standby_path(warehouse))  # the file `con` reads
        assert ingest(files[1:], warehouse).ok  # it is open here: copied instead
        assert inode(published_path(warehouse)) != was_standby
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == before
    finally:
        con.close()
    assert table_state(published_path(warehouse)) == table_state(warehouse)


def test_a_write_that_says_nothing_about_what_it_changed_means_a_copy(refreshed):
    warehouse, _ = refreshed
    con = duckdb.connect(str(warehouse))
    con.execute("UPDATE indicators SET value_raw = value_raw || '!'")  # changes no count
    con.close()
    mark_unpublished(warehouse)  # no keys: everything
    was_standby = inode(standby_path(warehouse))
    publish(warehouse)
    assert inode(published_path(warehouse)) != was_standby
    assert table_state(published_path(warehouse)) == table_state(warehouse)


def test_a_write_that_did_not_record_what_it_changed_is_caught(refreshed, monkeypatch):
    warehouse, _ = refreshed
    con = duckdb.connect(str(warehouse))
    con.execute("DELETE FROM indicators WHERE rowid = (SELECT min(rowid) FROM indicators)")
    con.close()
    mark_unpublished(warehouse, Changes().add("department_key", ["none"]))  # recorded, but not that
    with pytest.raises(AssertionError, match="main.indicators"):  # the suite's full comparison
        publish(warehouse)
    # outside the tests, the row counts are compared: the count differs, so the file is copied
    monkeypatch.delenv("JIXIAO_VERIFY_PUBLISH")
    publish(warehouse)
    assert table_state(published_path(warehouse)) == table_state(warehouse)


KILLED_PUBLISH = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    import warehouse.publish as publish
    from warehouse.ingest import ingest

    where, files = sys.argv[1], [Path(p) for p in sys.argv[3:]]
    def killed(original, calls=[0]):
        def call(*args):
            calls[0] += 1
            if where == "replay" and calls[0] == 8:
                os.kill(os.getpid(), 9)  # half-way through bringing the standby up to date
            result = original(*args)
            if where in ("link", "rename"):
                os.kill(os.getpid(), 9)  # after the old snapshot's second name / the new snapshot's rename
            return result
        return call
    if where == "replay":
        publish._replace = killed(publish._replace)
    elif where == "link":
        publish.os.link = killed(os.link)
    else:
        original = os.replace
        def replace(src, dst):
            (killed(original) if str(dst) == sys.argv[2] else original)(src, dst)
        publish.os.replace = replace
    ingest(files, Path(sys.argv[2]).with_name("w.duckdb"))
""")


@pytest.mark.parametrize("where", ["replay", "link", "rename"])
def test_a_publish_killed_anywhere_leaves_a_snapshot_and_the_next_writer_finishes(refreshed, where):
    warehouse, files = refreshed
    snapshot = published_path(warehouse)
    before = tuple(sorted(table_state(snapshot).items()))
    run = subprocess.run([sys.executable, "-c", KILLED_PUBLISH, where, str(snapshot), *map(str, files)],
                         env=jixiao_env(PYTHONPATH=f"{PROJECT_ROOT}:{PROJECT_ROOT / 'tests'}"),
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == -9, run.stderr
    loaded = table_state(warehouse)
    left = tuple(sorted(table_state(snapshot).items()))
    assert left in (before, tuple(sorted(loaded.items())))  # the old snapshot, or (renamed) the new one
    assert unpublished_marker(warehouse).exists()
    report = ingest(files, warehouse)  # nothing new to load; the marker makes it publish
    assert report.loaded == [] and not unpublished_marker(warehouse).exists()
    assert table_state(snapshot) == loaded
    assert not standby_path(warehouse).samefile(snapshot)
    assert not standby_path(warehouse).with_name(standby_path(warehouse).name + ".next").exists()
    files_left = sorted(p.name for p in warehouse.parent.iterdir() if p.name.startswith("w."))
    assert files_left == ["w.duckdb", "w.duckdb.lock", "w.duckdb.published-changes", "w.published.duckdb",
                          "w.standby.duckdb"]


def test_changes_records_read_back_and_damage_means_everything(tmp_path):
    record = tmp_path / "marker"
    assert read_changes(record).everything  # none kept: nothing is known
    append_changes(record, Changes().add("submission_key", ["a", "b"]))
    append_changes(record, Changes().add("owner_key", ["p"]).add("submission_key", ["b", None]))
    got = read_changes(record)
    assert not got.everything and got.keys == {"submission_key": {"a", "b"}, "department_key": set(), "owner_key": {"p"}}
    append_changes(record, None)
    assert read_changes(record).everything
    record.write_text('{"submission_key": ["a"]}\n{"owner_ke', encoding="utf-8")  # killed mid-line
    assert read_changes(record).everything
    record.write_text("", encoding="utf-8")  # the empty marker of an older jixiao
    assert read_changes(record).everything


def test_every_table_is_replaced_by_a_key_or_is_a_small_one_copied_whole(sample_warehouse):
    """A new table needs a submission_key column (or an entry in warehouse.changes) to be published
    by its changes; copied whole at every publish, a big one would cost what the copy cost."""
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    try:
        tables = con.execute(
            "SELECT table_name, list(column_name) FROM duckdb_columns() JOIN duckdb_tables() "
            "USING (database_name, schema_name, table_name) WHERE database_name = current_database() GROUP BY ALL"
        ).fetchall()
    finally:
        con.close()
    whole = {table for table, columns in tables if replace_key(table, columns) is None}
    assert whole == set(COPIED_WHOLE)
    for table, columns in tables:
        key = replace_key(table, columns)
        assert key is None or key in columns, (table, key)


def test_files_changed_by_another_hand_are_never_trusted(refreshed, sample_text, tmp_path):
    """The record names the snapshot and standby files the last publish left; a snapshot written by
    an analyst (the DuckDB CLI opens files read-write), deleted, or published by an older jixiao is
    not the file recorded, and the next publish copies."""
    warehouse, files = refreshed
    snapshot, standby = published_path(warehouse), standby_path(warehouse)
    con = duckdb.connect(str(snapshot))  # an analyst's UPDATE, row counts unchanged
    con.execute("UPDATE indicators SET value_raw = 'edited'")
    con.close()
    assert ingest(files[:1], warehouse).ok
    assert table_state(snapshot) == table_state(warehouse)  # copied: the edit is gone
    snapshot.unlink()  # deleted: the standby it would have been compared with is dropped too
    assert ingest(files[1:], warehouse).ok
    assert table_state(snapshot) == table_state(warehouse) and not standby.exists()
    more = write_batch(tmp_path / "more", sample_text, 2, start=9)
    for path in more:  # a copy that makes a standby again, then a publish brought up to date
        assert ingest([path], warehouse).ok
        assert table_state(snapshot) == table_state(warehouse)
    was_standby = inode(standby)
    assert ingest(write_batch(tmp_path / "last", sample_text, 1, start=20), warehouse).ok
    assert inode(snapshot) == was_standby


def test_a_definitions_change_is_recorded_before_it_commits(refreshed):
    warehouse, _ = refreshed
    con = duckdb.connect(str(warehouse))
    con.execute("DELETE FROM schema_fingerprint")  # as a new jixiao version finds it
    con.close()
    committed = []
    import warehouse.connection as connection

    original = connection.ensure_schema

    def watched(con, before_commit=None):
        def recorded():
            before_commit()
            committed.append(read_changes(unpublished_marker(warehouse)).everything)
        return original(con, recorded)

    connection.ensure_schema = watched
    try:
        with connection.writing(warehouse):
            pass
    finally:
        connection.ensure_schema = original
    assert committed == [True]
    assert table_state(published_path(warehouse)) == table_state(warehouse)


def test_an_empty_marker_of_an_older_jixiao_still_means_everything(tmp_path):
    marker = tmp_path / "w.duckdb.unpublished"
    marker.touch()  # an older jixiao committed, then died before publishing
    append_changes(marker, Changes().add("submission_key", ["new"]))
    assert read_changes(marker).everything


def test_a_log_left_beside_the_standby_goes_with_the_file_it_belonged_to(refreshed):
    warehouse, files = refreshed
    log = standby_path(warehouse).with_name(standby_path(warehouse).name + ".wal")
    log.write_bytes(b"a log of a killed replay")
    mark_unpublished(warehouse)  # everything: copied, and another file takes the standby's name
    publish(warehouse)
    assert not log.exists()
    assert ingest(files, warehouse).ok  # and the next publish can open the standby again
    assert table_state(published_path(warehouse)) == table_state(warehouse)
