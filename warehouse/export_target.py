"""Where an export may be written: `--out` is checked before a row is read, with one line when refused.

An xlsx or csv export writes a regular file: an existing folder, FIFO, device node or socket at
`--out` is refused (never replaced by a file), and so is a folder that does not exist (no parents
are made: a mistyped `../../etc/x.csv` goes nowhere) or one that takes no new files (`/sys`,
`/proc/sys`, read-only or not permitted). A parquet export writes a new folder, so a file or a
special file at `--out` is refused too. The file is written beside its target and moved into place
when complete (warehouse.export).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_SPECIAL = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
            (stat.S_ISSOCK, "a socket"))


class ExportTargetError(ValueError):
    """`--out` names a place an export cannot be written to (the message is the one line shown)."""


def check_target(out: Path, fmt: str) -> None:
    """Refuse `out` unless an export in `fmt` can be written there."""
    try:
        mode = out.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise ExportTargetError(f"cannot write {out}: {exc.strerror}") from None
    if mode is not None:
        for test, kind in _SPECIAL:
            if test(mode):
                raise ExportTargetError(f"{out} is {kind}, not a regular file: choose a file for --out")
        if stat.S_ISDIR(mode) and fmt != "parquet":
            raise ExportTargetError(f"{out} is a folder: give a file name for --out, e.g. {out / ('export.' + fmt)}")
    parent = out.absolute().parent
    if not parent.is_dir():
        raise ExportTargetError(f"cannot write {out}: the folder {parent} does not exist (create it first)")
    if not os.access(parent, os.W_OK):
        raise ExportTargetError(f"cannot write {out}: the folder {parent} is not writable")


def unwritable(out: Path, exc: OSError) -> ExportTargetError:
    """The one line for an export the file system refused (a read-only or virtual file system)."""
    return ExportTargetError(f"cannot write {out}: {exc.strerror or exc}")
