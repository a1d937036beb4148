"""What a cell of an indicator row looks like, and how well it fits each column.

When a layout loses the columns (empty cells collapsed in a pipe or space export, cells one per
line), the cells of a row are put back under their headers by what they say: a level label, a name,
a target value, a unit, an operator, 正向/反向, 计划标准, a weight. `fit(text, role)` scores one cell
in one column (higher is better, `IMPOSSIBLE` never); `sources.parse.columns` aligns a row's cells
with the header's columns by these scores, and `sources.layout.stream` uses them to find where the
rows of a cell stream begin.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sources import taxonomy
from sources.target_values import is_unit as unit_word
from sources.target_values import normalize_target, operator_word
from sources.vocabulary import compact

IMPOSSIBLE = -50.0

# roles of the columns of an indicator table
L1, L2, NAME, VALUE = "level1", "level2", "name", "value"
# attribute columns (canonical names of sources.vocabulary.ATTRIBUTE_COLUMNS) by what they hold
UNIT_ROLES = frozenset({"度量单位"})
OPERATOR_ROLES = frozenset({"指标性质"})
DIRECTION_ROLES = frozenset({"指标方向"})
STANDARD_ROLES = frozenset({"绩效标准"})
NUMBER_ROLES = frozenset({"权重", "分值", "绩效金额"})
FLAG_ROLES = frozenset({"核心指标"})
REMARK_ROLES = frozenset({"备注"})

_DIRECTIONS = frozenset({"正向", "反向", "中性", "正向指标", "反向指标", "中性指标", "越大越好", "越小越好"})
_STANDARDS = frozenset({"计划标准", "行业标准", "历史标准", "其他标准", "计划", "行业", "历史", "其他"})
_NATURES = frozenset({"定量", "定性", "定量指标", "定性指标"})
_FLAGS = frozenset({"是", "否", "★", "√", "☆"})
_NUMBER = re.compile(r"^-?[0-9]+(?:[.,][0-9]+)*%?$")
_DIGIT = re.compile(r"[0-9]")
_UNIT_SUFFIX = re.compile(r"^(.*[\u4e00-\u9fff]{4}.*)[(（]([^()（）0-9]{1,6})[)）]$")
_INDICATOR_NO = re.compile(r"^指标\s*\d+\s*[:：.、．]")
# a date or a period: 2023年底, 2020年1月--2020年11月, 2023.07-2024.01, 2023-12-31 (a value, never a name)
_DATE = re.compile(r"^(?:(?:19|20)\d{2}\s*(?:年|[.\-/]\s*\d{1,2}))[\d年月日底前内以上中旬下末初.\-/—~至到\s]*$")


@lru_cache(maxsize=1 << 14)
def is_unit(text: str) -> bool:
    """`%`, `万亩`, `人/天`, `元/生/年`, `万元/人`: a unit of measure and nothing else."""
    return unit_word(text)


def is_direction(text: str) -> bool:
    return compact(text) in _DIRECTIONS


def is_standard(text: str) -> bool:
    return compact(text) in _STANDARDS


def is_nature(text: str) -> bool:
    return compact(text) in _NATURES


def is_level_label(text: str) -> taxonomy.LabelMatch | None:
    return taxonomy.classify_label(text) if len(text) <= 40 else None


@lru_cache(maxsize=1 << 15)
def value_likeness(text: str) -> float:
    """How much a cell looks like a target value: a number with an operator or unit (3), a bare
    number (2), an unfilled placeholder (2), a short qualitative word such as 较满意 (1), a sentence
    (0.3)."""
    plain = compact(text)
    if not plain:
        return 0.0
    if is_unit(plain) or operator_word(plain):
        return 1.0  # a template value left as its unit (公里) or operator (≥), or a unit or operator cell
    if _DATE.match(plain):
        return 2.0
    target = normalize_target(text)
    if target.is_placeholder:
        return 2.0
    if target.number is not None and not target.is_qualitative:
        return 3.0 if (target.unit or target.operator != "=") else 2.0
    if _names_its_unit(plain):
        return -2.0
    if len(plain) <= 8:
        return 1.0
    return 0.3


def _names_its_unit(plain: str) -> bool:
    """`草原有害生物防治面积(万亩)`, `参保人数(人)`: text that ends by naming the unit of its value is an
    indicator's name (the form left its value empty), never a target value."""
    match = _UNIT_SUFFIX.match(plain)
    return bool(match) and is_unit(match.group(2))


