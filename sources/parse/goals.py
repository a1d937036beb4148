"""Goals (总体绩效目标, 实施周期总目标 / 当年度目标, 目标N) and key tasks (年度重点工作任务, 任务N).

A goal label either heads columns of scopes (`总体绩效目标 | 实施周期总目标 | 当年度目标`, the goals
in the rows below, each under its scope's column) or carries its goal on its row
(`年度总体目标 | …`, `实施期绩效目标 | …`). A goal text may hold several numbered goals (目标1：…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from sources.money import WAN_YUAN, looks_like_amount, unit_in_header
from sources.parsed import Goal, KeyTask, ParsedTable, ParseWarning
from sources.vocabulary import GOAL_LABELS, as_label, compact

_GOAL_NO = re.compile(r"目标\s*(\d+)\s*[:：.、．]\s*")
_TASK_NO = re.compile(r"^任务\s*(\d+)\s*[:：.、．]?\s*(.*)$", re.S)


@lru_cache(maxsize=4096)
def scope_of(text: str) -> str | None:
    """The scope a goal column header names: 实施周期 (中期, 长期 …) or 当年度, else None."""
    text = compact(text)
    if len(text) > 30 or "目标" not in text:
        return None
    if "实施周期" in text or "中长期" in text or "长期" in text or "中期" in text or "实施期" in text:
        return "实施周期"
    if "年度" in text:
        return "当年度"
    if "总目标" in text:  # 项目总目标 beside 年度总体目标: the whole project's, over its period
        return "实施周期"
    return None


def group_at(groups: list[tuple[int, str]], column: int) -> str:
    """The group whose column is the nearest at or left of `column`."""
    left = [name for col, name in sorted(groups) if col <= column]
    return left[-1] if left else ""


@dataclass
class GoalReader:
    table: ParsedTable
    scopes: list[tuple[int, str]] = field(default_factory=list)
    scope: str = "总体"

    def header(self, label: str, rest: list[tuple[int, str]], line: int) -> None:
        """A row starting with a goal label: a header of scope columns, or a goal of the label's scope."""
        scopes = [(col, scope_of(text)) for col, text in rest]
        if rest and all(scope for _, scope in scopes):
            self.scopes = [(col, scope) for col, scope in scopes if scope]
            return
        self.scopes = []
        self.scope = GOAL_LABELS.get(label, "总体")
        if rest:
            self.add(self.scope, " ".join(text for _, text in rest), line)

    def row(self, tokens: list[tuple[int, str]], line: int) -> None:
        if not self.scopes:
            self.add(self.scope, " ".join(text for _, text in tokens), line)
            return
        if len(tokens) == len(self.scopes):
            for (_, text), (_, scope) in zip(tokens, self.scopes):
                self.add(scope, text, line)
            return
        for column, text in tokens:
            self.add(group_at(self.scopes, column) or self.scopes[0][1], text, line)

    def add(self, scope: str, text: str, line: int) -> None:
        text = text.strip()
        parts = list(_GOAL_NO.finditer(text)) if "目标" in text else []  # every 目标N holds 目标
        if not parts:
            self.table.goals.append(Goal(scope, None, text, line))
            return
        for n, match in enumerate(parts):
            end = parts[n + 1].start() if n + 1 < len(parts) else len(text)
            body = text[match.end():end].strip(" ；;\n")
            self.table.goals.append(Goal(scope, int(match.group(1)), body, line))


# the task sections of unit tables: 年度重点工作任务, 其他需完成的任务, and 年度履职目标 (部门职能 | 年度目标任务
# | 支出项目名称 | 预算金额, in Fujian's 部门整体支出绩效目标表)
_TASK_KINDS = ("年度重点工作任务", "其他需完成的任务", "年度履职目标")


def is_task_label(label: str) -> bool:
    return label.startswith(_TASK_KINDS)


@dataclass
class TaskReader:
    table: ParsedTable
    kind: str = ""
    unit: str = WAN_YUAN

    def header(self, tokens: list[tuple[int, str]], line: int) -> None:
        first = as_label(tokens[0][1])
        self.kind = next(kind for kind in _TASK_KINDS if first.startswith(kind))
        self.unit = unit_in_header(" ".join(text for _, text in tokens)) or self.unit
        rest = tokens[1:]
        if rest and _TASK_NO.match(compact(rest[0][1])):
            self.row(rest, line)

    def row(self, tokens: list[tuple[int, str]], line: int) -> None:
        texts = [text.strip() for _, text in tokens]
        number = None
        match = _TASK_NO.match(compact(texts[0]))
        if match:
            number = int(match.group(1))
            remainder = texts[0].split(":", 1)[-1].split("：", 1)[-1].strip() if match.group(2) else ""
            texts = ([remainder] if remainder else []) + texts[1:]
        if not texts:
            return  # an empty optional task (其他需完成的任务 left blank)
        amount_at = next((i for i, t in enumerate(texts) if i > 0 and looks_like_amount(t)), None)
        if amount_at is None and unit_in_header(texts[-1]) and ("金额" in texts[-1] or "资金" in texts[-1]):
            self.unit = unit_in_header(texts[-1]) or self.unit
            return  # the section's column headers (部门职能 | 年度目标任务 | 支出项目名称 | 预算金额(万元))
        if amount_at is None:
            self.table.warnings.append(ParseWarning(
                "task_without_amount", f"{self.kind} {texts[0][:40]}: no 拟投入的资金 amount found", line))
            name, content, amount, expected = texts[0], " ".join(texts[1:2]), "", " ".join(texts[2:])
        else:
            name = texts[0]
            content = " ".join(texts[1:amount_at])
            amount = texts[amount_at]
            expected = " ".join(texts[amount_at + 1:])
        self.table.key_tasks.append(KeyTask(self.kind, number, name, content, amount, self.unit, expected, line))
