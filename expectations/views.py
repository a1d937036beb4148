"""The frames the suites see, and where each of their rows came from.

`suite_view(table, frames)` is the model's frame for `table` with:
- `_row`, the row's position, which GX reports for every failing row;
- blank text as null (an empty 项目名称 is a missing one);
- `<amount>_float` for every DECIMAL amount (GX 1.x compares floats; the exact decimals stay in the
  frame and are what a failing row shows), and for budget_lines / key_tasks `amount_yuan_printed`,
  the printed amount in yuan before rounding to the fen, as text;
- projects: `amount_line`, the line of its 预算金额 row (总金额 / 当年度金额), where amount findings point;
  `total_amount_printed` / `current_year_amount_printed`, null when the table does not print that
  amount (its documents.missing_fields says so; whether a printed one is a number is budget_lines')
- documents: `missing_level1` (the required 一级指标 a project table lacks, e.g. 满意度指标),
  `numbering_problem` (repeated or skipped 指标N) and `fields_not_printed` (its missing_fields, e.g.
  `总金额, 当年度金额 not printed`), null when there is nothing to say;
- indicators: `level_pair`, `一级指标/二级指标` when level 2 is in the taxonomy (an unknown one is
  reported once, by level2_in_taxonomy, not again as an inconsistent pair);
- indicator_values: `indicator_name` and `percent_number`, the number of a % target whose name does
  not announce a rate that may exceed 100% (增长, 提高 …);
- parse_warnings: `amount_not_read`, the message of a warning that a printed amount could not be read.

`row_context(table, view, frames)` maps `_row` to submission, file, subject (项目名称 or unit name) and
source line; a department row maps to every table that names it.
"""

from __future__ import annotations

import polars as pl

from sources.money import yuan_printed_expr
from sources.parsed import PROJECT
from sources.taxonomy import LEVEL2_PARENT

from expectations.suites import AMOUNT_NOT_READ, PERCENT_MAY_EXCEED_100, REQUIRED_LEVEL1

CONTEXT_SCHEMA = {"_row": pl.Int64, "submission_key": pl.String, "file": pl.String,
                  "subject": pl.String, "line": pl.Int32}


def _blank_as_null(frame: pl.DataFrame) -> pl.DataFrame:
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(
        pl.when(pl.col(c).str.strip_chars() == "").then(None).otherwise(pl.col(c)).alias(c) for c in text
    )


def _floats(frame: pl.DataFrame) -> pl.DataFrame:
    decimals = [name for name, dtype in frame.schema.items() if isinstance(dtype, pl.Decimal)]
    return frame.with_columns(pl.col(c).cast(pl.Float64).alias(f"{c}_float") for c in decimals)


def _printed_yuan(frame: pl.DataFrame) -> pl.DataFrame:
    exact = yuan_printed_expr(pl.col("amount_raw"), pl.col("unit_printed")).cast(pl.String)
    trimmed = exact.str.replace(r"(\.[0-9]*?)0+$", "${1}").str.replace(r"\.$", "")
    return frame.with_columns(trimmed.alias("amount_yuan_printed"))


def missing_level1(documents: pl.DataFrame, indicators: pl.DataFrame) -> pl.DataFrame:
    """document_key -> the required 一级指标 a project table has no indicator in ('、'-joined)."""
    projects = documents.filter(pl.col("kind") == PROJECT).select("document_key")
    required = projects.join(pl.DataFrame({"level1": list(REQUIRED_LEVEL1)}), how="cross")
    present = indicators.select("document_key", "level1").unique()
    lacking = required.join(present, on=["document_key", "level1"], how="anti")
    order = pl.col("level1").replace_strict({name: i for i, name in enumerate(REQUIRED_LEVEL1)},
                                            return_dtype=pl.Int32)
    return lacking.group_by("document_key").agg(
        pl.format("缺少 {}", pl.col("level1").sort_by(order).str.join("、")).alias("missing_level1"))


def numbering_problems(indicators: pl.DataFrame) -> pl.DataFrame:
    """document_key -> what is wrong with the 指标N numbering: repeats with their lines, then gaps."""
    numbered = indicators.filter(pl.col("indicator_no").is_not_null())
    repeated = (
        numbered.group_by("document_key", "indicator_no")
        .agg(pl.len().alias("times"), pl.col("source_line").sort().cast(pl.String).str.join(", ").alias("lines"))
        .filter(pl.col("times") > 1)
        .select("document_key", "indicator_no",
                pl.format("指标{} printed {} times (lines {})", "indicator_no", "times", "lines").alias("text"))
    )
    ranges = numbered.group_by("document_key").agg(pl.int_ranges(1, pl.col("indicator_no").max() + 1)
                                                   .first().alias("indicator_no"))
    expected = ranges.explode("indicator_no").with_columns(pl.col("indicator_no").cast(pl.Int32))
    gaps = (
        expected.join(numbered.select("document_key", pl.col("indicator_no").cast(pl.Int32)).unique(),
                      on=["document_key", "indicator_no"], how="anti")
        .select("document_key", "indicator_no", pl.format("指标{} missing", "indicator_no").alias("text"))
    )
    both = pl.concat([repeated.with_columns(pl.lit(0).alias("part")),
                      gaps.with_columns(pl.lit(1).alias("part"))], how="vertical_relaxed")
    return both.sort("part", "indicator_no").group_by("document_key", maintain_order=True).agg(
        pl.col("text").str.join("; ").alias("numbering_problem"))


