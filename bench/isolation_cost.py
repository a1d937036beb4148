"""What reading the binary formats in the reader process costs (warehouse/isolated_read.py):
`python -m bench.isolation_cost [--files 20] [--rounds 5]`.

For each rendering of the sample (tests/fixtures/render.py: .xlsx, .xls, .docx, .html, .pdf) the
same `parse_submission` is timed in process and through the reader process (one child reused for
every file, as ingest does), alternating by round so the machine's load falls on both; reported:
the median per file of each, the difference (the pickling and the round trip), and once the start
of a child (the first file it reads, its imports included). Figures are appended to
bench/isolation_cost.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "isolation_cost.md"


def _time(read, files: list[tuple[Path, bytes]]) -> list[float]:
    from sources.submission import parse_submission

    times = []
    for path, data in files:
        began = time.perf_counter()
        parsed = parse_submission(path, data=data, read=read)
        times.append(time.perf_counter() - began)
        assert len(parsed.tables) == 14, parsed.error
    return times


def measure(count: int, rounds: int) -> dict[str, dict[str, float]]:
    from sources.submission import read_tables
    from tests.fixtures.render import SAMPLE, render_docx, render_html, render_pdf, render_xls, render_xlsx
    from warehouse.isolated_read import DEFAULT_ISOLATION, IsolatedReader, tables_reader

    text = SAMPLE.read_text(encoding="utf-8")
    figures: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="jixiao-isolation-") as tmp:
        for render in (render_xlsx, render_xls, render_docx, render_html, render_pdf):
            made = render(text, Path(tmp))
            data = made.read_bytes()
            files = [(made.with_name(f"{made.stem}-{n}{made.suffix}"), data) for n in range(count)]
            isolated = tables_reader(DEFAULT_ISOLATION)
            _time(read_tables, files[:2])  # imports in this process
            began = time.perf_counter()
            _time(isolated, files[:1])  # a child started for this format's first file
            first = time.perf_counter() - began
            local, child = [], []
            for _ in range(rounds):
                local += _time(read_tables, files)
                child += _time(isolated, files)
            figures[made.suffix] = {"in process": statistics.median(local), "reader process": statistics.median(child),
                                    "first file of a new child": first}
            from warehouse import isolated_read
            if isinstance(isolated_read._reader, IsolatedReader):  # the next format starts a child again
                isolated_read._reader.close()
                isolated_read._reader = None
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    figures = measure(args.files, args.rounds)
    lines = [f"\n## {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC: {args.files} files × {args.rounds} rounds per format\n",
             "| rendering | in process (ms/file) | reader process (ms/file) | difference | first file of a new child (ms) |",
             "|---|---:|---:|---:|---:|"]
    for suffix, f in figures.items():
        lines.append(f"| {suffix} | {f['in process'] * 1000:.1f} | {f['reader process'] * 1000:.1f} | "
                     f"{(f['reader process'] - f['in process']) * 1000:+.1f} | {f['first file of a new child'] * 1000:.0f} |")
    text = "\n".join(lines) + "\n"
    print(text)
    if not RESULTS.exists():
        RESULTS.write_text("# The cost of reading binary formats in the reader process (bench/isolation_cost.py)\n")
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
