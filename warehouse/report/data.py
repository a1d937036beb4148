"""What the report shows: the `-- name:` queries of queries.sql, run with bound parameters."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import Callable

import duckdb

from warehouse.query import query_errors

_NAME = re.compile(r"^-- name: (\w+)\s*$", re.M)

Progress = Callable[[str, int, int], None]  # (stage, done, total), as warehouse.ingest


class ReportScopeError(ValueError):
    """The department or years asked for select nothing in the warehouse."""


@dataclass(frozen=True)
class Scope:
    """Which part of the warehouse a report covers: part of a department name (None for all) and
    a range of budget years (None for no bound)."""

    department: str | None = None
    first_year: int | None = None
    last_year: int | None = None

    @property
    def parameters(self) -> dict[str, object]:
        return {"department": self.department, "first_year": self.first_year, "last_year": self.last_year}


def parse_years(text: str | None) -> tuple[int | None, int | None]:
    """`2024`, `2022-2024`, `2022,2024` (first and last) or empty -> (first, last)."""
    if not text or not text.strip():
        return None, None
    years = [int(y) for y in re.findall(r"\d{4}", text)]
    if not years or re.sub(r"[\d\s,，\-–~至]", "", text):
        raise ReportScopeError(f"years {text!r}: give a year (2024) or a range (2022-2024)")
    return min(years), max(years)


def report_queries() -> tuple[str, dict[str, str]]:
    """The preamble of queries.sql (the scope macro) and its named queries, in file order."""
    text = resources.files("warehouse.report").joinpath("queries.sql").read_text(encoding="utf-8")
    parts = _NAME.split(text)
    return parts[0], {name: body.strip() for name, body in zip(parts[1::2], parts[2::2])}


def gather(con: duckdb.DuckDBPyConnection, scope: Scope, progress: Progress | None = None) -> dict[str, list[dict]]:
    """Run every report query for `scope`; rows as dicts. Raise ReportScopeError when nothing matches."""
    preamble, queries = report_queries()
    con.execute(preamble)
    results: dict[str, list[dict]] = {}
    for done, (name, sql) in enumerate(queries.items(), start=1):
        bound = {key: value for key, value in scope.parameters.items() if f"${key}" in sql}
        with query_errors(con):
            cursor = con.execute(sql, bound)
            columns = [d[0] for d in cursor.description]
            results[name] = [dict(zip(columns, row)) for row in cursor.fetchall()]
        if name == "years" and not results["years"]:
            raise ReportScopeError(_nothing_matches(con, scope))
        if progress:
            progress("report", done, len(queries) + 1)
    return results


def _nothing_matches(con: duckdb.DuckDBPyConnection, scope: Scope) -> str:
    known = con.execute(
        "SELECT dep.department_name, min(d.budget_year), max(d.budget_year) FROM current_documents d "
        "JOIN departments dep USING (department_key) GROUP BY 1 ORDER BY 1 LIMIT 20").fetchall()
    listed = "; ".join(f"{name} ({first}–{last})" if first != last else f"{name} ({first})"
                       for name, first, last in known) or "none loaded yet"
    years = ""
    if scope.first_year or scope.last_year:
        years = f" in {scope.first_year or '…'}–{scope.last_year or '…'}"
    department = f"department matching {scope.department!r}" if scope.department else "table"
    return f"no {department}{years}; departments in the warehouse: {listed}"
