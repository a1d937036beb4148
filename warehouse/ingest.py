"""One ingest: find files, skip what is already loaded, parse, model, load in one transaction,
publish. The CLI calls `ingest`; the Dagster assets call the same steps one by one.

For large loads `ingest` streams: `batch_size` files at a time are read, parsed, modelled and
loaded in their own transaction (memory stays flat however many files there are), and with
`workers` ≥ 1 the parse, model and validation of the next batches run in that many worker
processes while this process loads the current one (on 2 cores, one worker beside the loader
keeps both busy). A load of a single batch is always parsed in this process: there would be
nothing to overlap, and a worker pays the imports again. See docs/scale.md.
"""

from __future__ import annotations

import gc
import time
from collections import Counter, deque
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from multiprocessing import get_context
from pathlib import Path
from typing import Callable, Iterator

import polars as pl
import pyarrow as pa

from expectations.checks import RESULT_SCHEMA, ValidationRun
from expectations.policy import Policy
from expectations.validate import all_checks, validate_frames
from sources.parsed import ParsedSubmission
from sources.readers import SUFFIX_FORMATS
from sources.submission import file_sha256
from sources.year_override import OVERRIDE_FILE, YearOverrides, parse_with_year
from warehouse.archive import archive_bytes
from warehouse.connection import mark_unpublished, writing
from warehouse.file_guard import refuse_file
from warehouse.folders import archive_folder
from warehouse.identity import defer_derived, finish_deferred
from warehouse.isolated_read import DEFAULT_ISOLATION, ReadIsolation, tables_reader
from warehouse.load import loaded_submissions
from warehouse.model import build_frames
from warehouse.quarantine import store_batch

# every suffix a reader in sources.readers takes (text, csv, xlsx/xlsm, xls, docx, html/htm, pdf)
SUPPORTED_SUFFIXES = frozenset(SUFFIX_FORMATS)

Progress = Callable[[str, int, int], None]  # (stage, done, total)
# with batch_size, DuckDB checkpoints when this much log has gathered. Until a checkpoint the rows
# loaded since the last one stay in memory, unevictable (about 1.1x the log: 255 MB at 256MB, 52 MB at
# 64MB); with no primary-key index to rewrite (fact tables have none) a checkpoint costs little
BATCH_CHECKPOINT_THRESHOLD = "64MB"
# with batch_size, DuckDB's memory cap for the load (default 80% of RAM): the table blocks the per-batch
# queries read (history, identity, row keys) stay cached up to it, ~70 MB more per 100k tables loaded.
# Not set on a warehouse whose fact tables still have primary keys (made before they were dropped):
# their ART indexes cannot be evicted and pass any fixed cap as the warehouse grows
BATCH_MEMORY_LIMIT = "256MB"
# the cap for the end of a batched load, when the deferred year-over-year rows are computed (500
# departments per query; 1M tables: 20 queries) and the log is checkpointed
DEFERRED_MEMORY_LIMIT = "512MB"
# files per transaction of `jixiao ingest` and the landing sensor's runs: 250 files of ~21 tables
# keep a batch's frames at ~200 MB and its fixed costs (validation set-up, commit) small per table
DEFAULT_BATCH_FILES = 250


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
    # totals over every loaded table, kept even when `loaded` holds submissions without their tables
    tables: int = 0
    indicators: int = 0
    warnings: Counter = field(default_factory=Counter)
    # seconds per stage: read (and hash), parse, model, validate, load; parse, model and validate are summed over the
    # worker processes, so with workers > 1 they add up to more than `seconds`
    stages: dict[str, float] = field(default_factory=dict)
    # validation (docs/validation.md): submissions held back in quarantine (not in `loaded`), earlier
    # holds that a passing resubmission released, and every failed check result, errors and warnings
    quarantined: list[ParsedSubmission] = field(default_factory=list)
    released: list[str] = field(default_factory=list)
    findings: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=RESULT_SCHEMA))
    # more than one batch: `loaded` and `rejected` hold the submissions without their tables
    streamed: bool = False

    @property
    def ok(self) -> bool:
        return not self.rejected and not self.skipped and not self.quarantined


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
                    refused = refuse_file(child, root=path)  # symlinks out of the folder, size
                    if refused:
                        passed_over.append((str(child), refused))
                    elif child.suffix.lower() in SUPPORTED_SUFFIXES:
                        found.append(child)
                    else:
                        passed_over.append((str(child), f"unsupported file type {child.suffix or '(none)'}"))
        elif path.is_file():
            refused = refuse_file(path)
            if refused:
                passed_over.append((str(path), refused))
            elif path.suffix.lower() in SUPPORTED_SUFFIXES:
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
                  progress: Progress | None = None, isolation: ReadIsolation = DEFAULT_ISOLATION) -> list[ParsedSubmission]:
    parsed = []
    overrides = YearOverrides()  # budget_year.toml files beside the submissions
    read = tables_reader(isolation)  # binary formats in a reader process (warehouse/isolated_read.py)
    for n, item in enumerate(pending, start=1):
        parsed.append(parse_with_year(item.path, item.data, budget_year, overrides, read))
        if progress:
            progress("parse", n, len(pending))
    return parsed


