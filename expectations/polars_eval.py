"""The suites' expectations evaluated as vectorized Polars expressions, with GX's semantics.

The suites stay declared as Great Expectations expectations (a GX class and its arguments,
expectations.suites) and GX renders them (data docs). Running them through GX costs ~0.5 s per
batch in its validator machinery whatever the batch's size, so a load evaluates each one here as
one Polars expression over the suite's view instead, with the semantics GX documents for it:
- column map expectations skip nulls (except not-null and null themselves);
- uniqueness marks every row of a duplicated value, nulls skipped (compound: rows whose values
  are all missing are skipped; missing values compare equal);
- a pair A > B skips rows as its `ignore_row_if` says.
`tests/test_polars_eval.py` holds the two engines to the same failing rows on the sample, its
variants and fuzzed tables. An expectation of a class not listed here runs through GX.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from expectations.suites import Expectation


def _between(kw: dict) -> pl.Expr:
    value = pl.col(kw["column"])
    low, high = kw.get("min_value"), kw.get("max_value")
    out = pl.lit(False)
    if low is not None:
        out = out | ((value <= low) if kw.get("strict_min") else (value < low))
    if high is not None:
        out = out | ((value >= high) if kw.get("strict_max") else (value > high))
    return value.is_not_null() & out


def _pair_greater(kw: dict) -> pl.Expr:
    a, b = pl.col(kw["column_A"]), pl.col(kw["column_B"])
    ignore = kw.get("ignore_row_if", "both_values_are_missing")
    if ignore == "either_value_is_missing":
        considered = a.is_not_null() & b.is_not_null()
    elif ignore == "both_values_are_missing":
        considered = a.is_not_null() | b.is_not_null()
    else:
        considered = pl.lit(True)
    greater = (a >= b) if kw.get("or_equal") else (a > b)
    return considered & ~greater.fill_null(False)


def _compound_unique(kw: dict) -> pl.Expr:
    columns = kw["column_list"]
    considered = pl.any_horizontal([pl.col(c).is_not_null() for c in columns])
    return considered & pl.struct(columns).is_duplicated()


def _unique(kw: dict) -> pl.Expr:
    value = pl.col(kw["column"])
    return value.is_not_null() & value.is_duplicated()


UNEXPECTED: dict[str, Callable[[dict], pl.Expr]] = {
    "ExpectColumnValuesToNotBeNull": lambda kw: pl.col(kw["column"]).is_null(),
    "ExpectColumnValuesToBeNull": lambda kw: pl.col(kw["column"]).is_not_null(),
    "ExpectColumnValuesToBeUnique": _unique,
    "ExpectCompoundColumnsToBeUnique": _compound_unique,
    "ExpectColumnValuesToBeBetween": _between,
    "ExpectColumnValuesToBeInSet": lambda kw: pl.col(kw["column"]).is_not_null()
    & ~pl.col(kw["column"]).is_in(list(kw["value_set"])),
    "ExpectColumnValuesToMatchRegex": lambda kw: pl.col(kw["column"]).is_not_null()
    & ~pl.col(kw["column"]).cast(pl.String).str.contains(kw["regex"]),
    "ExpectColumnPairValuesAToBeGreaterThanB": _pair_greater,
}


def supported(expectation: Expectation) -> bool:
    return expectation.gx_class in UNEXPECTED and "mostly" not in expectation.kwargs


def unexpected_rows(expectation: Expectation, view: pl.DataFrame) -> list[int]:
    """The `_row` of every row of `view` that breaks `expectation`."""
    flagged = view.filter(UNEXPECTED[expectation.gx_class](expectation.kwargs))
    return flagged["_row"].to_list()
