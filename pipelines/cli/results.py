"""How `jixiao sql` writes rows to standard output as they come from the query (never all held):
csv and json streamed batch by batch, the table and markdown formats stopped at --max-rows.

The table right-aligns numbers, with thousands separators (6,740,900.00; not years: 2024) and shares — float
columns named …比例, …占比, *_share, *_ratio, as in xlsx exports — as percentages (1.38%). Csv
text that starts like a formula is neutralized as `jixiao export` does (warehouse.formula_guard)
unless the caller asks for raw values.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from decimal import Decimal
from typing import Iterable, Iterator

from rich.table import Table

from pipelines.cli.terminal import console, errors
from warehouse.export import is_number, markdown_table
from warehouse.formula_guard import neutralize_text
from warehouse.xlsx import SHARE_NAME

DEFAULT_MAX_ROWS = 1000
YEAR_NAME = re.compile(r"(year|年度|年份)$", re.IGNORECASE)  # budget_year, 年度: 2024, not 2,024


class Capped:
    """The rows of `batches`, at most `limit` of them (None: all); `more` tells, once iterated,
    whether the query had rows past the limit, `count` how many were given."""

    def __init__(self, batches: Iterable[list[tuple]], limit: int | None):
        self.batches, self.limit = batches, limit
        self.count, self.more = 0, False

    def __iter__(self) -> Iterator[tuple]:
        for batch in self.batches:
            if self.limit is not None and self.count + len(batch) > self.limit:
                rest = batch[: self.limit - self.count]
                self.count += len(rest)
                self.more = True
                yield from rest
                return
            self.count += len(batch)
            yield from batch


def plain(value: object) -> object:
    """A value as csv and json write it: exact decimals as text, dates in ISO 8601."""
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def display(value: object, kind: str = "") -> str:
    """A cell of the table: numbers with thousands separators, a share (kind "share") as a
    percentage, a year (kind "year") as it is."""
    if value is None:
        return ""
    if kind == "year" and isinstance(value, int):
        return str(value)
    if isinstance(value, float) and kind == "share":
        return f"{value:.2%}"
    if isinstance(value, float):
        return f"{value:,.10g}"
    if is_number(value):
        return f"{value:,}"
    return str(plain(value))


def write_csv(columns: list[str], rows: Iterable[tuple], guard: bool = True) -> None:
    writer = csv.writer(sys.stdout)
    clean = neutralize_text if guard else (lambda value: value)
    writer.writerow([clean(c) for c in columns])
    for row in rows:
        writer.writerow([clean(plain(v)) for v in row])


def write_json(columns: list[str], rows: Iterable[tuple]) -> None:
    """A json array of one object a row, written as the rows come (the layout of `indent=1`)."""
    separator = "[\n"
    for row in rows:
        record = json.dumps(dict(zip(columns, map(plain, row))), ensure_ascii=False, indent=1)
        sys.stdout.write(separator + "\n".join(" " + line for line in record.splitlines()))
        separator = ",\n"
    sys.stdout.write("[]\n" if separator == "[\n" else "\n]\n")


def _shown(rows: Capped) -> str:
    if rows.more:
        return (f"showing {rows.count:,} of more rows; use --max-rows or --format csv")
    return f"{rows.count:,} row(s)"


def print_table(columns: list[str], rows: Capped) -> None:
    held = list(rows)
    table = Table(show_lines=False)
    for i, name in enumerate(columns):
        numeric = any(row[i] is not None for row in held) and all(row[i] is None or is_number(row[i]) for row in held)
        table.add_column(name, justify="right" if numeric else "left")
    kinds = ["share" if SHARE_NAME.search(name) else "year" if YEAR_NAME.search(name) else "" for name in columns]
    for row in held:
        table.add_row(*[display(v, kind) for v, kind in zip(row, kinds)])
    console.print(table)
    console.print(_shown(rows), markup=False)


def write_markdown(columns: list[str], rows: Capped) -> None:
    sys.stdout.write(markdown_table(columns, list(rows)))
    if rows.more:  # on standard error: standard output stays one markdown table
        errors.print(_shown(rows), markup=False)


def write_rows(columns: list[str], rows: Capped, fmt: str, guard: bool = True) -> None:
    """The rows in `fmt` (table, csv, json or markdown) on standard output, as they come."""
    if fmt == "csv":
        write_csv(columns, rows, guard=guard)
    elif fmt == "json":
        write_json(columns, rows)
    elif fmt == "markdown":
        write_markdown(columns, rows)
    else:
        print_table(columns, rows)


def print_rows(columns: list[str], rows: list[tuple], fmt: str, max_rows: int | None = DEFAULT_MAX_ROWS) -> None:
    """Rows already fetched (the shell's), written as `jixiao sql` writes them in `fmt`."""
    write_rows(columns, Capped([rows], None if fmt in ("csv", "json") else max_rows), fmt)
