"""Template parser: one table block in, one `ParsedTable` out.

Cells are classified by what they say (known field labels, the indicator taxonomy, `指标N`),
never by their column, because copies of merged cells shift columns unpredictably. Both templates
(unit-level and project) share this walk over the rows; they differ only in which sections occur.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from sources import taxonomy
from sources.brackets import drop_notes, drop_trailing_note
from sources.grid import Row
from sources.money import WAN_YUAN, YUAN, looks_like_amount, unit_in_header
from sources.parsed import (
    ERROR,
    BudgetLine,
    FieldValue,
    Goal,
    IndicatorRow,
    KeyTask,
    ParsedTable,
    ParseWarning,
)
from sources.segmenter import TableBlock
from sources.target_values import normalize_target, operator_word, states_operator

# printed field label -> canonical field name
FIELD_LABELS: dict[str, str] = {
    "项目名称": "项目名称",
    "项目类型": "项目类型",
    "项目类别": "项目类型",
    "项目等级": "项目等级",
    "项目级次": "项目等级",
    "主管部门": "主管部门",
    "用款单位": "用款单位",
    "实施单位": "用款单位",
    "项目实施单位": "用款单位",
    "项目概述": "项目概述",
    "项目概况": "项目概述",
    "起始年度": "起始年度",
    "开始年度": "起始年度",
    "到期年度": "到期年度",
    "结束年度": "到期年度",
    "部门名称": "部门名称",
    "下属单位名称": "下属单位名称",
    "单位名称": "下属单位名称",
    "财政供养人员数": "财政供养人员数",
}
# labels that only introduce the pairs on their row
SECTION_LABELS = frozenset({"实施期限", "预算金额", "基本信息", "项目资金", "资金情况"})
# project money fields: label -> category
PROJECT_AMOUNTS: dict[str, str] = {
    "总金额": "总金额",
    "项目总金额": "总金额",
    "资金总额": "总金额",
    "当年度金额": "当年度金额",
    "本年度金额": "当年度金额",
    "年度金额": "当年度金额",
}
_KNOWN_LABELS = frozenset(FIELD_LABELS) | SECTION_LABELS | frozenset(PROJECT_AMOUNTS)  # labels of the field rows
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
# rows that add up other rows: never a project, a budget category or an indicator
SUBTOTAL_LABELS = frozenset({"合计", "小计", "总计", "共计", "汇总"})

# headers of the indicator name column (三级指标 in every template we know of)
NAME_HEADERS = frozenset({"三级指标", "三级", "三级指标名称", "指标名称", "绩效指标名称"})
# columns after the indicator name that describe it rather than give a target: printed -> canonical
ATTRIBUTE_COLUMNS: dict[str, str] = {
    "度量单位": "度量单位", "计量单位": "度量单位", "单位": "度量单位", "指标单位": "度量单位",
    "指标方向": "指标方向", "指标方向性": "指标方向", "方向": "指标方向", "权重": "权重", "指标权重": "权重",
    "分值": "分值", "指标分值": "分值", "评分标准": "评(扣)分标准", "扣分标准": "评(扣)分标准",
    "评扣分标准": "评(扣)分标准", "评分规则": "评(扣)分标准", "评分方法": "评(扣)分标准", "计分方法": "评(扣)分标准",
    "指标解释": "指标解释", "指标说明": "指标解释", "指标值说明": "指标解释", "指标定义": "指标解释",
    "绩效标准": "绩效标准",
    "指标性质": "指标性质", "指标值类型": "指标性质", "指标类型": "指标性质", "比较符": "指标性质",
    "运算符": "指标性质", "计算符号": "指标性质", "符号": "指标性质", "备注": "备注",
}
OPERATOR_COLUMN, UNIT_COLUMN = "指标性质", "度量单位"
# a second header row naming the value columns under a merged 指标值 (实施周期 | 当年度, 上年实际 | 本年预期)
_MAYBE_PLACEHOLDER = re.compile(r"[*＊×xX]")  # what every template placeholder (≥**%, xx个) holds
_VALUE_SUBHEADER = re.compile(r"^(实施周期|中期|长期|中长期|年度|当年度|本年度?|上年度?|近三年|预期|计划|实际|目标)"
                              r"[\u4e00-\u9fff]{0,6}$")

_SPACES = re.compile(r"\s+")
_INDICATOR_NO = re.compile(r"^指标\s*(\d+)\s*[:：.、．]?\s*[-－—–]*\s*")
_GOAL_NO = re.compile(r"目标\s*(\d+)\s*[:：.、．]\s*")
_TASK_NO = re.compile(r"^任务\s*(\d+)\s*[:：.、．]?\s*(.*)$", re.S)


def compact(text: str) -> str:
    return "".join(text.split())  # str.split() and re's \s agree on what whitespace is


@lru_cache(maxsize=1 << 16)
def _label(text: str) -> str:
    """A cell as a label: no spaces, no trailing colon, no bracketed note (（可选填）, （万元）)."""
    text = compact(text).rstrip(":：")
    return drop_trailing_note(text)  # linear: a regex here took minutes on a cell of 1M （


@lru_cache(maxsize=4096)
def _header(text: str) -> str:
    """A column header without spaces or any bracketed part: 评(扣)分标准 -> 评分标准, 权重（%） -> 权重."""
    return drop_notes(compact(text)).rstrip(":：")


@lru_cache(maxsize=1 << 16)
def indicator_number(label: str) -> tuple[int | None, str]:
    """A 三级指标 cell as (printed 指标N, name): `指标3：覆盖率` -> (3, 覆盖率); (None, label) without 指标N."""
    label = label.strip()
    match = _INDICATOR_NO.match(label)
    return (int(match.group(1)), label[match.end():].strip()) if match else (None, label)


def is_subtotal(text: str) -> bool:
    """合计, 小计, 总 计, 合计（万元）: a row that sums others."""
    return _label(text) in SUBTOTAL_LABELS


class _TableParser:
    def __init__(self, block: TableBlock, source: str, container: str, index: int):
        self.table = ParsedTable(
            source=source,
            container=container,
            index=index,
            kind=block.kind or "",
            title=block.title,
            first_line=block.first_line,
            last_line=block.last_line,
        )
        self.table.warnings.extend(block.notes)
        self.block = block
        self.section = "fields"
        self.goal_scopes: list[tuple[int, str]] = []
        self.task_kind = ""
        self.task_unit = WAN_YUAN
        self.budget_unit = WAN_YUAN
        self.value_columns: list[tuple[int, str]] = []
        self.columns: list[tuple[int, str]] = []  # every column after the name: values and attributes
        self.attribute_at: dict[int, str] = {}  # column -> canonical attribute name
        self.expect_subheader = False
        self.name_column: int | None = None
        self.level1: str | None = None
        self.level1_label: str | None = None
        self.level2: str | None = None
        self.level2_label: str | None = None

    def warn(self, code: str, message: str, line: int | None, severity: str = "warn") -> None:
        self.table.warnings.append(ParseWarning(code, message, line, severity))

    # --- the walk -------------------------------------------------------------------------

    def parse(self) -> ParsedTable:
        for row in self.block.rows:
            tokens = row.tokens()
            if not tokens:
                continue
            self.parse_row(row, tokens)
        self.check_numbering()
        if self.table.kind and not self.table.indicators:
            self.warn("no_indicators", "no 绩效指标 rows were found in this table", self.table.first_line)
        return self.table

    def parse_row(self, row: Row, tokens: list[tuple[int, str]]) -> None:
        first = _label(tokens[0][1])
        if self.is_indicator_header(row, tokens):
            self.start_indicators(tokens)
            return
        if self.section == "indicators":
            self.parse_indicator(row, tokens)
            return
        if first == "总体绩效目标":
            self.section = "goals"
            self.parse_goal_header(row, tokens[1:])
            return
        if first.startswith("年度重点工作任务") or first.startswith("其他需完成的任务"):
            self.section = "tasks"
            self.task_kind = "年度重点工作任务" if first.startswith("年度重点") else "其他需完成的任务"
            header = " ".join(text for _, text in tokens)
            self.task_unit = unit_in_header(header) or self.task_unit
            rest = tokens[1:]
            if rest and _TASK_NO.match(compact(rest[0][1])):
                self.parse_task(row, rest)
            return
        if first == "预算整体情况" or first in BUDGET_GROUP_HEADERS or first in UNIT_BUDGET_CATEGORIES:
            self.section = "budget"
            self.parse_budget(row, tokens)
            return
        if first in FIELD_LABELS or first in SECTION_LABELS:
            self.section = "fields"
            self.parse_fields(row, tokens)
            return
        if self.section == "goals":
            self.parse_goals(row, tokens)
        elif self.section == "tasks":
            self.parse_task(row, tokens)
        elif self.section == "budget":
            self.parse_budget(row, tokens)
        else:
            self.parse_fields(row, tokens)

    # --- fields ---------------------------------------------------------------------------

    def parse_fields(self, row: Row, tokens: list[tuple[int, str]]) -> None:
        placed = False
        i = 0
        while i < len(tokens):
            label = _label(tokens[i][1])
            following = tokens[i + 1][1] if i + 1 < len(tokens) else ""
            following_is_label = bool(following) and self.is_known_label(following)
            if label in SECTION_LABELS:
                placed = True
                i += 1
                continue
            if label in PROJECT_AMOUNTS:
                placed = True
                if following and not following_is_label:
                    self.table.budget_lines.append(
                        BudgetLine("预算金额", PROJECT_AMOUNTS[label], following,
                                   unit_in_header(tokens[i][1]) or YUAN, row.line)
                    )
                    i += 2
                else:
                    i += 1
                continue
            if label in FIELD_LABELS:
                placed = True
                if following and not following_is_label:
                    name = FIELD_LABELS[label]
                    if name not in self.table.fields:
                        self.table.fields[name] = FieldValue(following, row.line)
                    else:
                        self.warn("field_repeated", f"{name} is given twice; kept the first", row.line)
                    i += 2
                else:
                    i += 1
                continue
            i += 1
        if not placed:
            self.warn("row_not_understood",
                      "row not understood: " + " | ".join(t for _, t in tokens)[:120], row.line)

    @staticmethod
    def is_known_label(text: str) -> bool:
        return _label(text) in _KNOWN_LABELS

    # --- unit budget block ----------------------------------------------------------------

    def parse_budget(self, row: Row, tokens: list[tuple[int, str]]) -> None:
        header_text = " ".join(text for _, text in tokens)
        stated = unit_in_header(header_text)
        if stated and "预算金额" in header_text:
            self.budget_unit = stated
        group_by_column: list[tuple[int, str]] = getattr(self, "_groups", [])
        i = 0
        while i < len(tokens):
            column, text = tokens[i]
            label = _label(text)
            if label in BUDGET_GROUP_HEADERS:
                group_by_column = [g for g in group_by_column if g[0] != column] + [(column, label)]
            following = tokens[i + 1][1] if i + 1 < len(tokens) else ""
            if label in SUBTOTAL_LABELS and following and looks_like_amount(following):
                self.warn("subtotal_row", f"{text} {following.strip()}: a subtotal, not a budget category; "
                                          "not loaded", row.line)
                i += 2
                continue
            if label not in BUDGET_GROUP_HEADERS and label != "预算整体情况" and following \
                    and looks_like_amount(following) and not looks_like_amount(text):
                group = UNIT_BUDGET_CATEGORIES.get(label) or self.group_at(group_by_column, column)
                self.table.budget_lines.append(
                    BudgetLine(group, label, following.strip(), self.budget_unit, row.line)
                )
                i += 2
                continue
            i += 1
        self._groups = group_by_column

    @staticmethod
    def group_at(groups: list[tuple[int, str]], column: int) -> str:
        left = [name for col, name in sorted(groups) if col <= column]
        return left[-1] if left else ""

    # --- goals ----------------------------------------------------------------------------

    def parse_goal_header(self, row: Row, rest: list[tuple[int, str]]) -> None:
        scopes = [(col, self.scope_of(text)) for col, text in rest]
        if rest and all(scope for _, scope in scopes):
            self.goal_scopes = [(col, scope) for col, scope in scopes if scope]
            return
        if rest:  # unit tables: 总体绩效目标 | the goal itself
            self.add_goals("总体", " ".join(text for _, text in rest), row.line)

    @staticmethod
    def scope_of(text: str) -> str | None:
        text = compact(text)
        if len(text) > 30 or "目标" not in text:
            return None
        if "实施周期" in text or "中长期" in text or "长期" in text or "中期" in text:
            return "实施周期"
        if "年度" in text:
            return "当年度"
        return None

    def parse_goals(self, row: Row, tokens: list[tuple[int, str]]) -> None:
        if not self.goal_scopes:
            self.add_goals("总体", " ".join(text for _, text in tokens), row.line)
            return
        if len(tokens) == len(self.goal_scopes):
            for (_, text), (_, scope) in zip(tokens, self.goal_scopes):
                self.add_goals(scope, text, row.line)
            return
        for column, text in tokens:
            self.add_goals(self.group_at(self.goal_scopes, column) or self.goal_scopes[0][1], text, row.line)

    def add_goals(self, scope: str, text: str, line: int) -> None:
        text = text.strip()
        parts = list(_GOAL_NO.finditer(text))
        if not parts:
            self.table.goals.append(Goal(scope, None, text, line))
            return
        for n, match in enumerate(parts):
            end = parts[n + 1].start() if n + 1 < len(parts) else len(text)
            body = text[match.end():end].strip(" ；;\n")
            self.table.goals.append(Goal(scope, int(match.group(1)), body, line))

    # --- key tasks ------------------------------------------------------------------------

    def parse_task(self, row: Row, tokens: list[tuple[int, str]]) -> None:
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
        if amount_at is None:
            self.warn("task_without_amount",
                      f"{self.task_kind} {texts[0][:40]}: no 拟投入的资金 amount found", row.line)
            name, content, amount, expected = texts[0], " ".join(texts[1:2]), "", " ".join(texts[2:])
        else:
            name = texts[0]
            content = " ".join(texts[1:amount_at])
            amount = texts[amount_at]
            expected = " ".join(texts[amount_at + 1:])
        self.table.key_tasks.append(
            KeyTask(self.task_kind, number, name, content, amount, self.task_unit, expected, row.line)
        )

    # --- indicators -----------------------------------------------------------------------

    @staticmethod
    def is_indicator_header(row: Row, tokens: list[tuple[int, str]]) -> bool:
        text = row.text()
        if "级" not in text and "指标名称" not in text:  # what every name header holds
            return False
        labels = {_label(text) for _, text in tokens}
        return bool(labels & NAME_HEADERS) or ("一级指标" in labels and "二级指标" in labels)

    def start_indicators(self, tokens: list[tuple[int, str]]) -> None:
        """The header row: where the names are, then value columns and attribute columns."""
        self.section = "indicators"
        names = [(col, compact(text)) for col, text in tokens]
        position = next((i for i, (_, t) in enumerate(names) if _label(t) in NAME_HEADERS), None)
        if position is None:
            position = max(i for i, (_, t) in enumerate(names) if _label(t) in ("一级指标", "二级指标"))
        self.name_column = names[position][0]
        self.set_columns(names[position + 1:])
        self.expect_subheader = True

    def set_columns(self, columns: list[tuple[int, str]]) -> None:
        self.attribute_at = {col: ATTRIBUTE_COLUMNS[_header(name)] for col, name in columns
                             if _header(name) in ATTRIBUTE_COLUMNS}
        self.value_columns = [(col, name) for col, name in columns if col not in self.attribute_at]
        if not self.value_columns:
            self.value_columns = [(max([self.name_column or 0, *self.attribute_at]) + 1, "指标值")]
        self.columns = sorted(self.value_columns + [(col, name) for col, name in columns if col in self.attribute_at])
        self.table.value_columns = [name for _, name in self.value_columns]
        self.table.attribute_columns = list(self.attribute_at.values())

    def take_subheader(self, tokens: list[tuple[int, str]]) -> bool:
        """A second header row naming the value columns under a merged 指标值 header
        (实施周期 | 当年度): the value columns take those names (实施周期指标值, 当年度指标值)."""
        first_value = self.value_columns[0][0]
        if not all(col >= first_value and _VALUE_SUBHEADER.match(_header(text)) for col, text in tokens):
            return False
        parents = dict(self.columns)
        renamed = []
        for col, text in tokens:
            parent = next((parents[c] for c in sorted(parents, reverse=True) if c <= col), "")
            name = _header(text)
            suffix = parent if parent.endswith("值") and "值" not in name else ""
            renamed.append((col, name + suffix))
        self.set_columns(sorted(renamed + [(c, n) for c, n in self.columns if c in self.attribute_at]))
        return True

    def parse_indicator(self, row: Row, tokens: list[tuple[int, str]]) -> None:
        if _label(tokens[0][1]) == "绩效指标":
            tokens = tokens[1:]
            if not tokens:
                return
        if self.expect_subheader:
            self.expect_subheader = False
            if self.take_subheader(tokens):
                return
        if is_subtotal(tokens[0][1]):
            self.warn("subtotal_row", "a 合计/小计 row in the indicators (" + " | ".join(t for _, t in tokens)[:60]
                      + "): not an indicator; not loaded", row.line)
            return
        i = self.consume_labels(tokens, row.line)
        rest = tokens[i:]
        if not rest:
            self.warn("label_row_without_indicator",
                      f"{self.level1_label or ''} / {self.level2_label or ''}: a label row with no indicator",
                      row.line)
            return
        name_column, label_raw = rest[0]
        values_raw = rest[1:]
        number, name = indicator_number(label_raw)
        if number is None and self.looks_like_value_row(rest):
            self.warn("indicator_without_name",
                      "values with no 三级指标 name: " + " | ".join(t for _, t in rest)[:80], row.line)
            return
        values, attributes = self.assign_values(name_column, values_raw, row.line, name)
        if self.level1 is None:
            self.warn("indicator_without_class", f"{label_raw[:40]}: no 一级/二级指标 above it", row.line)
        self.table.indicators.append(
            IndicatorRow(
                order=len(self.table.indicators) + 1,
                line=row.line,
                level1=self.level1,
                level2=self.level2,
                level1_label=self.level1_label,
                level2_label=self.level2_label,
                number=number,
                name=name,
                label_raw=label_raw,
                values=values,
                attributes=attributes,
            )
        )

    def looks_like_value_row(self, rest: list[tuple[int, str]]) -> bool:
        first = normalize_target(rest[0][1])
        return len(rest) <= len(self.columns) and not first.is_qualitative and not first.is_empty

    def consume_labels(self, tokens: list[tuple[int, str]], line: int) -> int:
        """Read the leading 一级/二级 labels of an indicator row; return how many cells they took."""
        i = 0
        while i < len(tokens):
            text = tokens[i][1]
            match = taxonomy.classify_label(text)
            if match is None:
                if indicator_number(text)[0] is not None or not taxonomy.looks_like_label(text):
                    break
                # a label-like cell the taxonomy does not know: an unknown level 2
                self.level2 = taxonomy.clean_label(text)
                self.level2_label = text.strip()
                self.warn("unknown_level2", f"二级指标 {text.strip()!r} is not in the taxonomy", line, ERROR)
            elif match.level2 == "成本指标" and (following := self.classify_next(tokens, i)) \
                    and following.level2 in taxonomy.COST_LEVEL2:
                self.set_level1(taxonomy.COST, match.printed)
            elif match.level2 is None:
                if (following := self.classify_next(tokens, i)) and following.level2 is None:
                    # two level-1 names side by side: the second sits in the 二级指标 column, either the
                    # same name printed twice (满意度指标 | 满意度指标) or satisfaction as a level 2 under
                    # 效益指标 (older forms); the canonical level 1 follows the level 2, the printed stays
                    self.set_level1(following.level1, match.printed)
                    i += 1
                    self.level2 = taxonomy.DEFAULT_LEVEL2.get(following.level1, taxonomy.clean_label(tokens[i][1]))
                    self.level2_label = tokens[i][1].strip()
                else:
                    self.set_level1(match.level1, match.printed)
            else:
                self.level1 = match.level1
                self.level2 = match.level2
                self.level2_label = match.printed
            i += 1
        return i

    @staticmethod
    def classify_next(tokens: list[tuple[int, str]], i: int) -> taxonomy.LabelMatch | None:
        """What the cell after tokens[i] is as a label (None at the end of the row)."""
        return taxonomy.classify_label(tokens[i + 1][1]) if i + 1 < len(tokens) else None

    def set_level1(self, level1: str, printed: str) -> None:
        self.level1, self.level1_label = level1, printed
        self.level2 = self.level2_label = None

    def assign_values(self, name_column: int, values_raw: list[tuple[int, str]], line: int, name: str = ""
                      ) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
        """(value column, text) for each value column and (attribute, text) for each attribute column.

        An operator printed in its own column (指标性质 `≥`) and a unit in its own column (度量单位
        `%`) complete a bare number in the value columns (`95` -> `≥95%`), so that the target says
        what the form says; the printed pieces stay in the attributes.
        """
        cells = self.place_cells(name_column, values_raw, line)
        attribute_at = self.attribute_at
        attributes = tuple((attribute_at[col], text) for (col, _), text in zip(self.columns, cells)
                           if col in attribute_at and text) if attribute_at else ()
        found = dict(attributes)
        operator = found.get(OPERATOR_COLUMN)
        operator = operator if operator and operator_word(operator) else None
        unit = found.get(UNIT_COLUMN)
        values = []
        for (col, column), text in zip(self.columns, cells):
            if col in self.attribute_at:
                continue
            if not (operator or unit or _MAYBE_PLACEHOLDER.search(text)):
                values.append((column, text))  # the common case: nothing to check or complete
                continue
            target = normalize_target(text, name)
            if target.is_placeholder:
                self.warn("placeholder_value", f"{column} 「{text}」 is an unfilled template placeholder", line)
            if target.number is not None and not target.is_qualitative:
                if operator and not states_operator(text):
                    text = operator.strip() + text
                if unit and target.unit is None and normalize_target(text + unit.strip()).unit == unit.strip():
                    text += unit.strip()
            values.append((column, text))
        return tuple(values), attributes

    def place_cells(self, name_column: int, values_raw: list[tuple[int, str]], line: int) -> list[str]:
        """The texts of the columns after the name, in column order."""
        count = len(self.columns)
        texts = [text for _, text in values_raw]  # tokens: stripped already
        if len(texts) > count:
            self.warn("extra_cells", "more cells than value columns; kept the first: "
                      + " | ".join(texts[count:])[:80], line)
            texts = texts[:count]
        if len(texts) < count and texts and name_column == self.name_column:
            # the row is not shifted: place each value under its header column
            by_column = dict(values_raw)
            return [by_column.get(col, "") for col, _ in self.columns]
        if 0 < len(texts) < count:
            self.warn("values_fewer_than_columns",
                      f"{len(texts)} value(s) for {count} columns; placed left to right", line)
        return texts + [""] * (count - len(texts))

    def check_numbering(self) -> None:
        numbers = [row.number for row in self.table.indicators if row.number is not None]
        if not numbers or numbers == list(range(1, len(numbers) + 1)):  # none, or 指标1 … 指标N in order
            return
        counts = Counter(numbers)
        repeated = sorted(n for n, c in counts.items() if c > 1)
        for n in repeated:
            lines = [row.line for row in self.table.indicators if row.number == n]
            self.warn("indicator_number_repeated",
                      f"指标{n} is printed {counts[n]} times (lines {', '.join(map(str, lines))})", lines[1])
        missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
        if missing:
            self.warn("indicator_number_gap",
                      "numbering skips " + ", ".join(f"指标{n}" for n in missing), self.table.first_line)


def parse_table(block: TableBlock, source: str, container: str = "", index: int = 0) -> ParsedTable:
    """Parse one table block into fields, budget lines, goals, key tasks and indicator rows."""
    return _TableParser(block, source, container, index).parse()
