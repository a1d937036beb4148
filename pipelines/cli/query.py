"""The analyst's read-only commands on the published snapshot: `jixiao sql`, `export`, `report` and
`tables`. None of them writes to the warehouse (warehouse.query opens it read-only, sandboxed)."""

from __future__ import annotations

import csv
import json
import sys
from decimal import Decimal
from pathlib import Path

import click
from rich.table import Table

from pipelines.cli.options import warehouse_option
from pipelines.cli.progress import with_progress
from pipelines.cli.terminal import console, fail
from warehouse.connection import reader, warehouse_path
from warehouse.export import FORMATS as EXPORT_FORMATS
from warehouse.export_layout import UNITS as EXPORT_UNITS
from warehouse.export import export, markdown_table
from warehouse.query import QueryError, QueryResult, list_relations, run_query
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
        fail(exc, 2)
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
@warehouse_option
def export_command(relation: str | None, query: str | None, query_file: str | None, params: tuple[str, ...],
                   fmt: str | None, out: str, raw_headers: bool, all_columns: bool, unit: str, raw: bool,
                   warehouse: str | None) -> None:
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
    _export(warehouse, out, fmt, chinese_headers=not raw_headers, all_columns=all_columns, unit=unit, raw=raw,
            **selection)


def _export(warehouse: str | None, out: str, fmt: str, **selection) -> None:
    try:
        result = with_progress(lambda progress: export(warehouse_path(warehouse), out, fmt, progress=progress,
                                                        **selection))
    except (QueryError, FileNotFoundError, FileExistsError, ValueError) as exc:
        fail(exc, 2)
    partitions = f", partitioned by {', '.join(result.partitions)}" if result.partitions else ""
    console.print(f"exported {result.rows:,} row(s) of {selection.get('relation') or 'the query'} "
                  f"to {result.path} ({fmt}{partitions}) in {result.seconds:.2f}s", markup=False)


@click.command("report")
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
        result = with_progress(lambda progress: write_report(warehouse_path(warehouse), out, scope, progress))
    except (ReportScopeError, QueryError, FileNotFoundError) as exc:
        fail(exc, 2)
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
