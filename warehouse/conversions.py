"""What would not convert: printed amounts, years and counts that are no number the warehouse
holds, each an error-severity parse warning naming the cell (the model's frames, a column at a time)."""

from __future__ import annotations

import polars as pl

from sources.money import MAX_YUAN_TEXT, out_of_range_expr
from sources.parsed import ERROR

def conversion_warnings(frames: dict[str, pl.DataFrame], columns: list[str]) -> pl.DataFrame:
    """An error-severity warning for every printed amount or year that is not a number; `columns`
    those of parse_warnings."""
    files = frames["documents"].select("document_key", "file_path")
    checks = [
        _not_numeric(frames["projects"], column, label) for column, label in
        (("start_year", "起始年度"), ("end_year", "到期年度"))
    ] + [
        _not_numeric(frames["units"], "staff_count", "财政供养人员数"),
        frames["budget_lines"].filter(pl.col("amount_yuan").is_null())
        .select("document_key", "submission_key", "source_line",
                _amount_problem(pl.format("{} 「{}」", "category", "amount_raw"), "unit_printed"),
                _amount_code("unit_printed")),
        frames["key_tasks"].filter(pl.col("amount_yuan").is_null() & pl.col("amount_raw").is_not_null()
                                   & (pl.col("amount_raw") != ""))
        .select("document_key", "submission_key", "source_line",
                _amount_problem(pl.format("拟投入的资金 「{}」 of {}", "amount_raw", "task_name"), "unit_printed"),
                _amount_code("unit_printed")),
    ]
    warnings = pl.concat(checks, how="vertical_relaxed").join(files, on="document_key", how="left")
    return warnings.with_columns(
        (pl.col("document_key") + ":c" + pl.int_range(1, pl.len() + 1).over("document_key").cast(pl.String))
        .alias("warning_key"),
        pl.lit(ERROR).alias("severity"),
    ).select(columns)


def _amount_problem(what: pl.Expr, unit_column: str) -> pl.Expr:
    """Why a printed amount has no value in yuan: it is no number, or more than the warehouse holds."""
    too_big = out_of_range_expr(pl.col("amount_raw"), pl.col(unit_column))
    return pl.when(too_big).then(pl.format("{}: more than the warehouse holds (at most {})", what,
                                           pl.lit(MAX_YUAN_TEXT))) \
        .otherwise(pl.format("{}: not an amount", what)).alias("message")


def _amount_code(unit_column: str) -> pl.Expr:
    too_big = out_of_range_expr(pl.col("amount_raw"), pl.col(unit_column))
    return pl.when(too_big).then(pl.lit("amount_out_of_range")).otherwise(pl.lit("amount_not_a_number")).alias("code")


def _not_numeric(frame: pl.DataFrame, column: str, label: str) -> pl.DataFrame:
    """Rows whose printed `column` is there but is not a whole number."""
    printed = pl.col(column).cast(pl.String).str.strip_chars()
    return frame.filter(printed.is_not_null() & (printed != "") & printed.cast(pl.Int32, strict=False).is_null()).select(
        "document_key", "submission_key", "source_line",
        pl.format("%s 「{}」: not a whole number (or more than the warehouse holds)" % label, printed).alias("message"),
        pl.lit("number_not_numeric").alias("code"),
    )
