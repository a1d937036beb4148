"""What an analyst's export (xlsx, csv) shows of a table, view or query, decided from its columns.

- Columns: a table or view exports its analyst columns; internal keys (names ending in `_key` or
  `键`: 表键, 上年表键, 指标键, 项目键; file hashes; ids) are left out unless `all_columns`. A query
  exports the columns it selects.
- Order: a table or view exports its rows sorted by year, region, department, project (then the
  table and the line they came from); a query keeps the order it asks for (ORDER BY).
- Values: booleans read 是/否; nested values (lists, structs) are JSON text; a source file is shown
  relative to the landing folder when it was ingested from there, else by its file name — never
  as an absolute path of the machine that loaded it.
- Units: with `unit="万元"`, amounts in yuan (the yuan columns of warehouse.xlsx) are divided by
  10,000 exactly (DECIMAL arithmetic in DuckDB, no float on the way) and their headers say 万元.
Parquet exports are for machines and keep every column, value and type as stored.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from warehouse.xlsx import yuan_columns

UNITS = ("元", "万元")
_INTERNAL = re.compile(r"(_key|键|_id|_hash|哈希|sha256)$|^(id|fingerprint|superseded_by)$")
# the sort of a table or view: the first column present of each group, in this order
SORT_GROUPS = (
    ("budget_year", "年度", "预算年度"),
    ("region_code", "地区代码", "region", "地区"),
    ("department_name", "主管部门", "部门名称"),
    ("project_name", "项目名称", "项目或单位名称", "owner_name", "subject_name", "unit_name", "单位名称"),
    ("document_key", "表键"),
    ("source_line", "来源行", "first_line", "line"),
)
PATH_COLUMNS = frozenset({"file_path", "来源文件", "文件路径", "file"})
_YUAN_HEADER = re.compile(r"[(（]元[)）]")
_TEN_THOUSANDTH = "0.0001::DECIMAL(5,4)"


def is_internal(column: str) -> bool:
    """Whether `column` is an internal key, hash or id rather than something an analyst reads."""
    return bool(_INTERNAL.search(column))


def sort_columns(columns: list[str]) -> list[str]:
    return [group[0] for group in ([c for c in names if c in columns] for names in SORT_GROUPS) if group]


def quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def in_wan_yuan(column: str, dtype: pl.DataType) -> str:
    """The SQL of `column` (an amount in yuan) in 万元: exact for decimals and whole numbers."""
    name = quoted(column)
    if isinstance(dtype, pl.Decimal):
        return f"{name} * {_TEN_THOUSANDTH}"
    if dtype.is_integer():
        return f"CAST({name} AS DECIMAL(38,0)) * {_TEN_THOUSANDTH}"
    return f"{name} / 10000"


def unit_header(header: str) -> str:
    """The header of a yuan column converted to 万元."""
    if _YUAN_HEADER.search(header):
        return _YUAN_HEADER.sub("(万元)", header)
    if header.endswith("_yuan"):
        return header[: -len("_yuan")] + "_wan_yuan"
    return header + "(万元)"


@dataclass(frozen=True)
class Layout:
    columns: list[str]  # the columns exported, in order
    sort: list[str]  # ORDER BY of the rows (empty: as the query gives them)
    converted: frozenset[str]  # the yuan columns shown in 万元

    def apply(self, selected: duckdb.DuckDBPyRelation, schema: pl.Schema) -> duckdb.DuckDBPyRelation:
        """`selected` with this layout's columns, units and order (parameters stay bound)."""
        expressions = [(in_wan_yuan(c, schema[c]) if c in self.converted else quoted(c)) + " AS " + quoted(c)
                       for c in self.columns]
        if self.sort:  # before the projection: the sort may use a column that is not exported
            selected = selected.order(", ".join(quoted(c) + " NULLS LAST" for c in self.sort))
        return selected.project(", ".join(expressions))

    def headers(self, headers: list[str]) -> list[str]:
        return [unit_header(h) if c in self.converted else h for c, h in zip(self.columns, headers)]


def layout(schema: pl.Schema, *, relation: bool, all_columns: bool = False, unit: str = "元") -> Layout:
    """The analyst layout of rows with `schema` (of a table or view when `relation`, else of a query)."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}; choose one of {', '.join(UNITS)}")
    names = list(schema.names())
    kept = [c for c in names if all_columns or not relation or not is_internal(c)] or names
    converted = yuan_columns(pl.Schema({c: schema[c] for c in kept})) if unit == "万元" else frozenset()
    return Layout(kept, sort_columns(names) if relation else [], converted)


def display_frame(frame: pl.DataFrame, landing: Path | None) -> pl.DataFrame:
    """`frame` as the analyst reads it: 是/否, nested values as JSON text, source files relative."""
    changes = []
    for name, dtype in frame.schema.items():
        column = pl.col(name)
        if dtype == pl.Boolean:
            changes.append(pl.when(column).then(pl.lit("是")).when(~column).then(pl.lit("否")).alias(name))
        elif dtype.is_nested():
            changes.append(column.map_elements(_json_text, return_dtype=pl.String, skip_nulls=True))
        elif name in PATH_COLUMNS and dtype == pl.String:
            changes.append(relative_source(column, landing).alias(name))
    return frame.with_columns(changes) if changes else frame


def display_schema(schema: pl.Schema) -> pl.Schema:
    """The schema of `display_frame`'s frames: booleans and nested values become text."""
    return pl.Schema({name: pl.String if dtype == pl.Boolean or dtype.is_nested() else dtype
                      for name, dtype in schema.items()})


def relative_source(column: pl.Expr, landing: Path | None) -> pl.Expr:
    """A stored source path as its name under the landing folder, else its file name."""
    name = column.str.extract(r"([^/\\]+)$")
    if landing is None:
        return name
    prefix = str(landing).rstrip("/\\") + os.sep
    return pl.when(column.str.starts_with(prefix)).then(column.str.slice(len(prefix))).otherwise(name)


def _json_text(value: object) -> str:
    plain = value.to_list() if isinstance(value, pl.Series) else value  # a list cell comes as a Series
    return json.dumps(plain, ensure_ascii=False, default=str)
