"""Template parser: one table block in, one `ParsedTable` out.

Cells are classified by what they say (`sources.vocabulary`, the indicator taxonomy, `指标N`),
never by their column alone, because copies of merged cells shift columns unpredictably. Both
templates (unit-level and project) share this walk over the rows; they differ only in which
sections occur. Each section has its reader: fields (`parse.fields`), the unit budget block
(`parse.budget`), goals and key tasks (`parse.goals`), indicators (`parse.indicators`).
"""

from __future__ import annotations

import re

from sources.grid import Row
from sources.parse.budget import BudgetReader, starts_budget
from sources.parse.fields import KNOWN_LABELS, FieldReader
from sources.parse.glued_rows import glued_scoring_rules
from sources.parse.goals import GoalReader, TaskReader, is_task_label
from sources.parse.header import is_header
from sources.parse.indicators import IndicatorReader
from sources.parse.money_unit import resolve_units
from sources.parsed import UNIT, FieldValue, ParsedTable, ParseWarning
from sources.segmenter import TableBlock
from sources.vocabulary import BLOCK_HEADERS, GOAL_LABELS, PROJECT_NAME, as_label, ends_table

# a row that only repeats the budget year under the title: (2022年度), （2020）年度, 2021年
_SUBTITLE = re.compile(r"^[(（]?\s*(19|20)[0-9]{2}\s*[)）]?\s*年?度?\s*[)）]?$")
# what a title says besides the project: the year, the kind of table, the bureau's own words
_TITLE_KIND = re.compile(r"(项目)?(支出)?(预算)?绩效目标(申报|汇总|批复)?表$")
_TITLE_YEAR = re.compile(r"^.*?(19|20)[0-9]{2}\s*年度?")
_TASK_STARTS = frozenset({"年度", "其他"})
_TITLE_BRACKET = re.compile(r"[（(]([^（）()]{2,40})[）)]$")


def project_from_title(title: str) -> str | None:
    """The project a title names: `2024年项目绩效目标表(雾炮车降尘抑尘服务)` -> 雾炮车降尘抑尘服务,
    `湘潭市环境卫生管理处2023年雾炮车降尘抑尘服务项目支出绩效目标申报表` -> 雾炮车降尘抑尘服务."""
    text = "".join(title.split())
    bracket = _TITLE_BRACKET.search(text)
    if bracket and _TITLE_KIND.search(text[:bracket.start()]):
        inner = bracket.group(1)
        return None if _SUBTITLE.match(inner) else inner
    if not _TITLE_KIND.search(text):
        return None
    body = _TITLE_KIND.sub("", text)
    body = _TITLE_YEAR.sub("", body).strip("—-:： ")
    if len(body) < 3 or "整体" in body or body.endswith(("部门", "单位")):
        return None
    return body


