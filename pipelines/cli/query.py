"""The analyst's read-only commands on the published snapshot: `jixiao sql`, `export`, `report` and
`tables`. None of them writes to the warehouse (warehouse.query opens it read-only, sandboxed)."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import click
from rich.table import Table

from pipelines.cli.options import limits_options, warehouse_option
from pipelines.cli.progress import with_progress
from pipelines.cli.results import DEFAULT_MAX_ROWS, Capped, write_rows
from pipelines.cli.terminal import INTERRUPTED, console, fail
from warehouse.connection import reader, warehouse_path
from warehouse.export import FORMATS as EXPORT_FORMATS
from warehouse.export import export
from warehouse.export_layout import UNITS as EXPORT_UNITS
from warehouse.query import (BATCH_ROWS, QueryError, QueryInterrupted, fetch_batches, list_relations, open_query,
                             run_bounded)
from warehouse.sandbox import QueryLimits
from warehouse.report import ReportScopeError, Scope, parse_years, write_report


def _bound_parameters(params: tuple[str, ...]) -> dict[str, str] | None:
    """--param NAME=VALUE options as DuckDB named parameters ($NAME), bound, never pasted into SQL."""
    bound = dict(p.split("=", 1) for p in params if "=" in p)
    if len(bound) != len(params):
        raise click.UsageError("--param takes NAME=VALUE")
    return bound or None


param_option = click.option(
    "--param", "params", multiple=True, metavar="NAME=VALUE",
    help="Bind $NAME in the query to VALUE (repeatable); bound by DuckDB, never pasted into the SQL.")


@click.command("sql")
@click.argument("query", required=False)
@click.option("--file", "query_file", type=click.Path(exists=True, dir_okay=False, allow_dash=True),
              help="Read the query from a file; `-` (or the query `-`) reads it from standard input.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "markdown", "xlsx"]), default="table",
              show_default=True)
@click.option("--max-rows", type=click.IntRange(min=0), default=None,
              help=f"Stop after this many rows (table and markdown: {DEFAULT_MAX_ROWS:,} unless given; "
                   "csv and json: every row unless given).")
@click.option("--raw", is_flag=True, help="csv: write text as it is, without the formula guard `export` applies.")
@param_option
@click.option("--out", type=click.Path(dir_okay=False), default=None,
              help="Write an xlsx or csv file (as `jixiao export` writes them) instead of standard output.")
@limits_options
@warehouse_option
def sql_command(query: str | None, query_file: str | None, fmt: str, max_rows: int | None, raw: bool,
                params: tuple[str, ...], out: str | None, limits: QueryLimits, warehouse: str | None) -> None:
    """Run a read-only SQL query on the published warehouse, within a timeout and a memory limit."""
    query = _query_text(query, query_file)
    bound = _bound_parameters(params)
    if out or fmt == "xlsx":
        if not out or fmt not in ("xlsx", "csv"):
            raise click.UsageError("--out writes xlsx or csv: give --format xlsx|csv --out FILE "
                                   "(redirect standard output for the other formats)")
        _export(warehouse, out, fmt, limits, query=query, parameters=bound)
        return
    if max_rows is None and fmt in ("table", "markdown"):
        max_rows = DEFAULT_MAX_ROWS

    def work(con, stop):
        cursor = open_query(con, query, bound)
        if cursor is None:
            return
        columns = [d[0] for d in cursor.description]
        size = BATCH_ROWS if max_rows is None else min(BATCH_ROWS, max_rows + 1)
        write_rows(columns, Capped(fetch_batches(con, cursor, stop, size), max_rows), fmt, guard=not raw)

    _bounded(warehouse, limits, work)


def _query_text(query: str | None, query_file: str | None) -> str:
    """The query: the argument, else the file; `-` for either reads standard input."""
    if query_file or query == "-":
        source = query_file or "-"
        query = (sys.stdin.read() if source == "-"
                 else Path(source).read_text(encoding="utf-8"))
    if not query or not query.strip():
        raise click.UsageError("give a query, or --file query.sql (--file - reads standard input)")
    return query


def _bounded(warehouse: str | None, limits: QueryLimits, work) -> None:
    """`work(con, bound)` on a reader within `limits`: a query error ends the command with one
    line and status 2, Ctrl-C with one line and status 130."""
    with query_failures():
        con = reader(warehouse_path(warehouse), limits)
        try:
            run_bounded(con, lambda stop: work(con, stop), limits.timeout)
        finally:
            con.close()


@contextmanager
def query_failures(*expected: type[BaseException]) -> Iterator[None]:
    """End the command with one line: Ctrl-C (during the query or before it started) with status
    130, a query error, a missing warehouse, a bad limit or one of `expected` with status 2."""
    try:
        yield
    except (QueryInterrupted, KeyboardInterrupt):
        fail(QueryInterrupted("query interrupted (Ctrl-C)"), INTERRUPTED)
    except (QueryError, FileNotFoundError, ValueError, *expected) as exc:
        fail(exc, 2)


@click.command("export")
@click.argument("relation", required=False)
@click.option("--query", default=None, help="Export the rows of this query instead of a table or view.")
@click.option("--file", "query_file", type=click.Path(exists=True, dir_okay=False), help="Read the query from a file.")
@param_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default=None,
              help="xlsx, csv or parquet (default: from the suffix of --out).")
@click.option("--out", required=True, type=click.Path(),
              help="The file to write; for parquet, a folder partitioned by year (and region).")
@click.option("--raw-headers", is_flag=True, help="Keep the column names instead of Chinese headers (xlsx, csv).")
@click.option("--all-columns", is_flag=True,
              help="Keep the internal keys and file hashes (表键, 文件哈希, …) that xlsx and csv leave out.")
@click.option("--unit", type=click.Choice(EXPORT_UNITS), default="元", show_default=True,
              help="Amounts in yuan as 元, or divided by 10,000 exactly as 万元 (xlsx, csv).")
@click.option("--raw", is_flag=True,
              help="csv for machines: text that starts like a formula (=, +, -, @) is not given a leading '.")
@limits_options
@warehouse_option
def export_command(relation: str | None, query: str | None, query_file: str | None, params: tuple[str, ...],
                   fmt: str | None, out: str, raw_headers: bool, all_columns: bool, unit: str, raw: bool,
                   limits: QueryLimits, warehouse: str | None) -> None:
    """Export a table or view (RELATION), or a query, of the published warehouse to xlsx, csv or parquet."""
    if query_file:
        query = Path(query_file).read_text(encoding="utf-8")
    if bool(relation) == bool(query):
        raise click.UsageError("name one table or view, or give --query / --file (not both)")
    suffix = Path(out).suffix.lower().lstrip(".")
    fmt = fmt or (suffix if suffix in EXPORT_FORMATS else None)
    if not fmt:
        raise click.UsageError("give --format xlsx|csv|parquet (the suffix of --out does not say)")
    if raw and fmt != "csv":
        raise click.UsageError("--raw is for csv (xlsx writes text as text; parquet keeps values as stored)")
    if unit != "元" and fmt == "parquet":
        raise click.UsageError("--unit is for xlsx and csv; parquet keeps amounts as stored, in yuan")
    selection = {"relation": relation} if relation else {"query": query, "parameters": _bound_parameters(params)}
    _export(warehouse, out, fmt, limits, chinese_headers=not raw_headers, all_columns=all_columns, unit=unit,
            raw=raw, **selection)


def _export(warehouse: str | None, out: str, fmt: str, limits: QueryLimits, **selection) -> None:
    with query_failures(FileExistsError):
        result = with_progress(lambda progress: export(warehouse_path(warehouse), out, fmt, progress=progress,
                                                        limits=limits, **selection))
    partitions = f", partitioned by {', '.join(result.partitions)}" if result.partitions else ""
    console.print(f"exported {result.rows:,} row(s) of {selection.get('relation') or 'the query'} "
                  f"to {result.path} ({fmt}{partitions}) in {result.seconds:.2f}s", markup=False)


@click.command("report")
@click.option("--department", default=None, help="Part of a department name (default: every department).")
@click.option("--years", default=None, help="A budget year (2024) or a range (2022-2024); default: all loaded.")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="The HTML file to write.")
@limits_options
@warehouse_option
def report_command(department: str | None, years: str | None, out: str, limits: QueryLimits,
                   warehouse: str | None) -> None:
    """Write the HTML report (charts, tables, the target-quality review) of a department's years."""
    try:
        first, last = parse_years(years)
    except ReportScopeError as exc:
        raise click.UsageError(str(exc)) from None
    scope = Scope(department or None, first, last)
    with query_failures(ReportScopeError):
        result = with_progress(lambda progress: write_report(warehouse_path(warehouse), out, scope, progress,
                                                              limits))
    drawn = sum(1 for marks in result.charts.values() if marks)
    console.print(f"wrote {result.path}: {result.title}; {result.projects} project row(s), {result.flags} review "
                  f"flag(s), {drawn} of {len(result.charts)} charts drawn, {result.bytes / 1024:.0f} KiB "
                  f"in {result.seconds:.2f}s", markup=False)


@click.command("tables")
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