def ingest(paths: list[str | Path], warehouse: Path, budget_year: int | None = None,
           force: bool = False, progress: Progress | None = None, batch_size: int | None = None,
           workers: int = 0, policy: Policy | None = None, isolation: ReadIsolation = DEFAULT_ISOLATION) -> IngestReport:
    """Load every new submission under `paths` into `warehouse`; already loaded content is a no-op.

    By default all files are one batch and one transaction, and `report.loaded` holds the parsed
    submissions. With `batch_size`, every `batch_size` files are a transaction of their own; with
    `workers` ≥ 1 (and more than one batch) they are parsed in that many processes while this one
    loads. When batched, `report.loaded` and
    `report.rejected` hold the submissions without their tables (to keep memory flat); the totals
    are in `report.tables`, `report.indicators`, `report.warnings` and `report.rows`. `policy` sets
    the severity of each check (expectations.policy; resolved by the caller), the defaults without.
    """
    started = time.perf_counter()
    report = IngestReport()
    files, report.skipped = discover(paths)
    report.files = len(files)
    size = batch_size or max(len(files), 1)
    keep_parsed = len(files) <= size
    report.streamed = not keep_parsed
    loaded_at = datetime.now(timezone.utc).replace(tzinfo=None)
    stages: Counter = Counter()
    pool = ProcessPoolExecutor(workers, mp_context=get_context("spawn")) if workers and not keep_parsed else None
    inflight: deque[Future] = deque()
    seen: set[str] = set()
    done = 0

    def load(result: ChunkResult) -> None:
        nonlocal done
        held: set[str] = set()
        if result.frames is not None:
            began = time.perf_counter()
            frames = {name: pl.from_arrow(table) for name, table in result.frames.items()}
            validation = ValidationRun(all_checks(policy), pl.from_arrow(result.validation))
            mark_unpublished(warehouse)
            outcome = store_batch(con, frames, validation, archive_folder(warehouse))  # type: ignore[arg-type]
            held = set(outcome.held)
            report.released += outcome.released
            report.findings = pl.concat([report.findings, validation.failed()])
            for name, rows in outcome.rows.items():
                report.rows[name] = report.rows.get(name, 0) + rows
            stages["load"] += time.perf_counter() - began
        report.loaded += [p for p in result.submissions if not p.error and p.sha256 not in held]
        report.quarantined += [p for p in result.submissions if p.sha256 in held]
        report.rejected += [p for p in result.submissions if p.error]
        report.tables += result.tables
        report.indicators += result.indicators
        report.warnings.update(result.warnings)
        stages.update(result.stages)
        done += len(result.submissions)
        if progress:
            progress("parse", done, len(files))

    try:
        with writing(warehouse) as con:  # publishes before unlocking
            capped = bool(batch_size) and not _fact_tables_indexed(con)
            if batch_size:  # many small transactions: checkpoint every 64 MB of log, not every 16 MB
                con.execute(f"SET checkpoint_threshold = '{BATCH_CHECKPOINT_THRESHOLD}'")
            if capped:
                con.execute(f"SET memory_limit = '{BATCH_MEMORY_LIMIT}'")
            if not keep_parsed:  # more than one batch: the yoy rows of what they touch, once at the end
                defer_derived(con, True)
            for first in range(0, len(files), size):
                began = time.perf_counter()
                pending = read_pending(files[first:first + size])
                stages["read"] += time.perf_counter() - began
                known = {} if force else loaded_submissions(con, [p.sha256 for p in pending])
                report.unchanged += [(str(p.path), known[p.sha256]) for p in pending if p.sha256 in known]
                todo = [p for p in {p.sha256: p for p in pending}.values() if p.sha256 not in known and p.sha256 not in seen]
                seen.update(p.sha256 for p in todo)
                chosen = {id(p) for p in todo}  # the other copies of the same content are reported, not lost
                report.unchanged += [(str(p.path), "loaded in this batch under another name") for p in pending
                                     if p.sha256 not in known and id(p) not in chosen]
                archive_pending(todo, warehouse)
                if not todo:
                    continue
                if pool is None:
                    load(model_chunk(todo, budget_year, loaded_at, keep_parsed, policy, isolation))
                    continue
                inflight.append(pool.submit(model_chunk, todo, budget_year, loaded_at, False, policy, isolation))
                while len(inflight) > workers:
                    load(inflight.popleft().result())
            while inflight:
                load(inflight.popleft().result())
            if pool is not None:  # its processes' memory is not needed any more
                pool.shutdown()
            began = time.perf_counter()
            if progress and not keep_parsed:
                progress("year-over-year rows", 0, 1)
            if capped:  # larger queries now, not a stream of batches
                con.execute(f"SET memory_limit = '{DEFERRED_MEMORY_LIMIT}'")
            if finish_deferred(con):
                mark_unpublished(warehouse)
                stages["load"] += time.perf_counter() - began
            if progress and not keep_parsed:
                progress("year-over-year rows", 1, 1)
            if report.rows:
                began = time.perf_counter()
                con.execute("CHECKPOINT")
                stages["load"] += time.perf_counter() - began
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    report.stages = dict(stages)
    report.seconds = time.perf_counter() - started
    return report


