"""One measured ingest, in a process of its own (so peak memory is this load's alone):

    python -m bench.run_ingest --corpus DIR --warehouse FILE [--batch-files N] [--workers W] [--check]

prints one JSON object: wall seconds measured inside the process (interpreter start-up and imports
excluded; worker processes' start-up and their imports included; a load never imports GX), the stage split,
the seconds spent publishing the analysts' snapshot (`warehouse.connection.publish`), rows written, peak RSS of the process tree
(sampled every 20 ms, workers included) and, with --check, how the warehouse differs from the
corpus manifest (an empty list when every count agrees).
"""

from __future__ import annotations

import argparse
import json
import resource
import threading
import time
from pathlib import Path

import psutil


class PublishTimer:
    """Sums the seconds of every `warehouse.connection.publish` call while in effect."""

    def __enter__(self) -> "PublishTimer":
        import warehouse.connection as connection

        self.seconds, self._module, self._publish = 0.0, connection, connection.publish

        def timed(*args, **kwargs):
            began = time.perf_counter()
            try:
                return self._publish(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - began

        connection.publish = timed
        return self

    def __exit__(self, *exc: object) -> None:
        self._module.publish = self._publish


class PeakRss:
    """The largest resident set of this process plus its children, sampled in a thread."""

    def __init__(self, interval: float = 0.02):
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        me = psutil.Process()
        total = me.memory_info().rss
        for child in me.children(recursive=True):
            try:
                total += child.memory_info().rss
            except psutil.Error:
                pass
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakRss":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._sample())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run_ingest")
    parser.add_argument("--corpus", nargs="+", required=True)
    parser.add_argument("--warehouse", required=True)
    parser.add_argument("--batch-files", type=int, default=0, help="files per transaction (0: one batch)")
    parser.add_argument("--workers", type=int, default=0, help="worker processes beside the loader (0: in-process)")
    parser.add_argument("--check", action="store_true", help="compare the warehouse with the corpus manifest")
    args = parser.parse_args(argv)

    from warehouse.ingest import ingest  # imports are start-up, not ingest

    # no GX set-up: a load evaluates the suites as Polars expressions (expectations.polars_eval) and
    # never imports GX, which would add 190 MB to the resident set it measures
    cpu = time.process_time()
    with PeakRss() as rss, PublishTimer() as publishing:
        started = time.perf_counter()
        report = ingest(args.corpus, Path(args.warehouse), batch_size=args.batch_files or None,
                        workers=args.workers)
        seconds = time.perf_counter() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = {
        "seconds": seconds,
        "ingest_seconds": report.seconds,
        "stages": report.stages,
        "publish_seconds": publishing.seconds,
        "tables": report.tables or sum(len(s.tables) for s in report.loaded),
        "files": len(report.loaded),
        "rejected": len(report.rejected),
        "quarantined": len(getattr(report, "quarantined", [])),
        "rows": report.rows,
        "peak_rss": rss.peak,
        "main_cpu": time.process_time() - cpu,
        "workers_cpu": children.ru_utime + children.ru_stime,
        "workers": args.workers,
        "batch_files": args.batch_files,
    }
    if args.check:
        import duckdb

        from bench.check import mismatches, warehouse_counts

        manifest = json.loads((Path(args.corpus[0]) / "manifest.json").read_text(encoding="utf-8"))
        con = duckdb.connect(args.warehouse, read_only=True)
        try:
            result["mismatches"] = mismatches(manifest["expected"], warehouse_counts(con))
        finally:
            con.close()
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
