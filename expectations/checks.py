"""What a check is and what validating a batch returns.

A check is either an *expectation* (a Great Expectations rule on one warehouse table, see
`expectations.suites`) or a *reconciliation* (a DuckDB query across the tables of a submission, see
`expectations/sql/`). Every check has a severity: ERROR keeps the submission out of the analyst-
facing tables (quarantine), WARN only annotates it.

Validating a batch gives one result per (submission, check): passed or not, what was observed and
expected, and the failing rows (file, 项目名称 or unit, source line, rule, expected vs found). The
results are a Polars frame with the columns of the warehouse table `validation_results`, so they are
data from the start (`expectations.explain` prints them).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from sources.parsed import ERROR, WARN

SEVERITIES = (ERROR, WARN)
EXPECTATION = "expectation"
RECONCILIATION = "reconciliation"

DETAIL_DTYPE = pl.Struct({
    "file": pl.String, "subject": pl.String, "line": pl.Int32, "rule": pl.String,
    "expected": pl.String, "found": pl.String, "difference": pl.String,
})

# the columns of warehouse table validation_results (warehouse/schema.sql), in order
RESULT_SCHEMA: dict[str, pl.DataType] = {
    "submission_key": pl.String, "check_name": pl.String, "check_kind": pl.String,
    "table_name": pl.String, "severity": pl.String, "rule": pl.String, "passed": pl.Boolean,
    "rows_checked": pl.Int64, "rows_failed": pl.Int64, "observed": pl.String, "expected": pl.String,
    "details": pl.List(DETAIL_DTYPE), "checked_at": pl.Datetime("us"),
}

# the columns of a frame of failing rows, before they are gathered per submission and check
FAILURE_SCHEMA: dict[str, pl.DataType] = {
    "check_name": pl.String, "submission_key": pl.String, **DETAIL_DTYPE.to_schema(),
}


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """One check: `name` is `<table>.<rule>` for expectations, `reconcile.<rule>` for reconciliations."""

    name: str
    kind: str  # EXPECTATION or RECONCILIATION
    table: str  # the warehouse table an expectation reads; the tables a reconciliation joins
    severity: str  # ERROR or WARN
    rule: str  # the rule in the form's terms, e.g. 当年度金额 ≤ 总金额
    explanation: str  # what a failure means for a reviewer

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"check {self.name}: severity {self.severity!r} is not one of {SEVERITIES}")


@dataclass
class ValidationRun:
    """Every result of one batch, and the checks that produced them."""

    checks: list[CheckSpec]
    results: pl.DataFrame  # RESULT_SCHEMA

    def failed(self, severity: str | None = None) -> pl.DataFrame:
        found = self.results.filter(~pl.col("passed"))
        return found if severity is None else found.filter(pl.col("severity") == severity)

    def blocked_submissions(self) -> set[str]:
        """The submissions that fail at least one ERROR check: they go to quarantine."""
        return set(self.failed(ERROR)["submission_key"].to_list())


__all__ = ["CheckSpec", "ERROR", "ValidationRun", "WARN"]
