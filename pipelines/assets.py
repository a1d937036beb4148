"""The load as a Dagster asset: `submissions`, one partition per submission (pipelines/partitions.py).

A run materializes one partition, or a range of them (the landing sensor's batch, a backfill): it
finds their files in the landing folder and calls warehouse.ingest, the same flow as
`jixiao ingest` (read, parse, model, validate, store in batches of 250 files, quarantine, dedupe,
the derived tables, publish), so a load from Dagster and one from the command line give the same
warehouse. The asset only adds configuration, metadata, the checks and the writer pool.
"""


from collections import Counter

import dagster as dg
import polars as pl

from expectations.explain import finding_lines
from pipelines.checks import check_results, check_specs
from pipelines.partitions import SUBMISSIONS, index_path, locate_submissions
from pipelines.resources import LandingResource, WarehouseResource
from warehouse.connection import WarehouseLocked, published_path
from warehouse.ingest import DEFAULT_BATCH_FILES, IngestReport, ingest

WRITER_POOL = "jixiao_warehouse"
GROUP = "ingest"
ASSET = "submissions"


class LoadConfig(dg.Config):
    """How a run loads its submissions (as `jixiao ingest --year --force`)."""

    budget_year: int | None = None  # override the inferred budget year for every file
    force: bool = False  # reload files whose content is already in the warehouse


@dg.asset(name=ASSET, group_name=GROUP, pool=WRITER_POOL, partitions_def=SUBMISSIONS,
          backfill_policy=dg.BackfillPolicy.multi_run(DEFAULT_BATCH_FILES), check_specs=check_specs(ASSET))
def submissions(context: dg.AssetExecutionContext, config: LoadConfig, warehouse: WarehouseResource,
                landing: LandingResource) -> dg.MaterializeResult:
    """Each submission in the warehouse: its tables parsed, validated and loaded in one transaction
    per batch, or held in quarantine when it fails an ERROR check (docs/validation.md)."""
    keys = list(context.partition_keys)
    folder = landing.path(warehouse.path)
    files, missing = locate_submissions(folder, keys, index_path(warehouse.path))
    if missing:
        raise dg.Failure(description=f"no file in {folder} holds the content of partition(s) {', '.join(missing)}: "
                                     "it was moved or changed; put it back, or drop the new version in the folder")
    try:
        report = ingest(files, warehouse.path, budget_year=config.budget_year, force=config.force,
                        batch_size=DEFAULT_BATCH_FILES, policy=warehouse.policy())
    except WarehouseLocked as exc:
        raise dg.Failure(description=str(exc), allow_retries=True) from None
    for path, status in report.unchanged:
        context.log.info(f"{path}: unchanged, already {status}")
    for submission in report.rejected:
        context.log.error(f"rejected {submission.error}")
    quarantined = [p.sha256 for p in report.quarantined]
    for line in finding_lines(report.findings.filter(pl.col("submission_key").is_in(quarantined))):
        context.log.warning(f"quarantined: {line}")
    checked = len(report.loaded) + len(report.quarantined)
    return dg.MaterializeResult(metadata=load_metadata(report, files, warehouse),
                                check_results=check_results(report.findings, checked))


def load_metadata(report: IngestReport, files: list, warehouse: WarehouseResource) -> dict:
    """What the UI shows of a run: each file and its outcome, the counts and rows written."""
    outcome = {str(p.path): "loaded" for p in report.loaded}
    outcome |= {str(p.path): "quarantined" for p in report.quarantined}
    outcome |= {str(p.path): "rejected" for p in report.rejected}
    outcome |= {path: f"unchanged ({status})" for path, status in report.unchanged}
    years = Counter(p.budget_year for p in report.loaded + report.quarantined)
    return {
        "files": dg.MetadataValue.json({str(f): outcome.get(str(f), "?") for f in files}),
        "loaded": len(report.loaded), "quarantined": len(report.quarantined),
        "rejected": len(report.rejected), "unchanged": len(report.unchanged),
        "released": len(report.released),
        "tables": report.tables, "indicators": report.indicators,
        "warnings": dg.MetadataValue.json(dict(report.warnings)),
        "budget_years": dg.MetadataValue.json({str(y): n for y, n in sorted(years.items(), key=str)}),
        **{f"written_{name}": rows for name, rows in report.rows.items()},
        "seconds": round(report.seconds, 2),
        "warehouse": dg.MetadataValue.path(str(warehouse.path)),
        "published": dg.MetadataValue.path(str(published_path(warehouse.path))),
    }


INGEST_ASSETS = [submissions]
