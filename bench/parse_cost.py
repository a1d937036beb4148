"""Parse cost per table, this tree against another revision: `python -m bench.parse_cost [--against REF]`.

What is timed is what ingest pays per file before the model: `sources.submission.parse_submission`
(decode, layout recovery, segmenting, the template parser, the budget year), on
- the bundled sample (14 tables, tab text), and
- a generated corpus (bench.generate: 20 departments × 1 year × 20 projects, with its layout damage).

Each side runs in a process of its own (the other revision from a `git worktree` in a temporary
folder), warmed up, garbage collection off while timing; the two sides alternate over `--rounds`
rounds so that the machine's load falls on both. Per round and side: the median of the per-file
times; reported: the median over rounds (and the minimum, the least disturbed figure), per table,
and the ratio this tree / the other. Figures are appended to bench/parse_cost.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLE = ROOT / "data" / "samples" / "wuchuan-hrss-2024.txt"
RESULTS = HERE / "parse_cost.md"

# run inside a side's process: time parse_submission over files, print JSON (seconds per table)
_PROBE = r"""
import gc, json, statistics, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from sources.submission import parse_submission
files = [Path(p) for p in json.loads(sys.argv[2])]
repeats = int(sys.argv[3])
payloads = [(f.name, f.read_bytes()) for f in files]
for name, data in payloads[:3]:
    parse_submission(name, data=data)  # imports and first-use caches
gc.disable()
per_table = []
for k in range(repeats):
    for name, data in payloads:
        data = data + ("\n" + "#" * (k % 7)).encode()  # other bytes each round: nothing cached per file
        started = time.perf_counter()
        parsed = parse_submission(name, data=data)
        per_table.append((time.perf_counter() - started) / max(1, len(parsed.tables)))
print(json.dumps(statistics.median(per_table)))
"""


def _side(tree: Path, files: list[Path], repeats: int) -> float:
    result = subprocess.run([sys.executable, "-c", _PROBE, str(tree), json.dumps([str(f) for f in files]),
                             str(repeats)], capture_output=True, text=True, check=True, cwd=tree)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _corpus(workdir: Path) -> list[Path]:
    from bench.generate import Spec, generate

    out = workdir / "corpus"
    generate(Spec(departments=20, projects=20, years=1, seed=7), out, workers=1)
    return sorted(p for p in out.rglob("*.txt"))


def measure(against: str | None, rounds: int, repeats: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="jixiao-parse-cost-") as tmp:
        workdir = Path(tmp)
        sets = {"sample": [SAMPLE], "generated corpus": _corpus(workdir)[:40]}
        other = None
        if against:
            other = workdir / "other"
            subprocess.run(["git", "worktree", "add", "--detach", str(other), against], cwd=ROOT, check=True,
                           capture_output=True)
        try:
            figures = {}
            for label, files in sets.items():
                this, that = [], []
                for _ in range(rounds):
                    this.append(_side(ROOT, files, repeats))
                    if other is not None:
                        that.append(_side(other, files, repeats))
                figures[label] = {"this": this, "other": that}
        finally:
            if other is not None:
                subprocess.run(["git", "worktree", "remove", "--force", str(other)], cwd=ROOT, capture_output=True)
    return figures


def report(figures: dict, against: str | None) -> str:
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    lines = [f"### {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC — this tree ({head.strip()}, with its working "
             f"changes) against {against or '(nothing)'}", "",
             "| files | this tree, ms/table (median; min) | other, ms/table (median; min) | this / other (medians; mins) |",
             "|---|---|---|---|"]
    for label, sides in figures.items():
        this, that = sides["this"], sides["other"]
        row = f"| {label} | {statistics.median(this) * 1000:.3f}; {min(this) * 1000:.3f} |"
        if that:
            row += (f" {statistics.median(that) * 1000:.3f}; {min(that) * 1000:.3f} |"
                    f" {statistics.median(this) / statistics.median(that):.2f}×; {min(this) / min(that):.2f}× |")
        else:
            row += " — | — |"
        lines.append(row)
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", help="a git revision to compare with (e.g. 97f5776)")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--repeats", type=int, default=60, help="parses of each file per round and side")
    args = parser.parse_args(argv)
    text = report(measure(args.against, args.rounds, args.repeats), args.against)
    print(text)
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
