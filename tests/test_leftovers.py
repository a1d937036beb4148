"""Property 1 and 6 at the edges: what killed backups, restores, exports and publishes leave behind,
and a restore atomic with the warehouse's write-ahead log.

- Each command is SIGKILLed at several points (a uniform delay over its run; as soon as its
  temporary file appears; a little after) and then run again: the next run leaves no temporary
  file of the killed one (warehouse.temp_files).
- A restore over a warehouse that keeps committed writes in its `.wal` is failed at every rename
  and unlink in turn (os.replace, os.unlink, os.rmdir made to raise at call k, for every k): the
  next writer opens the warehouse and finds the old warehouse, its log's writes included, or the
  restored one, never a file beside a log that is not its own (warehouse.restore_swap).
"""

from __future__ import annotations

import logging
import os
import random
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from warehouse.backup import BackupError, backup, restore
from warehouse.connection import published_path, write_lock
from warehouse.export import export
from warehouse.ingest import ingest
from warehouse.temp_files import claim, release, sweep
from ingest_forkserver import ForkServer
from reliability_support import count, jixiao_env, table_state, write_batch

KILLS = count("leftover_kills", 9)
# what the commands leave while they run: `.<name>.tmp<PID>`, a restore's `.<name>.restore<PID>`,
# and the names used before warehouse.temp_files (`<name>.tmp<PID>`, `.restore-<PID>`)
TEMPORARY = re.compile(r"(\.tmp\d+|\.restore\d+|^\.restore-\d+)$")


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if TEMPORARY.search(p.name))


def _copy(source: Path, destination: Path) -> Path:
    if destination.exists():
        shutil.rmtree(destination)
    shutil.copytree(source, destination)
    return destination / "w.duckdb"


def _writer_state(warehouse: Path):
    """The tables as the next writer finds them: under the lock (which repairs a killed restore),
    opened for writing (which replays the log)."""
    with write_lock(warehouse):
        return table_state(warehouse, read_only=False)


@pytest.fixture(scope="module")
def sites(tmp_path_factory, sample_path, sample_text):
    """`old`: a warehouse of 7 submissions whose last writes (a table `wal_only` of real rows) are
    committed in its write-ahead log only; `source`: a warehouse of the sample alone, and its
    backup; the states of both."""
    root = tmp_path_factory.mktemp("leftovers")
    old = root / "old" / "w.duckdb"
    ingest([sample_path, *write_batch(root / "batch", sample_text, 6)], old)
    con = duckdb.connect(str(old))
    con.execute("PRAGMA disable_checkpoint_on_shutdown")
    con.execute("SET checkpoint_threshold = '1TB'")
    con.execute("CREATE TABLE wal_only AS SELECT * FROM indicators")
    con.close()
    assert old.with_name("w.duckdb.wal").exists()
    old_state = _writer_state(_copy(old.parent, root / "probe"))
    assert old_state["wal_only"][0] > 0
    source = root / "source" / "w.duckdb"
    ingest([sample_path], source)
    backup(source, root / "w.backup")
    new_state = table_state(source)
    assert old_state != new_state and "wal_only" not in new_state
    return {"root": root, "old": old, "backup": root / "w.backup", "old_state": old_state,
            "new_state": new_state, "old_snapshot": table_state(published_path(old)),
            "batch": root / "batch"}


@contextmanager
def _faults(monkeypatch, at: int | None):
    """Count the calls of os.replace, os.unlink and os.rmdir; the call number `at` raises OSError."""
    calls = []

    def wrap(name, real):
        def call(*args, **kwargs):
            calls.append(name)
            if len(calls) - 1 == at:
                raise OSError(f"injected fault at {name} #{at}")
            return real(*args, **kwargs)
        return call

    with monkeypatch.context() as patch:
        for name in ("replace", "unlink", "rmdir"):
            patch.setattr(os, name, wrap(name, getattr(os, name)))
        yield calls


