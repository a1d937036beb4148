"""Refresh from the landing folder: a sensor for new and changed files, a daily schedule as a net.

The sensor's cursor is the map of every file it has seen (warehouse.landing); each evaluation
hashes only files whose size or mtime moved and asks for one run of `ingest_job` per batch of at
most `max_files_per_run` new files. The schedule runs the same job over the whole folder once a
day, catching anything a failed or missed run left behind (content already loaded is a no-op).
Both are the same ingest as `jixiao ingest <landing folder>`.
"""

import hashlib
from pathlib import Path

import dagster as dg

from warehouse.folders import landing_folder
from warehouse.landing import batches, decode_seen, encode_seen, scan_landing

from pipelines.resources import WarehouseResource

INGEST_JOB = "ingest_job"


class LandingResource(dg.ConfigurableResource):
    """The landing folder new submissions are dropped into."""

    folder: str = ""  # empty: $JIXIAO_LANDING, else `landing/` in the warehouse's data folder
    max_files_per_run: int = 200  # the sensor's batch size: one run per this many new files

    def path(self, warehouse: Path) -> Path:
        return landing_folder(warehouse, self.folder or None)


def ingest_run_config(paths: list[str]) -> dict:
    """Run config of ingest_job loading `paths` (files or folders)."""
    return {"ops": {"raw_submissions": {"config": {"paths": paths}}}}


def batch_run_key(batch: list[Path], content: dict[Path, str]) -> str:
    """The same files with the same content always get the same run key: never launched twice."""
    text = "\n".join(f"{path}\t{content[path]}" for path in batch)
    return "landing-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dg.sensor(job_name=INGEST_JOB, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING,
           description="Loads new and changed files of the landing folder, in batches")
def landing_sensor(context: dg.SensorEvaluationContext, landing: LandingResource,
                   warehouse: WarehouseResource) -> dg.SensorResult:
    folder = landing.path(warehouse.path)
    scan = scan_landing(folder, decode_seen(context.cursor))
    cursor = encode_seen(scan.seen) if scan.learned else context.cursor  # a large map is costly to write
    for path in scan.touched:
        context.log.info(f"{path}: modified time changed, content the same; not reloaded")
    for path in scan.duplicates:
        context.log.info(f"{path}: content already seen under another name; not reloaded")
    if not scan.changed:
        return dg.SensorResult(skip_reason=f"no new or changed files in {folder}", cursor=cursor)
    requests = [
        dg.RunRequest(run_key=batch_run_key(batch, scan.content), run_config=ingest_run_config([str(p) for p in batch]),
                      tags={"jixiao/trigger": "landing_sensor", "jixiao/files": str(len(batch))})
        for batch in batches(scan.changed, landing.max_files_per_run)
    ]
    return dg.SensorResult(run_requests=requests, cursor=cursor)


@dg.schedule(cron_schedule="0 6 * * *", execution_timezone="Asia/Shanghai", job_name=INGEST_JOB,
             default_status=dg.DefaultScheduleStatus.RUNNING,
             description="Daily: loads whatever in the landing folder is not loaded yet")
def landing_schedule(context: dg.ScheduleEvaluationContext, landing: LandingResource,
                     warehouse: WarehouseResource) -> dg.RunRequest | dg.SkipReason:
    folder = landing.path(warehouse.path)
    if not folder.is_dir():
        return dg.SkipReason(f"no landing folder at {folder}")
    return dg.RunRequest(run_config=ingest_run_config([str(folder)]),
                         tags={"jixiao/trigger": "landing_schedule"})
