"""The consoles of the `jixiao` command: rich Consoles that never pass a control character from the
data (a file name, a cell of a submitted table) to the terminal.

Rich prints ESC, BEL and bidi overrides as they are, so a file named `\\x1b]0;...\\x07x.txt` or a
project name with an escape sequence could retitle, recolour or rewrite what an analyst sees.
Every string rich renders (`print` arguments, table cells) goes through `render_str`; this
subclass escapes control characters there (warehouse.file_guard.printable_text).
"""

from __future__ import annotations

import sys
from typing import NoReturn

from rich.console import Console
from rich.text import Text

from warehouse.file_guard import printable_text


class PrintableConsole(Console):
    def render_str(self, text: str, **kwargs) -> Text:  # type: ignore[override]
        return super().render_str(printable_text(text), **kwargs)


# what a command prints, and its errors (one line each, on standard error)
console = PrintableConsole(soft_wrap=True, width=None if sys.stdout.isatty() else 240)
errors = PrintableConsole(stderr=True, soft_wrap=True)


INTERRUPTED = 130  # the exit status of a command Ctrl-C stopped (128 + SIGINT), as shells report it


def fail(exc: BaseException | str, status: int) -> NoReturn:
    """End the command with one line `error: …` on standard error and exit `status`."""
    errors.print(f"error: {exc}", markup=False)
    sys.exit(status)


def _progress():
    """A rich progress callback on a terminal, None otherwise (quiet in logs and CI)."""
    if not errors.is_terminal:
        return None, None
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
    """Run `work(progress)` with a progress bar on a terminal (progress is None elsewhere)."""
    bar, update = _progress()
    if not bar:
        return work(None)
    with bar:
        return work(update)