def _percent_number(values: pl.DataFrame, indicators: pl.DataFrame) -> pl.DataFrame:
    named = values.join(indicators.select("indicator_key", "indicator_name"), on="indicator_key",
                        how="left", maintain_order="left")
    bounded = ((pl.col("unit") == "%") & ~pl.col("indicator_name").fill_null("").str.contains(PERCENT_MAY_EXCEED_100)
               & ~pl.col("is_change").fill_null(False))  # 下降5% is a change of -5 points, not a rate of -5%
    return named.with_columns(pl.when(bounded).then(pl.col("number")).otherwise(None).alias("percent_number"))


def not_printed_text(missing: pl.Expr) -> pl.Expr:
    """`总金额, 当年度金额 not printed` from a missing_fields list; null when nothing is missing."""
    return pl.when(missing.list.len() > 0).then(pl.format("{} not printed", missing.list.join(", ")))


def _printed(column: str, field: str) -> pl.Expr:
    return pl.when(pl.col("missing_fields").list.contains(field)).then(None).otherwise(pl.lit("printed")).alias(column)


def suite_view(table: str, frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """The frame the suite of `table` validates (see the module docstring)."""
    frame = frames[table]
    if table == "documents":
        frame = (frame.join(missing_level1(frame, frames["indicators"]), on="document_key", how="left",
                            maintain_order="left")
                 .join(numbering_problems(frames["indicators"]), on="document_key", how="left",
                       maintain_order="left")
                 .with_columns(not_printed_text(pl.col("missing_fields")).alias("fields_not_printed")))
    elif table == "projects":
        amounts = (frames["budget_lines"].filter(pl.col("owner_kind") == PROJECT)
                   .group_by("document_key").agg(pl.col("source_line").min().alias("amount_line")))
        missing = frames["documents"].select("document_key", "missing_fields")
        frame = (frame.join(amounts, on="document_key", how="left", maintain_order="left")
                 .join(missing, on="document_key", how="left", maintain_order="left")
                 .with_columns(_printed("total_amount_printed", "总金额"),
                               _printed("current_year_amount_printed", "当年度金额"))
                 .drop("missing_fields"))
    elif table == "indicators":
        known = pl.col("level1").is_not_null() & pl.col("level2").is_in(list(LEVEL2_PARENT))
        frame = frame.with_columns(pl.when(known).then(pl.format("{}/{}", "level1", "level2")).alias("level_pair"))
    elif table == "indicator_values":
        frame = _percent_number(frame, frames["indicators"])
    elif table in ("budget_lines", "key_tasks"):
        frame = _printed_yuan(frame)
    elif table == "parse_warnings":
        frame = frame.with_columns(
            pl.when(pl.col("code") == AMOUNT_NOT_READ).then(pl.col("message")).alias("amount_not_read"))
    return _floats(_blank_as_null(frame)).with_row_index("_row").with_columns(pl.col("_row").cast(pl.Int64))


def document_context(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """document_key -> submission_key, file, subject (项目名称 or unit; null when blank), table_line."""
    subject = pl.col("subject_name").str.strip_chars()
    return frames["documents"].select(
        "document_key", "submission_key", pl.col("file_path").alias("file"),
        pl.when(subject != "").then(pl.col("subject_name")).alias("subject"), pl.col("first_line").alias("table_line"))


def row_context(table: str, view: pl.DataFrame, frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """`_row` -> submission_key, file, subject, line (CONTEXT_SCHEMA) for the rows of a suite view."""
    documents = document_context(frames)
    if table == "submissions":
        context = view.select("_row", "submission_key", pl.col("file_path").alias("file"),
                              pl.lit(None, pl.String).alias("subject"), pl.lit(None, pl.Int32).alias("line"))
    elif table == "departments":
        named = frames["documents"].select("department_key", "document_key")
        context = (view.select("_row", "department_key").join(named, on="department_key")
                   .join(documents, on="document_key").rename({"table_line": "line"}))
    else:
        own_file = "file_path" in view.columns
        line = pl.col("source_line") if "source_line" in view.columns else pl.col("first_line")
        context = view.select("_row", "document_key", "submission_key", line.alias("line"),
                              *(["file_path"] if own_file else [])).join(
            documents.drop("submission_key"), on="document_key", how="left", maintain_order="left")
        if own_file:
            context = context.with_columns(pl.coalesce("file_path", "file").alias("file"))
    return context.select([pl.col(name).cast(dtype) for name, dtype in CONTEXT_SCHEMA.items()])
