"""One Dagster partition per submission: the first 16 hex digits of the file's sha256.

The landing sensor adds a partition for every new content it finds in the landing folder, so the
UI lists each submission with its runs, checks and metadata, and one can be rerun or backfilled
alone (a rerun of loaded content changes nothing: the warehouse knows it by its hash).

A run knows only its partition keys; `locate_submissions` finds their files in the landing folder
through an index of what is there (path → size, mtime, sha256; the landing sensor's own map, kept
beside the warehouse), so only files that changed since the last run are hashed again.
"""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from warehouse.landing import decode_seen, encode_seen, scan_landing

SUBMISSIONS = dg.DynamicPartitionsDefinition(name="submission")
KEY_DIGITS = 16


def partition_key(sha256: str) -> str:
    return sha256[:KEY_DIGITS]


def index_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".landing-index.json")


def locate_submissions(folder: Path, keys: list[str], index: Path) -> tuple[list[Path], list[str]]:
    """The files of the landing folder holding the content of each key (one per key, the first by
    name when copies exist), and the keys found nowhere."""
    seen = decode_seen(index.read_text(encoding="utf-8")) if index.exists() else {}
    scan = scan_landing(folder, seen) if folder.is_dir() else None
    if scan is not None and scan.learned:
        index.parent.mkdir(parents=True, exist_ok=True)
        temporary = index.with_name(f"{index.name}.tmp{os.getpid()}")
        temporary.write_text(encode_seen(scan.seen), encoding="utf-8")
        os.replace(temporary, index)
    by_key: dict[str, Path] = {}
    for name, entry in sorted((scan.seen if scan else {}).items()):
        path = folder / name
        if path.is_file() and partition_key(entry.sha256) not in by_key:
            by_key[partition_key(entry.sha256)] = path
    return [by_key[k] for k in keys if k in by_key], [k for k in keys if k not in by_key]


def range_tags(keys: list[str]) -> dict[str, str]:
    """Tags of one run over the partitions `keys` (added together, so contiguous in the dynamic
    partitions' order): a batch of new files is one run, one transaction per 250 files. One key
    needs none: its run request names the partition."""
    if len(keys) == 1:
        return {}
    return {"dagster/asset_partition_range_start": keys[0], "dagster/asset_partition_range_end": keys[-1]}
