"""The indicator classification (一级/二级指标) and how printed labels map onto it.

See ../shared/DOMAIN.md. Level 1 is always inferred from level 2 when level 2 is known, because
copies of merged cells carry the wrong level 1 down (a 社会效益指标 printed while 产出指标 is carried).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

OUTPUT = "产出指标"
BENEFIT = "效益指标"
SATISFACTION = "满意度指标"
COST = "成本指标"

LEVEL1 = (OUTPUT, BENEFIT, SATISFACTION, COST)

# canonical level 2 -> canonical level 1
LEVEL2_PARENT: dict[str, str] = {
    "数量指标": OUTPUT,
    "质量指标": OUTPUT,
    "时效指标": OUTPUT,
    "成本指标": OUTPUT,  # older template; the newer one makes 成本指标 a level 1 (see below)
    "经济成本指标": COST,
    "社会成本指标": COST,
    "生态环境成本指标": COST,
    "经济效益指标": BENEFIT,
    "社会效益指标": BENEFIT,
    "生态效益指标": BENEFIT,
    "可持续影响指标": BENEFIT,
    "服务对象满意度指标": SATISFACTION,
}

# printed variants -> canonical level 2
LEVEL2_ALIASES: dict[str, str] = {
    "环境效益指标": "生态效益指标",
    "社会公众或服务对象满意度指标": "服务对象满意度指标",
    "社会公众满意度指标": "服务对象满意度指标",
    "服务对象满意度": "服务对象满意度指标",
    "可持续影响": "可持续影响指标",
}

# printed variants -> canonical level 1
LEVEL1_ALIASES: dict[str, str] = {
    "项目完成指标": OUTPUT,
    "项目效益指标": BENEFIT,
}

# the level 2 implied when a form prints a level-1 name twice (满意度指标 | 满意度指标)
DEFAULT_LEVEL2: dict[str, str] = {SATISFACTION: "服务对象满意度指标"}

COST_LEVEL2 = frozenset(k for k, v in LEVEL2_PARENT.items() if v == COST)

_DECORATION = re.compile(
    r"[（(][^）)]*(必填|选填|分|%|％)[^）)]*[）)]"  # (必填), （必填硬性指标）, (0-20)分 ... with its 分
    r"|[（(]\s*\d+\s*[-－~～至]\s*\d+\s*[）)]\s*分?"  # (0-20)分: a score range, the 分 outside
    r"|\d+\s*[-－~～至]\s*\d+\s*分"
    r"|[★☆*＊]"
)
_SPACES = re.compile(r"\s+")


# no label, decorations and all, is longer; the decoration patterns backtrack quadratically over
# longer text (a cell of 1 MB of digits or brackets took minutes), and it could not be a label anyway
MAX_LABEL_CHARS = 200


def clean_label(text: str) -> str:
    """A printed label without inner spaces, line breaks, decorations or a trailing 等."""
    text = _SPACES.sub("", text)
    if len(text) > MAX_LABEL_CHARS:
        return text
    text = _DECORATION.sub("", text)
    text = text.removesuffix("分").removesuffix("等")
    return text.strip(":：")


@dataclass(frozen=True, slots=True)
class LabelMatch:
    """What a printed label is. `level2` is None for a level-1 label."""

    level1: str
    level2: str | None
    printed: str


@lru_cache(maxsize=1 << 16)
def classify_label(text: str) -> LabelMatch | None:
    """Classify a printed cell as a level-1 or level-2 label, or None when it is neither.

    成本指标 alone is returned as the older template's level 2 (under 产出指标); a parser that sees
    it followed by 经济/社会/生态环境成本指标 treats it as the newer template's level 1.
    """
    label = clean_label(text)
    if not label:
        return None
    for candidate in (label, label + "指标"):
        canonical = LEVEL2_ALIASES.get(candidate, candidate)
        if canonical in LEVEL2_PARENT:
            return LabelMatch(LEVEL2_PARENT[canonical], canonical, text.strip())
        if candidate in LEVEL1 and candidate != COST:
            return LabelMatch(candidate, None, text.strip())
        if candidate in LEVEL1_ALIASES:
            return LabelMatch(LEVEL1_ALIASES[candidate], None, text.strip())
    return None


_LABEL_LIKE = re.compile(r"^[\u4e00-\u9fff]{2,12}指标$")


@lru_cache(maxsize=1 << 16)
def looks_like_label(text: str) -> bool:
    """A short Chinese phrase ending in 指标, e.g. an unknown level-2 label such as 数量质量指标."""
    return bool(_LABEL_LIKE.match(clean_label(text)))
