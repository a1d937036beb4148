"""Analyst query latency on a loaded warehouse: the repository's own queries (queries/*.sql) and
the year-over-year views, each fetched in full, median of several runs."""

from __future__ import annotations

import re
import statistics
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
# three typical analyst queries, from queries/: totals by type, indicator classes, one project's history
ANALYST_QUERIES = ("projects_by_type.sql", "indicator_classes.sql", "project_as_first_submitted.sql")
YOY_QUERIES = ("yoy_changes.sql", "targets_yoy.sql")
YOY_VIEW = re.compile(r"CREATE OR REPLACE VIEW (v_\w*yoy\w*)")


def yoy_views() -> list[str]:
    """The yoy views the warehouse defines (warehouse/*.sql), if any yet."""
    names: list[str] = []
    for sql in sorted((ROOT / "warehouse").glob("*.sql")):
        names += YOY_VIEW.findall(sql.read_text(encoding="utf-8"))
    return names


def _median_seconds(con: duckdb.DuckDBPyConnection, sql: str, params: dict, repeats: int) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(repeats):
        began = time.perf_counter()
        rows = con.sql(sql, params=params or None).to_arrow_table().num_rows
        times.append(time.perf_counter() - began)
    return statistics.median(times), rows


def query_latencies(database: Path, repeats: int = 5) -> list[dict]:
    """[{name, seconds (median), rows}] for the analyst queries and the yoy views and queries."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        project, year = con.execute(
            "SELECT project_name, budget_year FROM projects ORDER BY document_key LIMIT 1").fetchall()[0]
        results = []
        for name in ANALYST_QUERIES + YOY_QUERIES:
            path = ROOT / "queries" / name
            if not path.exists():
                continue
            sql = path.read_text(encoding="utf-8")
            params = {k: v for k, v in {"project": project, "year": str(year)}.items() if f"${k}" in sql}
            seconds, rows = _median_seconds(con, sql, params, repeats)
            results.append({"name": f"queries/{name}", "kind": "yoy" if name in YOY_QUERIES else "analyst",
                            "seconds": seconds, "rows": rows})
        department = con.execute("SELECT department_key FROM projects ORDER BY document_key LIMIT 1").fetchall()[0][0]
        for view in yoy_views():
            seconds, rows = _median_seconds(con, f"SELECT * FROM {view}", {}, repeats)
            results.append({"name": view, "kind": "yoy", "seconds": seconds, "rows": rows})
            columns = [c[0] for c in con.execute(f"DESCRIBE {view}").fetchall()]
            if "department_key" in columns:  # what an analyst opens: one department's years
                seconds, rows = _median_seconds(
                    con, f"SELECT * FROM {view} WHERE department_key = $department", {"department": department}, repeats)
                results.append({"name": f"{view} (one department)", "kind": "yoy", "seconds": seconds, "rows": rows})
        return results
    finally:
        con.close()
