"""Bracketed notes in labels and headers — （可选填）, （万元）, (0-20)分 — removed in linear time.

The regular expressions these replace, `[（(][^）)]*[）)]` and the same anchored at the end, retry
from every opening bracket and rescan to the end of the cell each time: a cell of a million
`（` (a damaged or hostile file) took minutes. These scan each character once.
"""

from __future__ import annotations

import re

_OPEN = re.compile(r"[（(]")
_CLOSE = re.compile(r"[）)]")
CLOSERS = "）)"


def drop_notes(text: str) -> str:
    """Every `（...）` / `(...)` removed (each from an opening bracket to the first closing one)."""
    kept, start = [], 0
    while (opening := _OPEN.search(text, start)) and (closing := _CLOSE.search(text, opening.end())):
        kept.append(text[start:opening.start()])
        start = closing.end()
    kept.append(text[start:])
    return "".join(kept)


def drop_trailing_note(text: str) -> str:
    """The text without a bracketed note at its very end: 拟投入的资金（万元） -> 拟投入的资金."""
    if not text or text[-1] not in CLOSERS:
        return text
    body = text[:-1]
    after_previous_close = max(body.rfind(c) for c in CLOSERS) + 1
    opening = _OPEN.search(body, after_previous_close)
    return text[:opening.start()] if opening else text
