"""Exports for analysts: a table, a view or a query of the published warehouse to xlsx, csv or parquet.

The rows stream from a sandboxed read-only connection (warehouse.connection.reader) in Arrow
batches, so an export of millions of rows never sits in memory:
- xlsx (warehouse.xlsx): a title row, Chinese headers, yuan and percent formats, print setup; every
  cell as stored (text is written as text, so nothing in it runs);
- csv: UTF-8 with a byte-order mark (Excel on Chinese Windows), Chinese headers; text that starts
  like a formula neutralized (warehouse.formula_guard) unless `raw`;
- parquet: Hive-partitioned by year (and region code when the rows have one), every column and
  value as stored, for machines.
xlsx and csv show the analyst layout (warehouse.export_layout): no internal keys, rows in order,
是/否, source files relative to the landing folder, amounts in 元 or 万元. `--out` is checked first
(warehouse.export_target).
Query parameters are bound by DuckDB, never formatted into the SQL. A file is written beside its
target and moved into place when complete, so a failed export leaves nothing half-written.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterator

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from warehouse.column_labels import column_labels
from warehouse.connection import reader
from warehouse.export_layout import display_frame, display_schema, layout
from warehouse.export_target import check_target, unwritable
from warehouse.folders import landing_folder
from warehouse.formula_guard import neutralize, neutralize_frame
from warehouse.model import TABLES
from warehouse.query import Bound, QueryError, list_relations, query_errors, run_bounded
from warehouse.relations import analyst_names, suggestion
from warehouse.sandbox import QueryLimits, check_statements
from warehouse.temp_files import claim, release
from warehouse.xlsx import WAN_YUAN_FORMAT, YUAN_FORMAT, XlsxExport, yuan_columns

FORMATS = ("xlsx", "csv", "parquet")
BATCH_ROWS = 50_000
YEAR_COLUMNS = ("budget_year", "年度", "预算年度")
# codes first: folder names in ASCII read the same in every engine (Spark decodes %-escaped UTF-8 badly)
REGION_COLUMNS = ("region_code", "地区代码", "region", "地区")
UTF8_BOM = b"\xef\xbb\xbf"

Progress = Callable[[str, int, int], None]  # (stage, done, total), as warehouse.ingest


@dataclass
class ExportResult:
    path: Path
    format: str
    rows: int
    columns: list[str]
    headers: list[str]
    partitions: list[str] = field(default_factory=list)
    seconds: float = 0.0


def relation_query(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """`SELECT *` from a table or view that exists (the name is checked, then quoted)."""
    relations = list_relations(con)
    if name not in {relation for relation, _, _ in relations}:
        raise QueryError(f"no table or view named {name!r}; {suggestion(name, analyst_names(relations))}")
    return 'SELECT * FROM "' + name.replace('"', '""') + '"'


def single_query(con: duckdb.DuckDBPyConnection, sql: str) -> str:
    """The one query in `sql` (refused unless it is a query, as for `jixiao sql`)."""
    check_statements(con, sql)
    statements = con.extract_statements(sql)
    if len(statements) != 1:
        raise QueryError(f"an export takes one query; this text has {len(statements)} statements")
    return statements[0].query.strip().rstrip(";").strip()


def partition_columns(columns: list[str]) -> list[str]:
    """Hive partitions for parquet: the year column, then the region column, when present."""
    year = [c for c in YEAR_COLUMNS if c in columns][:1]
    region = [c for c in REGION_COLUMNS if c in columns][:1]
    return year + region if year else []


def export(warehouse: Path, out: str | Path, fmt: str, *, relation: str | None = None,
           query: str | None = None, parameters: list | dict | None = None,
           chinese_headers: bool = True, all_columns: bool = False, unit: str = "元", raw: bool = False,
           progress: Progress | None = None, limits: QueryLimits = QueryLimits()) -> ExportResult:
    """Export a table or view (`relation`) or a `query` of the published warehouse to `out`, within
    `limits` (the timeout covers the whole export; Ctrl-C stops it; nothing is left half-written).

    xlsx and csv take the analyst layout of warehouse.export_layout (`all_columns` keeps the keys
    and hashes, `unit="万元"` shows amounts in 万元); csv text that starts like a formula is
    neutralized unless `raw`. Parquet keeps every column and value as stored."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if (relation is None) == (query is None):
        raise ValueError("export either a table or view, or a query")
    started = time.perf_counter()
    out = Path(out)
    check_target(out, fmt)
    request = _Request(relation, query, parameters, chinese_headers, all_columns, unit, raw, progress)
    con = reader(warehouse, limits)
    try:
        return run_bounded(con, lambda bound: _export_rows(con, bound, warehouse, out, fmt, request, started),
                           limits.timeout)
    finally:
        con.close()


