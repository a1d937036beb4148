"""The raw-file archive: every submitted file kept once, by content, never changed or deleted.

A file is stored as `<archive>/<sha256><suffix>` (suffix lower-cased, e.g. `.txt`, `.xlsx`), so
the same content under any name is stored once, and the `submission_key` of every warehouse row
(the file's sha256) names its archived copy. Writes are atomic (temporary file, then rename) and
an existing copy is never rewritten; copies are made read-only.
"""

from __future__ import annotations

import os
from pathlib import Path

from warehouse.temp_files import temporary


class ArchiveMismatch(RuntimeError):
    """An archived copy whose size differs from the content it should hold."""


def archived_path(archive: Path, sha256: str, suffix: str) -> Path:
    """Where the file with this content hash is (or will be) archived."""
    return archive / f"{sha256}{suffix.lower()}"


def archive_bytes(archive: Path, data: bytes, sha256: str, suffix: str) -> Path:
    """Keep `data` in the archive under its hash; a no-op when that content is already there."""
    target = archived_path(archive, sha256, suffix)
    if target.exists():
        if target.stat().st_size != len(data):
            raise ArchiveMismatch(f"{target}: archived copy has {target.stat().st_size} bytes, "
                                  f"the content with this hash has {len(data)}; the archive is damaged")
        return target
    with temporary(target) as partial:
        partial.write_bytes(data)
        partial.chmod(0o444)
        os.replace(partial, target)
    return target
