"""The budget block of a unit-level table: 单位预算支出 (基本支出, 项目支出), 收入来源 (财政拨款, 其他资金),
事业发展性支出 (财政专项资金, 其他事业发展性支出), each amount in the unit its 预算金额（万元） header states.

    预算整体情况 | 单位预算支出 | 预算金额（万元） | 收入来源 | 预算金额（万元）
                 | 基本支出     | 674.09           | 财政拨款 | 1442.41

A category is recognised by its name; its group by the group header above its column.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sources.money import WAN_YUAN, looks_like_amount, unit_in_header
from sources.parse.goals import group_at
from sources.parsed import BudgetLine, ParsedTable, ParseWarning
from sources.vocabulary import SUBTOTAL_LABELS, as_label

# unit-level budget categories -> their group
UNIT_BUDGET_CATEGORIES: dict[str, str] = {
    "基本支出": "单位预算支出",
    "项目支出": "单位预算支出",
    "财政拨款": "收入来源",
    "其他资金": "收入来源",
    "财政专项资金": "事业发展性支出",
    "其他事业发展性支出": "事业发展性支出",
}
BUDGET_GROUP_HEADERS = frozenset({"单位预算支出", "收入来源", "事业发展性支出", "按预算级次划分"})
BLOCK_LABEL = "预算整体情况"


def starts_budget(label: str) -> bool:
    return label == BLOCK_LABEL or label in BUDGET_GROUP_HEADERS or label in UNIT_BUDGET_CATEGORIES


@dataclass
class BudgetReader:
    table: ParsedTable
    unit: str = WAN_YUAN
    groups: list[tuple[int, str]] = field(default_factory=list)

    def row(self, tokens: list[tuple[int, str]], line: int) -> None:
        header_text = " ".join(text for _, text in tokens)
        stated = unit_in_header(header_text)
        if stated and "预算金额" in header_text:
            self.unit = stated
        i = 0
        while i < len(tokens):
            column, text = tokens[i]
            label = as_label(text)
            if label in BUDGET_GROUP_HEADERS:
                self.groups = [g for g in self.groups if g[0] != column] + [(column, label)]
            following = tokens[i + 1][1] if i + 1 < len(tokens) else ""
            if label in SUBTOTAL_LABELS and following and looks_like_amount(following):
                self.table.warnings.append(ParseWarning(
                    "subtotal_row", f"{text} {following.strip()}: a subtotal, not a budget category; not loaded", line))
                i += 2
                continue
            if label in UNIT_BUDGET_CATEGORIES and following and not looks_like_amount(following) \
                    and as_label(following) not in UNIT_BUDGET_CATEGORIES and as_label(following) not in BUDGET_GROUP_HEADERS:
                self.table.warnings.append(ParseWarning(
                    "amount_not_read", f"{label} 「{following.strip()[:30]}」: not an amount; not loaded", line))
                i += 2
                continue
            if label not in BUDGET_GROUP_HEADERS and label != BLOCK_LABEL and following \
                    and looks_like_amount(following) and not looks_like_amount(text):
                group = UNIT_BUDGET_CATEGORIES.get(label) or group_at(self.groups, column)
                self.table.budget_lines.append(BudgetLine(group, label, following.strip(), self.unit, line))
                i += 2
                continue
            i += 1