@dataclass(frozen=True)
class _Request:
    """What to export and how (the arguments of `export` beyond where)."""

    relation: str | None
    query: str | None
    parameters: list | dict | None
    chinese_headers: bool
    all_columns: bool
    unit: str
    raw: bool
    progress: Progress | None


def _export_rows(con: duckdb.DuckDBPyConnection, bound: Bound, warehouse: Path, out: Path, fmt: str,
                 request: _Request, started: float) -> ExportResult:
    relation, query, parameters, progress = request.relation, request.query, request.parameters, request.progress
    chinese_headers, all_columns, unit, raw = request.chinese_headers, request.all_columns, request.unit, request.raw
    with query_errors(con):
        sql = relation_query(con, relation) if relation else single_query(con, query or "")
        selected = con.sql(sql, params=parameters)
        total = selected.aggregate("count(*)").fetchall()[0][0]
        schema = _schema(selected)
        if fmt == "parquet":
            columns = headers = list(schema.names())
            batches = selected.to_arrow_reader(BATCH_ROWS)  # streams from here: no other query
            write_parquet(batches, out, partition_columns(columns), _counted(progress, total, bound))
            return ExportResult(out, fmt, total, columns, headers, partition_columns(columns),
                                time.perf_counter() - started)
        shape = layout(schema, relation=relation is not None, all_columns=all_columns, unit=unit)
        shaped = shape.apply(selected, schema)
        columns = shape.columns
        headers = columns
        if chinese_headers:
            headers = column_labels(con, columns, relation, yuan_columns(pl.Schema(
                {c: schema[c] for c in columns})))
        headers = shape.headers(headers)
        title = _title(con, relation, unit)
        display = display_schema(_schema(shaped))
        landing = landing_folder(warehouse)
        batches = shaped.to_arrow_reader(BATCH_ROWS)  # streams from here: no other query
        frames = _frames(batches, _counted(progress, total, bound), landing)
        if fmt == "xlsx":
            yuan_format = WAN_YUAN_FORMAT if unit == "万元" else YUAN_FORMAT
            write_xlsx(frames, out, headers, display, relation or "查询结果", title, yuan_format)
        else:
            write_csv(frames if raw else (neutralize_frame(f) for f in frames), out,
                      headers if raw else _safe_headers(headers), display)
    return ExportResult(out, fmt, total, columns, headers, [], time.perf_counter() - started)


def _schema(selected: duckdb.DuckDBPyRelation) -> pl.Schema:
    return pl.from_arrow(selected.limit(0).to_arrow_table()).schema


def _title(con: duckdb.DuckDBPyConnection, relation: str | None, unit: str) -> str:
    """The title row of a workbook: what was exported, from which warehouse file, when (UTC)."""
    [(path,)] = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchall()
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    amounts = "；金额单位：万元" if unit == "万元" else ""
    return f"{relation or '查询结果'}（来源：{Path(path).name}；导出时间：{when}{amounts}）"


def _counted(progress: Progress | None, total: int, bound: Bound) -> Callable[[int], None]:
    done = 0

    def advance(rows: int) -> None:
        nonlocal done
        bound.check()  # stopped: the writer's temporary file is removed, nothing is moved into place
        done += rows
        if progress:
            progress("export", done, total)

    return advance


