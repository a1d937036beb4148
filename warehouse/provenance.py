"""What the raw-file archive needs beside the files to rebuild the warehouse exactly: for each
submission, the path it was read from, its budget year and where that came from (explicit, a
budget_year.toml override, the title, the file name...), and when its batch was loaded.

`record_batch` appends one JSON line per submission of a batch to `<archive>/provenance.jsonl`
before the batch's transaction commits (`warehouse.quarantine.store_batch` calls it, so the CLI and
the Dagster assets both do), and fsyncs it: every committed submission has its line. A batch that
then fails leaves a line for content that is not loaded; the last line for a content wins, so the
refresh that loads it after all (or a later forced reload, or a rename) decides what a rebuild does.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

import polars as pl

LOG = "provenance.jsonl"


@dataclass(frozen=True, slots=True)
class Provenance:
    sha256: str
    path: str
    budget_year: int | None
    year_source: str | None
    loaded_at: str  # ISO timestamp of the batch (UTC, as in submissions.loaded_at)

    @property
    def suffix(self) -> str:
        return Path(self.path).suffix.lower()


def log_path(archive: Path) -> Path:
    return archive / LOG


def record_batch(archive: Path, submissions: pl.DataFrame) -> None:
    """Append the provenance of every row of a batch's `submissions` frame, durably."""
    if submissions.height == 0:
        return
    archive.mkdir(parents=True, exist_ok=True)
    lines = []
    for row in submissions.select("submission_key", "file_path", "budget_year", "year_source",
                                  "loaded_at").iter_rows():
        key, path, year, source, loaded_at = row
        record = Provenance(key, path, year, source, loaded_at.isoformat() if isinstance(loaded_at, datetime)
                            else str(loaded_at))
        lines.append(json.dumps(asdict(record), ensure_ascii=False) + "\n")
    with open(log_path(archive), "a", encoding="utf-8") as handle:
        handle.write("".join(lines))
        handle.flush()
        os.fsync(handle.fileno())


def read_provenance(archive: Path) -> dict[str, Provenance]:
    """The last record of every content hash in the archive's log (a torn last line is ignored)."""
    records: dict[str, Provenance] = {}
    path = log_path(archive)
    if not path.exists():
        return records
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            record = Provenance(**json.loads(line))
        except (ValueError, TypeError):
            continue  # a line cut by a crash while it was written
        records.pop(record.sha256, None)  # keep the order of the last record
        records[record.sha256] = record
    return records
