"""Which files `discover` may read: none over the size limit (checked before a byte is read), none
that is not a regular file (warehouse.discover decides where symlinks may lead).

File names are data, never paths: a file is archived under its content hash
(`warehouse.archive`), and a name is only shown through `printable_name`, so a name with control
characters or terminal escapes cannot rewrite a report or a terminal.
"""

from __future__ import annotations

import stat
import unicodedata
from pathlib import Path

from sources.limits import Limits, file_too_large

_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def refuse_file(path: Path, limits: Limits | None = None) -> str | None:
    """Why `path` must not be read (not a regular file, over the size limit), or None. Only stats
    the file (following a symlink): never opens it. Where symlinks may lead is warehouse.discover's."""
    try:
        info = path.stat()
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _KINDS if test(info.st_mode)), "a special file")
        return f"not a regular file ({kind})"
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
