"""What the template parser produces: plain data, one `ParsedTable` per table in a submission.

The many small records of a table (fields, budget lines, goals, tasks, indicator rows, warnings)
are named tuples: immutable like frozen dataclasses, and several times cheaper to create (a
frozen dataclass sets each field through object.__setattr__; the parser makes millions).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

UNIT = "unit"  # 部门/单位整体绩效目标表
PROJECT = "project"  # 项目支出绩效目标表

WARN = "warn"
ERROR = "error"
WITHHOLD = "withhold"  # a validation severity: the contradicting fields are not loaded, the rest is


class ParseWarning(NamedTuple):
    code: str  # stable machine name, e.g. indicator_number_repeated
    message: str  # one line for a person, in the form's terms
    line: int | None = None
    severity: str = WARN


class FieldValue(NamedTuple):
    value: str
    line: int


class BudgetLine(NamedTuple):
    category_group: str  # 单位预算支出 / 收入来源 / 事业发展性支出 / 预算金额
    category: str  # the form's term: 基本支出, 财政拨款, 总金额 ...
    amount_raw: str
    unit: str  # 元 or 万元, as the form states it
    line: int


class Goal(NamedTuple):
    scope: str  # 总体 (unit tables), 实施周期, 当年度
    number: int | None  # the printed 目标N, when there is one
    text: str
    line: int


class KeyTask(NamedTuple):
    kind: str  # 年度重点工作任务 / 其他需完成的任务 / 年度履职目标
    number: int | None
    name: str
    content: str
    amount_raw: str
    unit: str
    expected_result: str
    line: int


class IndicatorRow(NamedTuple):
    order: int  # 1-based position among the table's indicators, as printed
    line: int
    level1: str | None  # canonical 一级指标
    level2: str | None  # canonical 二级指标 (or the printed label when it is not in the taxonomy)
    level1_label: str | None  # as printed (or carried down from the rows above)
    level2_label: str | None
    number: int | None  # the printed 指标N
    name: str  # 三级指标 without the 指标N: prefix
    label_raw: str  # the 三级指标 cell exactly as printed
    values: tuple[tuple[str, str], ...]  # (value column, raw text) in column order
    # what extra columns say about the indicator, (canonical column, text as printed): 度量单位,
    # 指标方向, 权重, 分值, 评(扣)分标准, 指标解释, 绩效标准, 指标性质 (an operator or 定量/定性)...
    attributes: tuple[tuple[str, str], ...] = ()


@dataclass(slots=True)
class ParsedTable:
    source: str
    container: str
    index: int  # 0-based position of the table in its file
    kind: str  # UNIT or PROJECT
    title: str
    first_line: int
    last_line: int
    fields: dict[str, FieldValue] = field(default_factory=dict)
    budget_lines: list[BudgetLine] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    key_tasks: list[KeyTask] = field(default_factory=list)
    value_columns: list[str] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    attribute_columns: list[str] = field(default_factory=list)  # extra columns (度量单位, 权重 …), canonical names
    layout: str = ""  # how the grid was recovered from raw text (sources.layout), "" for structured formats
    layout_confidence: float | None = None  # the share of the recovered table that was understood
    rows_read: int = 0  # non-blank rows the parser read (the base of layout_confidence)
    subtitle: str = ""  # a line under the title that only gives the year: （2022年度）

    def field_value(self, name: str) -> str | None:
        found = self.fields.get(name)
        return found.value if found else None

    @property
    def subject(self) -> str:
        """What the table is about: the project name or the unit name."""
        if self.kind == PROJECT:
            return self.field_value("项目名称") or ""
        return self.field_value("下属单位名称") or self.field_value("部门名称") or ""


@dataclass(slots=True)
class ParsedSubmission:
    """Everything read from one file."""

    path: str
    sha256: str
    size: int
    tables: list[ParsedTable]
    budget_year: int | None = None
    year_source: str | None = None  # explicit / title / file_name / project_period
    preamble: list[str] = field(default_factory=list)  # text outside any table (titles, notes)
    error: str | None = None  # set when the file could not be read or understood at all
