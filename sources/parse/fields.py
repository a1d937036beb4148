"""The field rows of a table: 项目名称, 主管部门, 实施期限, the project's money, and their synonyms.

A field row is a run of label / value cells (`项目名称 | X | 主管部门 | Y`), or one cell holding
both (`资金总额: 250`). A label is recognised by `sources.vocabulary`; its value is the next cell
unless that is a label too (the form left it empty). Money rows fill budget lines: 总金额 and
当年度金额 of a project, and where its money comes from (财政拨款, 自有资金 …). Their unit is the one
the cell, its label, or the form (`单位：万元`, `项目资金（万元）`) states, else 元.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from sources.brackets import drop_trailing_note
from sources.money import YUAN, looks_like_amount, unit_in_header
from sources.parse.money_unit import UNSTATED
from sources.parsed import PROJECT, BudgetLine, FieldValue, ParsedTable, ParseWarning
from sources.vocabulary import (
    DEPARTMENT, END_YEAR, IMPLEMENTER, UNIT_DEPARTMENT, UNIT_NAME, FIELD_LABELS, FUNDING_SOURCES, GOAL_LABELS, IGNORED_LABELS, PERIOD, PLAIN_TOTAL,
    PROJECT_AMOUNTS, SECTION_LABELS, START_YEAR, as_label,
)

KNOWN_LABELS = (frozenset(FIELD_LABELS) | IGNORED_LABELS | SECTION_LABELS | frozenset(PROJECT_AMOUNTS)
                | FUNDING_SOURCES | frozenset(GOAL_LABELS))
_INLINE = re.compile(r"^([^:：]{2,16})[:：]\s*(\S.*)$", re.S)
_UNIT_NOTE = re.compile(r"单位\s*[:：]\s*(万元|元)")
_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")
_YEAR_MONTH = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?:0[1-9]|1[0-2])(?:[0-3][0-9])?(?![0-9])")
_TRAILING_CODE = re.compile(r"\s+[0-9]{3,}$")
# a department printed at several levels (市级主管部门, 区级主管部门): the most local one is the table's
_LEVEL_RANK = (("中央", -1), ("省级", 1), ("市级", 2), ("州级", 2), ("市县", 3), ("区级", 3), ("县级", 3),
               ("县(区)级", 3), ("区县", 3))
# a department named by its level only, the form's placeholder: 县(市、区)教育部门, 市(州)财政局
_GENERIC_PLACE = re.compile(r"^(?:省|市|州|县|区)[(（][^)）]{1,8}[)）]")
_SPECIAL_FIELDS = frozenset({UNIT_NAME, UNIT_DEPARTMENT, PERIOD, START_YEAR, END_YEAR, DEPARTMENT})
_FUNDING_GROUP = "资金来源"
_MONEY_TEXT = re.compile(r"[0-9零〇一二两三四五六七八九十百千万亿]+\s*(?:万元|元|万)|[0-9]")
_PROJECT_GROUP = "预算金额"


def is_known_label(text: str) -> bool:
    return as_label(text) in KNOWN_LABELS


@lru_cache(maxsize=1 << 14)
def split_inline(text: str) -> tuple[str, str] | None:
    """`资金总额: 250` -> (资金总额, 250), when the part before the colon is a known label."""
    match = _INLINE.match(text.strip())
    if match and is_known_label(match.group(1)):
        return match.group(1), match.group(2).strip()
    return None


def years_of(text: str) -> list[int]:
    """The four-digit years a period or date prints: `2022年3月-2023年11月` -> [2022, 2023];
    months written as digits after the year: `202001-202012`, `20230101-20231231` -> [2020, 2020]."""
    return [int(y) for y in _YEAR.findall(text)] or [int(y) for y in _YEAR_MONTH.findall(text)]


@lru_cache(maxsize=256)
def _level_rank(label: str) -> int:
    return next((rank for word, rank in _LEVEL_RANK if label.startswith(word)), 0)


_AMOUNT, _FIELD, _LABEL_ONLY = "amount", "field", "label only"


@dataclass(frozen=True, slots=True)
class RowPlan:
    """What a field row says, whatever table it is in: its cells, the money units it states, and for
    each known label what it carries (an amount, a field value, or nothing: a label over a value row)."""

    cells: tuple[str, ...]
    units: tuple[str, ...]
    actions: tuple[tuple[str, str, str, str], ...]  # (action, label, printed, value)
    placed: bool  # some cell is a known label
    labels_only: bool  # every label it holds but section labels awaits its value below
    all_amounts: bool  # every cell is an amount (a value row under a label row)


@lru_cache(maxsize=1 << 14)
def row_plan(texts: tuple[str, ...]) -> RowPlan:
    """The reading of a field row (forms repeat their field rows: read once)."""
    cells, labels, known, units = row_cells(texts)
    actions: list[tuple[str, str, str, str]] = []
    i = 0
    while i < len(cells):
        if not known[i]:
            i += 1
            continue
        text, label = cells[i], labels[i]
        value = cells[i + 1] if i + 1 < len(cells) and not known[i + 1] else ""
        if label in PROJECT_AMOUNTS or label in FUNDING_SOURCES:
            actions.append((_AMOUNT, label, text, value) if value else (_LABEL_ONLY, label, text, ""))
        elif label in FIELD_LABELS and (value or label not in SECTION_LABELS):
            actions.append((_FIELD, label, text, value))
        i += 2 if value else 1
    placed = any(known)
    waiting = sum(1 for action in actions if action[0] == _LABEL_ONLY)
    labels_only = bool(waiting) and waiting == sum(1 for label, k in zip(labels, known)
                                                   if k and label not in SECTION_LABELS)
    return RowPlan(cells, units, tuple(actions), placed, labels_only,
                   all(looks_like_amount(text) for text in cells))


@lru_cache(maxsize=1 << 14)
def row_cells(texts: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[bool, ...], tuple[str, ...]]:
    """A field row's cells (a `label: value` cell split in two), each as a label, whether it is a known
    one, and the money units the row states (forms repeat their field rows: read once)."""
    cells: list[str] = []
    units = []
    for text in texts:
        inline = split_inline(text) if (":" in text or "：" in text) else None
        cells.extend(inline if inline else (text,))
        if "元" in text and (unit := stated_unit(text)):
            units.append(unit)
    labels = tuple(map(as_label, cells))
    return tuple(cells), labels, tuple(label in KNOWN_LABELS for label in labels), tuple(units)


@lru_cache(maxsize=1 << 14)
def stated_unit(text: str) -> str | None:
    """The money unit a cell states for what follows: `单位：万元`, `项目资金（万元）`."""
    found = _UNIT_NOTE.search(text)
    return found.group(1) if found else (unit_in_header(text) if "(" in text or "（" in text else None)


@dataclass
class MoneyContext:
    """The unit the form states for its amounts (`单位：万元`, `项目资金（万元）`), 元 when none."""

    unit: str = YUAN
    stated: bool = False

    def note(self, text: str) -> None:
        stated = stated_unit(text)
        if stated:
            self.unit, self.stated = stated, True


@dataclass
class FieldReader:
    table: ParsedTable
    money: MoneyContext = field(default_factory=MoneyContext)
    department_rank: int = -2  # 中央主管部门 ranks -1, below a plain 主管部门 (0)
    pending_labels: list[tuple[str, str]] = field(default_factory=list)  # amount labels awaiting a value row
    pending_above: list[tuple[str, str]] = field(default_factory=list)  # the label row above those, if any

    def warn(self, code: str, message: str, line: int | None) -> None:
        self.table.warnings.append(ParseWarning(code, message, line))

    def read(self, tokens: list[tuple[int, str]], line: int) -> bool:
        """Read a row of label/value cells; False when no cell of it is a known label."""
        plan = row_plan(tuple([text for _, text in tokens]))
        for unit in plan.units:
            self.money.unit, self.money.stated = unit, True
        if self.pending_labels and plan.all_amounts:
            return self.take_pending(list(plan.cells), line)
        labels_only: list[tuple[str, str]] = []
        for action, label, text, value in plan.actions:
            if action == _AMOUNT:
                self.add_amount(label, text, value, line)
            elif action == _FIELD:
                self.add_field(label, text, value, line)
            else:
                labels_only.append((label, text))
        if labels_only and plan.labels_only:
            self.pending_above, self.pending_labels = (self.pending_labels, labels_only)
        elif plan.placed and self.pending_labels:
            self.pending_labels, self.pending_above = [], []
        return plan.placed

    def take_pending(self, amounts: list[str], line: int) -> bool:
        """A row of amounts under a row of money labels (本年度预计投入 | 财政资金 | 其他 over 7 | 0 | 7),
        paired in order; under two label rows (财政资金 over 中央 | 省级 | 市级 | 本级), the lower row
        takes the place of the funding label it details. Counts that do not agree pair only the first."""
        labels = self.pending_labels
        above = self.pending_above
        if above and len(amounts) == len(above) - 1 + len(labels):
            spans = next((k for k, (label, _) in enumerate(above) if label in FUNDING_SOURCES), 1)
            labels = above[:spans] + labels + above[spans + 1:]
        self.pending_labels = labels
        pairs = list(zip(labels, amounts))
        if len(labels) != len(amounts):
            pairs = pairs[:1]
            self.warn("amounts_not_paired", f"{len(amounts)} amounts under {len(self.pending_labels)} labels "
                      f"({'、'.join(t for _, t in self.pending_labels)}): only the first is read", line)
        for (label, text), amount in pairs:
            self.add_amount(label, text, amount, line)
        self.pending_labels, self.pending_above = [], []
        return True

    def add_field(self, label: str, printed: str, value: str, line: int) -> None:
        name = FIELD_LABELS[label]
        if name not in _SPECIAL_FIELDS:  # the common case: a name, a type, an overview
            fields = self.table.fields
            found = fields.get(name)
            if found is None or not found.value:
                fields[name] = FieldValue(value, line)
            elif value and value != found.value:
                self.warn("field_repeated", f"{name} is given twice; kept the first", line)
            return
        if self.table.kind == PROJECT and name in (UNIT_NAME, UNIT_DEPARTMENT):
            name = IMPLEMENTER if name == UNIT_NAME else DEPARTMENT  # 单位名称 of a project: who spends it
        if name == PERIOD:
            self.add_period(value, line)
            return
        if name in (START_YEAR, END_YEAR):
            self.add_year(name, printed, value, line)
            return
        if name == DEPARTMENT:
            rank = _level_rank(label)
            if rank <= self.department_rank or _GENERIC_PLACE.match(value.strip()):
                return  # a less local one, or the form's placeholder (县(市、区)教育部门) left as printed
            self.department_rank = rank
            if "代码" in label or "编码" in label:
                value = _TRAILING_CODE.sub("", value)
            self.table.fields[name] = FieldValue(value, line)
            return
        if name not in self.table.fields or not self.table.fields[name].value:
            self.table.fields[name] = FieldValue(value, line)
        elif value and value != self.table.fields[name].value:
            self.warn("field_repeated", f"{name} is given twice; kept the first", line)

    def add_period(self, value: str, line: int) -> None:
        """`2022年3月-2023年11月`, `2023.07-2024.01`, `2023年1月至12月`: the first and last year."""
        years = years_of(value)
        if not years:
            if value:
                self.warn("period_not_understood", f"实施期限 「{value[:40]}」 prints no year; "
                          "起始年度 and 到期年度 left empty", line)
            return
        self.table.fields.setdefault(START_YEAR, FieldValue(str(years[0]), line))
        self.table.fields.setdefault(END_YEAR, FieldValue(str(years[-1]), line))

    def add_year(self, name: str, printed: str, value: str, line: int) -> None:
        """起始年度 / 到期年度 as printed (a whole number; validation checks its range); a date or a time
        (开始时间 2023-01-01, 完成时间 2024年) gives its year, and one that prints no clean year is not read."""
        compact_value = "".join(value.split())
        if "年度" in as_label(printed) and (compact_value.isdigit() or not years_of(value)):
            self.table.fields.setdefault(name, FieldValue(value, line))  # anything else is reported by the model
            return
        years = years_of(value)
        if not years:
            self.warn("period_not_understood", f"{as_label(printed)} 「{value[:30]}」 prints no year; not read", line)
            return
        self.table.fields.setdefault(name, FieldValue(str(years[0]), line))

    def add_amount(self, label: str, printed: str, value: str, line: int) -> None:
        """A money line. A project amount printed as text that still reads as money (二十七万元) is kept,
        for validation to hold it; text that is no amount at all (a neighbouring label or name the
        layout put there) is a warning naming the cell."""
        # a bare amount on a form that states no unit: settled once the table is read (parse.money_unit)
        # (the amount's own text: 854(高标准农田建设400万元,…) is 854 with no unit of its own)
        own = drop_trailing_note(value.strip())
        unit = unit_in_header(printed) or (self.money.unit if self.money.stated or "元" in own else UNSTATED)
        category, group = (PROJECT_AMOUNTS[label], _PROJECT_GROUP) if label in PROJECT_AMOUNTS else \
            (label, _FUNDING_GROUP)
        reads_as_money = looks_like_amount(value) or (group == _PROJECT_GROUP and _MONEY_TEXT.search(value))
        if not reads_as_money:
            self.warn("amount_not_read", f"{printed} 「{value[:30]}」: not an amount; not loaded", line)
            return
        self.table.budget_lines.append(BudgetLine(group, category, value.strip(), unit, line))

    def finish(self) -> None:
        """资金总额 alone is the year's amount; beside an annual amount it is the total; beside both it
        stays a line of its own."""
        categories = {b.category for b in self.table.budget_lines if b.category_group == _PROJECT_GROUP}
        if PLAIN_TOTAL not in categories:
            return
        has_total, has_current = "总金额" in categories, "当年度金额" in categories
        if has_total and has_current:
            return
        becomes = "总金额" if has_current else "当年度金额"
        self.table.budget_lines[:] = [b._replace(category=becomes) if b.category == PLAIN_TOTAL else b
                                      for b in self.table.budget_lines]


__all__ = ["FieldReader", "MoneyContext", "KNOWN_LABELS", "is_known_label", "split_inline", "years_of"]
