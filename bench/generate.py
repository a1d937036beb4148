"""A deterministic corpus of 预算绩效目标表 submissions, for the benchmark and the tests.

    python -m bench.generate --departments 100 --projects 20 --years 5 --seed 7 --out /tmp/corpus

writes one tab-separated text file per department and budget year, shaped like the sample
(data/samples/wuchuan-hrss-2024.txt): a 部门下属单位整体预算绩效目标表 followed by M 项目支出绩效目标表.
Names, indicator texts, target values and amounts are drawn from `bench.vocab`; the layout damage
DOMAIN.md describes is injected at the rates asked for, and `manifest.json` beside the files says
exactly what was written: documents, projects, indicators, values, money totals, the damage
injected per kind and the parse warnings it must cause (and no others).

Every file depends only on (seed, department, year), so the same arguments give the same bytes,
whichever number of worker processes writes them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from multiprocessing import get_context
from pathlib import Path

from bench.corpus_spec import (
    DAMAGE_WARNINGS,
    DEFAULT_DAMAGE,
    LAST_YEAR,
    Counts,
    Spec,
    parse_damage,
)
from bench.corpus_tables import (
    PROJECT_TITLE,
    UNIT_TITLE,
    department,
    portfolio,
    project_table,
    render,
    unit_table,
)


def submission_text(spec: Spec, dept: int, year: int) -> tuple[str, Counts]:
    """The text of one department's submission for one year, and what it holds."""
    rng = random.Random(f"{spec.seed}/{dept}/{year}")
    _, dept_name = department(dept)
    counts = Counts()
    projects = [(p, rng.randint(10, 3_000) * 1_000) for p in portfolio(spec, dept)]
    parts = ["\n\n", render(UNIT_TITLE, unit_table(rng, spec, dept_name, year, projects, counts))]
    for project, amount in projects:
        parts.append("\n" + render(PROJECT_TITLE, project_table(rng, spec, dept_name, year, project, amount, counts)))
    text = "".join(parts)
    counts.totals.update(files=1, bytes=len(text.encode("utf-8")))
    return text, counts


def file_name(dept: int, year: int) -> str:
    code, _ = department(dept)
    return f"{year}/{code}-{year}.txt"


def write_submission(spec: Spec, out: Path, dept: int, year: int) -> tuple[Path, Counts]:
    text, counts = submission_text(spec, dept, year)
    path = out / file_name(dept, year)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path, counts


def _write_chunk(args: tuple[Spec, str, list[tuple[int, int]]]) -> Counts:
    spec, out, jobs = args
    total = Counts()
    for dept, year in jobs:
        total.add(write_submission(spec, Path(out), dept, year)[1])
    return total


def generate(spec: Spec, out: str | Path, workers: int | None = None) -> dict:
    """Write the corpus and its manifest under `out`; return the manifest."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    jobs = [(dept, year) for year in spec.year_range for dept in range(spec.departments)]
    workers = workers or min(os.cpu_count() or 1, 8)
    chunk = max(1, min(200, len(jobs) // (workers * 4) or 1))
    chunks = [(spec, str(out), jobs[i:i + chunk]) for i in range(0, len(jobs), chunk)]
    total = Counts()
    if workers == 1 or len(chunks) == 1:
        for item in chunks:
            total.add(_write_chunk(item))
    else:
        # spawn, not fork: the caller may hold DuckDB or Polars threads, which fork does not copy safely
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
            for counts in pool.map(_write_chunk, chunks):
                total.add(counts)
    manifest = {
        "spec": asdict(spec),
        "years": list(spec.year_range),
        "expected": total.as_dict(),
        "damage_warnings": {k: list(v) for k, v in DAMAGE_WARNINGS.items()},
        "generated_seconds": round(time.perf_counter() - started, 2),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return manifest




def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--departments", type=int, required=True)
    parser.add_argument("--projects", type=int, required=True, help="project tables per department and year")
    parser.add_argument("--years", type=int, default=1, help=f"budget years, ending {LAST_YEAR}")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True)
    parser.add_argument("--damage", type=parse_damage, default=dict(DEFAULT_DAMAGE),
                        help="default | none | all=RATE | kind=RATE,... (kinds: " + ", ".join(DAMAGE_WARNINGS) + ")")
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args(argv)
    spec = Spec(args.departments, args.projects, args.years, args.seed, args.damage)
    manifest = generate(spec, args.out, args.workers)
    expected = manifest["expected"]
    print(f"{expected['files']} files, {expected['projects']} project tables, {expected['indicators']} indicators, "
          f"{expected['bytes'] / 1e6:.1f} MB in {manifest['generated_seconds']} s -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