def test_restore_with_a_fault_at_each_rename_and_unlink_leaves_the_old_or_the_new_warehouse(tmp_path, sites, monkeypatch):
    work = tmp_path / "work"
    warehouse = _copy(sites["old"].parent, work)
    with _faults(monkeypatch, None) as calls:
        restore(sites["backup"], warehouse)
    steps = len(calls)
    assert {"replace", "unlink", "rmdir"} <= set(calls)
    found = Counter()
    for k in range(steps):
        warehouse = _copy(sites["old"].parent, work)
        with _faults(monkeypatch, k) as calls, pytest.raises((OSError, BackupError), match="injected fault"):
            restore(sites["backup"], warehouse)
        # readers: a complete snapshot, old or new
        assert table_state(published_path(warehouse)) in (sites["old_snapshot"], sites["new_state"])
        state = _writer_state(warehouse)
        assert state in (sites["old_state"], sites["new_state"]), f"fault at {calls[k]} #{k}: neither old nor new"
        found["old" if state == sites["old_state"] else "new"] += 1
        restore(sites["backup"], warehouse)  # the next run completes the restore, leaving nothing
        assert table_state(warehouse) == table_state(published_path(warehouse)) == sites["new_state"]
        assert _temporaries(work) == [], f"fault at {calls[k]} #{k}"
    print(f"\nrestore: a fault at each of {steps} renames/unlinks: {dict(found)}", file=sys.stderr)
    assert found["old"] and found["new"]


KILL_AT_CALL = """
import os, signal, sys
from pathlib import Path
from warehouse.backup import restore
at, calls = int(sys.argv[1]), [0]
def wrap(real):
    def call(*args, **kwargs):
        if calls[0] == at:
            os.kill(os.getpid(), signal.SIGKILL)
        calls[0] += 1
        return real(*args, **kwargs)
    return call
for name in ("replace", "unlink", "rmdir"):
    setattr(os, name, wrap(getattr(os, name)))
restore(Path(sys.argv[2]), Path(sys.argv[3]))
"""


def test_restore_killed_before_each_rename_and_unlink_leaves_the_old_or_the_new_warehouse(tmp_path, sites):
    """kill -9 of a restoring process just before its k-th rename or unlink, for every k (one of
    them falls between moving the old log aside and renaming the new file in: the half state the
    next writer's lock finishes)."""
    work = tmp_path / "work"
    found, at = Counter(), 0
    while True:
        warehouse = _copy(sites["old"].parent, work)
        run = subprocess.run([sys.executable, "-c", KILL_AT_CALL, str(at), str(sites["backup"]), str(warehouse)],
                             env=jixiao_env(), capture_output=True, text=True, timeout=120)
        if run.returncode == 0:
            break
        assert run.returncode == -9, run.stderr
        half = any((p / "old.wal").exists() and (p / "new.duckdb").exists() for p in work.glob(".w.duckdb.restore*"))
        state = _writer_state(_copy(work, tmp_path / "crashed"))
        assert state in (sites["old_state"], sites["new_state"]), f"killed before call {at}: neither old nor new"
        found[("half, finished: " if half else "") + ("old" if state == sites["old_state"] else "new")] += 1
        restore(sites["backup"], warehouse)
        assert table_state(warehouse) == sites["new_state"] and _temporaries(work) == []
        at += 1
    print(f"\nrestore: killed before each of {at} renames/unlinks: {dict(found)}", file=sys.stderr)
    assert found["old"] and found["new"] and found["half, finished: new"] == 1


@pytest.mark.parametrize("command", ["backup", "export"])
def test_a_fault_at_each_rename_and_unlink_leaves_no_temporary_file_after_the_next_run(tmp_path, sites, monkeypatch, command):
    warehouse = _copy(sites["old"].parent.with_name("source"), tmp_path / "work")
    out = tmp_path / "out" / ("w.backup" if command == "backup" else "indicators.xlsx")
    out.parent.mkdir()  # an export refuses a folder that does not exist

    def run():
        if command == "backup":
            backup(warehouse, out)
        else:
            export(warehouse, out, "xlsx", relation="indicators")

    with _faults(monkeypatch, None) as calls:
        run()
    whole = out.read_bytes() if command == "backup" else None
    for k in range(len(calls)):
        with _faults(monkeypatch, k), pytest.raises(Exception, match="injected fault"):  # xlsxwriter wraps it
            run()
        run()
        assert _temporaries(out.parent) == [] and _temporaries(warehouse.parent) == []
    assert command == "export" or len(out.read_bytes()) == len(whole)


