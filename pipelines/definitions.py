"""jixiao's Dagster definitions: `dagster dev -m pipelines.definitions`."""

from __future__ import annotations

import dagster as dg

from pipelines.assets import INGEST_ASSETS
from pipelines.landing import INGEST_JOB, landing_schedule, landing_sensor
from pipelines.partitions import SUBMISSIONS
from pipelines.report_assets import REPORT_ASSETS, report_sensor
from pipelines.resources import LandingResource, WarehouseResource

ingest_job = dg.define_asset_job(INGEST_JOB, selection=INGEST_ASSETS, partitions_def=SUBMISSIONS,
                                 description="Load submissions (partitions) into the warehouse")

defs = dg.Definitions(
    assets=[*INGEST_ASSETS, *REPORT_ASSETS],  # the report follows each load (report_sensor)
    jobs=[ingest_job],
    # new files in the landing folder -> a partition each, one run per batch; the report after loads
    sensors=[landing_sensor, report_sensor],
    schedules=[landing_schedule],  # daily, the whole landing folder: catches what the sensor missed
    resources={"warehouse": WarehouseResource(),  # path: $JIXIAO_WAREHOUSE or the default
               "landing": LandingResource()},  # folder: $JIXIAO_LANDING or data/landing beside it
    executor=dg.in_process_executor,
)
