"""What the raw-file archive needs beside the files to rebuild the warehouse exactly: for each
submission, the path it was read from, its budget year and where that came from (explicit, a
budget_year.toml override, the title, the file name...), and when its batch was loaded.

`record_batch` appends one JSON line per submission of a batch to `<archive>/provenance.jsonl`
before the batch's transaction commits (`warehouse.quarantine.store_batch` calls it, so the CLI and
the Dagster assets both do), and fsyncs it: every committed submission has its line. A rebuild
replays the batches in order, forced reloads and renames included, so logs such as the validation
results come out the same too. A batch killed before its commit leaves lines that a rebuild
replays as a load: loaded data comes out the same (a load replaces by content), the validation
log holds one run more.
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


def read_provenance(archive: Path) -> list[list[Provenance]]:
    """The batches of the archive's log, in the order they were loaded (a torn last line is ignored)."""
    batches: list[list[Provenance]] = []
    path = log_path(archive)
    if not path.exists():
        return batches
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            record = Provenance(**json.loads(line))
        except (ValueError, TypeError):
            continue  # a line cut by a crash while it was written
        if batches and batches[-1][0].loaded_at == record.loaded_at:
            batches[-1].append(record)
        else:
            batches.append([record])
    return batches
