"""Project names as departments write them from year to year, reduced to what identifies the project.

The same project is often renamed slightly between budget years: quotes (“粤菜师傅”工程), the
suffix (工作经费 / 经费 / 专项资金), a year (2025年…), punctuation (、，·). `normalize_project_name`
drops exactly those and says what it dropped; `name_similarity` scores what is left.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from difflib import SequenceMatcher

QUOTES = frozenset("\"'“”‘’「」『』《》〈〉")
YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)(?:年度|年)?")
# money words a project name ends with; the longest that matches is dropped, then again
SUFFIXES = ("专项工作经费", "工作经费", "专项经费", "补助经费", "经费", "专项资金", "资金", "费用", "工作")


@dataclass(frozen=True)
class NormalizedName:
    text: str  # what identifies the project
    dropped: tuple[str, ...]  # what was removed: 引号, 年份 2025, 标点, 「工作经费」


# pure, and a department's names recur in every year's batch that matches its projects again
@lru_cache(maxsize=1 << 16)
def normalize_project_name(name: str | None) -> NormalizedName:
    text = "".join(unicodedata.normalize("NFKC", name or "").split())
    dropped: list[str] = []
    if any(ch in QUOTES for ch in text):
        text = "".join(ch for ch in text if ch not in QUOTES)
        dropped.append("引号")
    years = YEAR.findall(text)
    if years:
        text = YEAR.sub("", text)
        dropped.append("年份 " + " ".join(years))
    if any(unicodedata.category(ch).startswith("P") for ch in text):
        text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("P"))
        dropped.append("标点")
    stripped = True
    while stripped:
        stripped = False
        for suffix in SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix) + 1:
                text = text[: -len(suffix)]
                dropped.append(f"「{suffix}」")
                stripped = True
                break
    return NormalizedName(text, tuple(dropped))


def name_similarity(a: str, b: str) -> float:
    """0..1: how much of two normalized names is the same text in the same order."""
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()
