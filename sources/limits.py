"""How much of a submitted file jixiao is willing to read: the limits against absurd or hostile files.

Each limit has a default sized far above any real 预算绩效目标表 (a province's largest submissions
are a few MB) and an environment variable to change it:

| limit | variable | default |
|---|---|---|
| bytes of one file, checked before it is read | JIXIAO_MAX_FILE_BYTES | 64 MiB |
| members of a .xlsx/.docx zip | JIXIAO_MAX_ZIP_MEMBERS | 2,000 |
| uncompressed bytes of a .xlsx/.docx, all members | JIXIAO_MAX_ZIP_BYTES | 256 MiB |
| uncompressed / compressed size of one member (over 1 MiB) | JIXIAO_MAX_ZIP_RATIO | 200 |
| cells a worksheet spans (rows × columns of its used range), checked before it is read | JIXIAO_MAX_SHEET_CELLS | 2,000,000 |

Sizes may be written with a unit: `64MiB`, `500KB`, `1GB`, or plain bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sources.settings import setting

_UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "kib": 2**10, "mib": 2**20, "gib": 2**30}
_SIZE = re.compile(r"^\s*(\d+)\s*([a-z]*)\s*$", re.I)

RATIO_FLOOR = 2**20  # members smaller than this may compress as well as they like


@dataclass(frozen=True, slots=True)
class Limits:
    max_file_bytes: int = 64 * 2**20
    max_zip_members: int = 2000
    max_zip_bytes: int = 256 * 2**20
    max_zip_ratio: int = 200
    max_sheet_cells: int = 2_000_000


ENVIRONMENT = {
    "max_file_bytes": "JIXIAO_MAX_FILE_BYTES",
    "max_zip_members": "JIXIAO_MAX_ZIP_MEMBERS",
    "max_zip_bytes": "JIXIAO_MAX_ZIP_BYTES",
    "max_zip_ratio": "JIXIAO_MAX_ZIP_RATIO",
    "max_sheet_cells": "JIXIAO_MAX_SHEET_CELLS",
}


def parse_size(text: str, variable: str) -> int:
    """'64MiB' -> 67108864; a ValueError naming the variable when it is not a size."""
    match = _SIZE.match(text)
    if not match or match.group(2).lower() not in _UNITS:
        raise ValueError(f"{variable}={text!r} is not a size (examples: 67108864, 64MiB, 500KB)")
    return int(match.group(1)) * _UNITS[match.group(2).lower()]


def current_limits() -> Limits:
    """The defaults, with the environment's overrides."""
    values = {name: parse_size(setting(variable), variable)  # type: ignore[arg-type]
              for name, variable in ENVIRONMENT.items() if setting(variable)}
    return Limits(**values)


def size_text(count: int) -> str:
    """Bytes for a person: 1536 -> '1.5 KiB'."""
    for unit, size in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if count >= size:
            return f"{count / size:.1f} {unit}"
    return f"{count} bytes"


def file_too_large(size: int, limits: Limits | None = None) -> str | None:
    """Why a file of `size` bytes is refused unread, or None."""
    limit = (limits or current_limits()).max_file_bytes
    if size <= limit:
        return None
    return (f"file too large: {size_text(size)} ({size} bytes) is over the limit of {size_text(limit)}; "
            f"no 绩效目标表 is that big (raise {ENVIRONMENT['max_file_bytes']} if it really is one)")
