"""The table contract: every table's columns, types and comments, declared once (warehouse/tables.toml).

The DDL is made from it (`ddl`: CREATE TABLE, the columns added to older warehouses, COMMENT ON every
table and column), and so are the Polars schemas of the frames a load builds (`polars_schema`,
warehouse/model.py SCHEMAS): the two cannot drift apart.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

import polars as pl

from sources.money import YUAN_DTYPE

POLARS_TYPES: dict[str, pl.DataType] = {
    "VARCHAR": pl.String, "INTEGER": pl.Int32, "BIGINT": pl.Int64, "DOUBLE": pl.Float64,
    "BOOLEAN": pl.Boolean, "TIMESTAMP": pl.Datetime("us"), "DECIMAL(18, 2)": YUAN_DTYPE,
    "VARCHAR[]": pl.List(pl.String),
}
_CONSTRAINTS = (" NOT NULL", " PRIMARY KEY")


@dataclass(frozen=True)
class Column:
    name: str
    declaration: str  # what follows the name in CREATE TABLE: the type and any constraint
    comment: str
    added: bool  # added after the first warehouses: ALTER TABLE ... ADD COLUMN IF NOT EXISTS
    filled_in_sql: bool  # a load does not build it; SQL fills it after the load

    @property
    def data_type(self) -> str:
        for constraint in _CONSTRAINTS:
            if self.declaration.endswith(constraint):
                return self.declaration.removesuffix(constraint)
        return self.declaration


@dataclass(frozen=True)
class Table:
    name: str  # qualified by its schema when not in main (quarantine.holds)
    comment: str
    columns: tuple[Column, ...]

    @property
    def schema(self) -> str:
        return self.name.split(".")[0] if "." in self.name else "main"


@cache
def tables() -> dict[str, Table]:
    """Every table of the contract, in the order its DDL is applied."""
    text = resources.files("warehouse").joinpath("tables.toml").read_text(encoding="utf-8")
    contract: dict[str, Table] = {}
    for name, entry in tomllib.loads(text).items():
        filled = set(entry.get("filled_in_sql", ()))
        columns = tuple(Column(column, declaration, comment, section == "added", column in filled)
                        for section in ("columns", "added")
                        for column, (declaration, comment) in entry.get(section, {}).items())
        contract[name] = Table(name, entry["comment"], columns)
    return contract


def sql_literal(text: str) -> str:
    """`text` as a SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def table_ddl(table: Table) -> str:
    """CREATE TABLE IF NOT EXISTS (its first columns), ALTER TABLE for the added ones, the comments."""
    created = [column for column in table.columns if not column.added]
    width = max(len(column.name) for column in created)
    statements = []
    if table.schema != "main":
        statements.append(f"CREATE SCHEMA IF NOT EXISTS {table.schema};")
    statements.append(f"CREATE TABLE IF NOT EXISTS {table.name} (\n"
                      + ",\n".join(f"    {c.name:<{width}} {c.declaration}" for c in created) + "\n);")
    statements += [f"ALTER TABLE {table.name} ADD COLUMN IF NOT EXISTS {c.name} {c.declaration};"
                   for c in table.columns if c.added]
    statements.append(f"COMMENT ON TABLE {table.name} IS {sql_literal(table.comment)};")
    statements += [f"COMMENT ON COLUMN {table.name}.{c.name} IS {sql_literal(c.comment)};" for c in table.columns]
    return "\n".join(statements) + "\n"


def ddl(schema: str = "main") -> str:
    """The DDL of every table of `schema`, in the contract's order; harmless on an existing warehouse."""
    return "\n".join(table_ddl(table) for table in tables().values() if table.schema == schema)


def polars_schema(name: str) -> dict[str, pl.DataType]:
    """The columns a load builds for table `name`, with their Polars types, in the table's order."""
    return {column.name: POLARS_TYPES[column.data_type] for column in tables()[name].columns
            if not column.filled_in_sql}


def filled_in_sql(name: str) -> set[str]:
    """The columns of table `name` that SQL fills after the load (e.g. the departments' regions)."""
    return {column.name for column in tables()[name].columns if column.filled_in_sql}