@lru_cache(maxsize=1 << 15)
def name_likeness(text: str) -> float:
    """How much a cell looks like a 三级指标 name: Chinese text, not a number, unit or marker word."""
    plain = compact(text)
    if not plain:
        return IMPOSSIBLE
    if _INDICATOR_NO.match(plain):
        return 4.0
    label = is_level_label(text)
    if label:
        return IMPOSSIBLE if label.exact else -1.0
    if _NUMBER.match(plain) or _DATE.match(plain) or is_unit(plain) or operator_word(plain) or is_direction(plain) \
            or is_nature(plain) or is_standard(plain) or plain in _FLAGS:
        return -4.0
    target = normalize_target(text)
    if target.number is not None and not target.is_qualitative:
        return -3.0
    if len(plain) <= 2:
        return -1.0
    if len(plain) > 30 or any(mark in plain for mark in "，,；;。"):
        return 0.3  # a sentence: names are short
    return 1.0 if len(plain) >= 4 else 0.3


@lru_cache(maxsize=1 << 16)
def fit(text: str, role: str) -> float:
    """How well `text` fits a column of `role` (a level, the name, a value, or an attribute's
    canonical name)."""
    if role == L1:
        match = is_level_label(text)
        if not match:
            return IMPOSSIBLE
        return (5.0 if match.rank == 1 else 1.0) - (0.0 if match.exact else 2.0)
    if role == L2:
        match = is_level_label(text)
        if match:
            return (5.0 if match.rank == 2 else 1.0) - (0.0 if match.exact else 2.0)
        return 1.5 if taxonomy.looks_like_label(text) else IMPOSSIBLE
    if role == NAME:
        return name_likeness(text)
    label = is_level_label(text)
    if label and label.exact:
        return IMPOSSIBLE  # a level label is never a value or an attribute
    plain = compact(text)
    if role == VALUE:
        return value_likeness(text)
    if role in UNIT_ROLES:
        return 3.0 if is_unit(plain) else (-1.0 if _DIGIT.search(plain) and len(plain) <= 8 else -3.0)
    if role in OPERATOR_ROLES:
        if operator_word(plain) or is_nature(plain):
            return 3.0
        return 1.0 if is_direction(plain) else -3.0
    if role in DIRECTION_ROLES:
        if is_direction(plain):
            return 3.0
        return 1.0 if operator_word(plain) else -3.0
    if role in STANDARD_ROLES:
        return 3.0 if is_standard(plain) or plain.endswith("标准") else -1.0
    if role in NUMBER_ROLES:
        return 2.5 if _NUMBER.match(plain) else -3.0
    if role in FLAG_ROLES:
        return 3.0 if plain in _FLAGS else -3.0
    if role in REMARK_ROLES:
        return 0.2  # 备注 is mostly left empty: a lone text after the name is the value, even a sentence
    # free text: 指标解释, 评(扣)分标准, 数据来源 — anything, a long text best
    return 1.0 if len(plain) >= 6 else 0.2


_UNFILLED = re.compile(r"^[…．.。·•\s-]*$")  # an empty cell, or the form's ellipsis (……) for rows to add


def is_unfilled(text: str) -> bool:
    """An empty cell or a template's ellipsis (……, …): what a form prints for rows left to fill."""
    return bool(_UNFILLED.match(text))


def not_an_indicator(name: str, placed: tuple[str, ...], value_indices, levels) -> tuple[str, str] | None:
    """(warning code, message) when a row's cells cannot be an indicator, though they were read as one:
    a 指标性质 for a name (`-定性`: a class row the form left unfilled, whatever follows it); a text with
    neither a class above it nor a value (a list's line above the table). A row holding how it is scored
    (得10分) is kept: it holds the whole table back (sources/parse/glued_rows.py)."""
    if is_nature(name.strip(" -–—_/")):
        return "template_row", f"「{name.strip()[:20]}」: a class row left unfilled but for its 指标性质; not loaded"
    if levels.level1 is None and levels.level1_label is None and not any(placed[j] for j in value_indices):
        return "text_without_value", f"「{name[:40]}」: no 一级/二级指标 above it and no value; not loaded"
    return None


def not_a_name(text: str) -> bool:
    """A cell in the name column that cannot be an indicator's name when no value follows it: a
    sentence (。 at its end, or long with commas) or one or two characters (text cut short)."""
    plain = "".join(text.split())
    return len(plain) <= 2 or plain.endswith(("。", "；", ";", "！")) or \
        (len(plain) >= 20 and any(mark in plain for mark in "，,。"))


def an_attribute(text: str, rows) -> bool:
    """Text the rows above print in an attribute column (未达指标值酌情扣分, a 评(扣)分标准): no name."""
    return any(text == cell for row in rows for _, cell in row.attributes if cell)


def name_may_follow(tokens: list[tuple[int, str]], k: int) -> bool:
    """The cell at k may be a name (not a value, unit, operator, 定量): else the label before it is."""
    return k >= len(tokens) or not -5.0 < name_likeness(tokens[k][1]) <= -3.0
