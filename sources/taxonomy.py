"""The indicator classification (一级/二级指标) and how printed labels map onto it.

See ../shared/DOMAIN.md. Level 1 is always inferred from level 2 when level 2 is known, because
copies of merged cells carry the wrong level 1 down (a 社会效益指标 printed while 产出指标 is carried).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from sources.brackets import drop_notes

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
    "生态环境效益指标": "生态效益指标",
    "社会公众或服务对象满意度指标": "服务对象满意度指标",
    "社会公众满意度指标": "服务对象满意度指标",
    "服务对象满意度": "服务对象满意度指标",
    "群众满意度指标": "服务对象满意度指标",
    "受益对象满意度指标": "服务对象满意度指标",
    "受益群众满意度指标": "服务对象满意度指标",
    "公众满意度指标": "服务对象满意度指标",
    "服务满意度指标": "服务对象满意度指标",
    "可持续影响": "可持续影响指标",
    "可持续发展指标": "可持续影响指标",
    # evaluation-style level 2 under 产出 (决策/过程/产出/效益 frameworks)
    "产出数量指标": "数量指标",
    "产出质量指标": "质量指标",
    "产出时效指标": "时效指标",
    "产出成本指标": "成本指标",
    # Guangdong's 批复表 (预期产出指标 / 效果指标): the budget kept within its amount is the cost class
    "预算控制指标": "成本指标",
    "投资规模控制指标": "成本指标",
}

# printed variants -> canonical level 1
LEVEL1_ALIASES: dict[str, str] = {
    "项目完成指标": OUTPUT,
    "项目效益指标": BENEFIT,
    "效果指标": BENEFIT,  # Shanghai's 产出 / 效果 / 影响力 framework
    "预期产出指标": OUTPUT,  # Guangdong's 批复表: 预期产出指标 / 效果指标
    "预期效果指标": BENEFIT,
}

# level labels of hierarchies outside the standard one: recognised as labels (so they are never read
# as an indicator or a value) with no canonical class. 决策/过程 come from evaluation frameworks that
# some bureaus reuse for targets; 实施效果指标 heads NDRC investment-plan tables, whose level-2 column
# then holds 产出指标/效益指标 (the canonical level 1 is taken from there)
OTHER_LEVEL1 = frozenset({"决策", "过程", "决策指标", "过程指标", "管理指标", "实施效果指标", "过程管理指标",
                          "影响力指标"})
OTHER_LEVEL2 = frozenset({"项目立项", "绩效目标", "资金投入", "资金管理", "组织实施", "业务管理", "财务管理",
                          "立项依据", "立项程序", "目标设置", "保障措施", "资金落实", "实施准备", "实施过程",
                          "长效管理", "信息共享", "档案管理", "人力资源", "部门协助",
                          # NDRC's 过程管理指标: 计划管理 / 资金管理 / 项目管理 / 监督检查
                          "计划管理指标", "资金管理指标", "项目管理指标", "监督检查指标"})

# the level 2 implied when a form prints a level-1 name twice (满意度指标 | 满意度指标)
DEFAULT_LEVEL2: dict[str, str] = {SATISFACTION: "服务对象满意度指标"}

COST_LEVEL2 = frozenset(k for k, v in LEVEL2_PARENT.items() if v == COST)

_DECORATION = re.compile(
    r"[（(][^）)]*(必填|选填|分|%|％)[^）)]*[）)]"  # (必填), （必填硬性指标）, (0-20)分 ... with its 分
    r"|[（(]\s*\d+\s*[-－~～至]\s*\d+\s*[）)]\s*分?"  # (0-20)分: a score range, the 分 outside
    r"|\d+\s*[-－~～至]\s*\d+\s*分"
    r"|[★☆*＊?？]"
)
_SPACES = re.compile(r"\s+")


# no label, decorations and all, is longer; the decoration patterns backtrack quadratically over
# longer text (a cell of 1 MB of digits or brackets took minutes), and it could not be a label anyway
MAX_LABEL_CHARS = 200


@lru_cache(maxsize=1 << 16)
def clean_label(text: str) -> str:
    """A printed label without inner spaces, line breaks, decorations or a trailing 等."""
    text = _SPACES.sub("", text)
    if len(text) > MAX_LABEL_CHARS:
        return text
    text = _DECORATION.sub("", unicodedata.normalize("NFKC", text))
    text = text.removesuffix("分").removesuffix("等")
    return text.strip(":：")


@dataclass(frozen=True, slots=True)
class LabelMatch:
    """What a printed label is: a level-1 label (`rank` 1) or a level-2 one (`rank` 2), with its
    canonical classes. `level1`/`level2` are None for a label outside the standard hierarchy
    (决策, 项目立项, 实施效果指标): recognised, but counted in no class."""

    level1: str | None
    level2: str | None
    printed: str
    rank: int = 2
    exact: bool = True  # printed as the label itself, not a bare word (数量, 满意度) or a renamed one (产出值)

    @property
    def standard(self) -> bool:
        return self.level1 is not None


def _candidates(label: str) -> tuple[str, ...]:
    """A label as printed, with 指标 added (数量 -> 数量指标), and renamed levels mapped back
    (产出值 -> 产出指标, 经济效益值 -> 经济效益指标: some forms write 值 where others write 指标)."""
    found = [label, label + "指标"]
    if label.endswith("值") and len(label) > 2:
        found.append(label[:-1] + "指标")
    return tuple(found)


@lru_cache(maxsize=1 << 16)
def classify_label(text: str) -> LabelMatch | None:
    """Classify a printed cell as a level-1 or level-2 label, or None when it is neither.

    成本指标 alone is returned as the older template's level 2 (under 产出指标); a parser that sees
    it followed by 经济/社会/生态环境成本指标 treats it as the newer template's level 1.
    """
    label = clean_label(text)
    if not label:
        return None
    printed = text.strip()
    for n, candidate in enumerate(_candidates(label)):
        exact = n == 0 or label.endswith("值")
        canonical = LEVEL2_ALIASES.get(candidate, candidate)
        if canonical in LEVEL2_PARENT:
            return LabelMatch(LEVEL2_PARENT[canonical], canonical, printed, exact=exact)
        if candidate in LEVEL1 and candidate != COST:
            return LabelMatch(candidate, None, printed, rank=1, exact=exact)
        if candidate in LEVEL1_ALIASES:
            return LabelMatch(LEVEL1_ALIASES[candidate], None, printed, rank=1, exact=exact)
    if label in OTHER_LEVEL1:
        return LabelMatch(None, None, printed, rank=1)
    if label in OTHER_LEVEL2:
        return LabelMatch(None, None, printed, rank=2)
    # a label with a bracketed gloss: 数量指标(或建筑规模指标), 时效指标(工期指标、形象进度指标),
    # 预算(或投资规模)控制指标 -> the label without it, when that is a label itself (never a bare word)
    plain = drop_notes(label) if len(label) <= MAX_LABEL_CHARS else label
    if plain != label and plain.endswith("指标"):
        match = classify_label(plain)
        if match is not None and match.exact:
            return LabelMatch(match.level1, match.level2, printed, rank=match.rank)
    return None


_LABEL_LIKE = re.compile(r"^[\u4e00-\u9fff][\u4e00-\u9fff、]{1,15}指标$")  # 社会、经济、生态效益指标


@lru_cache(maxsize=1 << 16)
def looks_like_label(text: str) -> bool:
    """A short Chinese phrase ending in 指标, e.g. an unknown level-2 label such as 数量质量指标 or
    社会、经济、生态效益指标."""
    return bool(_LABEL_LIKE.match(clean_label(text)))
