"""Cells that run-together text glued: the place columns of a per-region table and their values.

A fund table with a value column per township or county (`笏石街道办 | 埭头镇`, 区域目标值 over
`新罗区 | … | 漳平市`) loses its cell borders when it is copied as run-together text: its header
holds `笏石街道办埭头镇`, a row `≥11` (指标方向 ≥, then 1 and 1). The places are cut after their
suffixes (街道办, 镇, 乡, 区, 县, 市). A row's values are cut only where the cut is certain: at
operators (`>=95%>=95%…`), into equal repeats (`100%100%`, `11`, `否否`), or one character each when
there are as many characters as places (`2312222`); a direction the header prints a column for
(`≥`, `是/否`) leads the run. A run that cannot be cut so is left as it is.
"""

from __future__ import annotations

import re

_PLACE = re.compile(r"[\u4e00-\u9fff]{1,6}?(?:街道办事处|街道办|街道|镇|乡|区|县|市)")
_OPERATOR_LED = re.compile(r"(?:>=|<=|[≥≤><=≧≦])[^≥≤><=≧≦]+")
_DIRECTION = re.compile(r"^(?:>=|<=|[≥≤><=≧≦]|是/否)")
_VALUE_RUN = re.compile(r"^[≥≤><=≧≦0-9.%‰是否/]+$")


def split_places(text: str) -> list[str] | None:
    """`笏石街道办埭头镇` -> [笏石街道办, 埭头镇]; None unless the whole text is two places or more."""
    plain = text.strip()
    pieces = _PLACE.findall(plain)
    return pieces if len(pieces) >= 2 and "".join(pieces) == plain else None


def _split_run(text: str, n: int) -> list[str] | None:
    led = _OPERATOR_LED.findall(text)
    if len(led) == n and "".join(led) == text:
        return led
    if n and len(text) % n == 0 and text == text[:len(text) // n] * n:
        return [text[:len(text) // n]] * n
    if len(text) == n:
        return list(text)
    return None


def split_values(text: str, places: int, direction: bool) -> list[str] | None:
    """A glued run of values as [direction] + one value per place, or None when no cut is certain."""
    plain = text.strip()
    if places < 2 or not _VALUE_RUN.match(plain):
        return None
    lead = _DIRECTION.match(plain) if direction else None
    if lead:
        rest = _split_run(plain[lead.end():], places)
        if rest:
            return [lead.group(0), *rest]
    return _split_run(plain, places)


__all__ = ["split_places", "split_values"]
