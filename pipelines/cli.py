"""The `jixiao` command: ingest submissions, query the warehouse, see what is loaded.

It calls the same functions the Dagster assets call (warehouse.ingest and friends), so a load
from the command line and a load from Dagster give the same warehouse.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import click
from pipelines.options import policy_option, warehouse_option
from pipelines.terminal import PrintableConsole
from pipelines.validation_cli import (check_command, incomplete_tables, print_completeness_status,
                                      print_ingest_validation, print_quarantine_status, print_validation_status,
                                      validation_policy)
from rich.table import Table

from sources.year_override import YearOverrideError
from warehouse.backup import BackupError, backup, rebuild, restore
from warehouse.connection import WarehouseLocked, reader, warehouse_path
from warehouse.identity import rematch_projects
from warehouse.project_aliases import AliasFileError
from warehouse.export import FORMATS as EXPORT_FORMATS
from warehouse.export import export, markdown_table
from warehouse.ingest import DEFAULT_BATCH_FILES, IngestReport, ingest
from warehouse.quarantine import holds, latest_results
from warehouse.query import QueryError, QueryResult, list_relations, run_query
from warehouse.report import ReportScopeError, Scope, parse_years, write_report

# control characters in file names and cells are escaped, never sent to the terminal
console = PrintableConsole(soft_wrap=True, width=None if sys.stdout.isatty() else 240)
errors = PrintableConsole(stderr=True, soft_wrap=True)

@click.group()
def main() -> None:
    """jixiao: a warehouse for budget performance target tables (预算绩效目标表)."""


def _progress():
    """A rich progress callback on a terminal, None otherwise (quiet in logs and CI)."""
    if not errors.is_terminal:
        return None, None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    rate = TextColumn("{task.fields[rate]}")
    bar = Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                   rate, TimeRemainingColumn(), console=errors, transient=True)
    tasks: dict[str, int] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total, rate="")
        speed = bar.tasks[tasks[stage]].speed
        bar.update(tasks[stage], completed=done, rate=f"{speed:,.0f}/s" if speed else "")

    return bar, update


def _with_progress(work):
    """Run `work(progress)` with a progress bar on a terminal (progress is None elsewhere)."""
    bar, update = _progress()
    if not bar:
        return work(None)
    with bar:
        return work(update)


def _bound_parameters(params: tuple[str, ...]) -> dict[str, str] | None:
    """--param NAME=VALUE options as DuckDB named parameters ($NAME), bound, never pasted into SQL."""
    bound = dict(p.split("=", 1) for p in params if "=" in p)
    if len(bound) != len(params):
        raise click.UsageError("--param takes NAME=VALUE")
    return bound or None


param_option = click.option(
    "--param", "params", multiple=True, metavar="NAME=VALUE",
    help="Bind $NAME in the query to VALUE (repeatable); bound by DuckDB, never pasted into the SQL.")


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--year", type=int, default=None,
              help="Budget year for every file (overrides budget_year.toml files and inference; docs/refresh.md).")
@click.option("--force", is_flag=True, help="Reload files whose content is already loaded.")
@click.option("--batch-files", type=click.IntRange(min=1), default=DEFAULT_BATCH_FILES, show_default=True,
              help="Files per transaction: a large load streams in batches of this many files, so memory stays flat.")
@click.option("--workers", type=click.IntRange(min=0), default=None,
              help="Worker processes that parse and validate the next batches while this one loads "
                   "(default: 1 on a machine with 2 or more cores, else 0; only used when there is more than one batch).")
@policy_option
@warehouse_option
def ingest_command(paths: tuple[str, ...], year: int | None, force: bool, batch_files: int, workers: int | None,
                   policy_file: str | None, warehouse: str | None) -> None:
    """Load the submissions in PATHS (files or folders) into the warehouse."""
    target = warehouse_path(warehouse)
    policy = validation_policy(policy_file, target)
    if workers is None:
        workers = 1 if (os.cpu_count() or 1) >= 2 else 0
    try:
        report = _with_progress(lambda progress: ingest(list(paths), target, budget_year=year, force=force,
                                                        progress=progress, batch_size=batch_files,
                                                        workers=workers, policy=policy))
    except WarehouseLocked as exc:
        errors.print(f"error: {exc}", markup=False)
        sys.exit(3)
    except (YearOverrideError, AliasFileError) as exc:  # a settings file is wrong: the batch was not loaded
        errors.print(f"error: {exc}", markup=False)
        sys.exit(2)
    _print_report(report, target)
    sys.exit(0 if report.ok else 1)


def _print_report(report: IngestReport, target: Path) -> None:
    if report.streamed:  # the tables were not kept, the totals were
        console.print(f"loaded  {len(report.loaded)} file(s): {report.tables} tables, {report.indicators} indicators, "
                      f"{sum(report.warnings.values())} warning(s)", markup=False)
    for sub in [] if report.streamed else report.loaded:
        kinds = [t.kind for t in sub.tables]
        warnings = sum(len(t.warnings) for t in sub.tables)
        console.print(markup=False, *[
            f"loaded  {sub.path}: {kinds.count('unit')} unit + {kinds.count('project')} project tables, "
            f"{sum(len(t.indicators) for t in sub.tables)} indicators, budget year {sub.budget_year} "
            f"({sub.year_source}), {warnings} warning(s)"
        ])
    for path, status in report.unchanged:
        console.print(f"same    {path}: content already in the warehouse ({status}); nothing to do", markup=False)
    print_ingest_validation(report)
    for sub in report.rejected:
        errors.print(f"rejected {sub.error}", markup=False)
    for path, reason in report.skipped:
        errors.print(f"skipped {path}: {reason}", markup=False)
    console.print(
        f"{report.files} file(s): {len(report.loaded)} loaded, {len(report.quarantined)} quarantined, "
        f"{len(report.unchanged)} unchanged, "
        f"{len(report.rejected)} rejected, {len(report.skipped)} skipped in {report.seconds:.2f}s -> {target}"
    )


@main.command("sql")
@click.argument("query", required=False)
@click.option("--file", "query_file", type=click.Path(exists=True, dir_okay=False), help="Read the query from a file.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "markdown", "xlsx"]), default="table",
              show_default=True)
@param_option
@click.option("--out", type=click.Path(dir_okay=False), default=None,
              help="Write an xlsx or csv file (as `jixiao export` writes them) instead of standard output.")
@warehouse_option
def sql_command(query: str | None, query_file: str | None, fmt: str, params: tuple[str, ...],
                out: str | None, warehouse: str | None) -> None:
    """Run a read-only SQL query on the published warehouse."""
    if query_file:
        query = Path(query_file).read_text(encoding="utf-8")
    if not query:
        raise click.UsageError("give a query, or --file query.sql")
    bound = _bound_parameters(params)
    if out or fmt == "xlsx":
        if not out or fmt not in ("xlsx", "csv"):
            raise click.UsageError("--out writes xlsx or csv: give --format xlsx|csv --out FILE "
                                   "(redirect standard output for the other formats)")
        _export(warehouse, out, fmt, query=query, parameters=bound)
        return
    try:
        result = run_query(warehouse_path(warehouse), query, bound)
    except (QueryError, FileNotFoundError) as exc:
        errors.print(f"error: {exc}", markup=False)
        sys.exit(2)
    _print_result(result, fmt)


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _print_result(result: QueryResult, fmt: str) -> None:
    if fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(result.columns)
        writer.writerows([[_plain(v) for v in row] for row in result.rows])
    elif fmt == "json":
        records = [dict(zip(result.columns, map(_plain, row))) for row in result.rows]
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
    elif fmt == "markdown":
        sys.stdout.write(markdown_table(result.columns, result.rows))
    else:
        table = Table(*result.columns, show_lines=False)
        for row in result.rows:
            table.add_row(*["" if v is None else str(_plain(v)) for v in row])
        console.print(table)
        console.print(f"{len(result.rows)} row(s)")


@main.command("export")
@click.argument("relation", required=False)
@click.option("--query", default=None, help="Export the rows of this query instead of a table or view.")
@click.option("--file", "query_file", type=click.Path(exists=True, dir_okay=False), help="Read the query from a file.")
@param_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default=None,
              help="xlsx, csv or parquet (default: from the suffix of --out).")
@click.option("--out", required=True, type=click.Path(),
              help="The file to write; for parquet, a folder partitioned by year (and region).")
@click.option("--raw-headers", is_flag=True, help="Keep the column names instead of Chinese headers (xlsx, csv).")
@warehouse_option
def export_command(relation: str | None, query: str | None, query_file: str | None, params: tuple[str, ...],
                   fmt: str | None, out: str, raw_headers: bool, warehouse: str | None) -> None:
    """Export a table or view (RELATION), or a query, of the published warehouse to xlsx, csv or parquet."""
    if query_file:
        query = Path(query_file).read_text(encoding="utf-8")
    if bool(relation) == bool(query):
        raise click.UsageError("name one table or view, or give --query / --file (not both)")
    suffix = Path(out).suffix.lower().lstrip(".")
    fmt = fmt or (suffix if suffix in EXPORT_FORMATS else None)
    if not fmt:
        raise click.UsageError("give --format xlsx|csv|parquet (the suffix of --out does not say)")
    selection = {"relation": relation} if relation else {"query": query, "parameters": _bound_parameters(params)}
    _export(warehouse, out, fmt, chinese_headers=not raw_headers, **selection)


def _export(warehouse: str | None, out: str, fmt: str, **selection) -> None:
    try:
        result = _with_progress(lambda progress: export(warehouse_path(warehouse), out, fmt, progress=progress,
                                                        **selection))
    except (QueryError, FileNotFoundError, FileExistsError, ValueError) as exc:
        errors.print(f"error: {exc}", markup=False)
        sys.exit(2)
    partitions = f", partitioned by {', '.join(result.partitions)}" if result.partitions else ""
    console.print(f"exported {result.rows:,} row(s) of {selection.get('relation') or 'the query'} "
                  f"to {result.path} ({fmt}{partitions}) in {result.seconds:.2f}s", markup=False)


@main.command("report")
@click.option("--department", default=None, help="Part of a department name (default: every department).")
@click.option("--years", default=None, help="A budget year (2024) or a range (2022-2024); default: all loaded.")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="The HTML file to write.")
@warehouse_option
def report_command(department: str | None, years: str | None, out: str, warehouse: str | None) -> None:
    """Write the HTML report (charts, tables, the target-quality review) of a department's years."""
    try:
        first, last = parse_years(years)
    except ReportScopeError as exc:
        raise click.UsageError(str(exc)) from None
    scope = Scope(department or None, first, last)
    try:
        result = _with_progress(lambda progress: write_report(warehouse_path(warehouse), out, scope, progress))
    except (ReportScopeError, QueryError, FileNotFoundError) as exc:
        errors.print(f"error: {exc}", markup=False)
        sys.exit(2)
    drawn = sum(1 for marks in result.charts.values() if marks)
    console.print(f"wrote {result.path}: {result.title}; {result.projects} project row(s), {result.flags} review "
                  f"flag(s), {drawn} of {len(result.charts)} charts drawn, {result.bytes / 1024:.0f} KiB "
                  f"in {result.seconds:.2f}s", markup=False)


