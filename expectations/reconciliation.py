"""The reconciliation checks: SQL across the tables of a submission, run by DuckDB.

Each check is a file in `expectations/sql/` whose header says what it is:

    -- check: reconcile.unit_budget_balances
    -- severity: error
    -- tables: units, budget_lines
    -- rule: 基本支出 + 项目支出 + … = 财政拨款 + 其他资金
    -- explanation: what a failure means for a reviewer
    -- sides: 单位预算支出 and 收入来源 are printed

and whose query returns one row per item checked (a unit table, a key task …) with the columns
submission_key, document_key, source_line, passed, found, expected, difference, and `unreconciled`:
what the item's tables do not print that the check needs (`收入来源 not printed`) or print as no
number (`基本支出 not a number`: reported once, by budget_lines.amount_is_number), null when both
sides are printed. `_prelude.sql` (temporary macros and views the checks share) runs first.

Only items whose sides are all printed are the check's own (its severity, by default error: printed
figures that do not add up). An item with a side not printed is not reconciled: it goes to the
check's companion `<check>_sides_printed` (warn by default, rule `sides`), found `not reconciled: …`.

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

from expectations.checks import RECONCILIATION, WARN, CheckSpec

ITEM_SCHEMA = {
    "check_name": pl.String, "submission_key": pl.String, "document_key": pl.String,
    "source_line": pl.Int32, "passed": pl.Boolean, "found": pl.String, "expected": pl.String,
    "difference": pl.String,
}
_HEADER = re.compile(r"^--\s*(check|severity|tables|rule|explanation|sides):\s*(.+?)\s*$")
_TABLES_READ = ("documents", "units", "budget_lines", "projects", "key_tasks")
COMPANION_SUFFIX = "_sides_printed"


@dataclass(frozen=True)
class Reconciliation:
    spec: CheckSpec
    sql: str
    companion: CheckSpec  # its items with a side not printed: not reconciled (warn)


def _sql_files() -> dict[str, str]:
    folder = resources.files("expectations").joinpath("sql")
    return {f.name: f.read_text(encoding="utf-8") for f in folder.iterdir() if f.name.endswith(".sql")}


def parse_reconciliation(file_name: str, sql: str) -> Reconciliation:
    header: dict[str, str] = {}
    for line in sql.splitlines():
        match = _HEADER.match(line)
        if match:
            header[match.group(1)] = match.group(2)
    missing = {"check", "severity", "tables", "rule", "explanation", "sides"} - set(header)
    if missing:
        raise ValueError(f"expectations/sql/{file_name}: header lacks {', '.join(sorted(missing))}")
    spec = CheckSpec(header["check"], RECONCILIATION, header["tables"], header["severity"],
                     header["rule"], header["explanation"])
    companion = CheckSpec(
        spec.name + COMPANION_SUFFIX, RECONCILIATION, spec.table, WARN, header["sides"],
        f"{spec.name} needs both sides printed, as numbers: a table that does not print one loads, flagged as "
        "not reconciled (a printed side that is no number is an error of its own check, not of this one)")
    return Reconciliation(spec, sql, companion)


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
    """Run every reconciliation on `con`; one row per item checked (ITEM_SCHEMA), named by the
    check it belongs to: the reconciliation, or its companion when a side is not printed.

    `submission_keys` limits the result to those submissions (e.g. re-checking the warehouse).
    """
    con.execute(prelude_sql())
    parts = []
    for check in reconciliations():
        items = con.sql(check.sql).pl()
        reconciled = pl.col("unreconciled").is_null()
        parts.append(items.with_columns(
            pl.when(reconciled).then(pl.lit(check.spec.name)).otherwise(pl.lit(check.companion.name)).alias("check_name"),
            pl.when(reconciled).then(pl.col("passed")).otherwise(False).alias("passed"),
            pl.when(reconciled).then(pl.col("found")).otherwise(pl.format("not reconciled: {}", "unreconciled"))
            .alias("found"),
            pl.when(reconciled).then(pl.col("expected")).otherwise(pl.lit(check.companion.rule)).alias("expected"),
            pl.when(reconciled).then(pl.col("difference")).alias("difference"),
        ))
    found = pl.concat([p.select([pl.col(c).cast(t) for c, t in ITEM_SCHEMA.items()]) for p in parts]) \
        if parts else pl.DataFrame(schema=ITEM_SCHEMA)
    if submission_keys is not None:
        found = found.filter(pl.col("submission_key").is_in(submission_keys))
    return found


def check_families() -> dict[str, str]:
    """Every reconciliation check name (each one and its companion) -> the reconciliation's name."""
    return {name: r.spec.name for r in reconciliations() for name in (r.spec.name, r.companion.name)}
