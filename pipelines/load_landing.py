"""`python -m pipelines.load_landing`: one tick of the landing sensor, run now, in this process.

What the Dagster daemon does when files land, without the daemon: evaluate `landing_sensor` on the
landing folder, add its partitions, run each run it asks for, then the report, all recorded in
the Dagster instance of $DAGSTER_HOME, so `dagster dev` shows the partitions, runs and checks
afterwards. `make demo` calls it. Content already loaded is a no-op.
"""

from __future__ import annotations

import sys

import dagster as dg

from pipelines.definitions import defs
from pipelines.landing import landing_sensor
from pipelines.partitions import SUBMISSIONS


def main() -> int:
    resources = defs.resources
    with dg.DagsterInstance.get() as instance:
        context = dg.build_sensor_context(instance=instance, resources=resources)
        tick = landing_sensor(context)
        for request in tick.dynamic_partitions_requests or []:
            instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))
        job = defs.resolve_job_def("ingest_job")
        if not tick.run_requests:
            print(f"landing: {tick.skip_reason.skip_message if tick.skip_reason else 'nothing new'}")
        failed = 0
        for request in tick.run_requests:
            result = job.execute_in_process(instance=instance, partition_key=request.partition_key,
                                            tags=request.tags, raise_on_error=False)
            [meta] = [m.metadata for m in result.asset_materializations_for_node("submissions")][:1] or [{}]
            counts = ", ".join(f"{name} {meta[name].value}" for name in ("loaded", "quarantined", "rejected", "unchanged")
                               if name in meta)
            print(f"run {result.run_id[:8]}: {'success' if result.success else 'FAILED'}; {counts}")
            failed += not result.success
        partitions = instance.get_dynamic_partitions(SUBMISSIONS.name)
        report = dg.materialize([defs.get_assets_def("analyst_report")], instance=instance,
                                resources=resources, raise_on_error=False)
        print(f"{len(partitions)} submission partition(s) in {instance.root_directory}; "
              f"report {'written' if report.success else 'FAILED'}")
        return 1 if failed or not report.success else 0


if __name__ == "__main__":
    sys.exit(main())
