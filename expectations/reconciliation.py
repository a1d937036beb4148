"""The reconciliation checks: SQL across the tables of a submission, run by DuckDB.

Each check is a file in `expectations/sql/` whose header says what it is:

    -- check: reconcile.unit_budget_balances
    -- severity: error
    -- tables: units, budget_lines
    -- rule: 基本支出 + 项目支出 + … = 财政拨款 + 其他资金
    -- explanation: what a failure means for a reviewer

and whose query returns one row per item checked (a unit table, a key task …) with the columns
submission_key, document_key, source_line, passed, found, expected, difference. `_prelude.sql`
(temporary macros and views the checks share) runs first.

The same queries run on a batch before it is loaded (`batch_connection` registers the model's frames
in an in-memory DuckDB: quarantine and `jixiao check` use this) and on the warehouse itself
(`reconcile` on any connection where the tables are visible, read-only is enough).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import duckdb
import polars as pl

from expectations.checks import RECONCILIATION, CheckSpec

ITEM_SCHEMA = {
    "check_name": pl.String, "submission_key": pl.String, "document_key": pl.String,
    "source_line": pl.Int32, "passed": pl.Boolean, "found": pl.String, "expected": pl.String,
    "difference": pl.String,
}
_HEADER = re.compile(r"^--\s*(check|severity|tables|rule|explanation):\s*(.+?)\s*$")
_TABLES_READ = ("units", "budget_lines", "projects", "key_tasks")


@dataclass(frozen=True)
class Reconciliation:
    spec: CheckSpec
    sql: str


def _sql_files() -> dict[str, str]:
    folder = resources.files("expectations").joinpath("sql")
    return {f.name: f.read_text(encoding="utf-8") for f in folder.iterdir() if f.name.endswith(".sql")}


def parse_reconciliation(file_name: str, sql: str) -> Reconciliation:
    header: dict[str, str] = {}
    for line in sql.splitlines():
        match = _HEADER.match(line)
        if match:
            header[match.group(1)] = match.group(2)
    missing = {"check", "severity", "tables", "rule", "explanation"} - set(header)
    if missing:
        raise ValueError(f"expectations/sql/{file_name}: header lacks {', '.join(sorted(missing))}")
    spec = CheckSpec(header["check"], RECONCILIATION, header["tables"], header["severity"],
                     header["rule"], header["explanation"])
    return Reconciliation(spec, sql)


@lru_cache(maxsize=1)
def reconciliations() -> tuple[Reconciliation, ...]:
    files = _sql_files()
    return tuple(parse_reconciliation(name, sql) for name, sql in sorted(files.items())
                 if not name.startswith("_"))


def prelude_sql() -> str:
    return _sql_files()["_prelude.sql"]


def batch_connection(frames: dict[str, pl.DataFrame]) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB where the batch's frames are the tables the checks read."""
    con = duckdb.connect()
    for table in _TABLES_READ:
        con.register(table, frames[table].to_arrow())
    return con


def reconcile(con: duckdb.DuckDBPyConnection, submission_keys: list[str] | None = None) -> pl.DataFrame:
    """Run every reconciliation on `con`; one row per item checked (ITEM_SCHEMA).

    `submission_keys` limits the result to those submissions (e.g. re-checking the warehouse).
    """
    con.execute(prelude_sql())
    parts = []
    for check in reconciliations():
        items = con.sql(check.sql).pl()
        parts.append(items.with_columns(pl.lit(check.spec.name).alias("check_name")))
    found = pl.concat([p.select([pl.col(c).cast(t) for c, t in ITEM_SCHEMA.items()]) for p in parts]) \
        if parts else pl.DataFrame(schema=ITEM_SCHEMA)
    if submission_keys is not None:
        found = found.filter(pl.col("submission_key").is_in(submission_keys))
    return found
