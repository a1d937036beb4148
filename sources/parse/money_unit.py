"""The unit of a project's amounts when the form states none.

Most forms say it: in the cell (`77000.00元`), in the label (`项目资金（万元）`, `总金额（元）`) or in a note
(`金额单位：万元`). Some print bare numbers (`年度资金总额: | 5.00`), and the unit is then only in the
text around the table, if anywhere (`年度预算安排。……预算安排5万元` above it). Reading 5.00 as 元 when it
means 万元 publishes an amount 10,000 times too small, so a bare amount takes the unit the text
around the table gives the same number; failing that it is read as 元, the form's own unit, with a
warning that says so (`amount_unit_assumed`).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from sources.money import YUAN
from sources.parsed import ParsedTable, ParseWarning

UNSTATED = ""  # BudgetLine.unit of an amount printed with no unit anywhere on the form
_AMOUNT_WITH_UNIT = re.compile(r"(\d+(?:\.\d+)?)\s*(万元|元)")


def amounts_stated_around(lines: list[str]) -> dict[Decimal, str]:
    """Each amount the text around a table prints with its unit (`预算安排5万元` -> 5: 万元); a number
    printed with both units is left out (it says nothing)."""
    found: dict[Decimal, set[str]] = {}
    for line in lines:
        for number, unit in _AMOUNT_WITH_UNIT.findall(line.replace(",", "").replace("，", "")):
            found.setdefault(Decimal(number), set()).add(unit)
    return {number: units.pop() for number, units in found.items() if len(units) == 1}


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "").strip())
    except InvalidOperation:
        return None


def resolve_units(table: ParsedTable, around: dict[Decimal, str]) -> None:
    """Give the amounts printed with no unit the unit the text around the table gives one of them,
    else 元 with a warning."""
    lines = table.budget_lines
    bare = [b for b in lines if b.unit == UNSTATED]
    if not bare:
        return
    # zero says nothing: 0.00 is 0 in either unit
    matched = [(b, around[n]) for b in bare if (n := _number(b.amount_raw)) and n in around]
    if matched and len({unit for _, unit in matched}) == 1:  # the text gives one unit, not 5万元 and 200元
        line, unit = matched[0]
        table.warnings.append(ParseWarning(
            "amount_unit_from_text", f"the form prints its amounts without a unit; {line.category} 「{line.amount_raw}」 "
            f"is {line.amount_raw}{unit} in the text around the table, so its amounts are read in {unit}", line.line))
    else:
        unit = YUAN
        first = next((b for b in bare if not _is_zero(b.amount_raw)), bare[0])
        table.warnings.append(ParseWarning(
            "amount_unit_assumed", f"the form prints its amounts without a unit (元 or 万元?): {first.category} "
            f"「{first.amount_raw}」 and the others are read as 元", first.line))
    table.budget_lines[:] = [b._replace(unit=unit) if b.unit == UNSTATED else b for b in lines]


def _is_zero(text: str) -> bool:
    number = _number(text)
    return number is not None and number == 0
