"""The landing folder: which submission files are new or changed since it was last looked at.

What has been seen is a map of every file ever found there (path relative to the folder) to its
size, modification time and content hash. A file whose size and mtime are unchanged is not read
again; one whose mtime moved but whose content is the same (touched, copied over itself) is not a
change; content already seen under another name is not a change either (loading it would be a
no-op). Files that leave the folder stay in the map, so nothing is ever detected twice. The map
travels as a compact JSON string (the Dagster sensor's cursor).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from warehouse.discover import discover

CURSOR_VERSION = 1


@dataclass(frozen=True)
class SeenFile:
    size: int
    mtime_ns: int
    sha256: str


@dataclass
class LandingScan:
    seen: dict[str, SeenFile]  # every file seen, including this scan's
    changed: list[Path] = field(default_factory=list)  # new content to load, sorted
    content: dict[Path, str] = field(default_factory=dict)  # sha256 of each changed file
    touched: list[Path] = field(default_factory=list)  # mtime moved, content the same
    duplicates: list[Path] = field(default_factory=list)  # content already seen under another name

    @property
    def learned(self) -> bool:
        """Whether the seen map changed (when not, the old cursor can be kept as it is)."""
        return bool(self.changed or self.touched or self.duplicates)


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def scan_landing(folder: Path, seen: dict[str, SeenFile]) -> LandingScan:
    """Compare the submission files under `folder` with what was seen before."""
    scan = LandingScan(dict(seen))
    known_content = {entry.sha256 for entry in seen.values()}
    files, _ = discover([folder]) if folder.is_dir() else ([], [])
    for path in files:
        name = path.relative_to(folder.resolve()).as_posix()
        stat = path.stat()
        before = seen.get(name)
        if before and (before.size, before.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
            continue
        entry = SeenFile(stat.st_size, stat.st_mtime_ns, file_hash(path))
        scan.seen[name] = entry
        if before and before.sha256 == entry.sha256:
            scan.touched.append(path)
        elif entry.sha256 in known_content:
            scan.duplicates.append(path)
        else:
            scan.changed.append(path)
            scan.content[path] = entry.sha256
            known_content.add(entry.sha256)
    return scan


def batches(paths: list[Path], size: int) -> list[list[Path]]:
    """The files in runs of at most `size`: a thousand new files are a few runs, not a thousand."""
    return [paths[first:first + size] for first in range(0, len(paths), max(size, 1))]


def encode_seen(seen: dict[str, SeenFile]) -> str:
    files = {name: [e.size, e.mtime_ns, e.sha256] for name, e in sorted(seen.items())}
    return json.dumps({"version": CURSOR_VERSION, "files": files}, ensure_ascii=False, separators=(",", ":"))


def decode_seen(cursor: str | None) -> dict[str, SeenFile]:
    """The seen map from a cursor; an empty or unreadable cursor means nothing was seen."""
    if not cursor:
        return {}
    try:
        state = json.loads(cursor)
        if state.get("version") != CURSOR_VERSION:
            return {}
        return {name: SeenFile(int(size), int(mtime), str(sha)) for name, (size, mtime, sha) in state["files"].items()}
    except (ValueError, TypeError, KeyError, AttributeError):
        return {}
