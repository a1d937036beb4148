"""What a publish costs now that it brings the standby up to date from the recorded changes
(warehouse.publish), against the copy it replaced (still its fallback), on loaded warehouses:

    python -m bench.publish_changes WAREHOUSE [WAREHOUSE ...] --corpus DIR [--replicate N] [--repeats 3]

For each warehouse (median of `--repeats`; figures appended to bench/publish_changes.md and recorded
in bench/results.json under "publish", which bench/report.py renders under the add-one table):

- `copy`: a publish after a write that recorded `everything` (the file copied, fsync'd, renamed);
- `nothing changed`: a publish with no key recorded: the fixed cost of opening the standby, checking
  its row counts against the warehouse, checkpointing and renaming;
- `add one`: a new department's file (21 tables) loaded in a fresh process, as `make bench` measures
  it (median of `--repeats` files), and its publish step alone (`add one publish`).

`--corpus` is the corpus the warehouses were loaded from (bench.generate: its manifest gives the
spec new departments are made with). `--replicate N`: the last warehouse is replaced by one N times
its size made in SQL (bench.publish_cost.replicate), for what grows with the file. The standby is
brought up to date at every size here; jixiao itself copies files under 256 MiB (warehouse.publish
COPY_BELOW), where the copy is the quicker.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from bench.publish_cost import append_section, record_publish, replicate
from warehouse.changes import Changes
from warehouse.connection import write_lock, writing
from warehouse.publish import COPY_BELOW_ENV, mark_unpublished, publish, published_path, standby_path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "publish_changes.md"


def _timed_publish(warehouse: Path, changes: Changes | None) -> tuple[float, bool]:
    """Seconds of one publish after a write recording `changes`; whether the standby was published."""
    with write_lock(warehouse):
        mark_unpublished(warehouse, changes)
        standby = standby_path(warehouse)
        was = standby.stat().st_ino if standby.exists() else None
        began = time.perf_counter()
        publish(warehouse)
        seconds = time.perf_counter() - began
    return seconds, published_path(warehouse).stat().st_ino == was


def measure(warehouse: Path, corpus: Path, work: Path, repeats: int) -> dict:
    os.environ[COPY_BELOW_ENV] = "0"  # the standby brought up to date at every size (jixiao copies below 256 MiB)
    from bench.__main__ import run_ingest
    from bench.generate import LAST_YEAR, Spec, write_submission

    with writing(warehouse):  # the schema of this jixiao applied first (a definitions change publishes)
        pass
    figures: dict = {"bytes": warehouse.stat().st_size}
    copies = [_timed_publish(warehouse, None) for _ in range(repeats)]
    assert not any(replayed for _, replayed in copies)
    figures["copy"] = statistics.median(seconds for seconds, _ in copies)
    _timed_publish(warehouse, Changes())  # the standby lacks `everything` until one more publish
    nothing = [_timed_publish(warehouse, Changes()) for _ in range(repeats)]
    assert all(replayed for _, replayed in nothing), "the standby was not brought up to date"
    figures["nothing changed"] = statistics.median(seconds for seconds, _ in nothing)
    spec = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))["spec"]
    spec = Spec(spec["departments"], spec["projects"], spec["years"], spec["seed"])
    import duckdb

    con = duckdb.connect(str(published_path(warehouse)), read_only=True)
    try:  # departments numbered after every one loaded so far: new files, also when run again
        first = spec.departments + con.execute("SELECT count(*) FROM departments").fetchone()[0]
    finally:
        con.close()
    runs = []
    for n in range(repeats):
        was = standby_path(warehouse).stat().st_ino
        path, _ = write_submission(spec, work / "extra" / str(n), first + n, LAST_YEAR)
        runs.append(run_ingest([path], warehouse, 0, 0, check=False))
        runs[-1]["replayed"] = published_path(warehouse).stat().st_ino == was
    assert all(r["replayed"] for r in runs), "adding a file copied the warehouse"
    figures["add one"] = statistics.median(r["seconds"] for r in runs)
    figures["add one publish"] = statistics.median(r["publish_seconds"] for r in runs)
    con = duckdb.connect(str(published_path(warehouse)), read_only=True)
    try:
        figures["projects"] = con.execute("SELECT count(*) FROM projects").fetchone()[0]
        figures["replicated"] = con.execute(  # made by bench.publish_cost.replicate, not loaded
            "SELECT count(*) > 0 FROM submissions WHERE submission_key LIKE '%~%'").fetchone()[0]
    finally:
        con.close()
    return figures


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 1 else f"{seconds:,.2f} s"


def markdown(results: list[dict], repeats: int, commit: str) -> str:
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"## {stamp} at {commit}, median of {repeats}, load average {os.getloadavg()[0]:.1f} at the end", "",
             "| project tables | warehouse file | copy (the fallback) | publish, nothing changed | add one file "
             "| of which publish | publish ÷ copy |", "|---|---|---|---|---|---|---|"]
    for f in results:
        lines.append(f"| {f['projects']:,}{' (replicated)' if f.get('replicated') else ''} | "
                     f"{f['bytes'] / 2**20:,.0f} MiB | {_ms(f['copy'])} | {_ms(f['nothing changed'])} | "
                     f"{_ms(f['add one'])} | {_ms(f['add one publish'])} | {f['add one publish'] / f['copy']:.2f} |")
    return "\n".join(lines) + "\n"


def record(results: list[dict], path: Path) -> None:
    record_publish(path, [{"projects": f["projects"], "bytes": f["bytes"], "copy": f["copy"],
                           "replicated": bool(f.get("replicated")), "nothing_changed": f["nothing changed"],
                           "add_one": f["add one"], "add_one_publish": f["add one publish"]} for f in results])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.publish_changes", description=__doc__.split("\n\n")[0])
    parser.add_argument("warehouses", nargs="+", type=Path, help="loaded, published warehouses (they are added to)")
    parser.add_argument("--corpus", type=Path, required=True, help="the bench.generate corpus they were loaded from")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--replicate", type=int, default=0, metavar="N")
    args = parser.parse_args(argv)
    if args.replicate:
        source = args.warehouses[-1]
        target = replicate(source, source.with_name(f"x{args.replicate}-{source.name}"), args.replicate)
        args.warehouses.append(target)
    results = []
    with tempfile.TemporaryDirectory(prefix="jixiao-publish-changes-") as tmp:
        for n, warehouse in enumerate(args.warehouses):
            print(f"  {warehouse} ...", file=sys.stderr, flush=True)
            results.append(measure(warehouse, args.corpus, Path(tmp) / str(n), args.repeats))
            print("   ", results[-1], file=sys.stderr, flush=True)
    from bench.__main__ import machine

    text = markdown(results, args.repeats, machine()["commit"])
    record(results, HERE / "results.json")
    append_section(RESULTS, "# What publishing costs, brought up to date from the changes (bench/publish_changes.py)", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
