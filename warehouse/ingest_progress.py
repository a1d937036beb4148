"""Progress of a load, per file: how many files are read, parsed, validated and stored so far.

`ingest` reports progress as `(stage, done, total)` calls (pipelines/cli draws a bar on a terminal,
plain lines elsewhere). Files are read and stored in the loading process; they are parsed and
validated there too, or in worker processes that send one message per file through a queue which a
thread of the loading process drains. `Tally` turns those ticks into running counts, from any thread.
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Callable

Progress = Callable[[str, int, int], None]  # (stage, done, total)
Tick = Callable[[str, int], None]  # (stage, files just done)

# what a load reports, in the order it happens
STAGES = ("read", "parse", "validate", "store")


class Tally:
    """Counts per stage against one total (the files of the load), reported on every tick."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress = progress
        self.total = total
        self.done: Counter = Counter()
        self._lock = threading.Lock()

    def tick(self, stage: str, files: int = 1) -> None:
        if self.progress is None or files <= 0:
            return
        with self._lock:
            self.done[stage] += files
            self.progress(stage, self.done[stage], self.total)

    def skip(self, files: int) -> None:
        """Files that need no parse, validation or store (already loaded): counted as done in each."""
        for stage in STAGES[1:]:
            self.tick(stage, files)


class WorkerTicks:
    """Ticks from worker processes: each worker puts `(stage, files)` on `queue`; a thread here
    passes them to `tally` until `close()`."""

    def __init__(self, context, tally: Tally) -> None:
        self.queue = context.SimpleQueue()
        self._tally = tally
        self._thread = threading.Thread(target=self._drain, name="ingest-progress", daemon=True)
        self._thread.start()

    def _drain(self) -> None:
        while True:
            message = self.queue.get()
            if message is None:
                return
            self._tally.tick(*message)

    def close(self) -> None:
        self.queue.put(None)
        self._thread.join(timeout=5)


_worker_queue = None  # set in each worker process by `start_worker`


def start_worker(queue) -> None:
    """ProcessPoolExecutor initializer: this worker's ticks go to the loading process."""
    global _worker_queue
    _worker_queue = queue


def worker_tick(stage: str, files: int = 1) -> None:
    if _worker_queue is not None:
        _worker_queue.put((stage, files))
