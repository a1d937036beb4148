"""The consoles of the `jixiao` command: rich Consoles that never pass a control character from the
data (a file name, a cell of a submitted table) to the terminal.

Rich prints ESC, BEL and bidi overrides as they are, so a file named `\\x1b]0;...\\x07x.txt` or a
project name with an escape sequence could retitle, recolour or rewrite what an analyst sees.
Every string rich renders (`print` arguments, table cells) goes through `render_str`; this
subclass escapes control characters there (warehouse.file_guard.printable_text).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

from rich.console import Console
from rich.text import Text

from warehouse.file_guard import printable_name, printable_text


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


def shown_path(path: str | Path) -> str:
    """A path as the analyst gave it: relative to the working folder when it lies inside it."""
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def say(*lines: str, to: PrintableConsole | None = None) -> None:
    """Print records of one line each: a line break, carriage return or escape inside one (a file
    name with a newline, a cell of a submitted table) is shown escaped, so no printed line can be
    forged by the data."""
    for line in lines:
        (to or console).print(printable_name(line), markup=False, highlight=False)
