"""Indicator rows whose cells ran together with the form's 评(扣)分标准 column.

A form with 指标值 | 指标值内容 | 评(扣)分标准 | 度量单位 | 指标值类型 columns, copied with every cell run
together (`伙食补助发放率90%以上实际发放伙食补助金额/应发放伙食补助金额90%得10分,每减少1%扣1分-定量`),
leaves the name, the value, its explanation and the scoring rule in one string: where one ends and
the next begins cannot be told, and a table read from such rows would publish names and values
that are not the form's. A scoring rule (`得10分`, `扣1分`) inside an indicator's name or value is the
sign; the table is then held back (an error-severity warning), not loaded with rows cut at a guess.
"""

from __future__ import annotations

import re

from sources.parsed import ERROR, ParsedTable, ParseWarning

_SCORING_RULE = re.compile(r"[得扣减][0-9]+(?:\.[0-9]+)?分")


def _holds_scoring_rule(row) -> bool:
    """A scoring rule in the row's name or a value: searched in them joined by line breaks, which a
    rule never holds (so none spans two of them), and only where a 分 is."""
    text = "\n".join([row.name, *[text for _, text in row.values]])
    return "分" in text and _SCORING_RULE.search(text) is not None


def glued_scoring_rules(table: ParsedTable) -> ParseWarning | None:
    """An error-severity warning when indicator rows of `table` hold a scoring rule run together with
    their name or value; None when none does."""
    glued = [row for row in table.indicators if _holds_scoring_rule(row)]
    if not glued:
        return None
    first = glued[0]
    return ParseWarning(
        "cells_run_together",
        f"{len(glued)} indicator row(s) hold the form's 评(扣)分标准 run together with the name or value "
        f"(「{first.name[:40]}」): the cells cannot be told apart; the table is held back, not loaded",
        first.line, ERROR)
