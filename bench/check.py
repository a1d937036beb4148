"""Does a warehouse hold exactly what the generator wrote? Counts from the loaded tables, side by
side with the manifest's `expected` block."""

from __future__ import annotations

import duckdb

COUNT_QUERIES = {
    "files": "SELECT count(*) FROM submissions WHERE status = 'loaded'",
    "documents": "SELECT count(*) FROM documents",
    "units": "SELECT count(*) FROM units",
    "projects": "SELECT count(*) FROM projects",
    "indicators": "SELECT count(*) FROM indicators",
    "indicator_values": "SELECT count(*) FROM indicator_values",
    "goals": "SELECT count(*) FROM goals",
    "key_tasks": "SELECT count(*) FROM key_tasks",
    "budget_lines": "SELECT count(*) FROM budget_lines",
    "project_total_yuan": "SELECT coalesce(sum(total_amount_yuan), 0)::BIGINT FROM projects",
    "project_current_yuan": "SELECT coalesce(sum(current_year_amount_yuan), 0)::BIGINT FROM projects",
}
GROUP_QUERIES = {
    "indicators_by_level1": "SELECT coalesce(level1, '(none)'), count(*) FROM indicators GROUP BY 1",
    "warnings": "SELECT code, count(*) FROM parse_warnings GROUP BY 1",
}


def warehouse_counts(con: duckdb.DuckDBPyConnection) -> dict:
    counts: dict = {name: con.execute(sql).fetchone()[0] for name, sql in COUNT_QUERIES.items()}
    for name, sql in GROUP_QUERIES.items():
        counts[name] = dict(sorted(con.execute(sql).fetchall()))
    return counts


def mismatches(expected: dict, actual: dict) -> list[str]:
    """One line per quantity the warehouse and the manifest disagree on (empty when all agree)."""
    return [
        f"{name}: expected {expected[name]}, loaded {actual[name]}"
        for name in actual
        if name in expected and expected[name] != actual[name]
    ]
