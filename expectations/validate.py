"""Validate a batch: every suite (GX) and every reconciliation (DuckDB SQL), one result per
submission and check.

`validate_frames(frames)` takes the model's frames of a batch (`warehouse.model.build_frames`),
before anything is loaded, and returns a `ValidationRun`: its `results` frame has the columns of
the warehouse table `validation_results`, `blocked_submissions()` are those failing an ERROR
check, and `withheld()` the fields that failed WITHHOLD checks leave empty, by table. Rejected
files (unreadable, no tables) are not validated: they are already refused. The severity of each
check is the `policy`'s (expectations.policy; the defaults when none is given): the results'
`severity` column is the one that applied.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

import polars as pl

from expectations.checks import (
    DETAIL_DTYPE, EXPECTATION, FAILING_DOCUMENT_SCHEMA, FAILURE_SCHEMA, RECONCILIATION, RESULT_SCHEMA, CheckSpec,
    ValidationRun,
)
from expectations.catalogue import default_checks
from expectations.gx_runner import failed_rows
from expectations.reconciliation import batch_connection, check_families, reconcile, reconciliations
from expectations.suites import SUITES, Expectation
from expectations.views import document_context, row_context, suite_view

if TYPE_CHECKING:
    from expectations.policy import Policy

_COUNT_SCHEMA = {"check_name": pl.String, "submission_key": pl.String, "rows_checked": pl.Int64}


def all_checks(policy: Policy | None = None) -> list[CheckSpec]:
    """Every check, with the severity `policy` gives it (the default severities without one)."""
    checks = default_checks()
    return policy.apply(checks) if policy is not None else checks


def _found_text(expectation: Expectation) -> pl.Expr:
    parts = [pl.col(column).cast(pl.String).fill_null("(empty)") if not label else
             pl.format("{} {}", pl.lit(label), pl.col(column).cast(pl.String).fill_null("(empty)"))
             for column, label in expectation.shows]
    return pl.concat_str(parts, separator="; ").alias("found")


def _expectation_failures(table: str, view: pl.DataFrame, context: pl.DataFrame,
                          for_data_docs: bool) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(failing rows, the tables failing a check that can withhold fields)."""
    failed = failed_rows(table, view, for_data_docs)
    parts, documents = [], []
    for expectation in SUITES[table]:
        rows = failed.filter(pl.col("check_name") == expectation.name)
        if rows.height == 0:
            continue
        if expectation.withholds:
            documents.append(rows.join(view.select("_row", "submission_key", "document_key"), on="_row")
                             .select(FAILING_DOCUMENT_SCHEMA.keys()))
        shown = view.select("_row", _found_text(expectation),
                            pl.col(expectation.line_column or "_row").cast(pl.Int32).alias("own_line"))
        line = pl.coalesce("own_line", "line") if expectation.line_column else pl.col("line")
        parts.append(
            rows.join(shown, on="_row").join(context, on="_row").with_columns(line.alias("line")).select(
                "check_name", "submission_key", "file", "subject", "line",
                pl.lit(expectation.rule).alias("rule"), pl.lit(expectation.rule).alias("expected"),
                "found", pl.lit(None, pl.String).alias("difference"))
        )
    return _as_failures(parts), _failing_documents(documents)


def _failing_documents(parts: list[pl.DataFrame]) -> pl.DataFrame:
    if not parts:
        return pl.DataFrame(schema=FAILING_DOCUMENT_SCHEMA)
    return pl.concat([p.cast(FAILING_DOCUMENT_SCHEMA) for p in parts]).unique(maintain_order=True)


def _as_failures(parts: list[pl.DataFrame]) -> pl.DataFrame:
    if not parts:
        return pl.DataFrame(schema=FAILURE_SCHEMA)
    return pl.concat([p.select([pl.col(c).cast(t) for c, t in FAILURE_SCHEMA.items()]) for p in parts])