class TableWalk:
    def __init__(self, block: TableBlock, source: str, container: str, index: int, aligned: bool = True,
                 money_unit: str | None = None, cut_inside_line: int | None = None,
                 amounts_around: dict | None = None, open_end_line: int | None = None):
        self.table = ParsedTable(source=source, container=container, index=index, kind=block.kind or "",
                                 title=block.title, first_line=block.first_line, last_line=block.last_line)
        self.table.warnings.extend(block.notes)
        self.block = block
        self.cut_inside_line = cut_inside_line
        self.open_end_line = open_end_line
        self.amounts_around = amounts_around or {}
        self.section = "fields"
        self.fields = FieldReader(self.table)
        if money_unit:
            self.fields.money.unit, self.fields.money.stated = money_unit, True
        self.goals = GoalReader(self.table)
        self.indicators = IndicatorReader(self.table, aligned=aligned)
        self._budget: BudgetReader | None = None
        self._tasks: TaskReader | None = None

    @property
    def budget(self) -> BudgetReader:
        if self._budget is None:
            self._budget = BudgetReader(self.table)
        return self._budget

    @property
    def tasks(self) -> TaskReader:
        if self._tasks is None:
            self._tasks = TaskReader(self.table)
        return self._tasks

    def drop_truncated(self) -> None:
        """The last indicator row of a table that stops without its end (a page cut short), when it
        has a name and no value: the rest of the row is missing, not empty. Also when it has a value
        but the text stops inside that row (`cut_inside_line`, no line break after it): the value may
        be cut too (`15` of `1500元/学期`), and a wrong number is worse than none. A layout that closes
        nothing (spaces, one cell per line) cannot say a text stopping without a line break was cut:
        the row on that last line is dropped only when the table also stops before its 满意度 class."""
        rows = self.table.indicators
        if not rows:
            return
        if not any(text for _, text in rows[-1].values):
            cut = rows.pop()
            self.warn("truncated_row", f"「{cut.name[:40]}」, the table's last row, has no value and the table "
                      "stops without its end: the text was cut; not loaded", cut.line)
        elif self.cut_inside_line is not None and self.block.rows and rows[-1].line == self.block.rows[-1].line \
                and self._cut_in_name_or_value(rows[-1]):
            cut = rows.pop()
            self.warn("truncated_row", f"「{cut.name[:40]}」, the table's last row, is where the text stops, "
                      "without a line break: the page was cut inside the row and its value may be cut too; "
                      "not loaded", cut.line)
        elif self.open_end_line is not None and self._ends_on_open_last_line(rows[-1]) and not self._reached_satisfaction():
            cut = rows.pop()
            self.warn("truncated_row", f"「{cut.name[:40]}」, the table's last row, is the text's last line, without a "
                      "line break, and the table stops before its 满意度 indicators: the page was cut there and the "
                      "value may be cut too; not loaded", cut.line)

    def _ends_on_open_last_line(self, row) -> bool:
        rows = self.block.rows
        return bool(rows) and rows[-1].line == self.open_end_line and row.line == rows[-1].line \
            and self._cut_in_name_or_value(row)

    def _reached_satisfaction(self) -> bool:
        """Whether the indicator tree got to its last class, 满意度 (as a level 1, or a level 2 under
        效益指标 on older forms): a table that did may end on any row of it without being cut."""
        return any("满意" in (r.level1 or "") or "满意" in (r.level2 or "") for r in self.table.indicators)

    def _cut_in_name_or_value(self, row) -> bool:
        """Whether the cell the text stops inside (the last one printed) is the row's name or a value:
        one after them (生态(t, the next row's label cut, stuck to the row in a stream of cells) leaves
        the row whole, its value closed by the pipe after it."""
        cut = next((c.strip() for c in reversed(self.block.rows[-1].cells) if c.strip()), "")
        texts = [row.label_raw.strip(), row.name, *(text.strip() for _, text in row.values)]
        return not cut or any(text and (cut in text or text in cut) for text in texts)

    def warn(self, code: str, message: str, line: int | None) -> None:
        self.table.warnings.append(ParseWarning(code, message, line))

    def parse(self) -> ParsedTable:
        read = 0
        for row in self.block.rows:
            tokens = row.tokens()
            if tokens:
                read += 1
                self.parse_row(row, tokens)
        self.table.rows_read = read
        self.fields.finish()
        resolve_units(self.table, self.amounts_around)
        if self.section == "indicators":
            self.drop_truncated()
        self.indicators.check_numbering()
        glued = glued_scoring_rules(self.table)
        if glued:
            self.table.warnings.append(glued)
        self.name_from_title()
        if self.table.kind and not self.table.indicators:
            self.warn("no_indicators", "no 绩效指标 rows were found in this table", self.table.first_line)
        return self.table

    def parse_row(self, row: Row, tokens: list[tuple[int, str]]) -> None:
        if self.section == "end":
            return
        if is_header(row.text(), tokens):
            self.section = "indicators"
            self.indicators.start(tokens)
            return
        first = as_label(tokens[0][1])
        if self.section == "indicators":
            if ends_table(tokens[0][1]):
                self.section = "end"  # what follows the indicators (审核意见, 填表人) is not read
            else:
                self.indicators.row(row.line, tokens, row.cells, first)
            return
        if first in GOAL_LABELS:
            self.section = "goals"
            self.goals.header(first, tokens[1:], row.line)
            return
        if first[:2] in _TASK_STARTS and is_task_label(first):
            self.section = "tasks"
            self.tasks.header(tokens, row.line)
            return
        if self.table.kind == UNIT and starts_budget(first):
            self.section = "budget"
            self.budget.row(tokens, row.line)
            return
        if first in KNOWN_LABELS:
            self.section = "fields"
            self.fields.read(tokens, row.line)
            return
        if first in BLOCK_HEADERS and len(tokens) == 1:
            self.section = "fields"  # 绩效指标 alone above the indicator header: what came before has ended
        elif self.section == "goals":
            self.goals.row(tokens, row.line)
        elif self.section == "tasks":
            self.tasks.row(tokens, row.line)
        elif self.section == "budget":
            self.budget.row(tokens, row.line)
        elif len(tokens) == 1 and _SUBTITLE.match(tokens[0][1].strip()):
            self.table.subtitle = self.table.subtitle or tokens[0][1].strip()  # (2022年度): read for the year
        elif not self.fields.read(tokens, row.line):
            self.warn("row_not_understood", "row not understood: " + " | ".join(t for _, t in tokens)[:120], row.line)

    def name_from_title(self) -> None:
        """A project table that prints no 项目名称 but whose title names the project."""
        if self.table.kind == UNIT or (self.table.fields.get(PROJECT_NAME) and self.table.fields[PROJECT_NAME].value):
            return
        name = project_from_title(self.table.title)
        if name:
            self.table.fields[PROJECT_NAME] = FieldValue(name, self.table.first_line)
            self.warn("project_name_from_title", f"项目名称 not printed; taken from the title: {name}",
                      self.table.first_line)


def parse_table(block: TableBlock, source: str, container: str = "", index: int = 0,
                aligned: bool = True, money_unit: str | None = None,
                cut_inside_line: int | None = None, amounts_around: dict | None = None,
                open_end_line: int | None = None) -> ParsedTable:
    """Parse one table block into fields, budget lines, goals, key tasks and indicator rows.
    `aligned` says whether the grid kept its columns (see `sources.parse.columns`); `money_unit` is
    the unit the text around the table states for its amounts (`金额单位：万元` above it);
    `cut_inside_line`, the line a cut text stops inside (`Grid.cut_inside_line`); `amounts_around`,
    the amounts the text around it prints with their unit (`parse.money_unit`); `open_end_line`, the
    line a text that closes nothing stops on without a line break (`Grid.open_end_line`)."""
    return TableWalk(block, source, container, index, aligned, money_unit, cut_inside_line, amounts_around,
                     open_end_line).parse()
