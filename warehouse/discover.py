"""Which submission files the paths an analyst gives hold, and one line for each path passed over.

Folders are walked; every entry found gets exactly one outcome: a submission to read, or a reason
it is passed over (an unsupported type, a FIFO or device, a dangling symlink, a symlink loop, a
symlink leading out of the folder given, a file over the size limit). Only dot files, Office's
`~$name.docx` owner files and `budget_year.toml` (a setting, sources.year_override) are no
submissions and pass silently.

Symlinks are not followed out of the folder given, and a path given by name that is a symlink is
not followed at all, unless `follow_links`: then links are followed wherever they lead (each real
folder walked once, so a loop of links ends). Nothing here opens a file: it only stats (the size
limit is checked before a byte is read, warehouse.file_guard).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from sources.readers import SUFFIX_FORMATS
from sources.year_override import OVERRIDE_FILE
from warehouse.file_guard import printable_name, refuse_file

SUPPORTED_SUFFIXES = frozenset(SUFFIX_FORMATS)
FOLLOW_HINT = "not followed (give --follow-links to read what links lead to)"

PassedOver = list[tuple[str, str]]  # (path, reason)


def discover(paths: list[str | Path], follow_links: bool = False) -> tuple[list[Path], PassedOver]:
    """The submission files under `paths` (folders are walked), sorted and unique by real path; and
    what was passed over, with the reason."""
    found: list[Path] = []
    passed_over: PassedOver = []
    for given in paths:
        path = Path(given)
        reason = _given_refused(path, follow_links)
        if reason:
            passed_over.append((str(path), reason))
        elif path.is_dir():
            _walk(path, path, follow_links, found, passed_over, visited=set())
        else:
            _consider(path, found, passed_over, given_by_name=True)
    unique = sorted(dict.fromkeys(p.resolve() for p in found))
    return unique, passed_over


def _given_refused(path: Path, follow_links: bool) -> str | None:
    try:
        info = path.lstat()
    except FileNotFoundError:
        return "no such file or folder"
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if stat.S_ISLNK(info.st_mode):
        broken = _broken_link(path)
        if broken:
            return broken
        if not follow_links:
            return f"a symlink (to {printable_name(str(path.resolve()))}): {FOLLOW_HINT}"
    return None


def _broken_link(path: Path) -> str | None:
    """Why the symlink `path` leads nowhere (dangling, or a loop), or None when it leads somewhere."""
    try:
        path.resolve(strict=True)
    except FileNotFoundError:
        return f"a dangling symlink (to {printable_name(os.readlink(path))})"
    except (RuntimeError, OSError):  # Python 3.11 raises RuntimeError for a loop, later ones OSError
        return "a symlink loop"
    return None


def _walk(folder: Path, root: Path, follow_links: bool, found: list[Path], passed_over: PassedOver,
          visited: set[Path]) -> None:
    real = folder.resolve()
    if real in visited:  # a link back to a folder already walked
        return
    visited.add(real)
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        passed_over.append((str(folder), f"cannot be listed ({exc.strerror})"))
        return
    for entry in entries:
        if entry.is_symlink():
            reason = _broken_link(entry)
            if reason is None and not follow_links and not entry.resolve().is_relative_to(root.resolve()):
                reason = (f"a symlink leading out of {printable_name(str(root))} "
                          f"(to {printable_name(str(entry.resolve()))}): {FOLLOW_HINT}")
            if reason:
                passed_over.append((str(entry), reason))
                continue
            if entry.is_dir() and not follow_links:  # a link to a folder inside: walked as itself
                continue
        if entry.is_dir():
            _walk(entry, root, follow_links, found, passed_over, visited)
        else:
            _consider(entry, found, passed_over, given_by_name=False)


def _consider(path: Path, found: list[Path], passed_over: PassedOver, given_by_name: bool) -> None:
    if not given_by_name and (path.name.startswith((".", "~$")) or path.name == OVERRIDE_FILE):
        return
    refused = refuse_file(path)  # not a regular file, over the size limit
    if refused:
        passed_over.append((str(path), refused))
    elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
        supported = f"; supported: {', '.join(sorted(SUPPORTED_SUFFIXES))}" if given_by_name else ""
        passed_over.append((str(path), f"unsupported file type {path.suffix or '(none)'}{supported}"))
    else:
        found.append(path)
