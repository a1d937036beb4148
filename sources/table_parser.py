"""The template parser's entry point (kept for its callers; the parser lives in `sources.parse`)."""

from __future__ import annotations

from sources.parse.indicators import indicator_number
from sources.parse.table import parse_table
from sources.vocabulary import SUBTOTAL_LABELS, as_label


def is_subtotal(text: str) -> bool:
    """合计, 小计, 总 计, 合计（万元）: a row that sums others."""
    return as_label(text) in SUBTOTAL_LABELS


__all__ = ["indicator_number", "is_subtotal", "parse_table"]
