"""jixiao's Dagster definitions: `dagster dev -m pipelines.definitions`."""

from __future__ import annotations

import dagster as dg

from pipelines.assets import INGEST_ASSETS
from pipelines.checks import VALIDATION_CHECKS
from pipelines.landing import INGEST_JOB, LandingResource, landing_schedule, landing_sensor
from pipelines.report_assets import REPORT_ASSETS
from pipelines.resources import WarehouseResource

ingest_job = dg.define_asset_job(INGEST_JOB, selection=INGEST_ASSETS,
                                 description="Load new submissions into the warehouse")

defs = dg.Definitions(
    assets=[*INGEST_ASSETS, *REPORT_ASSETS],  # the report follows each load
    asset_checks=VALIDATION_CHECKS,  # the suites and reconciliations (docs/validation.md)
    jobs=[ingest_job],
    sensors=[landing_sensor],  # new files in the landing folder -> one run per batch
    schedules=[landing_schedule],  # daily, the whole landing folder: catches what the sensor missed
    resources={"warehouse": WarehouseResource(),  # path: $JIXIAO_WAREHOUSE or the default
               "landing": LandingResource()},  # folder: $JIXIAO_LANDING or data/landing beside it
    executor=dg.in_process_executor,
)