@main.command("status")
@warehouse_option
def status_command(warehouse: str | None) -> None:
    """What is loaded, per file, and the warnings raised while reading it."""
    target = warehouse_path(warehouse)
    try:
        con = reader(target)
    except FileNotFoundError as exc:
        errors.print(f"error: {exc}")
        sys.exit(2)
    try:
        files = con.execute(
            "SELECT file_name, budget_year, year_source, status, unit_tables, project_tables, indicators, "
            "project_total_yuan, warning_count, error, submission_key FROM v_submission_summary "
            "ORDER BY loaded_at, file_name"
        ).fetchall()
        warnings = con.execute(
            "SELECT s.file_name, d.subject_name, w.source_line, w.severity, w.code, w.message "
            "FROM parse_warnings w JOIN submissions s USING (submission_key) "
            "LEFT JOIN documents d USING (document_key) ORDER BY s.file_name, w.source_line"
        ).fetchall()
        held, results, incomplete = holds(con), latest_results(con), incomplete_tables(con)
    finally:
        con.close()
    console.print(f"warehouse {target}", markup=False)
    if not files:
        console.print("nothing loaded yet")
    for name, year, source, status, units, projects, indicators, total, count, error, key in files:
        console.print(f"{name}  {status}  budget year {year if year else '?'} ({source or 'unknown'})", markup=False)
        if error:
            console.print(f"  {error}", markup=False)
            continue
        total_text = f"{total:,.2f} 元" if total is not None else "none"
        console.print(f"  {units} unit table(s), {projects} project table(s), {indicators} indicators, "
                      f"project total {total_text}, {count} warning(s)", markup=False)
        for file, subject, line, severity, code, message in warnings:
            if file == name:
                console.print(f"  line {line} [{subject}] {severity} {code}: {message}", markup=False)
        print_completeness_status(key, incomplete)
        print_validation_status(name, key, results)
    print_quarantine_status(held, results, {row[-1]: row[0] for row in files})


