"""The consoles of the `jixiao` command: rich Consoles that never pass a control character from the
data (a file name, a cell of a submitted table) to the terminal.

Rich prints ESC, BEL and bidi overrides as they are, so a file named `\\x1b]0;...\\x07x.txt` or a
project name with an escape sequence could retitle, recolour or rewrite what an analyst sees.
Every string rich renders (`print` arguments, table cells) goes through `render_str`; this
subclass escapes control characters there (warehouse.file_guard.printable_text).
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from warehouse.file_guard import printable_text


class PrintableConsole(Console):
    def render_str(self, text: str, **kwargs) -> Text:  # type: ignore[override]
        return super().render_str(printable_text(text), **kwargs)