def _fact_tables_indexed(con) -> bool:
    """Whether a fact table still has a PRIMARY KEY (an in-memory ART index: a warehouse made before
    they were dropped)."""
    return con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
                       "AND schema_name = 'main' AND table_name = 'indicators' AND index_count > 0").fetchall()[0][0] > 0


@dataclass
class ChunkResult:
    """What parsing and modelling a chunk of files gives back to the loading process."""

    submissions: list[ParsedSubmission]
    frames: dict[str, pa.Table] | None
    tables: int
    indicators: int
    warnings: Counter
    stages: Counter
    validation: pa.Table | None = None  # the results of expectations.validate, one row per submission and check


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a chunk is parsed: parsed tables hold no cycles, and the
    collector's passes over millions of young objects cost a fifth of the parse."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def model_chunk(todo: list[PendingFile], budget_year: int | None, loaded_at: datetime,
                keep_parsed: bool, policy: Policy | None = None,
                isolation: ReadIsolation = DEFAULT_ISOLATION) -> ChunkResult:
    """Parse and model a chunk of files (in a worker process when ingest has workers)."""
    stages: Counter = Counter()
    with gc_paused():
        began = time.perf_counter()
        parsed = parse_pending(todo, budget_year, isolation=isolation)
        stages["parse"] += time.perf_counter() - began
        began = time.perf_counter()
        frames = build_frames(parsed, loaded_at)
        arrow = {name: frame.to_arrow() for name, frame in frames.items()}
        stages["model"] += time.perf_counter() - began
    began = time.perf_counter()
    run = validate_frames(frames, policy=policy)
    validation = run.results.to_arrow()
    stages["validate"] += time.perf_counter() - began
    held = run.blocked_submissions()
    ok = [p for p in parsed if not p.error and p.sha256 not in held]  # the totals count what loads
    result = ChunkResult(
        submissions=parsed if keep_parsed else [replace(p, tables=[]) for p in parsed],
        frames=arrow,
        tables=sum(len(p.tables) for p in ok),
        indicators=sum(len(t.indicators) for p in ok for t in p.tables),
        warnings=Counter(w.code for p in ok for t in p.tables for w in t.warnings),
        stages=stages,
        validation=validation,
    )
    return result
