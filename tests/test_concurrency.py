"""Property 2, one writer and readers never blocked: a second refresh fails at once with a clear
message while the first holds the warehouse (no silent 100-second retry), the Dagster assets that
write share a pool of one, and analysts' `jixiao sql` queries made while a big batch loads all
succeed against the last published snapshot, seeing the warehouse before or after the batch.

CI loads a generated batch of 25 departments x 12 projects; `make test-stress` loads
JIXIAO_STRESS_WRITER_DEPARTMENTS departments and reports how long publishing the snapshot takes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time

import dagster as dg
import duckdb

from bench.generate import Spec, generate
from pipelines.assets import WRITER_POOL
from pipelines.definitions import defs
from warehouse.connection import publish, published_path
from warehouse.ingest import ingest
from reliability_support import JIXIAO, PROJECT_ROOT, count, jixiao_env

DEPARTMENTS = count("writer_departments", 25)
PROJECTS = count("writer_projects", 12)

HOLD_LOCK = """
import sys, time
from pathlib import Path
from warehouse.connection import write_lock
with write_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    sys.stdin.read()  # until the test closes stdin
"""

# `jixiao sql` in a loop, in one process (pipelines.cli.main each time, as the command runs it):
# one line per query, `ok <count>` or `failed <message>`, until stdin closes
SQL_LOOP = """
import sys, threading
from click.testing import CliRunner
from pipelines.cli import main
stop = threading.Event()
threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
while not stop.is_set():
    result = CliRunner().invoke(main, ["sql", "SELECT count(*) AS n FROM indicators", "--format", "csv",
                                       "--warehouse", sys.argv[1]])
    if result.exit_code == 0:
        print("ok", result.output.splitlines()[1], flush=True)
    else:
        print("failed", " ".join(result.output.split()), flush=True)
"""


def _python(code: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=jixiao_env())


def test_a_second_writer_fails_at_once_with_a_clear_message(tmp_path, sample_path):
    warehouse = tmp_path / "w.duckdb"
    holder = _python(HOLD_LOCK, str(warehouse))
    try:
        assert holder.stdout.readline() == "locked\n"
        second = subprocess.run(JIXIAO + ["ingest", str(sample_path), "--warehouse", str(warehouse)],
                                capture_output=True, text=True, env=jixiao_env(), timeout=300)
        # it gave up while the lock was still held: it did not wait for it
        assert holder.poll() is None
        assert second.returncode == 3
        assert f"being written by pid {holder.pid}" in second.stderr and "try again when it finishes" in second.stderr
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
    assert len(ingest([sample_path], warehouse).loaded) == 1  # and the next writer goes ahead


def test_the_dagster_writers_share_a_pool_of_one(tmp_path):
    shutil.copy(PROJECT_ROOT / "dagster.yaml", tmp_path / "dagster.yaml")
    instance = dg.DagsterInstance.from_config(str(tmp_path))
    try:
        assert instance.get_concurrency_config().pool_config.default_pool_limit == 1
    finally:
        instance.dispose()
    writers = {a.key.to_user_string() for a in defs.assets if "warehouse" in a.required_resource_keys
               and a.op.pool == WRITER_POOL}
    assert writers == {"submissions"}  # the one asset that writes


def test_queries_during_a_big_load_read_the_last_published_snapshot(tmp_path, sample_path):
    corpus = tmp_path / "corpus"
    manifest = generate(Spec(DEPARTMENTS, PROJECTS, 1, seed=5), corpus, workers=1)
    warehouse = tmp_path / "w.duckdb"
    ingest([sample_path], warehouse)
    before = duckdb.connect(str(published_path(warehouse)), read_only=True).execute(
        "SELECT count(*) FROM indicators").fetchone()[0]

    reader = _python(SQL_LOOP, str(warehouse))
    first = reader.stdout.readline().split()
    assert first == ["ok", str(before)]
    writer = subprocess.Popen(JIXIAO + ["ingest", str(corpus), "--warehouse", str(warehouse)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=jixiao_env())
    started = time.monotonic()
    answers = []
    while writer.poll() is None:
        answers.append(reader.stdout.readline().split())
        assert time.monotonic() - started < 900
    loaded = time.monotonic() - started
    assert writer.returncode in (0, 1), writer.stderr.read()  # 1: some generated damage was quarantined
    after = duckdb.connect(str(published_path(warehouse)), read_only=True).execute(
        "SELECT count(*) FROM indicators").fetchone()[0]
    answers.append(reader.stdout.readline().split())
    reader.stdin.close()
    answers += [line.split() for line in reader.stdout.read().splitlines()]
    reader.wait(timeout=60)

    assert after > before and len(answers) >= 3
    failed = [a for a in answers if a[0] != "ok"]
    assert failed == [], failed[:3]
    seen = [int(a[1]) for a in answers]
    assert set(seen) <= {before, after} and seen == sorted(seen)  # before, then after, nothing between
    size = warehouse.stat().st_size
    began = time.perf_counter()
    publish(warehouse)
    copy_seconds = time.perf_counter() - began
    print(f"\nreaders during a load: {len(answers)} `jixiao sql` queries while a batch of "
          f"{manifest['expected']['files']} files ({manifest['expected']['indicators']} indicators) loaded in "
          f"{loaded:.1f} s: {len(answers)} answered, 0 failed, {seen.count(before)} saw before, {seen.count(after)} "
          f"after; publishing (copying) the {size / 2**20:.1f} MiB warehouse takes {copy_seconds:.2f} s",
          file=sys.stderr)
