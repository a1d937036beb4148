"""Which files found under a landing folder `discover` may read: none that a symlink leads out of the
folder, none over the size limit (checked before a byte is read), none that is not a regular file.

File names are data, never paths: a file is archived under its content hash
(`warehouse.archive`), and a name is only shown through `printable_name`, so a name with control
characters or terminal escapes cannot rewrite a report or a terminal.
"""

from __future__ import annotations

import stat
import unicodedata
from pathlib import Path

from sources.limits import Limits, file_too_large


def outside_root(path: Path, root: Path) -> Path | None:
    """Where `path` really is, when a symlink (of the file or of a folder on the way) leads out of
    `root`; None when it stays inside."""
    real = path.resolve()
    return None if real.is_relative_to(root.resolve()) else real


def refuse_file(path: Path, root: Path | None = None, limits: Limits | None = None) -> str | None:
    """Why `path` (found under the landing folder `root`, or named by the user when root is None)
    must not be read, or None. Only stats the file: never opens it."""
    if root is not None:
        escaped = outside_root(path, root)
        if escaped is not None:
            return f"a symlink leading out of {root} (to {printable_name(str(escaped))}): not followed"
    try:
        info = path.stat()
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file"
    return file_too_large(info.st_size, limits)


def printable_name(name: str, keep: str = "") -> str:
    """The name with control and format characters (newlines, ESC, BEL, bidi overrides) shown as
    \\xNN escapes, but those in `keep`: safe to print on a terminal or in a one-line report."""
    return "".join(
        ch if ch in keep or unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp") else ascii(ch)[1:-1]
        for ch in name
    )


def printable_text(text: str) -> str:
    """Text for a terminal: line breaks and tabs kept, every other control character escaped."""
    return printable_name(text, keep="\n\t")