def test_the_sweep_removes_only_what_dead_processes_left_and_says_so_in_one_line(tmp_path, caplog):
    target = tmp_path / "w.backup"
    ended, ended_too = (subprocess.Popen([sys.executable, "-c", ""]) for _ in range(2))
    ended.wait()
    ended_too.wait()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        mine = claim(target)  # this process's, being written
        mine.write_bytes(b"mine")
        dead_file = tmp_path / f".w.backup.tmp{ended.pid}"
        dead_file.write_bytes(b"half a backup")
        dead_folder = tmp_path / f"w.backup.tmp{ended_too.pid}"  # a folder, named as before temp_files
        (dead_folder / "part").mkdir(parents=True)
        live = tmp_path / f".w.backup.tmp{alive.pid}"
        live.write_bytes(b"being written")
        other = tmp_path / ".other.backup.tmp1"
        other.write_bytes(b"another file's")
        with caplog.at_level(logging.WARNING, logger="jixiao"):
            removed = sweep(target)
        assert sorted(removed) == sorted([dead_file, dead_folder])
        assert live.exists() and mine.exists() and other.exists()
        [line] = [r.getMessage() for r in caplog.records]
        assert line.startswith(f"removed 2 temporary file(s) left by killed runs in {tmp_path}: ")
        assert line.endswith(f"; left 1 that running processes are writing: {live.name}")
        release(mine)
        assert not mine.exists()
        mine.write_bytes(b"left by a failed call of this process")
        assert sweep(target) == [mine]
        assert sweep(target, locked=True) == [live]  # the writer lock says no one else writes it
    finally:
        alive.kill()
        alive.wait()


@pytest.fixture(scope="module")
def server():
    forks = ForkServer(jixiao_env())
    yield forks
    forks.close()


def _command(name, sites, work):
    """The command line, the folder it starts from, what its run leaves while it runs, and the
    moments to kill it at (each as a condition that becomes true)."""
    warehouse = work / "w.duckdb"
    source = sites["old"].parent.with_name("source")
    temporaries = lambda: _temporaries(work)  # noqa: E731
    if name == "backup":
        return ["backup", str(work / "out.backup"), "--warehouse", str(warehouse)], source, temporaries, [temporaries]
    if name == "export":
        return (["export", "indicators", "--out", str(work / "indicators.xlsx"), "--warehouse", str(warehouse)],
                source, temporaries, [temporaries])
    if name == "restore":
        staged = lambda: any((p / "new.duckdb").exists() for p in work.glob(".w.duckdb.restore*"))  # noqa: E731
        return (["restore", str(sites["backup"]), "--warehouse", str(warehouse)], sites["old"].parent, temporaries,
                [temporaries, staged])
    publishing = lambda: [n for n in _temporaries(work) if n.startswith(f".{published_path(warehouse).name}.tmp")]  # noqa: E731
    return (["ingest", str(sites["batch"]), "--force", "--warehouse", str(warehouse)],  # publish: its last step
            source, publishing, [publishing])


def _until(condition, seconds):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.0005)


@pytest.mark.parametrize("name", ["backup", "restore", "export", "publish"])
def test_kill_at_several_points_then_the_next_run_leaves_no_temporary_file(tmp_path, sites, server, name):
    work = tmp_path / "work"
    args, start, temporary, points = _command(name, sites, work)
    _copy(start, work)
    started = time.perf_counter()
    server.run(*args)
    assert server.wait() == 0
    run_seconds = time.perf_counter() - started
    rng, left, states = random.Random(16), 0, Counter()
    for attempt in range(KILLS):
        warehouse = _copy(start, work)
        server.run(*args)
        began = time.perf_counter()
        mode = attempt % (1 + 2 * len(points))
        if mode == 0:  # anywhere in the run
            time.sleep(rng.uniform(0, run_seconds))
        else:  # when a point is reached: at once, or a little later
            _until(points[(mode - 1) // 2], 2 * run_seconds + 1)
            time.sleep(0 if mode % 2 else rng.uniform(0, (time.perf_counter() - began) / 4))
        server.kill()
        left += bool(temporary())
        if name == "restore":  # the next writer (on a copy: the next restore must meet the leftovers)
            state = _writer_state(_copy(work, tmp_path / "crashed"))
            assert state in (sites["old_state"], sites["new_state"]), f"kill {attempt}: neither old nor new"
            states["old" if state == sites["old_state"] else "new"] += 1
        server.run(*args)
        assert server.wait() == 0, f"kill {attempt}: the next {name} failed"
        assert _temporaries(work) == [], f"kill {attempt}: the next {name} left them"
        if name == "restore":
            assert table_state(warehouse) == sites["new_state"]
    print(f"\n{name}: {KILLS} kills (a run takes {run_seconds:.2f} s), {left} left temporary files, "
          f"none after the next run; restore states {dict(states)}", file=sys.stderr)
    assert left >= KILLS // 3
