"""Temporary files of the commands that write a file by renaming a finished copy into place
(backup, export, publish, the raw archive), and the sweep that removes those a killed run left.

A temporary file (or folder) is named `.<name>.tmp<PID>` beside the file it becomes: hidden, and
carrying the writing process's id. `sweep(path)`, which each of those commands runs before it
writes `path`, removes every `.<name>.tmp<PID>` (and the older `<name>.tmp<PID>`) whose process is
dead, and says what it removed in one line (a warning on the `jixiao` logger, which the command
line prints on standard error). It never removes one a live process is writing: a live PID's is
left alone (and named in that line), and so is this process's own temporary file while the
`claim` that made it holds (one left by a failed call earlier in this process is removed). The
published snapshot, written only under the writer lock, is swept of every other process's
temporary file, since none of those can be running (a PID may have been reused since).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

log = logging.getLogger("jixiao")
_OPEN: set[Path] = set()  # this process's temporary files being written


def temporary_path(path: Path) -> Path:
    """Where `path` is written before it is renamed into place (its folder made if needed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.with_name(f".{path.name}.tmp{os.getpid()}")


def claim(path: Path, locked: bool = False) -> Path:
    """Sweep `path`'s leftovers, then its temporary path, protected from this process's sweeps
    until `release`. `locked`: see `sweep`."""
    sweep(path, locked)
    temp = temporary_path(path)
    _OPEN.add(temp)
    return temp


def release(temp: Path) -> None:
    """Remove the temporary file or folder if it was not renamed into place; unprotect it."""
    try:
        remove(temp)
    finally:
        _OPEN.discard(temp)


@contextmanager
def temporary(path: Path, locked: bool = False) -> Iterator[Path]:
    """`claim` for the block, `release` after it."""
    temp = claim(path, locked)
    try:
        yield temp
    finally:
        release(temp)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def fsync_path(path: Path) -> None:
    """fsync a file or a folder (a folder: so the renames in it are on disk)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove(path: Path) -> None:
    """Remove a file or a folder, if there."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def is_leftover(candidate: Path, pid: int) -> bool:
    """True when no live writer owns this temporary file: its process is dead, or it is this
    process's and no `temporary` block has it open."""
    if pid == os.getpid():
        return candidate not in _OPEN
    return not pid_alive(pid)


def leftovers(path: Path) -> list[Path]:
    """The temporary files of `path` on disk, whoever writes them."""
    pattern = re.compile(r"^\.?" + re.escape(path.name) + r"\.tmp(\d+)$")
    if not path.parent.is_dir():
        return []
    return sorted(p for p in path.parent.iterdir() if pattern.match(p.name))


def sweep(path: Path, locked: bool = False) -> list[Path]:
    """Remove the temporary files of `path` that killed runs left; say in one line what it removed
    and what it left to a live process. `locked`: only holders of the writer lock write `path`
    (the published snapshot) and this process holds it, so every other process's is a leftover,
    even where its PID now belongs to an unrelated process."""
    removed, kept = [], []
    for candidate in leftovers(path):
        pid = int(candidate.name.rsplit(".tmp", 1)[1])
        if is_leftover(candidate, pid) or (locked and pid != os.getpid()):
            remove(candidate)
            removed.append(candidate)
        elif pid != os.getpid():
            kept.append(candidate)
    report_removed(removed, path.parent, kept)
    return removed


def report_removed(removed: list[Path], folder: Path, kept: list[Path] = ()) -> None:
    if removed or kept:
        line = f"removed {len(removed)} temporary file(s) left by killed runs in {folder}"
        line += (": " + ", ".join(p.name for p in removed)) if removed else ""
        line += (f"; left {len(kept)} that running processes are writing: " + ", ".join(p.name for p in kept)) if kept else ""
        log.warning("%s", line)
