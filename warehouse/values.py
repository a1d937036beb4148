"""Target values in the warehouse: the normalized columns of `indicators` and `indicator_values`,
and the warnings about values that are unfilled or not understood.

`sources.target_values.normalize_target` reads one printed value; here whole columns are
normalized, each distinct (value, unit of the name) pair once.
"""

from __future__ import annotations

import polars as pl

from sources.parsed import WARN
from sources.target_values import normalize_with_name_unit, unit_from_name

# the columns a normalized value adds (warehouse/tables.toml documents them, in `indicators` and `indicator_values`)
VALUE_SCHEMA = {
    "operator": pl.String,
    "number": pl.Float64,
    "unit": pl.String,
    "unit_from_name": pl.Boolean,
    "is_qualitative": pl.Boolean,
    "is_placeholder": pl.Boolean,
    "number_upper": pl.Float64,
    "is_change": pl.Boolean,
}


def normalize_values(frame: pl.DataFrame) -> pl.DataFrame:
    """Add operator/number/unit/flags to a frame with value_raw and indicator_name columns, and
    `value_problem`, the code of the warning a value deserves (`TargetValue.problem`), if any.

    Each distinct name's unit is found once, then each distinct (value, unit) pair is normalized
    once and joined back: real corpora repeat a few thousand values across millions of rows.
    """
    names = frame.select("indicator_name").unique()
    names = names.with_columns(pl.Series("name_unit", list(map(unit_from_name, names["indicator_name"])), pl.String))
    frame = frame.join(names, on="indicator_name", how="left", nulls_equal=True, maintain_order="left")
    distinct = frame.select("value_raw", "name_unit").unique()
    results = [normalize_with_name_unit(raw, unit) for raw, unit in distinct.iter_rows()]
    normalized = distinct.with_columns(
        pl.Series("operator", [r.operator for r in results], pl.String),
        pl.Series("number", [r.number for r in results], pl.Float64),
        pl.Series("unit", [r.unit for r in results], pl.String),
        pl.Series("unit_from_name", [r.unit_from_name for r in results], pl.Boolean),
        pl.Series("is_qualitative", [r.is_qualitative for r in results], pl.Boolean),
        pl.Series("is_placeholder", [r.is_placeholder for r in results], pl.Boolean),
        pl.Series("number_upper", [r.upper for r in results], pl.Float64),
        pl.Series("is_change", [r.is_change for r in results], pl.Boolean),
        pl.Series("value_problem", [r.problem for r in results], pl.String),
    )
    empty = pl.col("value_raw").is_null() | (pl.col("value_raw").str.strip_chars() == "")
    return (
        frame.drop([c for c in (*VALUE_SCHEMA, "value_problem") if c in frame.columns])
        .join(normalized, on=["value_raw", "name_unit"], how="left", nulls_equal=True, maintain_order="left")
        .drop("name_unit")
        .with_columns([pl.when(empty).then(None).otherwise(pl.col(c)).alias(c) for c in VALUE_SCHEMA])
    )


VALUE_PROBLEMS = {
    "placeholder_value": "an unfilled template value (a unit, operator or masked digits without a number)",
    "value_not_understood": "holds a number but is not a target the loader can read; loaded as qualitative",
}


def value_warnings(values: pl.DataFrame, frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """A warn-severity warning for each value of `values` (indicator_values with `value_problem`
    from `normalize_values` and indicator_name) that is unfilled or not understood, naming the
    indicator, the value column and the text. A placeholder the parser already reported on the
    same line is not reported twice."""
    problems = values.filter(pl.col("value_problem").is_not_null())
    said = frames["parse_warnings"].filter(pl.col("code") == "placeholder_value").select(
        "document_key", "source_line", pl.col("code").alias("value_problem")).unique()
    problems = problems.join(said, on=["document_key", "source_line", "value_problem"], how="anti")
    explain = pl.col("value_problem").replace_strict(VALUE_PROBLEMS, return_dtype=pl.String)
    files = frames["documents"].select("document_key", "file_path")
    return problems.join(files, on="document_key", how="left").select(
        (pl.col("document_key") + ":v" + pl.int_range(1, pl.len() + 1).over("document_key").cast(pl.String))
        .alias("warning_key"),
        "submission_key", "document_key", "file_path", "source_line",
        pl.col("value_problem").alias("code"), pl.lit(WARN).alias("severity"),
        pl.format("{} {} 「{}」: {}", "indicator_name", "value_column", "value_raw", explain).alias("message"),
    )
