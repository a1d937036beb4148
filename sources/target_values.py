"""Normalization of target values (指标值) such as `95%以上`, `不高于1%`, `大于等于两场`, `较满意`.

`normalize_target` is a pure function of the printed value and the indicator's name. Real data
repeats a few thousand distinct values millions of times, so callers normalize distinct values
once (see `warehouse.model`) and the function is cached.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

GE, LE, GT, LT, EQ = ">=", "<=", ">", "<", "="
OPERATORS = (GE, LE, GT, LT, EQ)

# longest first, so 大于等于 wins over 大于
_PREFIX_OPERATORS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        {
            ">=": GE, "=>": GE, "≥": GE, "≧": GE, "⩾": GE,
            "<=": LE, "=<": LE, "≤": LE, "≦": LE, "⩽": LE,
            ">": GT, "<": LT, "=": EQ, "═": EQ, "＝": EQ,
            "大于等于": GE, "大于或等于": GE, "不低于": GE, "不少于": GE, "不小于": GE,
            "达到": GE, "至少": GE, "高于或等于": GE,
            "小于等于": LE, "小于或等于": LE, "不高于": LE, "不超过": LE, "不多于": LE,
            "不大于": LE, "至多": LE, "最多": LE, "控制在": LE, "低于或等于": LE,
            "大于": GT, "超过": GT, "高于": GT, "多于": GT,
            "小于": LT, "低于": LT, "少于": LT,
            "等于": EQ,
        }.items(),
        key=lambda item: -len(item[0]),
    )
)
_SUFFIX_OPERATORS: dict[str, str] = {
    "及以上": GE, "以上": GE, "或以上": GE,
    "及以下": LE, "以下": LE, "或以下": LE, "以内": LE, "之内": LE, "内": LE,
}
_SUFFIX = re.compile("(" + "|".join(sorted(map(re.escape, _SUFFIX_OPERATORS), key=len, reverse=True)) + ")$")

_ARABIC = re.compile(r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?|\.[0-9]+")
_CHINESE = re.compile(r"[零〇一二两三四五六七八九十百千]+")
_PLACEHOLDER = re.compile(r"[*＊×xX]+|[*＊]+\.[*＊]+")
_UNIT = re.compile(r"^(?:[%‰]|[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z/·²³]{0,5})$")
_UNIT_IN_NAME = re.compile(r"[（(]\s*([^（）()\d]{1,6}?)\s*[）)]\s*$")
_NOT_UNITS = frozenset({"左右", "完成", "及时", "全部", "按时"})

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
           "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SCALES = {"十": 10, "百": 100, "千": 1000}


@dataclass(frozen=True, slots=True)
class TargetValue:
    """A target value, normalized. `raw` is kept exactly as printed."""

    raw: str
    operator: str | None = None
    number: float | None = None
    unit: str | None = None
    unit_from_name: bool = False
    is_qualitative: bool = False
    is_placeholder: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.raw.strip()


def _plain(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split())  # str.split() and re's \s agree


@lru_cache(maxsize=4096)
def operator_word(text: str) -> str | None:
    """The operator a cell holds when it holds nothing else (an operator column): `≥` -> '>=',
    `≦` -> '<=', `═` -> '=', `不低于` -> '>='; None for anything else (`定量`, `95%`)."""
    plain = _plain(text)
    return next((op for word, op in _PREFIX_OPERATORS if plain == word), None)


@lru_cache(maxsize=4096)
def states_operator(raw: str) -> bool:
    """True when a printed value says its own operator (`≥95%`, `95%以上`), not for `95%`."""
    plain = _plain(raw)
    return any(plain.startswith(word) for word, _ in _PREFIX_OPERATORS) or bool(_SUFFIX.search(plain))


def chinese_number(text: str) -> int | None:
    """`两` -> 2, `十二` -> 12, `三百零五` -> 305; None when `text` is not a simple numeral."""
    total, digit = 0, None
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _SCALES:
            total += (1 if digit is None else digit) * _SCALES[char]
            digit = None
        else:
            return None
    return total + (digit or 0)


@lru_cache(maxsize=65536)
def unit_from_name(indicator_name: str) -> str | None:
    """The unit a name states in trailing brackets: `执法巡查覆盖辖区数量（个）` -> `个`."""
    match = _UNIT_IN_NAME.search(indicator_name or "")
    if not match:
        return None
    unit = unicodedata.normalize("NFKC", match.group(1)).strip()
    return unit if _UNIT.match(unit) else None


def normalize_target(raw: str | None, indicator_name: str = "") -> TargetValue:
    """Split a printed target into operator, number, unit and a qualitative flag."""
    return normalize_with_name_unit(raw, unit_from_name(indicator_name))


def normalize_with_name_unit(raw: str | None, name_unit: str | None) -> TargetValue:
    """`normalize_target` when the unit the indicator's name states (`unit_from_name`) is known:
    many names share a unit, so a batch normalizes far fewer (value, unit) pairs than (value, name)."""
    return _normalize(raw or "", name_unit)


@lru_cache(maxsize=65536)
def _normalize(raw: str, name_unit: str | None) -> TargetValue:
    text = _plain(raw)
    if not text:
        return TargetValue(raw)

    operator = None
    for word, op in _PREFIX_OPERATORS:
        if text.startswith(word):
            operator, text = op, text[len(word):]
            break

    suffix_match = _SUFFIX.search(text)
    suffix_op = None
    if suffix_match and suffix_match.start() > 0:
        suffix_op = _SUFFIX_OPERATORS[suffix_match.group(1)]
        text = text[: suffix_match.start()]

    number_match = _ARABIC.match(text) or _CHINESE.match(text)
    placeholder = _PLACEHOLDER.match(text) if not number_match else None
    if placeholder:
        unit = text[placeholder.end():] or None
        return TargetValue(raw, operator or suffix_op, None, unit, is_placeholder=True)
    if not number_match:
        return TargetValue(raw, is_qualitative=True)

    digits = number_match.group(0)
    if digits[0] in _DIGITS or digits[0] in _SCALES:
        value = chinese_number(digits)
        if value is None:
            return TargetValue(raw, is_qualitative=True)
        number = float(value)
    else:
        number = float(digits.replace(",", ""))

    unit = text[number_match.end():]
    if unit and (not _UNIT.match(unit) or unit in _NOT_UNITS):
        return TargetValue(raw, is_qualitative=True)

    if operator is None:
        operator = suffix_op or EQ
    if unit:
        return TargetValue(raw, operator, number, unit)
    if name_unit:
        return TargetValue(raw, operator, number, name_unit, unit_from_name=True)
    return TargetValue(raw, operator, number, None)
