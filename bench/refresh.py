"""What adding one file costs as the warehouse grows: a refresh must not grow with the warehouse.

    python -m bench.refresh --sizes 0,10k,100k --out bench/refresh_results.md

For each size a warehouse of that many existing project tables is built from the sample: copies of
it written as files for other departments and budget years (department i//5, years 2020-2024 in the
file name and the text, 13 projects and one unit table per file, the way years of submissions pile
up), loaded by `ingest` as `jixiao ingest` loads a folder (batches of 250 files, one worker). Then
`ingest` — the same call as `jixiao ingest` and the landing sensor's run — adds files to it and
is timed: a new department's file, a corrected resubmission of an existing department-year (it
supersedes 14 tables and re-matches the department's projects), and the same content again (a
no-op). The history, region and project-identity step inside the load, and the publish copy,
are timed apart. Figures go to a Markdown file.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import duckdb

import warehouse.connection as connection_module
import warehouse.load as load_module
from sources.parsed import PROJECT
from sources.submission import parse_submission
from warehouse.connection import published_path
from warehouse.ingest import DEFAULT_BATCH_FILES, ingest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "samples" / "wuchuan-hrss-2024.txt"
DEPARTMENT = "吴川市人力资源和社会保障局"
SAMPLE_YEAR = "2024"  # the sample's budget year (its file name, 实施期限 and texts)
YEARS = 5  # budget years per department in the built warehouses
FIRST_YEAR = 2020


def department_name(n: int) -> str:
    return f"第{n}号{DEPARTMENT}"


def copy_file(sample_text: str, n: int, folder: Path) -> Path:
    """File n of the built warehouse: department n // YEARS, budget year FIRST_YEAR + n % YEARS."""
    department, year = department_name(n // YEARS), str(FIRST_YEAR + n % YEARS)
    path = folder / f"{department}-{year}.txt"
    path.write_text(sample_text.replace(DEPARTMENT, department).replace(SAMPLE_YEAR, year), encoding="utf-8")
    return path


def build_warehouse(path: Path, project_tables: int, work: Path) -> dict:
    """A warehouse holding at least `project_tables` project tables: copies of the sample, loaded by
    `ingest` as a folder is (the copies are written to a folder under `work`, removed after)."""
    per_file = sum(1 for t in parse_submission(SAMPLE).tables if t.kind == PROJECT)
    files = -(-project_tables // per_file)
    sample_text = SAMPLE.read_text(encoding="utf-8")
    folder = work / f"copies-{path.stem}"
    folder.mkdir()
    for n in range(files):
        copy_file(sample_text, n, folder)
    started = time.perf_counter()
    report = ingest([folder], path, batch_size=DEFAULT_BATCH_FILES, workers=1)
    seconds = time.perf_counter() - started
    shutil.rmtree(folder)
    assert report.ok and len(report.loaded) == files, (report.rejected, report.quarantined, report.skipped)
    with duckdb.connect(str(path), read_only=True) as con:
        counts = dict(con.execute(
            "SELECT 'projects', count(*) FROM projects UNION ALL SELECT 'documents', count(*) FROM documents "
            "UNION ALL SELECT 'indicators', count(*) FROM indicators UNION ALL "
            "SELECT 'departments', count(*) FROM departments").fetchall())
    return {"files": files, "seconds": seconds, **counts, "megabytes": path.stat().st_size / 2**20}


class StepTimer:
    """Times every call of `module.name` while active (the ingest looks it up at call time)."""

    def __init__(self, module, name: str) -> None:
        self.module, self.name = module, name
        self.seconds: list[float] = []
        self._wrapped = getattr(module, name)

    def __enter__(self) -> "StepTimer":
        def timed(*args, **kwargs):
            began = time.perf_counter()
            try:
                return self._wrapped(*args, **kwargs)
            finally:
                self.seconds.append(time.perf_counter() - began)

        setattr(self.module, self.name, timed)
        return self

    def __exit__(self, *exc) -> None:
        setattr(self.module, self.name, self._wrapped)


def timed_ingest(path: Path, warehouse: Path) -> dict:
    with StepTimer(load_module, "update_derived") as derived, StepTimer(connection_module, "publish") as published:
        began = time.perf_counter()
        report = ingest([path], warehouse)
        total = time.perf_counter() - began
    assert report.ok, (report.rejected, report.quarantined, report.skipped)
    publish_seconds = sum(published.seconds)
    return {"total": total, "without publish": total - publish_seconds, "derived": sum(derived.seconds),
            "publish": publish_seconds, "loaded": len(report.loaded),
            **{stage: report.stages.get(stage, 0.0) for stage in ("parse", "validate", "load")}}


def measure(warehouse: Path, files: int, work: Path, repeats: int) -> dict[str, dict]:
    """Median figures for each kind of refresh on this warehouse."""
    sample_text = SAMPLE.read_text(encoding="utf-8")
    runs: dict[str, list[dict]] = {"new department": [], "resubmission": [], "same content again": []}
    for r in range(repeats):
        new = work / f"new-{files}-{r}-{FIRST_YEAR + YEARS - 1}.txt"
        new.write_text(sample_text.replace(DEPARTMENT, f"新增{r}号{DEPARTMENT}"), encoding="utf-8")
        runs["new department"].append(timed_ingest(new, warehouse))
        runs["same content again"].append(timed_ingest(new, warehouse))
        existing = r * YEARS + YEARS - 1  # department r, its last year
        corrected = work / f"corrected-{files}-{r}-{FIRST_YEAR + YEARS - 1}.txt"
        corrected.write_text(sample_text.replace(DEPARTMENT, department_name(existing // YEARS))
                             .replace("270000.00元", "275000.00元"), encoding="utf-8")
        runs["resubmission"].append(timed_ingest(corrected, warehouse))
    return {kind: {key: statistics.median(run[key] for run in values) for key in values[0]}
            for kind, values in runs.items()}


def parse_size(text: str) -> int:
    text = text.strip().lower()
    return int(float(text[:-1]) * 1000) if text.endswith("k") else int(text)


def markdown(results: list[tuple[int, dict, dict]], repeats: int) -> str:
    lines = [
        "# Refresh cost: adding one file to a growing warehouse",
        "",
        "Written by `python -m bench.refresh` (bench/refresh.py). Each warehouse is built by `ingest` from copies",
        f"of the sample: departments with {YEARS} budget years each, 13 project tables and a unit table per file. Each",
        "figure is the median of "
        f"{repeats} runs of `ingest` on one file (what `jixiao ingest` and the landing sensor's run do):",
        "a new department's file; a corrected resubmission of an existing department-year (supersedes its 14",
        "tables, re-matches that department's projects); the same content again (a no-op). `derived` is the",
        "history, region and project-identity step inside the load transaction (part of `load`); `publish` is",
        "the ingest's copy of the warehouse file to the analysts' snapshot, the one step that grows with the",
        "warehouse by design; `without publish` is everything else.",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"DuckDB {duckdb.__version__}.",
        "",
        "| existing project tables | warehouse MB | build s | refresh | total s | without publish s | parse s | validate s | load s | of which derived s | publish s |",
        "|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, built, figures in results:
        for kind, f in figures.items():
            lines.append(
                f"| {built['projects']:,} | {built['megabytes']:.0f} | {built['seconds']:.0f} | {kind} | "
                f"{f['total']:.2f} | {f['without publish']:.2f} | {f['parse']:.2f} | {f['validate']:.2f} | {f['load']:.2f} | {f['derived']:.3f} | "
                f"{f['publish']:.2f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="0,10k,100k", help="existing project tables, comma separated")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "refresh_results.md")
    parser.add_argument("--workdir", type=Path, default=None, help="where to build (default: a temp folder)")
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(dir=args.workdir) as temporary:
        work = Path(temporary)
        ingest([SAMPLE], work / "warm-up.duckdb")  # imports and first-use costs, outside the figures
        for size in [parse_size(s) for s in args.sizes.split(",")]:
            warehouse = work / f"w{size}.duckdb"
            built = build_warehouse(warehouse, size, work)
            print(f"built {built['projects']:,} project tables in {built['seconds']:.0f} s", flush=True)
            figures = measure(warehouse, size, work, args.repeats)
            print(figures, flush=True)
            results.append((size, built, figures))
            for leftover in (warehouse, published_path(warehouse)):
                leftover.unlink(missing_ok=True)
    args.out.write_text(markdown(results, args.repeats), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
