"""Analyst query latency on a loaded warehouse: the repository's own queries (queries/*.sql) and
the year-over-year views, median of several runs. Each yoy view is asked what an analyst asks of it:
one department's years, one province's latest year, counts per year and province over the whole
view; and it is fetched in full to Arrow. A result of more than FETCH_ROWS rows (a full fetch, or
queries/targets_yoy.sql, every changed target) is a transfer of millions of rows at scale: it is
reported apart, kind "yoy fetch" with rows per second, from the queries the 0.5 s target is about.

`python -m bench.queries WAREHOUSE --label NAME` measures them on a warehouse the bench did not load
(one made by `bench.publish_cost --replicate`) and records them in bench/results.json under
"replicated_queries", which bench/report.py renders as a section of their own in bench/results.md."""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
# three typical analyst queries, from queries/: totals by type, indicator classes, one project's history
ANALYST_QUERIES = ("projects_by_type.sql", "indicator_classes.sql", "project_as_first_submitted.sql")
YOY_QUERIES = ("yoy_changes.sql", "targets_yoy.sql")
FETCH_ROWS = 100_000
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


def _result(name: str, kind: str, seconds: float, rows: int) -> dict:
    if kind == "yoy" and rows > FETCH_ROWS:
        kind = "yoy fetch"
    return {"name": name, "kind": kind, "seconds": seconds, "rows": rows,
            "rows_per_second": rows / seconds if seconds else None}


def _region_queries(view: str, columns: list[str], province: str | None, year: int | None) -> list[tuple[str, str, dict]]:
    """One province's latest year, and counts per year and province over the whole view (for the
    target view, the weakened targets too)."""
    weaker = ", count(*) FILTER (WHERE y.strength_change = 'weaker') AS weaker" if "strength_change" in columns else ""
    queries = [("counts per year and province", f"SELECT y.budget_year, d.province, count(*) AS n{weaker} FROM {view} y "
                "LEFT JOIN departments d USING (department_key) GROUP BY ALL", {})]
    if province is not None and year is not None:
        queries.insert(0, ("one province, one year", f"SELECT y.* FROM {view} y JOIN departments d USING (department_key) "
                           "WHERE d.province = $province AND y.budget_year = $year", {"province": province, "year": year}))
    return queries


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
            results.append(_result(f"queries/{name}", "yoy" if name in YOY_QUERIES else "analyst", seconds, rows))
        department = con.execute("SELECT department_key FROM projects ORDER BY document_key LIMIT 1").fetchall()[0][0]
        # the province with the most departments, and the latest budget year
        province, latest = con.execute(
            "SELECT (SELECT province FROM departments WHERE province IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1), "
            "(SELECT max(budget_year) FROM documents)").fetchall()[0]
        for view in yoy_views():
            seconds, rows = _median_seconds(con, f"SELECT * FROM {view}", {}, repeats)
            results.append(_result(f"{view} (full fetch to Arrow)", "yoy", seconds, rows))
            columns = [c[0] for c in con.execute(f"DESCRIBE {view}").fetchall()]
            if "department_key" in columns:  # what an analyst opens: one department's years
                seconds, rows = _median_seconds(
                    con, f"SELECT * FROM {view} WHERE department_key = $department", {"department": department}, repeats)
                results.append(_result(f"{view} (one department)", "yoy", seconds, rows))
            if {"department_key", "budget_year"} <= set(columns):
                for name, sql, params in _region_queries(view, columns, province, latest):
                    seconds, rows = _median_seconds(con, sql, params, repeats)
                    results.append(_result(f"{view} ({name})", "yoy", seconds, rows))
        return results
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    """Measure the analyst and yoy queries on a replicated warehouse and record them (bench/results.json, .md)."""
    from bench.__main__ import YEARS, machine
    from bench.report import render

    parser = argparse.ArgumentParser(prog="python -m bench.queries", description=main.__doc__)
    parser.add_argument("warehouse", type=Path, help="a published snapshot (or a warehouse no writer has open)")
    parser.add_argument("--label", required=True, help="what it is, e.g. '10 x 100k'")
    parser.add_argument("--source-projects", type=int, required=True, help="project tables of the warehouse replicated")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results.json")
    args = parser.parse_args(argv)
    before = os.getloadavg()[0]
    queries = query_latencies(args.warehouse, args.repeats)
    con = duckdb.connect(str(args.warehouse), read_only=True)
    try:
        [(projects,)] = con.execute("SELECT count(*) FROM current_projects").fetchall()
    finally:
        con.close()
    stamp = machine()
    store = json.loads(args.results.read_text(encoding="utf-8"))
    store.setdefault("replicated_queries", {})[args.label] = {
        "projects": projects, "source_projects": args.source_projects, "years": YEARS, "repeats": args.repeats,
        "date": stamp["date"], "commit": stamp["commit"], "loadavg": [before, os.getloadavg()[0]], "queries": queries}
    args.results.write_text(json.dumps(store, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    table, markdown = render(store)
    args.results.with_suffix(".md").write_text(markdown, encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
