"""One ingest: find files, skip what is already loaded, parse, model, load in one transaction,
publish. The CLI calls `ingest`; the Dagster assets call the same steps one by one."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from sources.parsed import ParsedSubmission
from sources.readers import SUFFIX_FORMATS
from sources.submission import file_sha256
from sources.year_override import OVERRIDE_FILE, YearOverrides, parse_with_year
from warehouse.archive import archive_bytes
from warehouse.connection import mark_unpublished, writing
from warehouse.folders import archive_folder
from warehouse.load import load_frames, loaded_submissions
from warehouse.model import build_frames

# every suffix a reader in sources.readers takes (text, csv, xlsx/xlsm, xls, docx, html/htm, pdf)
SUPPORTED_SUFFIXES = frozenset(SUFFIX_FORMATS)

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class PendingFile:
    path: Path
    data: bytes
    sha256: str


@dataclass
class IngestReport:
    files: int = 0
    loaded: list[ParsedSubmission] = field(default_factory=list)
    unchanged: list[tuple[str, str]] = field(default_factory=list)  # (path, status it has)
    rejected: list[ParsedSubmission] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): not a submission file
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.rejected and not self.skipped


def discover(paths: list[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """The submission files under `paths` (folders are walked), sorted; and what was passed over."""
    found: list[Path] = []
    passed_over: list[tuple[str, str]] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                # dot files and Office's "~$name.docx" owner files are no submissions
                if child.is_file() and not child.name.startswith((".", "~$")) and child.name != OVERRIDE_FILE:
                    if child.suffix.lower() in SUPPORTED_SUFFIXES:
                        found.append(child)
                    else:
                        passed_over.append((str(child), f"unsupported file type {child.suffix or '(none)'}"))
        elif path.is_file():
            if path.suffix.lower() in SUPPORTED_SUFFIXES:
                found.append(path)
            else:
                passed_over.append((str(path), f"unsupported file type {path.suffix or '(none)'}; "
                                               f"supported: {', '.join(sorted(SUPPORTED_SUFFIXES))}"))
        else:
            passed_over.append((str(path), "no such file or folder"))
    unique = sorted(dict.fromkeys(p.resolve() for p in found))
    return unique, passed_over


def read_pending(files: list[Path]) -> list[PendingFile]:
    pending = []
    for path in files:
        data = path.read_bytes()
        pending.append(PendingFile(path, data, file_sha256(data)))
    return pending


def archive_pending(pending: list[PendingFile], warehouse: Path) -> None:
    """Keep every new file in the raw-file archive, by content hash, before anything is loaded."""
    archive = archive_folder(warehouse)
    for item in pending:
        archive_bytes(archive, item.data, item.sha256, item.path.suffix)


def parse_pending(pending: list[PendingFile], budget_year: int | None = None,
                  progress: Progress | None = None) -> list[ParsedSubmission]:
    parsed = []
    overrides = YearOverrides()  # budget_year.toml files beside the submissions
    for n, item in enumerate(pending, start=1):
        parsed.append(parse_with_year(item.path, item.data, budget_year, overrides))
        if progress:
            progress("parse", n, len(pending))
    return parsed


def ingest(paths: list[str | Path], warehouse: Path, budget_year: int | None = None,
           force: bool = False, progress: Progress | None = None) -> IngestReport:
    """Load every new submission under `paths` into `warehouse`; already loaded content is a no-op."""
    started = time.perf_counter()
    report = IngestReport()
    files, report.skipped = discover(paths)
    report.files = len(files)
    pending = read_pending(files)
    with writing(warehouse) as con:  # publishes before unlocking
        known = {} if force else loaded_submissions(con, [p.sha256 for p in pending])
        report.unchanged = [(str(p.path), known[p.sha256]) for p in pending if p.sha256 in known]
        todo = list({p.sha256: p for p in pending if p.sha256 not in known}.values())
        archive_pending(todo, warehouse)
        parsed = parse_pending(todo, budget_year, progress)
        report.loaded = [p for p in parsed if not p.error]
        report.rejected = [p for p in parsed if p.error]
        if parsed:
            frames = build_frames(parsed)
            mark_unpublished(warehouse)
            report.rows = load_frames(con, frames)
            con.execute("CHECKPOINT")
    report.seconds = time.perf_counter() - started
    return report

