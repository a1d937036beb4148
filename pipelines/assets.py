"""The ingest as assets: raw submissions -> parsed tables -> normalized frames -> batch validation
(pipelines/checks.py) -> warehouse tables.

Each asset calls the same plain functions the CLI calls (sources.*, warehouse.*); the assets only
add configuration, metadata and the writer pool.
"""


from collections import Counter

import dagster as dg
import polars as pl

from expectations.checks import ValidationRun
from expectations.explain import finding_lines
from pipelines.checks import batch_validation
from pipelines.resources import WarehouseResource
from sources.parsed import ParsedSubmission
from warehouse.connection import PROJECT_ROOT, mark_unpublished, published_path
from warehouse.discover import discover
from warehouse.folders import archive_folder
from warehouse.ingest import PendingFile, archive_pending, parse_pending, read_pending
from warehouse.load import loaded_submissions
from warehouse.model import build_frames
from warehouse.quarantine import store_batch

SAMPLES = PROJECT_ROOT / "data" / "samples"
WRITER_POOL = "jixiao_warehouse"
GROUP = "ingest"


class IngestConfig(dg.Config):
    """What to ingest: files or folders (default: the bundled sample)."""

    paths: list[str] = [str(SAMPLES)]
    budget_year: int | None = None  # override the inferred budget year for every file
    force: bool = False  # reload files whose content is already in the warehouse


@dg.asset(group_name=GROUP, pool=WRITER_POOL)
def raw_submissions(
    context: dg.AssetExecutionContext, config: IngestConfig, warehouse: WarehouseResource
) -> list[PendingFile]:
    """Submission files found under the configured paths whose content is not loaded yet."""
    files, passed_over = discover(config.paths)
    for path, reason in passed_over:
        context.log.warning(f"{path}: {reason}")
    pending = read_pending(files)
    with warehouse.get_connection() as con:
        known = {} if config.force else loaded_submissions(con, [p.sha256 for p in pending])
    new = list({p.sha256: p for p in pending if p.sha256 not in known}.values())
    archive_pending(new, warehouse.path)
    for item in pending:
        if item.sha256 in known:
            context.log.info(f"{item.path}: unchanged, already {known[item.sha256]}")
    context.add_output_metadata(
        {"files_found": len(files), "new": len(new), "unchanged": len(pending) - len(new),
         "passed_over": len(passed_over)}
    )
    return new


@dg.asset(group_name=GROUP)
def parsed_tables(
    context: dg.AssetExecutionContext, config: IngestConfig, raw_submissions: list[PendingFile]
) -> list[ParsedSubmission]:
    """Every table of every new file, parsed; unreadable files carry their error."""
    parsed = parse_pending(raw_submissions, config.budget_year)
    for submission in parsed:
        if submission.error:
            context.log.error(submission.error)
    kinds = Counter(t.kind for s in parsed for t in s.tables)
    warnings = Counter(w.code for s in parsed for t in s.tables for w in t.warnings)
    context.add_output_metadata(
        {"files": len(parsed), "rejected": sum(1 for s in parsed if s.error),
         "unit_tables": kinds.get("unit", 0), "project_tables": kinds.get("project", 0),
         "indicators": sum(len(t.indicators) for s in parsed for t in s.tables),
         "warnings": dg.MetadataValue.json(dict(warnings))}
    )
    return parsed


@dg.asset(group_name=GROUP)
def normalized_frames(
    context: dg.AssetExecutionContext, parsed_tables: list[ParsedSubmission]
) -> dict[str, pl.DataFrame]:
    """One Polars frame per warehouse table, with content-derived keys and normalized values."""
    frames = build_frames(parsed_tables)
    context.add_output_metadata({f"rows_{name}": frame.height for name, frame in frames.items()})
    return frames


@dg.asset(group_name=GROUP, pool=WRITER_POOL)
def warehouse_tables(
    context: dg.AssetExecutionContext, normalized_frames: dict[str, pl.DataFrame],
    batch_validation: ValidationRun, warehouse: WarehouseResource,
) -> dg.MaterializeResult:
    """The DuckDB warehouse, loaded in one transaction per batch and published for analysts; a
    submission failing an ERROR check is held in quarantine instead (docs/validation.md)."""
    written: dict[str, int] = {}
    held: list[str] = []
    released: list[str] = []
    if normalized_frames["submissions"].height:
        with warehouse.writing() as con:
            mark_unpublished(warehouse.path)
            outcome = store_batch(con, normalized_frames, batch_validation, archive_folder(warehouse.path))
            written, held, released = outcome.rows, outcome.held, outcome.released
            con.execute("CHECKPOINT")
            totals = dict(con.execute(
                "SELECT 'documents', count(*) FROM documents UNION ALL "
                "SELECT 'indicators', count(*) FROM indicators UNION ALL "
                "SELECT 'projects', count(*) FROM projects"
            ).fetchall())
    else:
        context.log.info("nothing new to load")
        with warehouse.writing() as con:
            totals = {"documents": con.execute("SELECT count(*) FROM documents").fetchone()[0]}
    for line in finding_lines(batch_validation.results.filter(pl.col("submission_key").is_in(held))):
        context.log.warning(f"quarantined: {line}")
    snapshot = published_path(warehouse.path)
    return dg.MaterializeResult(
        metadata={
            "quarantined": len(held),
            "released": len(released),
            **{f"written_{name}": rows for name, rows in written.items()},
            **{f"total_{name}": rows for name, rows in totals.items()},
            "warehouse": dg.MetadataValue.path(str(warehouse.path)),
            "published": dg.MetadataValue.path(str(snapshot)),
        }
    )


INGEST_ASSETS = [raw_submissions, parsed_tables, normalized_frames, batch_validation, warehouse_tables]
