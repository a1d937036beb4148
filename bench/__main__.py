"""The benchmark: `python -m bench` (or `make bench`) prints a table and writes bench/results.md.

For each corpus size (project tables, over 5 budget years, 20 projects per department and year):
generate the corpus once (bench.generate, cached in --workdir), then
- the floor: DuckDB reading the same bytes as lines (read_csv, one column), median of 3;
- `ingest` end to end in a fresh process per run (bench.run_ingest), for 1 and 2 worker processes,
  streaming --batch-files files per transaction; median of --repeats; the first run checks the
  warehouse against the corpus manifest (every count equal, only the injected warnings);
- adding one new file to the loaded warehouse (three different files, median);
- the latency of the analyst queries (queries/*.sql) and the yoy views, fetched in full.
The naive peer (bench.peer) runs on two small corpora; its time is extrapolated to each size with
the growth exponent the two runs show.

Raw figures accumulate in bench/results.json (keyed by size), so a slow size can be run alone
(`python -m bench --sizes 1M --repeats 1`) and the report is rendered from everything measured.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

import duckdb

from bench.generate import LAST_YEAR, Spec, generate, write_submission
from bench.queries import query_latencies
from bench.report import render

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PROJECTS_PER_DEPARTMENT = 20
YEARS = 5
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1M": 1_000_000}
PEER_SIZES = (200, 1000)


def parse_size(text: str) -> int:
    return SIZES.get(text, None) or int(float(text))


def size_name(n: int) -> str:
    return next((name for name, value in SIZES.items() if value == n), str(n))


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next((int(line.split()[1]) * 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    versions = {}
    for package in ("duckdb", "polars", "pyarrow", "pandas", "dagster", "great-expectations", "pyspark"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            pass
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(memory / 2**30, 1),
        "os": f"{platform.system()} {platform.release()}", "python": platform.python_version(),
        "versions": versions, "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                                 capture_output=True, text=True).stdout.strip(),
    }


def corpus(workdir: Path, tables: int, seed: int) -> tuple[Spec, Path, dict]:
    """The corpus of `tables` project tables, generated unless the cached one has the same spec."""
    departments = max(1, tables // (PROJECTS_PER_DEPARTMENT * YEARS))
    spec = Spec(departments, PROJECTS_PER_DEPARTMENT, YEARS, seed)
    out = workdir / f"corpus-{size_name(tables)}-s{seed}"
    manifest_path = out / "manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest["spec"]["departments"] == departments and manifest["spec"]["damage"] == spec.damage:
            return spec, out, manifest
    shutil.rmtree(out, ignore_errors=True)
    print(f"  generating {tables:,} project tables in {out} ...", file=sys.stderr, flush=True)
    return spec, out, generate(spec, out)


def floor_seconds(folder: Path, repeats: int = 3) -> tuple[float, int]:
    """DuckDB reading every line of the corpus as one text column (no parsing at all)."""
    con = duckdb.connect()
    sql = (f"SELECT count(*), sum(strlen(line)) FROM read_csv('{folder}/*/*.txt', columns={{'line': 'VARCHAR'}}, "
           "delim='\x1f', quote='', escape='', header=false, auto_detect=false, null_padding=true)")
    times, lines = [], 0
    for _ in range(repeats):
        began = time.perf_counter()
        lines = con.execute(sql).fetchall()[0][0]
        times.append(time.perf_counter() - began)
    con.close()
    return statistics.median(times), lines


def run_ingest(paths: list[Path], warehouse: Path, batch_files: int, workers: int, check: bool) -> dict:
    command = [sys.executable, "-m", "bench.run_ingest", "--corpus", *map(str, paths), "--warehouse", str(warehouse),
               "--batch-files", str(batch_files), "--workers", str(workers)] + (["--check"] if check else [])
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def fresh(warehouse: Path) -> None:
    for path in warehouse.parent.glob(warehouse.name.split(".")[0] + "*"):
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    for folder in ("archive", "landing", "published"):
        shutil.rmtree(warehouse.parent / folder, ignore_errors=True)


def measure_size(tables: int, args: argparse.Namespace) -> dict:
    spec, folder, manifest = corpus(args.workdir, tables, args.seed)
    expected = manifest["expected"]
    floor, lines = floor_seconds(folder)
    result: dict = {"tables": tables, "commit": machine()["commit"], "date": machine()["date"],
                    "expected": expected, "generated_seconds": manifest["generated_seconds"],
                    "floor_seconds": floor, "floor_lines": lines, "runs": {}}
    warehouse = args.workdir / f"wh-{size_name(tables)}" / "jixiao.duckdb"
    repeats = args.repeats if args.repeats else (3 if tables <= 10_000 else 2 if tables <= 100_000 else 1)
    for workers in args.workers:
        runs = []
        for n in range(repeats):
            warehouse.parent.mkdir(parents=True, exist_ok=True)
            fresh(warehouse)
            print(f"  ingest {size_name(tables)}, workers {workers}, run {n + 1}/{repeats} ...", file=sys.stderr, flush=True)
            load_before = os.getloadavg()[0]
            run = run_ingest([folder], warehouse, args.batch_files, workers, check=(n == 0))
            run["loadavg_before"] = load_before
            runs.append(run)
            if run.get("mismatches"):
                print(f"  MISMATCH: {run['mismatches']}", file=sys.stderr)
        result["runs"][str(workers)] = runs
    result["warehouse_bytes"] = warehouse.stat().st_size
    # adding one new file to the loaded warehouse (the last run's): three new departments' files
    extra = args.workdir / f"extra-{size_name(tables)}"
    shutil.rmtree(extra, ignore_errors=True)
    adds = []
    for n in range(3):
        path, _ = write_submission(spec, extra / str(n), spec.departments + n, LAST_YEAR)
        adds.append(run_ingest([path], warehouse, 0, 0, check=False))
    result["add_one"] = adds
    published = warehouse.with_name(warehouse.stem + ".published" + warehouse.suffix)
    result["queries"] = query_latencies(published if published.exists() else warehouse)
    if not args.keep:
        shutil.rmtree(warehouse.parent, ignore_errors=True)
    return result


def measure_peer(args: argparse.Namespace) -> dict:
    from bench.peer import run_peer
    from warehouse.ingest import discover

    points = []
    for tables in PEER_SIZES:
        departments = max(1, tables // (PROJECTS_PER_DEPARTMENT * YEARS))
        folder = args.workdir / f"peer-{tables}"
        if not (folder / "manifest.json").exists():
            generate(Spec(departments, PROJECTS_PER_DEPARTMENT, YEARS, args.seed), folder)
        files, _ = discover([folder])
        target = args.workdir / f"peer-{tables}.duckdb"
        target.unlink(missing_ok=True)
        print(f"  peer on {tables} project tables ...", file=sys.stderr, flush=True)
        began = time.perf_counter()
        run = run_peer(files, target)
        run["seconds"] = time.perf_counter() - began
        run["tables"] = tables
        points.append(run)
        target.unlink(missing_ok=True)
    (a, b) = points
    exponent = math.log(b["seconds"] / a["seconds"]) / math.log(b["tables"] / a["tables"])
    return {"points": points, "exponent": exponent}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1k,10k,100k", help="project tables: 1k,10k,100k,1M (or numbers)")
    parser.add_argument("--workers", default="0,1,2",
                        help="worker processes beside the loader to compare (0: parse in the loading process)")
    parser.add_argument("--batch-files", type=int, default=250, help="files per transaction (x21 tables)")
    parser.add_argument("--repeats", type=int, default=0, help="runs per configuration (default: by size)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=Path(os.environ.get("JIXIAO_BENCH_DIR", "/tmp/jixiao-bench")))
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the warehouses in the workdir")
    parser.add_argument("--results", type=Path, default=HERE / "results.json")
    parser.add_argument("--markdown", type=Path, default=HERE / "results.md")
    args = parser.parse_args(argv)
    args.workers = [int(w) for w in args.workers.split(",")]
    args.workdir.mkdir(parents=True, exist_ok=True)

    store = json.loads(args.results.read_text(encoding="utf-8")) if args.results.exists() else {"sizes": {}}
    store["machine"] = machine()
    store["settings"] = {"batch_files": args.batch_files, "projects_per_department": PROJECTS_PER_DEPARTMENT,
                         "years": YEARS, "seed": args.seed}
    for text in filter(None, args.sizes.split(",")):  # --sizes "" re-runs the peer and re-renders only
        tables = parse_size(text.strip())
        print(f"size {size_name(tables)} ({tables:,} project tables)", file=sys.stderr, flush=True)
        store["sizes"][size_name(tables)] = measure_size(tables, args)
        args.results.write_text(json.dumps(store, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if not args.no_peer:
        store["peer"] = measure_peer(args)
    args.results.write_text(json.dumps(store, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    table, markdown = render(store)
    print(table)
    args.markdown.write_text(markdown, encoding="utf-8")
    print(f"wrote {args.markdown} and {args.results}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