def _frames(batches: pa.RecordBatchReader, advance: Callable[[int], None],
            landing: Path | None) -> Iterator[pl.DataFrame]:
    """The rows as Polars frames of plain values (warehouse.export_layout.display_frame)."""
    for batch in batches:
        yield display_frame(pl.from_arrow(pa.Table.from_batches([batch])), landing)
        advance(batch.num_rows)


def _safe_headers(headers: list[str]) -> list[str]:
    return pl.select(neutralize(pl.lit(pl.Series(headers, dtype=pl.String)))).to_series().to_list()


def _temporary(path: Path) -> Path:
    """The temporary file beside `path` (the leftovers of killed runs swept first), probed: a file
    system that refuses it is one line."""
    temporary = claim(path)
    try:
        temporary.touch()
    except OSError as exc:
        release(temporary)
        raise unwritable(path, exc) from None
    return temporary


def write_xlsx(frames: Iterator[pl.DataFrame], out: Path, headers: list[str], schema: pl.Schema,
               sheet: str, title: str = "", yuan_format: str = YUAN_FORMAT) -> None:
    temporary = _temporary(out)
    try:
        workbook = XlsxExport(temporary, headers, schema, sheet, title, yuan_format)
        for frame in frames:
            workbook.write(frame)
        workbook.close()
        os.replace(temporary, out)
    finally:
        release(temporary)


def write_csv(frames: Iterator[pl.DataFrame], out: Path, headers: list[str], schema: pl.Schema) -> None:
    temporary = _temporary(out)
    try:
        with open(temporary, "wb") as handle:
            handle.write(UTF8_BOM)
            pl.DataFrame(schema=dict(zip(headers, schema.values()))).write_csv(handle)
            for frame in frames:
                frame.write_csv(handle, include_header=False)
        os.replace(temporary, out)
    finally:
        release(temporary)


def write_parquet(batches: pa.RecordBatchReader, out: Path, partitions: list[str],
                  advance: Callable[[int], None]) -> None:
    """A Hive-partitioned dataset directory at `out` (one file when there is nothing to partition by)."""
    if out.exists() and (out.is_file() or any(out.iterdir())):
        raise FileExistsError(f"{out} exists; parquet exports write a new folder: remove it or choose another --out")
    temporary = _temporary(out)
    temporary.unlink()  # a probe that the folder takes new files: the dataset is written in its place

    def counted() -> Iterator[pa.RecordBatch]:
        for batch in batches:
            advance(batch.num_rows)
            yield batch

    stream = pa.RecordBatchReader.from_batches(batches.schema, counted())
    try:
        if partitions:
            # values are percent-encoded in folder names (地区=%E5%B9%BF...), as Hive does; DuckDB,
            # Polars and pyarrow decode them when they read the folder with hive partitioning
            ds.write_dataset(stream, temporary, format="parquet", partitioning=partitions,
                             partitioning_flavor="hive", basename_template="part-{i}.parquet",
                             existing_data_behavior="error")
        else:
            with pq.ParquetWriter(temporary, stream.schema) as writer:
                for batch in stream:
                    writer.write_batch(batch)
        if out.exists():
            out.rmdir()  # empty, checked above
        os.replace(temporary, out)
    finally:
        release(temporary)


