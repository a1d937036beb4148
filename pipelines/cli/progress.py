"""Progress of a long command (ingest, export, report): a bar per stage on a terminal, with counts,
rate and time left; plain lines on standard error elsewhere (logs, CI, a pipe), so a long run in
a log shows it is moving.

Plain lines stay quiet for a command that ends within `QUIET_SECONDS`; then they say where each
stage that moved stands, each stage's count at most every `EVERY_SECONDS`, and once more when the
stage is complete:
`progress: parse 120/200 (60%), 43/s, about 2 s left`.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from pipelines.cli.terminal import errors

QUIET_SECONDS = 1.0
EVERY_SECONDS = 5.0


@dataclass
class _Stage:
    started: float
    moved: float = 0.0  # when its count last changed
    done: int = 0
    total: int = 0
    printed: float | None = None  # when its last line was written
    said: int = -1  # the count that line said

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done >= self.total


@dataclass
class PlainProgress:
    """`(stage, done, total)` calls as plain lines. A timer ends the quiet time even when no call
    comes (a long step without ticks); `clock` and `wake=False` make the pacing testable."""

    write: object = None  # a function taking one line; default: the error console
    clock: object = time.monotonic
    quiet: float = QUIET_SECONDS
    every: float = EVERY_SECONDS
    wake: bool = True
    _began: float = field(default=0.0, init=False)
    _stages: dict = field(default_factory=dict, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _timer: threading.Timer | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self._began = self.clock()
        if self.write is None:
            self.write = lambda line: errors.print(line, markup=False, highlight=False)
        if self.wake:
            self._timer = threading.Timer(self.quiet, self._end_quiet)
            self._timer.daemon = True
            self._timer.start()

    def __call__(self, stage: str, done: int, total: int) -> None:
        with self._lock:
            now = self.clock()
            state = self._stages.setdefault(stage, _Stage(started=now))
            if state.complete:
                return
            state.done, state.total, state.moved = done, total, now
            if now - self._began < self.quiet:
                return
            self._say_waiting(now)
            if state.said == state.done:  # just said, with the stages that waited
                return
            if not state.complete and state.printed is not None and now - state.printed < self.every:
                return
            self._say(stage, state, now)

    def _say(self, stage: str, state: _Stage, now: float) -> None:
        state.printed, state.said = now, state.done
        self.write(progress_line(stage, state.done, state.total, state.moved - state.started))

    def _say_waiting(self, now: float) -> None:
        """The stages that moved in the quiet time, once it is over."""
        for stage, state in self._stages.items():
            if state.printed is None:
                self._say(stage, state, now)

    def _end_quiet(self) -> None:
        with self._lock:
            self._say_waiting(self.clock())

    def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()


def progress_line(stage: str, done: int, total: int, seconds: float) -> str:
    """`progress: parse 120/200 (60%), 43/s, about 2 s left` (rate and time left once known)."""
    line = f"progress: {stage} {done:,}/{total:,}"
    if total:
        line += f" ({100 * done // total}%)"
    if seconds > 0 and done:
        rate = done / seconds
        line += f", {rate:,.0f}/s" if rate >= 10 else f", {rate:,.1f}/s"
        if done < total:
            line += f", about {_duration((total - done) / rate)} left"
    return line


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{max(seconds, 1):.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def _bar():
    """A rich progress bar with one task per stage, and the callback that moves it."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    rate = TextColumn("{task.fields[rate]}")
    bar = Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                   rate, TimeRemainingColumn(), console=errors, transient=True)
    tasks: dict[str, int] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total, rate="")
        speed = bar.tasks[tasks[stage]].speed
        bar.update(tasks[stage], completed=done, rate=f"{speed:,.0f}/s" if speed else "")

    return bar, update


def with_progress(work):
    """Run `work(progress)` with a bar on a terminal, plain progress lines elsewhere."""
    if not errors.is_terminal:
        plain = PlainProgress()
        try:
            return work(plain)
        finally:
            plain.close()
    bar, update = _bar()
    with bar:
        return work(update)
