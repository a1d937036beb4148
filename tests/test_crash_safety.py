"""Property 1, crash safety: a `jixiao ingest` of a multi-file batch, SIGKILLed at random points,
leaves the warehouse before or after the batch (never between), the published snapshot a complete
database in one of those two states, and a lock file that does not block the next writer; the next
refresh completes the batch with no row lost or duplicated.

Half of the kills fall anywhere in the run (uniform delay); the other half wait for the load to
commit (the `.unpublished` marker appears with the first batch's changes, just before it commits)
and fall in the commit, checkpoint or publish. CI tries 20 kills; `make test-stress` tries JIXIAO_STRESS_KILLS. Each run is
a process of its own running `jixiao ingest` (pipelines.cli.main), forked from a warmed-up server
(tests/ingest_forkserver.py) so a kill costs the run, not seconds of interpreter and GX start-up.
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest

from warehouse.connection import (WarehouseLocked, lock_path, published_path, unpublished_marker,
                                  write_lock)
from warehouse.ingest import ingest
from warehouse.temp_files import leftovers
from ingest_forkserver import ForkServer
from reliability_support import count, jixiao_env, table_state, write_batch

KILLS = count("kills", 20)
BATCH_FILES = count("batch_files", 8)


def _reset(work, baseline):
    """The work folder as the baseline: warehouse, snapshot, raw-file archive; nothing else."""
    shutil.rmtree(work)
    shutil.copytree(baseline, work)


@pytest.fixture(scope="module")
def server():
    forks = ForkServer(jixiao_env())
    yield forks
    forks.close()


def _start(server, batch, warehouse):
    return server.run("ingest", str(batch), "--warehouse", str(warehouse))


def _wait_for_load(warehouse):
    """Wait until the run marks its load as begun; return when."""
    deadline = time.monotonic() + 120
    while not unpublished_marker(warehouse).exists():
        assert time.monotonic() < deadline, "the load never began"
        time.sleep(0.001)
    return time.perf_counter()


def _phase(warehouse, finished):
    if finished:
        return "finished before the kill"
    if leftovers(published_path(warehouse)):
        return "killed while publishing"
    if unpublished_marker(warehouse).exists():
        return "killed in load/checkpoint/publish"
    return None  # before the load began, or after the publish (the state found tells which)


def test_sigkill_during_ingest_never_leaves_a_half_loaded_warehouse(tmp_path, sample_path, sample_text, server):
    rng = random.Random(8)
    batch = tmp_path / "batch"
    write_batch(batch, sample_text, BATCH_FILES)
    baseline, work, expected = tmp_path / "baseline", tmp_path / "work", tmp_path / "expected"
    for folder in (baseline, work, expected):
        folder.mkdir()
    ingest([sample_path], baseline / "w.duckdb")  # the warehouse holds something before the batch
    before = table_state(baseline / "w.duckdb")

    # the batch loaded without interruption: the "after" state, and how long a run takes
    _reset(expected, baseline)
    started = time.perf_counter()
    _start(server, batch, expected / "w.duckdb")
    load_began = _wait_for_load(expected / "w.duckdb")
    while unpublished_marker(expected / "w.duckdb").exists():  # removed when the publish is done
        time.sleep(0.001)
    load_seconds = time.perf_counter() - load_began  # load, checkpoint and publish
    assert server.wait() == 0
    run_seconds = time.perf_counter() - started
    after = table_state(expected / "w.duckdb")
    assert after["submissions"][0] == before["submissions"][0] + BATCH_FILES
    assert after["indicators"][0] == before["indicators"][0] * (BATCH_FILES + 1)

    warehouse = work / "w.duckdb"
    states, phases, lost_or_duplicated = Counter(), Counter(), 0
    for attempt in range(KILLS):
        _reset(work, baseline)
        _start(server, batch, warehouse)
        if attempt % 2 == 0:
            time.sleep(rng.uniform(0, run_seconds))
        else:
            _wait_for_load(warehouse)
            time.sleep(rng.uniform(0, load_seconds))
        _, finished = server.kill()
        phase = _phase(warehouse, finished)

        # the snapshot analysts read is a complete database, before or after the batch
        snapshot = table_state(published_path(warehouse))
        assert snapshot in (before, after), f"kill {attempt}: the published snapshot is half-loaded"

        # the killed writer's lock file is still there, but its lock died with it
        assert lock_path(warehouse).exists()
        shutil.copytree(work, tmp_path / "crashed", dirs_exist_ok=True)  # as the kill left it, for a post-mortem
        with write_lock(warehouse):
            found = table_state(warehouse, read_only=False)  # as the next writer opens it (WAL replayed)
        state = "before" if found == before else "after" if found == after else "between"
        states[state] += 1
        phases[phase or ("killed before the load began" if state == "before"
                         else "killed after the publish, while exiting")] += 1
        assert state != "between", (
            f"kill {attempt} ({phase}): the warehouse is half-loaded: tables neither before nor after: "
            f"{ {t: (before.get(t), found.get(t), after.get(t)) for t in found if found[t] not in (before.get(t), after.get(t))} }")

        # the next refresh completes the work: every row once, the snapshot up to date
        report = ingest([batch], warehouse)
        assert not report.rejected and not report.skipped
        final = table_state(warehouse)
        lost_or_duplicated += sum(abs(final[t][0] - after[t][0]) for t in after)
        assert final == after, f"kill {attempt}: rows lost or duplicated after the refresh"
        assert table_state(published_path(warehouse)) == after

    print(f"\ncrash safety: {KILLS} kills of a {BATCH_FILES}-file batch (a run takes {run_seconds:.2f} s, "
          f"{load_seconds:.2f} s of it load, checkpoint and publish); "
          f"phases {dict(phases)}; states found {dict(states)}, half-loaded 0; rows lost or duplicated "
          f"{lost_or_duplicated}", file=sys.stderr)
    assert phases["killed in load/checkpoint/publish"] + phases["killed while publishing"] >= KILLS // 4


def _hold_lock_forever(warehouse):
    return subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\nfrom pathlib import Path\nfrom warehouse.connection import write_lock\n"
         f"with write_lock(Path({str(warehouse)!r})):\n    print('locked', flush=True)\n    time.sleep(600)\n"],
        stdout=subprocess.PIPE, env=jixiao_env())


def test_a_killed_writers_lock_file_does_not_block_the_next_writer(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    holder = _hold_lock_forever(warehouse)
    try:
        assert holder.stdout.readline() == b"locked\n"
        with pytest.raises(WarehouseLocked, match=f"being written by pid {holder.pid}"):
            with write_lock(warehouse):
                pass
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    assert f"pid {holder.pid}" in lock_path(warehouse).read_text()  # the stale file is still there
    with write_lock(warehouse):
        assert lock_path(warehouse).read_text().startswith("pid ")  # and now names this process


def _dead_pid():
    """The id of a process that has ended (reaped, so no process has it for now)."""
    child = subprocess.Popen([sys.executable, "-c", ""])
    child.wait()
    return child.pid


def test_a_publish_killed_half_way_leaves_the_old_snapshot_and_is_finished_next_time(tmp_path, sample_path, sample_text):
    warehouse = tmp_path / "w.duckdb"
    ingest([sample_path], warehouse)
    snapshot = published_path(warehouse)
    before = table_state(snapshot)
    shutil.copy2(snapshot, tmp_path / "old-snapshot.duckdb")
    # a killed publish: the load committed, the marker set, the old snapshot in place and a
    # part-copied temporary left behind
    batch = tmp_path / "batch"
    write_batch(batch, sample_text, 2)
    ingest([batch], warehouse)
    after = table_state(warehouse)
    shutil.copy2(tmp_path / "old-snapshot.duckdb", snapshot)
    unpublished_marker(warehouse).touch()
    partial = snapshot.with_name(f".{snapshot.name}.tmp{_dead_pid()}")
    partial.write_bytes(warehouse.read_bytes()[: warehouse.stat().st_size // 3])
    # a refresh with nothing new still publishes, and removes the partial copy
    report = ingest([batch], warehouse)
    assert report.loaded == [] and len(report.unchanged) == 2
    assert table_state(snapshot) == after != before
    assert not partial.exists() and not unpublished_marker(warehouse).exists()