@main.command("tables")
@warehouse_option
def tables_command(warehouse: str | None) -> None:
    """The tables and views of the warehouse, with what each holds."""
    con = reader(warehouse_path(warehouse))
    try:
        relations = list_relations(con)
    finally:
        con.close()
    table = Table("name", "kind", "comment")
    for name, kind, comment in relations:
        table.add_row(name, kind, comment)
    console.print(table)


@main.command("match-projects")
@click.option("--aliases", type=click.Path(dir_okay=False), envvar="JIXIAO_PROJECT_ALIASES", default=None,
              help="Project aliases CSV (env JIXIAO_PROJECT_ALIASES; default warehouse/project_aliases.csv).")
@warehouse_option
def match_projects_command(aliases: str | None, warehouse: str | None) -> None:
    """Apply an edited project aliases file now (each load applies it too); see docs/refresh.md."""
    try:
        methods = rematch_projects(warehouse_path(warehouse), aliases)
    except WarehouseLocked as exc:
        errors.print(f"error: {exc}", markup=False)
        sys.exit(3)
    except AliasFileError as exc:
        errors.print(f"error: {exc}", markup=False)
        sys.exit(2)
    console.print("projects by how they are matched across years: "
                  + (", ".join(f"{method} {count}" for method, count in methods.items()) or "none loaded"))


