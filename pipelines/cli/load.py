"""`jixiao ingest` (load the submissions of files and folders) and `jixiao match-projects` (apply an
edited project aliases file): the commands that write what bureaus published into the warehouse."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from pipelines.cli.check import print_ingest_validation, validation_policy
from pipelines.cli.options import follow_links_option, isolation_options, policy_option, warehouse_option
from pipelines.cli.progress import with_progress
from pipelines.cli.terminal import console, errors, fail, say, shown_path
from sources.year_override import YearOverrideError
from warehouse.connection import WarehouseLocked, warehouse_path
from warehouse.identity import rematch_projects
from warehouse.ingest import DEFAULT_BATCH_FILES, IngestReport, ingest
from warehouse.project_aliases import AliasFileError


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--year", type=int, default=None,
              help="Budget year for every file (overrides budget_year.toml files and inference; docs/refresh.md).")
@click.option("--force", is_flag=True, help="Reload files whose content is already loaded.")
@click.option("--batch-files", type=click.IntRange(min=1), default=DEFAULT_BATCH_FILES, show_default=True,
              help="Files per transaction: a large load streams in batches of this many files, so memory stays flat.")
@click.option("--workers", type=click.IntRange(min=0), default=None,
              help="Worker processes that parse and validate the next batches while this one loads "
                   "(default: 1 on a machine with 2 or more cores, else 0; only used when there is more than one batch).")
@follow_links_option
@isolation_options
@policy_option
@warehouse_option
def ingest_command(paths: tuple[str, ...], year: int | None, force: bool, batch_files: int, workers: int | None,
                   follow_links: bool, policy_file: str | None, warehouse: str | None, isolation) -> None:
    """Load the submissions in PATHS (files or folders) into the warehouse."""
    target = warehouse_path(warehouse)
    policy = validation_policy(policy_file, target)
    if workers is None:
        workers = 1 if (os.cpu_count() or 1) >= 2 else 0
    try:
        report = with_progress(lambda progress: ingest(list(paths), target, budget_year=year, force=force,
                                                        progress=progress, batch_size=batch_files,
                                                        workers=workers, policy=policy, follow_links=follow_links,
                                                        isolation=isolation))
    except WarehouseLocked as exc:
        fail(exc, 3)
    except (YearOverrideError, AliasFileError) as exc:  # a settings file is wrong: the batch was not loaded
        fail(exc, 2)
    _print_report(report, target)
    sys.exit(0 if report.ok else 1)


def _print_report(report: IngestReport, target: Path) -> None:
    if report.streamed:  # the tables were not kept, the totals were
        say(f"loaded  {len(report.loaded)} file(s): {report.tables} tables, {report.indicators} indicators, "
            f"{sum(report.warnings.values())} warning(s)")
    for sub in [] if report.streamed else report.loaded:
        kinds = [t.kind for t in sub.tables]
        warnings = sum(len(t.warnings) for t in sub.tables)
        say(f"loaded  {shown_path(sub.path)}: {kinds.count('unit')} unit + {kinds.count('project')} project tables, "
            f"{sum(len(t.indicators) for t in sub.tables)} indicators, budget year {sub.budget_year} "
            f"({sub.year_source}), {warnings} warning(s)")
    for path, status in report.unchanged:
        say(f"same    {shown_path(path)}: content already in the warehouse ({status}); nothing to do")
    print_ingest_validation(report)
    for sub in report.rejected:
        say(f"rejected {sub.error}", to=errors)
    for path, reason in report.skipped:
        say(f"skipped {path}: {reason}", to=errors)
    say(f"{report.files} file(s): {len(report.loaded)} loaded, {len(report.quarantined)} quarantined, "
        f"{len(report.unchanged)} unchanged, "
        f"{len(report.rejected)} rejected, {len(report.skipped)} skipped in {report.seconds:.2f}s -> {target}")


@click.command("match-projects")
@click.option("--aliases", type=click.Path(dir_okay=False), envvar="JIXIAO_PROJECT_ALIASES", default=None,
              help="Project aliases CSV (env JIXIAO_PROJECT_ALIASES; default warehouse/project_aliases.csv).")
@warehouse_option
def match_projects_command(aliases: str | None, warehouse: str | None) -> None:
    """Apply an edited project aliases file now (each load applies it too); see docs/refresh.md."""
    try:
        methods = rematch_projects(warehouse_path(warehouse), aliases)
    except WarehouseLocked as exc:
        fail(exc, 3)
    except AliasFileError as exc:
        fail(exc, 2)
    console.print("projects by how they are matched across years: "
                  + (", ".join(f"{method} {count}" for method, count in methods.items()) or "none loaded"))
