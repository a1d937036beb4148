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
from typing import Iterator

import polars as pl
import pyarrow as pa

from expectations.checks import RESULT_SCHEMA, ValidationRun
from expectations.policy import Policy
from expectations.validate import all_checks, validate_frames
from sources.parsed import ParsedSubmission
from sources.submission import file_sha256, parse_submission
from sources.year_override import YearOverrides, parse_with_year
from warehouse.archive import archive_bytes
from warehouse.connection import mark_unpublished, writing
from warehouse.discover import discover
from warehouse.folders import archive_folder
from warehouse.identity import defer_derived, finish_deferred
from warehouse.ingest_progress import (
    Progress,
    Tally,
    Tick,
    WorkerTicks,
    start_worker,
    worker_tick,
)
from warehouse.isolated_read import DEFAULT_ISOLATION, ReadIsolation, tables_reader
from warehouse.load import loaded_submissions
from warehouse.model import build_frames
from warehouse.quarantine import store_batch
from warehouse.withhold import withhold_fields

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
    # the budget year and its source recorded when the file was first loaded: `rebuild` replays them
    recorded: tuple[int | None, str | None] | None = None


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


def own_buffers(frame: pl.DataFrame) -> pl.DataFrame:
    """A copy of `frame` holding only its own rows' bytes. A filtered Polars frame's strings are views
    into the buffers of the frame it was filtered from: a few failed results kept per batch held every
    batch's whole validation results (~3.5 MB per 250 files, 0.7 GB over a 1M-table load)."""
    return pl.from_arrow(frame.to_arrow())  # type: ignore[return-value]


def read_pending(files: list[Path], tick: Tick | None = None) -> list[PendingFile]:
    pending = []
    for path in files:
        data = path.read_bytes()
        pending.append(PendingFile(path, data, file_sha256(data)))
        if tick:
            tick("read", 1)
    return pending


def archive_pending(pending: list[PendingFile], warehouse: Path) -> None:
    """Keep every new file in the raw-file archive, by content hash, before anything is loaded."""
    archive = archive_folder(warehouse)
    for item in pending:
        archive_bytes(archive, item.data, item.sha256, item.path.suffix)


def parse_pending(pending: list[PendingFile], budget_year: int | None = None,
                  tick: Tick | None = None, isolation: ReadIsolation = DEFAULT_ISOLATION) -> list[ParsedSubmission]:
    parsed = []
    overrides = YearOverrides()  # budget_year.toml files beside the submissions
    read = tables_reader(isolation)  # binary formats in a reader process (warehouse/isolated_read.py)
    for item in pending:
        if item.recorded is None:
            parsed.append(parse_with_year(item.path, item.data, budget_year, overrides, read))
        else:
            year, source = item.recorded
            parsed.append(replace(parse_submission(item.path, data=item.data, read=read),
                                  budget_year=year, year_source=source))
        if tick:
            tick("parse", 1)
    return parsed


@dataclass
class CheckRun:
    """What `validate_paths` found: the files, what was passed over, each parsed, every result."""

    files: list[Path]
    skipped: list[tuple[str, str]]
    parsed: list[ParsedSubmission]
    results: pl.DataFrame


def validate_paths(paths: list[str | Path], budget_year: int | None = None, policy: Policy | None = None,
                   follow_links: bool = False, for_data_docs: bool = False,
                   isolation: ReadIsolation = DEFAULT_ISOLATION) -> CheckRun:
    """The flow of `ingest` up to validation, storing nothing: `jixiao check`."""
    files, skipped = discover(paths, follow_links)
    parsed = parse_pending(read_pending(files), budget_year, isolation=isolation)
    run = validate_frames(build_frames(parsed), for_data_docs=for_data_docs, policy=policy)
    return CheckRun(files, skipped, parsed, run.results)


