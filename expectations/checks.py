"""What a check is and what validating a batch returns.

A check is either an *expectation* (a Great Expectations rule on one warehouse table, see
`expectations.suites`) or a *reconciliation* (a DuckDB query across the tables of a submission, see
`expectations/sql/`). Every check has a severity: ERROR keeps the submission out of the analyst-
facing tables (quarantine), WARN only annotates it.

A check that names the fields it `withholds` may have severity WITHHOLD instead: a failure then loads
the submission with those fields of the failing tables left empty (documents.withheld_fields), so
no contradicting number is published and nothing else is held back.

Validating a batch gives one result per (submission, check): passed or not, what was observed and
expected, and the failing rows (file, 项目名称 or unit, source line, rule, expected vs found). The
results are a Polars frame with the columns of the warehouse table `validation_results`, so they are
data from the start (`expectations.explain` prints them).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from sources.parsed import ERROR, WARN, WITHHOLD

SEVERITIES = (ERROR, WITHHOLD, WARN)
EXPECTATION = "expectation"
RECONCILIATION = "reconciliation"

DETAIL_DTYPE = pl.Struct({
    "file": pl.String, "subject": pl.String, "line": pl.Int32, "rule": pl.String,
    "expected": pl.String, "found": pl.String, "difference": pl.String,
})

# the columns of warehouse table validation_results (warehouse/tables.toml), in order
RESULT_SCHEMA: dict[str, pl.DataType] = {
    "submission_key": pl.String, "check_name": pl.String, "check_kind": pl.String,
    "table_name": pl.String, "severity": pl.String, "rule": pl.String, "passed": pl.Boolean,
    "rows_checked": pl.Int64, "rows_failed": pl.Int64, "observed": pl.String, "expected": pl.String,
    "details": pl.List(DETAIL_DTYPE), "checked_at": pl.Datetime("us"),
}

FAILING_DOCUMENT_SCHEMA = {"check_name": pl.String, "submission_key": pl.String, "document_key": pl.String}
# the fields a check may withhold, in the form's order
FIELD_ORDER = ("总金额", "当年度金额", "起始年度", "到期年度")

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
    severity: str  # ERROR, WITHHOLD or WARN
    rule: str  # the rule in the form's terms, e.g. 当年度金额 ≤ 总金额
    explanation: str  # what a failure means for a reviewer
    withholds: tuple[str, ...] = ()  # the canonical fields (总金额 …) a WITHHOLD failure leaves empty

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"check {self.name}: severity {self.severity!r} is not one of {SEVERITIES}")
        if self.severity == WITHHOLD and not self.withholds:
            raise ValueError(f"check {self.name}: severity {WITHHOLD!r} needs the fields it withholds")


@dataclass
class ValidationRun:
    """Every result of one batch, and the checks that produced them."""

    checks: list[CheckSpec]
    results: pl.DataFrame  # RESULT_SCHEMA
    # (check_name, submission_key, document_key): the tables failing a check that withholds fields
    failing_documents: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=FAILING_DOCUMENT_SCHEMA))

    def failed(self, severity: str | None = None) -> pl.DataFrame:
        found = self.results.filter(~pl.col("passed"))
        return found if severity is None else found.filter(pl.col("severity") == severity)

    def blocked_submissions(self) -> set[str]:
        """The submissions that fail at least one ERROR check: they go to quarantine."""
        return set(self.failed(ERROR)["submission_key"].to_list())

    def withheld(self) -> dict[str, list[str]]:
        """document_key -> the fields to leave empty, from the failed WITHHOLD checks (in the order
        of the form's fields), for the submissions that are not quarantined anyway."""
        fields = {c.name: c.withholds for c in self.checks if c.severity == WITHHOLD}
        blocked = self.blocked_submissions()
        chosen: dict[str, set[str]] = {}
        for check, submission, document in self.failing_documents.iter_rows():
            if check in fields and submission not in blocked:
                chosen.setdefault(document, set()).update(fields[check])
        return {document: sorted(names, key=FIELD_ORDER.index) for document, names in chosen.items()}


__all__ = ["CheckSpec", "ERROR", "ValidationRun", "WARN", "WITHHOLD"]
