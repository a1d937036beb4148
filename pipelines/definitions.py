"""jixiao's Dagster definitions: `dagster dev -m pipelines.definitions`."""

from __future__ import annotations

import dagster as dg

from pipelines.assets import INGEST_ASSETS
from pipelines.resources import WarehouseResource

ingest_job = dg.define_asset_job("ingest_job", selection=INGEST_ASSETS,
                                 description="Load new submissions into the warehouse")

defs = dg.Definitions(
    assets=INGEST_ASSETS,
    jobs=[ingest_job],
    resources={"warehouse": WarehouseResource()},  # path: $JIXIAO_WAREHOUSE or the default
    executor=dg.in_process_executor,
)
