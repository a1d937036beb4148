"""指标N numbering: each number printed once, in the table or under each 二级指标."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from sources.parsed import IndicatorRow, ParseWarning

_INDICATOR_NO = re.compile(r"^指标\s*(\d+)\s*[:：.、．]?\s*[-－—–]*\s*")


@lru_cache(maxsize=1 << 16)
def indicator_number(label: str) -> tuple[int | None, str]:
    """A 三级指标 cell as (printed 指标N, name): `指标3：覆盖率` -> (3, 覆盖率); (None, label) without 指标N."""
    label = label.strip()
    match = _INDICATOR_NO.match(label)
    return (int(match.group(1)), label[match.end():].strip()) if match else (None, label)


def numbering_warnings(indicators: list[IndicatorRow], first_line: int) -> list[ParseWarning]:
    """指标1 … 指标N each printed once, in the table or under each 二级指标 (some forms restart the
    numbering at every level 2): a repeat or a gap is a warning."""
    rows = [row for row in indicators if row.number is not None]
    numbers = [row.number for row in rows]
    if not numbers or numbers == list(range(1, len(numbers) + 1)):  # none, or 指标1 … 指标N in order
        return []
    runs: list[list[int]] = []
    for n, row in enumerate(rows):
        if n == 0 or (row.number == 1 and row.level2 != rows[n - 1].level2):
            runs.append([])
        runs[-1].append(row.number)
    if len(runs) > 1 and all(run == list(range(1, len(run) + 1)) for run in runs):
        return []
    found = []
    counts = Counter(numbers)
    for n in sorted(n for n, c in counts.items() if c > 1):
        lines = [row.line for row in rows if row.number == n]
        found.append(ParseWarning("indicator_number_repeated",
                                  f"指标{n} is printed {counts[n]} times (lines {', '.join(map(str, lines))})",
                                  lines[1]))
    missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
    if missing:
        found.append(ParseWarning("indicator_number_gap", "numbering skips " + ", ".join(f"指标{n}" for n in missing),
                                  first_line))
    return found