main.add_command(check_command)  # jixiao check PATH…: validate without loading (pipelines/validation_cli.py)


@contextmanager
def _backup_errors():
    """A busy warehouse exits 3, a backup that cannot be made or trusted 2; one line each."""
    try:
        yield
    except (WarehouseLocked, BackupError) as exc:
        errors.print(f"error: {exc}", markup=False)
        sys.exit(3 if isinstance(exc, WarehouseLocked) else 2)


@main.command("backup")
@click.argument("destination", type=click.Path(dir_okay=False))
@warehouse_option
def backup_command(destination: str, warehouse: str | None) -> None:
    """Write the warehouse and its raw-file archive to DESTINATION, one file with checksums."""
    with _backup_errors():
        report = backup(warehouse_path(warehouse), Path(destination))
    console.print(f"backed up {sum(report.tables.values())} rows in {len(report.tables)} tables and {report.files} "
                  f"raw file(s) to {report.path} ({report.bytes:,} bytes) in {report.seconds:.2f}s", markup=False)


@main.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@warehouse_option
def restore_command(source: str, warehouse: str | None) -> None:
    """Replace the warehouse (and fill its archive) from a backup made by `jixiao backup`, after
    verifying every checksum; refused while a load is running."""
    target = warehouse_path(warehouse)
    with _backup_errors():
        rows = restore(Path(source), target)
    console.print(f"restored {target}: {sum(rows.values())} rows in {len(rows)} tables; checksums verified", markup=False)


@main.command("rebuild")
@click.argument("archive", type=click.Path(exists=True, file_okay=False))
@warehouse_option
def rebuild_command(archive: str, warehouse: str | None) -> None:
    """Make a new warehouse from a raw-file ARCHIVE alone (its files and provenance.jsonl)."""
    target = warehouse_path(warehouse)
    with _backup_errors():
        report = rebuild(Path(archive), target)
    console.print(f"rebuilt {target}: {report.submissions} submission(s) in {report.batches} batch(es), "
                  f"{len(report.missing)} missing from the archive, in {report.seconds:.2f}s", markup=False)
    sys.exit(1 if report.missing else 0)


if __name__ == "__main__":
    main()
