"""Run the suites on a batch's frames; return the failing rows. A load evaluates them as Polars
expressions with GX's semantics (expectations.polars_eval); data docs, and `engine="gx"`, run
them with Great Expectations 1.x, as described here.

GX is imported on first use (it takes seconds), once per process: one ephemeral context, one pandas
data source, one data asset, suite and validation definition per table. GX 1.x has no Polars
support, so each suite gets the pandas copy of just the columns it reads (plus `_row`), and reports
every failing row by its `_row` (result format COMPLETE, `unexpected_index_column_names`).
Analytics and progress bars are off; nothing goes to the network.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import polars as pl
import polars.selectors as cs

from expectations.polars_eval import supported, unexpected_rows
from expectations.suites import SUITES, Expectation

DATA_SOURCE = "jixiao_frames"
RESULT_FORMAT = {
    "result_format": "COMPLETE",
    "unexpected_index_column_names": ["_row"],
    "return_unexpected_index_query": False,
    "partial_unexpected_count": 20,
}
FAILED_ROWS_SCHEMA = {"check_name": pl.String, "_row": pl.Int64}
_COLUMN_ARGUMENTS = ("column", "column_A", "column_B")
_lock = threading.Lock()


class ExpectationError(RuntimeError):
    """An expectation that could not be evaluated (a bug in a suite, not a finding about the data)."""


def suite_columns(suite: list[Expectation]) -> list[str]:
    """The columns a suite reads, in first-use order, after `_row`."""
    columns = ["_row"]
    for expectation in suite:
        named = [expectation.kwargs[k] for k in _COLUMN_ARGUMENTS if k in expectation.kwargs]
        named += expectation.kwargs.get("column_list", [])
        columns += [c for c in named if c not in columns]
    return columns


@dataclass
class _Suite:
    table: str
    columns: list[str]
    definition: Any  # gx.ValidationDefinition


@dataclass
class GxSession:
    context: Any  # the ephemeral gx context
    suites: dict[str, _Suite]


def _gx():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    import great_expectations.expectations as gxe

    return gx, gxe


def build_expectation(gxe, expectation: Expectation):
    """The GX expectation object for one of ours; `meta` carries our check name and severity."""
    cls = getattr(gxe, expectation.gx_class)
    return cls(**expectation.kwargs, meta={"check": expectation.name, "severity": expectation.severity,
                                           "rule": expectation.rule})


@lru_cache(maxsize=1)
def gx_session() -> GxSession:
    """The process-wide GX context with one suite and validation definition per table."""
    gx, gxe = _gx()
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.enable_analytics(False)
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    source = context.data_sources.add_pandas(DATA_SOURCE)
    suites: dict[str, _Suite] = {}
    for table, expectations in SUITES.items():
        batch = source.add_dataframe_asset(table).add_batch_definition_whole_dataframe(f"{table}_batch")
        suite = context.suites.add(gx.ExpectationSuite(
            name=table, expectations=[build_expectation(gxe, e) for e in expectations],
            meta={"notes": f"jixiao suite for warehouse table {table} (expectations/suites.py)"}))
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=f"validate_{table}", data=batch, suite=suite))
        suites[table] = _Suite(table, suite_columns(expectations), definition)
    return GxSession(context, suites)


def _raise_if_not_evaluated(outcome) -> None:
    if outcome.exception_info and outcome.exception_info.get("raised_exception"):
        raise ExpectationError(f"{outcome.expectation_config.meta['check']}: GX could not evaluate it: "
                               f"{outcome.exception_info.get('exception_message')}")


def failed_rows(table: str, view: pl.DataFrame, for_data_docs: bool = False, engine: str = "polars") -> pl.DataFrame:
    """Validate one table's suite view; one row (check_name, _row) per failing row.

    By default each expectation runs as a Polars expression with GX's semantics
    (expectations.polars_eval); `engine="gx"`, `for_data_docs`, and any expectation Polars does not
    evaluate run through GX (`gx_failed_rows`).
    """
    suite = SUITES[table]
    if for_data_docs or engine == "gx":
        return gx_failed_rows(table, view, for_data_docs)
    view = view.with_columns(cs.float().fill_nan(None))  # pandas, hence GX, counts NaN as missing
    names: list[str] = []
    rows: list[int] = []
    for expectation in filter(supported, suite):
        found = unexpected_rows(expectation, view)
        names += [expectation.name] * len(found)
        rows += found
    polars = pl.DataFrame({"check_name": names, "_row": rows}, schema=FAILED_ROWS_SCHEMA)
    rest = {e.name for e in suite if not supported(e)}
    if not rest:
        return polars
    return pl.concat([polars, gx_failed_rows(table, view).filter(pl.col("check_name").is_in(rest))])


def gx_failed_rows(table: str, view: pl.DataFrame, for_data_docs: bool = False) -> pl.DataFrame:
    """Validate one table's suite view with GX; one row (check_name, _row) per failing row.

    The suite runs with result format BOOLEAN_ONLY (pass or fail: the cheapest), then only the
    expectations that failed run again with COMPLETE to name their rows; nothing is kept in GX's
    stores. `for_data_docs` runs the suite's validation definition with COMPLETE instead, which
    stores the result for `expectations.data_docs` to render with the failing values.
    """
    session = gx_session()
    suite = session.suites[table]
    frame = view.select(suite.columns).to_pandas()
    batch_parameters = {"dataframe": frame}
    with _lock:  # the GX context is not thread-safe
        if for_data_docs:
            outcomes = suite.definition.run(batch_parameters=batch_parameters, result_format=RESULT_FORMAT).results
        else:
            batch = suite.definition.data.get_batch(batch_parameters=batch_parameters)
            first = batch.validate(suite.definition.suite, result_format="BOOLEAN_ONLY").results
            for outcome in first:
                _raise_if_not_evaluated(outcome)
            failed = {o.expectation_config.meta["check"] for o in first if not o.success}
            outcomes = [batch.validate(e, result_format=RESULT_FORMAT)
                        for e in suite.definition.suite.expectations if e.meta["check"] in failed]
    names: list[str] = []
    rows: list[int] = []
    for outcome in outcomes:
        _raise_if_not_evaluated(outcome)
        if outcome.success:
            continue
        check = outcome.expectation_config.meta["check"]
        for index in outcome.result.get("unexpected_index_list") or []:
            names.append(check)
            rows.append(int(index["_row"]))
    return pl.DataFrame({"check_name": names, "_row": rows}, schema=FAILED_ROWS_SCHEMA)
