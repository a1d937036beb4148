"""Refresh from the landing folder: a sensor for new and changed files, a daily schedule as a net.

The sensor's cursor is the map of every file it has seen (warehouse.landing); each evaluation
hashes only files whose size or mtime moved, adds one `submission` partition per new content
(pipelines/partitions.py) and asks for one run of `ingest_job` per batch of at most
`max_files_per_run` of them (a range of partitions: one run, one transaction). The schedule looks
at the whole folder once a day and asks for a run of every content whose partition has not been
materialized (a failed or missed run). Both load as `jixiao ingest <landing folder>` does.
"""

from __future__ import annotations

import hashlib

import dagster as dg

from pipelines.assets import ASSET
from pipelines.partitions import SUBMISSIONS, partition_key, range_tags
from pipelines.resources import LandingResource, WarehouseResource
from warehouse.landing import batches, decode_seen, encode_seen, scan_landing

INGEST_JOB = "ingest_job"


def batch_run_key(keys: list[str]) -> str:
    """The same contents always get the same run key: never launched twice."""
    return "landing-" + hashlib.sha256("\n".join(keys).encode("utf-8")).hexdigest()[:16]


def run_requests(keys: list[str], existing: set[str], size: int, tags: dict[str, str]) -> list[dg.RunRequest]:
    """Runs over `keys`: ranges of at most `size` over those added now (contiguous in the
    partitions' order), one run each for those added before."""
    new = [k for k in keys if k not in existing]
    requests = [dg.RunRequest(run_key=batch_run_key(batch), tags={**tags, **range_tags(batch)},
                              partition_key=batch[0] if len(batch) == 1 else None)
                for batch in batches(new, size)]
    return requests + [dg.RunRequest(run_key=batch_run_key([k]), partition_key=k, tags=tags)
                       for k in keys if k in existing]


@dg.sensor(job_name=INGEST_JOB, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING,
           description="Loads new and changed files of the landing folder: one partition each, in batches")
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
    keys = list(dict.fromkeys(partition_key(scan.content[path]) for path in scan.changed))
    existing = set(context.instance.get_dynamic_partitions(SUBMISSIONS.name))
    added = [k for k in keys if k not in existing]
    return dg.SensorResult(
        run_requests=run_requests(keys, existing, landing.max_files_per_run, {"jixiao/trigger": "landing_sensor"}),
        dynamic_partitions_requests=[SUBMISSIONS.build_add_request(added)] if added else [],
        cursor=cursor)


@dg.schedule(cron_schedule="0 6 * * *", execution_timezone="Asia/Shanghai", job_name=INGEST_JOB,
             default_status=dg.DefaultScheduleStatus.RUNNING,
             description="Daily: loads whatever in the landing folder has no materialized partition yet")
def landing_schedule(context: dg.ScheduleEvaluationContext, landing: LandingResource,
                     warehouse: WarehouseResource):
    folder = landing.path(warehouse.path)
    if not folder.is_dir():
        return dg.SkipReason(f"no landing folder at {folder}")
    scan = scan_landing(folder, {})
    keys = list(dict.fromkeys(partition_key(entry.sha256) for entry in scan.seen.values()))
    done = context.instance.get_materialized_partitions(dg.AssetKey(ASSET))
    todo = [k for k in keys if k not in done]
    if not todo:
        return dg.SkipReason(f"every file in {folder} is loaded")
    context.instance.add_dynamic_partitions(SUBMISSIONS.name, todo)  # known ones are kept as they are
    return [dg.RunRequest(partition_key=k, tags={"jixiao/trigger": "landing_schedule"}) for k in todo]