def is_number(value: object) -> bool:
    """A number (int, float, Decimal), not a boolean: right-aligned in tables."""
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def markdown_table(columns: list[str], rows: list[tuple]) -> str:
    """A GitHub-flavoured markdown table; numbers right-aligned, `|` and line breaks escaped."""
    def cell(value: object) -> str:
        text = "" if value is None else str(value)
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")

    numeric = [any(row[i] is not None for row in rows)
               and all(row[i] is None or is_number(row[i]) for row in rows) for i in range(len(columns))]
    lines = ["| " + " | ".join(cell(c) for c in columns) + " |",
             "|" + "|".join("---:" if right else "---" for right in numeric) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


# --- the whole warehouse for engines beyond one machine (docs/scale.md) --------------------

WAREHOUSE_TABLES = TABLES  # the canonical tables of warehouse.model
UNKNOWN = "unknown"


@dataclass
class WarehouseExport:
    path: Path
    rows: dict[str, int]  # rows written per table
    seconds: float = 0.0


def _partitioned_select(con: duckdb.DuckDBPyConnection, table: str) -> tuple[str, list[str]]:
    """The rows of `table` with `year` and `province` partition columns, and the partition columns.

    Fact tables take both from their document (budget year) and its department: `province` is the
    province's 6-digit division code (440000 for 广东省, from the region derivation), ASCII so every
    engine reads the folder names alike (DuckDB percent-encodes other text, Spark decodes it byte by
    byte), and `unknown` when the name places the department nowhere; the name itself is the
    `province_name` column. Submissions have a year only; departments are not partitioned.
    """
    columns = {name for (name,) in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ?", [table]).fetchall()}
    regions = {name for (name,) in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = 'departments' "
        "AND column_name IN ('province', 'region_code')").fetchall()}
    code = "left(dep.region_code, 2) || '0000'" if "region_code" in regions else "NULL"
    name = "dep.province" if "province" in regions else "CAST(NULL AS VARCHAR)"
    year = f"coalesce(CAST({{}}.budget_year AS VARCHAR), '{UNKNOWN}') AS year"
    if table == "departments":
        return "SELECT * FROM departments", []
    if table == "submissions":
        return f"SELECT s.*, {year.format('s')} FROM submissions s", ["year"]
    if table == "documents":
        source = "documents t"
    elif "document_key" in columns:
        source = f"{table} t LEFT JOIN documents d USING (document_key)"
    else:
        raise ValueError(f"{table} has no document_key to partition by")
    doc = "t" if table == "documents" else "d"
    sql = (f"SELECT t.*, {name} AS province_name, {year.format(doc)}, coalesce({code}, '{UNKNOWN}') AS province "
           f"FROM {source} LEFT JOIN departments dep ON dep.department_key = {doc}.department_key")
    return sql, ["year", "province"]


def export_parquet(warehouse: Path, out_dir: str | Path, tables: tuple[str, ...] = WAREHOUSE_TABLES) -> WarehouseExport:
    """Every warehouse table as Hive-partitioned Parquet: `<out>/<table>/year=2024/province=440000/*.parquet`
    (the province's division code; `province=unknown` where no region is derived). Spark, Trino and DuckDB read the folders as
    tables (`read_parquet('<out>/projects/**/*.parquet', hive_partitioning = true)`).

    Reads the published snapshot (or the warehouse when there is none); DuckDB writes the files
    in parallel and streams, so memory stays flat. The folder is written beside `out_dir` and
    moved into place when complete.
    """
    started = time.perf_counter()
    out = Path(out_dir)
    snapshot = warehouse.with_name(warehouse.stem + ".published" + warehouse.suffix)
    source = snapshot if snapshot.exists() else warehouse
    temporary = claim(out)  # `.<out>.tmp<PID>`; what killed exports left is removed first
    temporary.mkdir()
    rows: dict[str, int] = {}
    con = duckdb.connect(str(source), read_only=True)
    try:
        for table in tables:
            sql, partitions = _partitioned_select(con, table)
            target = temporary / table
            options = "FORMAT parquet, COMPRESSION zstd"
            if partitions:
                options += f", PARTITION_BY ({', '.join(partitions)})"
                target.mkdir()
            else:
                target.mkdir()
                target = target / "data.parquet"
            rows[table] = con.execute(f"COPY ({sql}) TO '{target}' ({options})").fetchall()[0][0]
            if partitions and not rows[table]:  # an empty table is still a table: one file, no rows
                con.execute(f"COPY ({sql} LIMIT 0) TO '{target / 'empty.parquet'}' (FORMAT parquet)")
    except BaseException:
        release(temporary)
        raise
    finally:
        con.close()
    if out.exists():
        shutil.rmtree(out)
    os.replace(temporary, out)
    release(temporary)
    return WarehouseExport(out, rows, time.perf_counter() - started)
