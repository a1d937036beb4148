"""Normalization of target values (指标值) such as `95%以上`, `不高于1%`, `大于等于两场`, `较满意`.

`normalize_target` is a pure function of the printed value and the indicator's name. Real data
repeats a few thousand distinct values millions of times, so callers normalize distinct values
once (see `warehouse.model`) and the function is cached. The printed text is always kept (`raw`).

What a value becomes (docs/formats.md, "Target values", lists every form):

* operator, number, unit: `≥95%` -> (>=, 95, %); a bare number is `=`; a unit may come from the
  name (`数量（个）`); Chinese numerals only before a known unit (`两场`, `十二个月`; `一般` is text).
* fractions: `百分之九十五` -> 95 %, `千分之五` -> 5 ‰, `万分之三` -> 3 ‱; any other fraction
  (`三分之一`, `1/3`) is its value as a ratio, 0.333…, with no unit (never the name's unit).
* ranges: `95%-100%`, `95％~100％`, `90至95%`, `≥95%且≤100%` -> operator `>=` (`>` when the lower
  bound is strict), number = the lower bound, `upper` = the upper bound (read as inclusive; the raw
  text keeps a strict `<100%`). The operator stays one of `OPERATORS`, so a query on `>=` and number
  sees a range by its lower bound.
* changes: `下降5%`/`降低`/`减少`/`压减`/`缩短` -> number -5, `is_change`; `增长`/`增加`/`提高`/`提升`
  -> +5, `is_change`. An operator is mirrored with the sign: `下降5%以上` (a fall of at least 5) ->
  `<=` -5. `降至5%` / `提高到95%` name a level, not a change: `<=` 5 / `>=` 95. `-5%` is a level.
* qualifiers: `（含）`, `约`, `大约`, `≈`, `左右` are dropped; `以内`, `之内`, `内` mean `<=`.
* unfilled template values (`is_placeholder`): `≥**%`, masked digits `≤****000元` (number None),
  a unit alone `公里`, an operator and unit `≧ %`, an operator alone `≥`.
* qualitative (`is_qualitative`): everything else. Dates and periods (`2023年底`, `2023.07-2024.01`)
  are `is_date`; a short text (≤ 12 characters) with a digit that is not a date is `is_unread`: a
  target the normalizer could not read, which the warehouse reports as `value_not_understood`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

GE, LE, GT, LT, EQ = ">=", "<=", ">", "<", "="
OPERATORS = (GE, LE, GT, LT, EQ)
_MIRROR = {GE: LE, LE: GE, GT: LT, LT: GT, EQ: EQ}

# longest first, so 大于等于 wins over 大于
_PREFIX_OPERATORS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        {
            ">=": GE, "=>": GE, "≥": GE, "≧": GE, "⩾": GE, "≮": GE,
            "<=": LE, "=<": LE, "≤": LE, "≦": LE, "⩽": LE, "≯": LE,
            ">": GT, "<": LT, "=": EQ, "═": EQ, "＝": EQ,
            "大于等于": GE, "大于或等于": GE, "不低于": GE, "不少于": GE, "不小于": GE,
            "达到": GE, "至少": GE, "高于或等于": GE, "不得低于": GE, "不得少于": GE,
            "小于等于": LE, "小于或等于": LE, "不高于": LE, "不超过": LE, "不多于": LE,
            "不大于": LE, "至多": LE, "最多": LE, "控制在": LE, "低于或等于": LE,
            "不得超过": LE, "不得高于": LE, "未超过": LE,
            "大于": GT, "超过": GT, "高于": GT, "多于": GT,
            "小于": LT, "低于": LT, "少于": LT, "不足": LT,
            "等于": EQ,
        }.items(),
        key=lambda item: -len(item[0]),
    )
)
_OPERATOR_OF = dict(_PREFIX_OPERATORS)
_SUFFIX_OPERATORS: dict[str, str] = {
    "及以上": GE, "以上": GE, "或以上": GE,
    "及以下": LE, "以下": LE, "或以下": LE, "以内": LE, "之内": LE, "内": LE, "及以内": LE,
}
_SUFFIX = re.compile("(" + "|".join(sorted(map(re.escape, _SUFFIX_OPERATORS), key=len, reverse=True)) + ")$")
_QUALIFIERS = re.compile(r"\((?:含|包含|含本数)\)|左右$|^(?:大约|约为|约|≈)")
# a change from a baseline (sign) or a level reached by one (到/至: the implied operator)
_BASELINE = re.compile(r"^(?:同比|环比|较上年|比上年|较去年|比去年|较上年度|较\d{4}年)")
_CHANGE = re.compile(r"^(下降|降低|减少|压减|压缩|缩减|缩短|增长|增加|提高|提升|上升|降|减|增|升)(到|至)?")
_DOWN = frozenset({"下降", "降低", "减少", "压减", "压缩", "缩减", "缩短", "降", "减"})
_PER = re.compile(r"^每(年|月|季度|周|天|日|人|户|次|生)")
_CONJUNCTION = re.compile(r"且|并且|而且|[,;](?=[<>=≤≥≦≧不大小高低])")

_NUM = r"[-+]?(?:[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?|\.[0-9]+)"
_CN = r"[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?"
_ARABIC = re.compile(_NUM)
_CHINESE = re.compile(_CN)
_FRACTION = re.compile(rf"(万|{_CN}|{_NUM})分之({_CN}|{_NUM})")
_SLASH_FRACTION = re.compile(r"([0-9]+)/([0-9]+)")
_RANGE = re.compile(rf"({_NUM}|{_CN})([^0-9~\-—–―〜至到]*)(?:~|〜|-{{1,2}}|—{{1,2}}|–|―|至|到)({_NUM}|{_CN})(.*)")
_MASKED = re.compile(r"[0-9.,]*[*＊×xX][0-9.,*＊×xX]*")
_PLACEHOLDER_IN_NAME = re.compile(r"^(?:[<>=≤≥≦≧]+)?[*＊×xX]+")
_UNIT_IN_NAME = re.compile(r"[（(]\s*([^（）()\d]{1,8}?)\s*[）)]\s*$")
_LOOSE_UNIT = re.compile(r"^[\u4e00-\u9fff][\u4e00-\u9fff/·]{0,2}$")
_LATIN_UNIT = re.compile(r"^[A-Za-z][A-Za-z0-9]{0,4}(?:/[A-Za-z\u4e00-\u9fff]{1,3})?$")
_NOT_UNITS = frozenset({"左右", "完成", "及时", "全部", "按时", "以上", "以下", "年底", "年初", "年末", "月底"})
_DATE = re.compile(r"(?:19|20)[0-9]{2}(?:年|[.\-/](?:0?[1-9]|1[0-2])(?![0-9]))|[0-9]{1,2}月[0-9]{1,2}日"
                   r"|[0-9]{1,2}月(?:底|末|初|上旬|中旬|下旬|份|前)|[0-9]{1,2}:[0-9]{2}|第?[一二三四1-4]季度")
_YEAR_SPAN = re.compile(r"(?:19|20)[0-9]{2}年?(?:-{1,2}|~|—{1,2}|至|到)(?:19|20)[0-9]{2}年?度?")
_UNREAD_MAX = 12  # a longer text with a number is a sentence (暂定量按15次作业…), not a target

# measure words a target is counted in; a unit is one of these, optionally after 万/亿/千/百,
# joined by / or · (`元/生/年`, `人/天`, `万/月`, `次/月`)
UNIT_WORDS = frozenset("""
个 人 次 人次 户 户次 家 所 项 件 份 处 座 株 棵 场 场次 篇 单 起 条 辆 台 台次 套 批 期 门 册 本 部 艘 架 架次 头 只
名 位 支 张 间 栋 幢 层 组 队 班 届 盏 块 根 把 卷 例 宗 趟 轮 口 眼 床 床位 匹 羽 尾 份次 人月 人日 人年
元 万元 亿元 千元 万 亿 亩 万亩 公顷 平方米 平米 万平方米 平方公里 立方米 万立方米 米 延米 公里 千米 吨 万吨 千克 公斤 斤
天 日 工作日 小时 分钟 秒 月 年 周 季度 学期 课时 学时 % ‰ ‱ 百分比 百分点 个百分点 分 倍 个月 个工作日 批次 家次
车次 班次 册次 千瓦 千瓦时 兆瓦 毫升 公升 亩次 航时
""".split())
_DENOMINATORS = UNIT_WORDS | {"生", "校", "村"}  # 元/生/年: per pupil
_SCALE_PREFIXES = ("十万", "百万", "千万", "万", "亿", "千", "百")

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
           "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SCALES = {"十": 10, "百": 100, "千": 1000}
_PERCENT_WORDS = {"百": "%", "千": "‰", "万": "‱"}


@dataclass(frozen=True, slots=True)
class TargetValue:
    """A target value, normalized. `raw` is kept exactly as printed.

    `number` is the lower bound of a range whose upper bound is `upper`; `is_change` marks a
    signed change from a baseline (下降5% -> -5); `is_date` and `is_unread` say why a qualitative
    value holds digits (a date or period; a target not understood)."""

    raw: str
    operator: str | None = None
    number: float | None = None
    unit: str | None = None
    unit_from_name: bool = False
    is_qualitative: bool = False
    is_placeholder: bool = False
    upper: float | None = None
    is_change: bool = False
    is_date: bool = False
    is_unread: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.raw.strip()

    @property
    def problem(self) -> str | None:
        """The warning the value deserves: `placeholder_value` (an unfilled template value) or
        `value_not_understood` (a short text with a number that was not read); None otherwise."""
        if self.is_placeholder:
            return "placeholder_value"
        return "value_not_understood" if self.is_unread else None


@dataclass(frozen=True, slots=True)
class _Reading:
    operator: str | None
    number: float | None
    upper: float | None = None
    unit: str | None = None
    placeholder: bool = False
    change: bool = False
    ratio: bool = False  # a fraction: never takes the name's unit


def _plain(text: str) -> str:
    """NFKC (full-width ％ ～ － ＞ become % ~ - >), no whitespace, and the minus sign − read as -."""
    text = unicodedata.normalize("NFKC", text or "").replace("\u2212", "-")
    return "".join(text.split())  # str.split() and re's \s agree


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


@lru_cache(maxsize=4096)
def is_unit(text: str) -> bool:
    """`%`, `万亩`, `人/天`, `元/生/年`, `万/月`, `个工作日`: a unit of measure and nothing else."""
    plain = _plain(text)
    if not plain or len(plain) > 10:
        return False
    first, *rest = re.split(r"[/·]", plain)
    scaled = first in UNIT_WORDS or any(
        first.startswith(p) and first[len(p):] in UNIT_WORDS for p in _SCALE_PREFIXES)
    return scaled and all(part in _DENOMINATORS for part in rest)


def chinese_number(text: str) -> int | float | None:
    """`两` -> 2, `十二` -> 12, `三百零五` -> 305, `九十五点五` -> 95.5; None when `text` is not a
    simple numeral."""
    whole, _, decimals = text.partition("点")
    total, digit = 0, None
    for char in whole:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _SCALES:
            total += (1 if digit is None else digit) * _SCALES[char]
            digit = None
        else:
            return None
    total += digit or 0
    if not decimals:
        return None if "点" in text else total
    if not whole or any(char not in _DIGITS for char in decimals):
        return None
    return float(f"{total}.{''.join(str(_DIGITS[c]) for c in decimals)}")


def _number(token: str) -> float | None:
    if token[0] in _DIGITS or token[0] in _SCALES:
        value = chinese_number(token)
        return None if value is None else float(value)
    return float(token.replace(",", ""))


@lru_cache(maxsize=65536)
def unit_from_name(indicator_name: str) -> str | None:
    """The unit a name states in trailing brackets: `执法巡查覆盖辖区数量（个）` -> `个`, and the
    unit of a template placeholder there: `苗木成活率(≥**%)` -> `%`."""
    match = _UNIT_IN_NAME.search(indicator_name or "")
    if not match:
        return None
    unit = unicodedata.normalize("NFKC", match.group(1)).strip()
    unit = _PLACEHOLDER_IN_NAME.sub("", unit)
    return unit if is_unit(unit) or _LATIN_UNIT.match(unit) else None


def _unit_ok(unit: str, strict: bool) -> bool:
    """A unit after a number: a known one (`is_unit`), or, after Arabic digits (`strict` False),
    a short word such as 艘 or a Latin one such as M or km."""
    if not unit or is_unit(unit):
        return True
    if strict or unit in _NOT_UNITS or _DATE.search(unit):
        return False
    loose = _LOOSE_UNIT.match(unit) and not _CHINESE.search(unit)  # 二0二三年 is no 0 二三年
    return bool(loose or _LATIN_UNIT.match(unit)) and not _SUFFIX.search(unit)


def normalize_target(raw: str | None, indicator_name: str = "") -> TargetValue:
    """Split a printed target into operator, number (and upper bound), unit and flags."""
    return normalize_with_name_unit(raw, unit_from_name(indicator_name))


def normalize_with_name_unit(raw: str | None, name_unit: str | None) -> TargetValue:
    """`normalize_target` when the unit the indicator's name states (`unit_from_name`) is known:
    many names share a unit, so a batch normalizes far fewer (value, unit) pairs than (value, name)."""
    return _normalize(raw or "", name_unit)


MAX_NUMBER = 1e15  # a target number beyond this is no target but damage (and would not survive a DOUBLE exactly)


@lru_cache(maxsize=65536)
def _normalize(raw: str, name_unit: str | None) -> TargetValue:
    text = _plain(raw)
    if not text:
        return TargetValue(raw)
    core = _BASELINE.sub("", text)  # 较2023年增长5% is a change, not a date
    if _DATE.search(core) or _YEAR_SPAN.fullmatch(core):
        return TargetValue(raw, is_qualitative=True, is_date=True)
    reading = _read(text)
    parts = _CONJUNCTION.split(text)
    if reading is None and len(parts) == 2:
        reading = _bounds(*map(_read, parts))
    if reading is not None and not all(n is None or abs(n) <= MAX_NUMBER for n in (reading.number, reading.upper)):
        reading = None  # a number beyond any target (10^400 reads as inf): text, and warned as unread
    if reading is None:
        unread = len(text) <= _UNREAD_MAX and bool(re.search(r"[0-9]|分之", text))
        return TargetValue(raw, is_qualitative=True, is_unread=unread or len(text) > _UNREAD_MAX and
                           bool(re.search(r"[0-9]{16}", text)))
    unit, from_name = reading.unit, False
    if unit is None and name_unit and not reading.placeholder and not reading.ratio:
        unit, from_name = name_unit, True
    return TargetValue(raw, reading.operator, reading.number, unit, from_name, False, reading.placeholder,
                       reading.upper, reading.change)


def _bounds(first: _Reading | None, second: _Reading | None) -> _Reading | None:
    """`≥95%且≤100%` (in either order): a range from a lower and an upper bound."""
    if not first or not second or first.number is None or second.number is None:
        return None
    if first.operator in (LE, LT):
        first, second = second, first
    units = {first.unit, second.unit} - {None}
    if (first.operator not in (GE, GT) or second.operator not in (LE, LT) or len(units) > 1
            or first.upper is not None or second.upper is not None or first.change or second.change
            or first.number > second.number):
        return None
    return _Reading(first.operator, first.number, second.number, next(iter(units), None), ratio=first.ratio)


def _read(text: str) -> _Reading | None:
    """One target without a conjunction: [baseline][change word][operator] quantity [suffix]."""
    text = _QUALIFIERS.sub("", text)
    change, text = _change(text)
    word = next((word for word, _ in _PREFIX_OPERATORS if text.startswith(word)), None)
    operator = _OPERATOR_OF.get(word)
    if word:
        text = text[len(word):]
        if not change:  # ≥下降5%: an operator column put in front of a change
            change, text = _change(text)
    elif re.match(r"二[0-9]", text):
        operator, text = EQ, text[1:]  # OCR of `=` (二100百分比)
    suffix = _SUFFIX.search(text)
    if suffix and suffix.start() > 0:
        operator, text = operator or _SUFFIX_OPERATORS[suffix.group(1)], text[: suffix.start()]
    per = _PER.match(text)
    if per:
        text = text[per.end():]
    quantity = _quantity(text, printed_operator=operator is not None)
    if quantity is None or (per and not (quantity.unit and quantity.number is not None)):
        return None
    if per:
        quantity = replace(quantity, unit=f"{quantity.unit}/{per.group(1)}")
    if quantity.upper is not None and operator is not None:
        return None  # ≥90-95%: which bound does the operator mean?
    number, upper = quantity.number, quantity.upper
    if change and change.group(2):  # 降至5% / 提高到95%: a level
        operator = operator or (LE if change.group(1) in _DOWN else GE)
    elif change and change.group(1) in _DOWN and number is not None:
        number, upper = (-upper, -number) if upper is not None else (-number, None)
        operator = _MIRROR[operator] if operator else None
    if quantity.placeholder:
        return _Reading(operator, None, None, quantity.unit, placeholder=True, change=bool(change))
    operator = operator or (GE if upper is not None else EQ)
    return _Reading(operator, number, upper, quantity.unit, change=bool(change and not change.group(2)),
                    ratio=quantity.ratio)


def _change(text: str) -> tuple[re.Match | None, str]:
    """The change word (下降, 提高到 …) a value starts with, after its baseline (同比, 较上年), and the rest."""
    core = _BASELINE.sub("", text)
    change = _CHANGE.match(core)
    return (change, core[change.end():]) if change else (None, text)


def _quantity(text: str, printed_operator: bool) -> _Reading | None:
    """A number, range, fraction or placeholder with its unit, no operator (which is None here)."""
    if not text:
        return _Reading(None, None, placeholder=True) if printed_operator else None  # `≥` alone
    if is_unit(text):
        return _Reading(None, None, unit=text, placeholder=True)  # 公里, ≧ %: the unit of an unfilled value
    masked = _MASKED.match(text)
    if masked and _unit_ok(text[masked.end():], strict=False):
        return _Reading(None, None, unit=text[masked.end():] or None, placeholder=True)
    fraction = _FRACTION.fullmatch(text)
    if fraction:
        head, part = fraction.group(1), _number(fraction.group(2))
        if part is None:
            return None
        if head in _PERCENT_WORDS:  # 百分之九十五 -> 95 %, 千分之五 -> 5 ‰
            return _Reading(None, part, unit=_PERCENT_WORDS[head])
        whole = _number(head)
        return _Reading(None, part / whole, ratio=True) if whole else None
    slash = _SLASH_FRACTION.fullmatch(text)
    if slash:
        whole = float(slash.group(2))
        return _Reading(None, float(slash.group(1)) / whole, ratio=True) if whole else None
    span = _RANGE.fullmatch(text)
    if span:
        low, low_unit, high, high_unit = span.groups()
        strict = not (low[0].isdigit() or low[0] in "-+.")
        lower, upper = _number(low), _number(high)
        if (lower is not None and upper is not None and lower <= upper and low_unit in ("", high_unit)
                and _unit_ok(high_unit, strict)):
            return _Reading(None, lower, upper, high_unit or None)
    number = _ARABIC.match(text) or _CHINESE.match(text)
    if not number:
        return None
    value = _number(number.group(0))
    unit = text[number.end():]
    if value is None or not _unit_ok(unit, strict=not _ARABIC.match(text)):
        return None
    return _Reading(None, value, unit=unit or None)
