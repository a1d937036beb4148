"""The `jixiao` command: ingest submissions, query the warehouse, see what is loaded, keep it safe.

One module per group of commands: `load` (ingest, match-projects), `check` (validate without
loading), `query` (sql, export, report, tables), `shell` (the interactive SQL shell), `status`,
`maintenance` (backup, restore, rebuild). They call the same functions the Dagster assets call
(warehouse.ingest and friends), so a load from the command line and a load from Dagster give the
same warehouse.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import click

from pipelines.cli import load, maintenance, query, status
from pipelines.cli.shell import shell_command
from pipelines.cli.check import check_command


def _version() -> str:
    try:
        return version("jixiao")
    except PackageNotFoundError:  # run from a checkout that is not installed
        return "unknown"


@click.group()
@click.version_option(_version(), prog_name="jixiao", message="%(prog)s %(version)s")
def main() -> None:
    """jixiao: a warehouse for budget performance target tables (预算绩效目标表)."""


for command in (load.ingest_command, check_command, query.sql_command, shell_command,
                query.export_command, query.report_command, status.status_command, query.tables_command,
                load.match_projects_command, maintenance.backup_command, maintenance.restore_command,
                maintenance.rebuild_command):
    main.add_command(command)


if __name__ == "__main__":
    main()