def ingest(paths: list[str | Path], warehouse: Path, budget_year: int | None = None,
           force: bool = False, progress: Progress | None = None, batch_size: int | None = None,
           workers: int = 0, policy: Policy | None = None, follow_links: bool = False,
           isolation: ReadIsolation = DEFAULT_ISOLATION) -> IngestReport:
    """Load every new submission under `paths` into `warehouse`; already loaded content is a no-op.

    By default all files are one batch and one transaction, and `report.loaded` holds the parsed
    submissions. With `batch_size`, every `batch_size` files are a transaction of their own; with
    `workers` ≥ 1 (and more than one batch) they are parsed in that many processes while this one
    loads. When batched, `report.loaded` and
    `report.rejected` hold the submissions without their tables (to keep memory flat); the totals
    are in `report.tables`, `report.indicators`, `report.warnings` and `report.rows`. `policy` sets
    the severity of each check (expectations.policy; resolved by the caller), the defaults without.
    `follow_links` follows symlinks wherever they lead (warehouse.discover); `isolation` says how the
    binary formats are read (warehouse.isolated_read: a reader process with limits by default).
    """
    started = time.perf_counter()
    report = IngestReport()
    files, report.skipped = discover(paths, follow_links)
    report.files = len(files)
    size = batch_size or max(len(files), 1)
    keep_parsed = len(files) <= size
    report.streamed = not keep_parsed
    loaded_at = datetime.now(timezone.utc).replace(tzinfo=None)
    stages: Counter = Counter()
    tally = Tally(progress, len(files))
    pool, ticks = None, None
    if workers and not keep_parsed:
        context = get_context("spawn")
        ticks = WorkerTicks(context, tally) if progress else None
        pool = ProcessPoolExecutor(workers, mp_context=context, initializer=start_worker,
                                   initargs=(ticks.queue if ticks else None,))
    inflight: deque[Future] = deque()
    seen: set[str] = set()

    def load(result: ChunkResult) -> None:
        store_chunk(con, warehouse, result, policy, report, stages)
        tally.tick("store", len(result.submissions))

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
                pending = read_pending(files[first:first + size], tally.tick)
                stages["read"] += time.perf_counter() - began
                known = {} if force else loaded_submissions(con, [p.sha256 for p in pending])
                report.unchanged += [(str(p.path), known[p.sha256]) for p in pending if p.sha256 in known]
                todo = [p for p in {p.sha256: p for p in pending}.values() if p.sha256 not in known and p.sha256 not in seen]
                seen.update(p.sha256 for p in todo)
                chosen = {id(p) for p in todo}  # the other copies of the same content are reported, not lost
                report.unchanged += [(str(p.path), "loaded in this batch under another name") for p in pending
                                     if p.sha256 not in known and id(p) not in chosen]
                archive_pending(todo, warehouse)
                tally.skip(len(pending) - len(todo))
                if not todo:
                    continue
                if pool is None:
                    load(model_chunk(todo, budget_year, loaded_at, keep_parsed, policy, tally.tick, isolation))
                    continue
                inflight.append(pool.submit(model_chunk, todo, budget_year, loaded_at, False, policy, isolation=isolation))
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
            if finish_deferred(con, record=lambda changes: mark_unpublished(warehouse, changes)):
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
        if ticks is not None:
            ticks.close()
    report.stages = dict(stages)
    report.seconds = time.perf_counter() - started
    return report


def store_chunk(con, warehouse: Path, result: ChunkResult, policy: Policy | None, report: IngestReport,
                stages: Counter) -> None:
    """Store a parsed and validated chunk in one transaction (what fails an ERROR check held in
    quarantine), and add what happened to `report`."""
    held: set[str] = set()
    if result.frames is not None:
        began = time.perf_counter()
        frames = {name: pl.from_arrow(table) for name, table in result.frames.items()}
        validation = ValidationRun(all_checks(policy), pl.from_arrow(result.validation))
        outcome = store_batch(con, frames, validation, archive_folder(warehouse),  # type: ignore[arg-type]
                              record=lambda changes: mark_unpublished(warehouse, changes))
        held = set(outcome.held)
        report.released += outcome.released
        report.findings = pl.concat([report.findings, own_buffers(validation.failed())])
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


def replay(con, warehouse: Path, pending: list[PendingFile], loaded_at: datetime, policy: Policy | None,
           report: IngestReport) -> None:
    """One batch of an earlier load again, as it was loaded then (its time, the files' recorded
    budget years): `jixiao rebuild`. The files must be in the warehouse's archive already."""
    stages: Counter = Counter()
    store_chunk(con, warehouse, model_chunk(pending, None, loaded_at, False, policy), policy, report, stages)
    for stage, seconds in stages.items():
        report.stages[stage] = report.stages.get(stage, 0.0) + seconds


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
                keep_parsed: bool, policy: Policy | None = None, tick: Tick = worker_tick,
                isolation: ReadIsolation = DEFAULT_ISOLATION) -> ChunkResult:
    """Parse and model a chunk of files (in a worker process when ingest has workers: its ticks go
    to the loading process through the worker's queue)."""
    stages: Counter = Counter()
    with gc_paused():
        began = time.perf_counter()
        parsed = parse_pending(todo, budget_year, tick, isolation)
        stages["parse"] += time.perf_counter() - began
        began = time.perf_counter()
        frames = build_frames(parsed, loaded_at)
        stages["model"] += time.perf_counter() - began
    began = time.perf_counter()
    run = validate_frames(frames, policy=policy)
    validation = run.results.to_arrow()
    stages["validate"] += time.perf_counter() - began
    began = time.perf_counter()
    arrow = {name: frame.to_arrow() for name, frame in withhold_fields(frames, run.withheld()).items()}
    stages["model"] += time.perf_counter() - began
    tick("validate", len(todo))
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
