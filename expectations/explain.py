"""Check results as a reviewer reads them: one line per failing row, naming the file, the table
(项目名称 or the unit), the source line, the rule, and what was expected and found.

    error wuchuan-2024.txt, 劳动保障监察, line 54: 起始年度 ≤ 到期年度 — found 起始年度 2025; 到期年度 2024
    error wuchuan-2024.txt, 吴川市人力资源和社会保障局, line 9: 基本支出 + … = 财政拨款 + 其他资金 —
          expected 财政拨款 1442.41万元 + 其他资金 0万元 = 1442.41万元, found … = 1443.41万元 (difference 10,000.00元)

The CLI (`jixiao check`, `jixiao ingest`, `jixiao status`) and the Dagster logs print these.
"""

from __future__ import annotations

import functools
from pathlib import PurePath

import polars as pl

from expectations.catalogue import default_checks
from sources.parsed import ERROR, WITHHOLD

SEVERITY_ORDER = {ERROR: 0, WITHHOLD: 1}


def _where(detail: dict) -> str:
    parts = [PurePath(detail["file"]).name if detail["file"] else "(file unknown)"]
    if detail["subject"]:
        parts.append(detail["subject"])
    if detail["line"] is not None:
        parts.append(f"line {detail['line']}")
    return ", ".join(parts)


def detail_line(severity: str, detail: dict, withholds: tuple[str, ...] = ()) -> str:
    """One failing row: `<severity> <file>, <table>, line <n>: <rule> — [expected …, ]found …`; a
    WITHHOLD one says which fields of the table were loaded empty (`withholds`)."""
    said = []
    if detail["expected"] and detail["expected"] != detail["rule"]:
        said.append(f"expected {detail['expected']}")
    if detail["found"]:
        said.append(f"found {detail['found']}")
    text = f"{severity:<5} {_where(detail)}: {detail['rule']}"
    if said:
        text += " — " + ", ".join(said)
    if detail["difference"]:
        text += f" (difference {detail['difference']})"
    if severity == WITHHOLD and withholds:
        text += f"; loaded without {', '.join(withholds)}"
    return text


def finding_lines(results: pl.DataFrame, max_rows_per_check: int | None = 20) -> list[str]:
    """The failing rows of failed results (validation_results rows), errors first."""
    failed = results.filter(~pl.col("passed")).with_columns(
        pl.col("severity").replace_strict(SEVERITY_ORDER, default=2, return_dtype=pl.Int32).alias("_order")
    ).sort("_order", "check_name")
    lines: list[str] = []
    for record in failed.iter_rows(named=True):
        details = record["details"] or []
        shown = details if max_rows_per_check is None else details[:max_rows_per_check]
        withholds = _withheld_by_check().get(record["check_name"], ())
        lines += [detail_line(record["severity"], d, withholds) for d in shown]
        if len(details) > len(shown):
            lines.append(f"      … and {len(details) - len(shown)} more row(s) failing {record['check_name']} "
                         "(all of them: jixiao check --all, or validation_results)")
    return lines


def verdict(results: pl.DataFrame) -> str:
    """`fails 2 error check(s); 1 warning(s)`, or `passes every error check; 1 withheld; 2 warning(s)`."""
    failed = results.filter(~pl.col("passed"))
    errors = failed.filter(pl.col("severity") == ERROR).height
    withheld = failed.filter(pl.col("severity") == WITHHOLD).height
    warnings = failed.height - errors - withheld
    head = f"fails {errors} error check(s)" if errors else "passes every error check"
    return f"{head}; " + (f"{withheld} withheld; " if withheld else "") + f"{warnings} warning(s)"


@functools.cache
def _withheld_by_check() -> dict[str, tuple[str, ...]]:
    return {c.name: c.withholds for c in default_checks() if c.withholds}
