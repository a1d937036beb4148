"""The aggregates the scale check compares across engines: SQL over views `x_<table>` (each
warehouse table with the export's `year` and, for fact tables, `province` columns), in the dialect
DuckDB and Spark share. No imports beyond the standard library: the Spark side runs in a
virtualenv of its own (bench/spark_read.py)."""

from __future__ import annotations

from decimal import Decimal

TABLES = ("submissions", "documents", "departments", "units", "projects", "budget_lines", "goals",
          "key_tasks", "indicators", "indicator_values", "indicator_attributes", "policy_citations",
          "parse_warnings")

# name -> SQL over views x_<table> (every table with `year` and, for fact tables, `province`);
# written in the SQL that DuckDB and Spark share
AGGREGATES: dict[str, str] = {
    "rows_per_table": " UNION ALL ".join(
        f"SELECT '{t}' AS tbl, count(*) AS n FROM x_{t}" for t in TABLES) + " ORDER BY tbl",
    "project_amounts_by_year": (
        "SELECT CAST(year AS STRING) AS y, count(*) AS n, CAST(sum(total_amount_yuan) AS DECIMAL(38, 2)) AS total, "
        "CAST(sum(current_year_amount_yuan) AS DECIMAL(38, 2)) AS current_total FROM x_projects GROUP BY 1 ORDER BY 1"),
    "indicators_by_year_level1": (
        "SELECT CAST(year AS STRING) AS y, coalesce(level1, '(none)') AS l1, count(*) AS n "
        "FROM x_indicators GROUP BY 1, 2 ORDER BY 1, 2"),
    "values_by_province": (
        "SELECT CAST(province AS STRING) AS p, count(*) AS n, count(DISTINCT indicator_key) AS indicators, "
        "sum(CASE WHEN is_qualitative THEN 1 ELSE 0 END) AS qualitative, round(avg(number), 6) AS mean_number "
        "FROM x_indicator_values GROUP BY 1 ORDER BY 1"),
    "budget_by_group": (
        "SELECT category_group, count(*) AS n, CAST(sum(amount_yuan) AS DECIMAL(38, 2)) AS total "
        "FROM x_budget_lines GROUP BY 1 ORDER BY 1"),
    "warnings_by_code": "SELECT code, count(*) AS n FROM x_parse_warnings GROUP BY 1 ORDER BY 1",
}




def normal(value: object) -> object:
    """A value as compared: yuan to the fen as text, means to 4 places."""
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    if isinstance(value, float):
        return round(value, 4)
    return value