def _validate_expectations(frames: dict[str, pl.DataFrame],
                           for_data_docs: bool) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(rows checked per check and submission, failing rows, tables failing a withholding check)
    for every suite."""
    counts, failures, documents = [], [], []
    for table, suite in SUITES.items():
        view = suite_view(table, frames)
        context = row_context(table, view, frames)
        per_submission = context.group_by("submission_key").agg(pl.col("_row").n_unique().alias("rows_checked"))
        names = pl.DataFrame({"check_name": [e.name for e in suite]})
        counts.append(names.join(per_submission, how="cross").select(_COUNT_SCHEMA.keys()))
        failed, failing_documents = _expectation_failures(table, view, context, for_data_docs)
        failures.append(failed)
        documents.append(failing_documents)
    return pl.concat(counts).cast(_COUNT_SCHEMA), pl.concat(failures), _failing_documents(documents)


def _validate_reconciliations(frames: dict[str, pl.DataFrame]) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(items checked per check and submission, failing items, the only item of single-item checks)."""
    con = batch_connection(frames)
    try:
        items = reconcile(con)
    finally:
        con.close()
    documents = document_context(frames).select("document_key", "file", "subject")
    specs = [c for r in reconciliations() for c in (r.spec, r.companion)]
    rules = pl.DataFrame({"check_name": [c.name for c in specs], "rule": [c.rule for c in specs]})
    families = check_families()
    items = (items.join(documents, on="document_key", how="left").join(rules, on="check_name", how="left")
             .with_columns(pl.col("check_name").replace_strict(families).alias("family")))
    # a reconciliation checks the items with both sides printed; its companion checks every item
    own = items.filter(pl.col("check_name") == pl.col("family"))
    every = items.group_by("family", "submission_key").agg(pl.len().cast(pl.Int64).alias("rows_checked"))
    companions = pl.DataFrame({"family": [r.spec.name for r in reconciliations()],
                               "check_name": [r.companion.name for r in reconciliations()]})
    counts = pl.concat([
        own.group_by("check_name", "submission_key").agg(pl.len().cast(pl.Int64).alias("rows_checked")),
        every.join(companions, on="family").select(_COUNT_SCHEMA.keys()),
    ])
    failures = _as_failures([items.filter(~pl.col("passed")).rename({"source_line": "line"})])
    single = (items.filter(pl.len().over("check_name", "submission_key") == 1)
              .select("check_name", "submission_key", pl.col("found").alias("only_found"),
                      pl.col("expected").alias("only_expected")))
    return counts, failures, single


def _observed(kind: str) -> tuple[pl.Expr, pl.Expr]:
    checked, failed = pl.col("rows_checked"), pl.col("rows_failed")
    noun = "item(s)" if kind == RECONCILIATION else "row(s)"
    observed = (
        pl.when(pl.col("only_found").is_not_null()).then(pl.col("only_found"))
        .when(checked == 0).then(pl.lit("nothing to check"))
        .when(failed == 0).then(pl.format("all {} %s pass" % noun, checked))
        .when(failed == 1).then(pl.col("details").list.first().struct.field("found"))
        .otherwise(pl.format("{} of {} %s fail" % noun, failed, checked))
    )
    expected = (
        pl.when(pl.col("only_expected").is_not_null()).then(pl.col("only_expected"))
        .when(failed == 1).then(pl.col("details").list.first().struct.field("expected"))
        .otherwise(pl.col("rule"))
    )
    return observed, expected


def validate_frames(frames: dict[str, pl.DataFrame], checked_at: datetime | None = None,
                    for_data_docs: bool = False, policy: Policy | None = None) -> ValidationRun:
    """Every check on every (not rejected) submission of the batch, with the severities of `policy`.
    `for_data_docs` keeps the full GX results of every expectation for `expectations.data_docs`
    (slower)."""
    checked_at = checked_at or datetime.now(timezone.utc).replace(tzinfo=None)
    checks = all_checks(policy)
    keys = frames["submissions"].filter(pl.col("status") != "rejected").select("submission_key")
    specs = pl.DataFrame({
        "check_name": [c.name for c in checks], "check_kind": [c.kind for c in checks],
        "table_name": [c.table for c in checks], "severity": [c.severity for c in checks],
        "rule": [c.rule for c in checks],
    })
    if keys.height == 0:
        return ValidationRun(checks, pl.DataFrame(schema=RESULT_SCHEMA))
    expectation_counts, expectation_failures, failing_documents = _validate_expectations(frames, for_data_docs)
    reconciliation_counts, reconciliation_failures, single = _validate_reconciliations(frames)
    counts = pl.concat([expectation_counts, reconciliation_counts])
    failures = pl.concat([expectation_failures, reconciliation_failures])
    details = (
        failures.sort("line", nulls_last=True)
        .group_by("check_name", "submission_key")
        .agg(pl.len().cast(pl.Int64).alias("rows_failed"),
             pl.struct(*DETAIL_DTYPE.to_schema().keys()).alias("details"))
    )
    merged = (
        specs.join(keys, how="cross")
        .join(counts, on=["check_name", "submission_key"], how="left")
        .join(details, on=["check_name", "submission_key"], how="left")
        .join(single, on=["check_name", "submission_key"], how="left")
        .with_columns(pl.col("rows_checked").fill_null(0), pl.col("rows_failed").fill_null(0),
                      pl.col("details").fill_null(pl.lit([], pl.List(DETAIL_DTYPE))))
        .with_columns((pl.col("rows_failed") == 0).alias("passed"))
    )
    parts = []
    for kind in (EXPECTATION, RECONCILIATION):
        observed, expected = _observed(kind)
        parts.append(merged.filter(pl.col("check_kind") == kind)
                     .with_columns(observed.alias("observed"), expected.alias("expected")))
    results = pl.concat(parts).with_columns(pl.lit(checked_at).alias("checked_at"))
    return ValidationRun(checks, results.select([pl.col(c).cast(t) for c, t in RESULT_SCHEMA.items()]),
                         failing_documents)
