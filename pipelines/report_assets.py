"""The analysts' HTML report as a Dagster asset, refreshed after each load of the warehouse (its
automation condition, evaluated by `report_sensor`, requests it when a `submissions` partition is
materialized).

The asset only passes its configuration to warehouse.report.write_report, the function behind
`jixiao report`; it reads the published snapshot, so it takes no writer lock.
"""

import dagster as dg

from pipelines.assets import submissions
from pipelines.resources import WarehouseResource
from warehouse.connection import PROJECT_ROOT
from warehouse.report import Scope, parse_years, write_report

DEFAULT_REPORT = PROJECT_ROOT / "data" / "reports" / "report.html"


class ReportConfig(dg.Config):
    """What the report covers and where it goes (as `jixiao report --department --years --out`)."""

    department: str | None = None  # part of a department name; None: every department
    years: str | None = None  # "2024" or "2022-2024"; None: every year loaded
    out: str = str(DEFAULT_REPORT)


@dg.asset(group_name="analysts", deps=[submissions],
          automation_condition=dg.AutomationCondition.eager())  # after every load that wrote something
def analyst_report(context: dg.AssetExecutionContext, config: ReportConfig,
                   warehouse: WarehouseResource) -> dg.MaterializeResult:
    """预算绩效目标分析报告: one self-contained HTML page with charts, tables and the target-quality review."""
    first, last = parse_years(config.years)
    result = write_report(warehouse.path, config.out, Scope(config.department, first, last))
    context.log.info(f"wrote {result.path}: {result.title}")
    return dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(str(result.path)),
        "title": result.title,
        "projects": result.projects,
        "review_flags": result.flags,
        "charts_drawn": sum(1 for marks in result.charts.values() if marks),
        "kib": round(result.bytes / 1024, 1),
    })


REPORT_ASSETS = [analyst_report]

report_sensor = dg.AutomationConditionSensorDefinition(
    "report_after_loads", target=dg.AssetSelection.assets(analyst_report),
    default_status=dg.DefaultSensorStatus.RUNNING, minimum_interval_seconds=30,
    description="Writes the report again after each load")
