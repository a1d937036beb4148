"""Leave out of a batch's frames the fields that failed a WITHHOLD check (expectations.checks).

A project table printing 当年度金额 340万元 under a 总金额 of 170万元 contradicts itself: one of the two
is wrong and nothing says which. Rather than hold back the whole table (its indicators, goals and
names are not in doubt) or publish a number that may be wrong, both amounts are loaded empty, and
the table says so: `documents.withheld_fields` lists them, the check's failure (with the printed
values) is in validation_results, and the printed text stays in budget_lines.amount_raw and in the
archived file. A bureau that wants the whole table held sets the check to "error" in its policy.
"""

from __future__ import annotations

import polars as pl

# each field a check may withhold: the projects column that holds it, and whether it is also a
# budget line (category 总金额 / 当年度金额 of the project's 预算金额 group) whose amount_yuan goes
PROJECT_COLUMNS = {"总金额": "total_amount_yuan", "当年度金额": "current_year_amount_yuan",
                   "起始年度": "start_year", "到期年度": "end_year"}
BUDGET_LINE_FIELDS = ("总金额", "当年度金额")
BUDGET_GROUP = "预算金额"


def withhold_fields(frames: dict[str, pl.DataFrame], withheld: dict[str, list[str]]) -> dict[str, pl.DataFrame]:
    """`frames` with the fields of `withheld` (document_key -> fields, `ValidationRun.withheld()`)
    set empty and listed in `documents.withheld_fields`."""
    if not withheld:
        return frames
    fields_of = pl.col("document_key").replace_strict(withheld, default=[], return_dtype=pl.List(pl.String))
    out = {**frames, "documents": frames["documents"].with_columns(fields_of.alias("withheld_fields"))}
    projects = frames["projects"]
    out["projects"] = projects.with_columns(
        pl.when(fields_of.list.contains(field)).then(None).otherwise(pl.col(column)).alias(column)
        for field, column in PROJECT_COLUMNS.items()
    )
    lines = frames["budget_lines"]
    out["budget_lines"] = lines.with_columns(
        pl.when((pl.col("owner_kind") == "project") & (pl.col("category_group") == BUDGET_GROUP)
                & pl.col("category").is_in(BUDGET_LINE_FIELDS) & fields_of.list.contains(pl.col("category")))
        .then(None).otherwise(pl.col("amount_yuan")).alias("amount_yuan")
    )
    return out
