"""Several projects in one table: a 汇总表 whose indicator header also names the project columns.

    项目名称 | 预算金额（万元） | 年度绩效目标 | 一级指标 | 二级指标 | 三级指标 | 指标值
    项目甲   | 120             | 完成…       | 产出指标 | 数量指标 | 指标1：… | ≥3个
             |                 |             |          | 质量指标 | 指标2：… | 100%
    项目乙   | 80              | …           | 产出指标 | …

The project columns are printed on each project's first row only (a merged cell, copied without
its merge). `split_project_list` turns such a block into one block per project that the template
parser reads like any project table: the project's cells become field rows (项目名称, 当年度金额,
总体绩效目标 …), then the indicator header and the project's indicator rows follow with the project
columns blanked. A 合计/小计 row is a subtotal: noted, never a project.
"""

from __future__ import annotations

import re

from sources import taxonomy
from sources.grid import Row
from sources.money import unit_in_header
from sources.parsed import PROJECT, ParseWarning
from sources.segmenter import TableBlock
from sources.table_parser import is_subtotal
from sources.vocabulary import FIELD_LABELS, NAME_HEADERS, as_header as _header, as_label as _label

_INDICATOR_HEADERS = NAME_HEADERS | {"一级指标", "二级指标"}
# project columns of a list table: header -> how the parser reads it
_AMOUNT_HEADERS = {"总金额": "总金额", "项目总金额": "总金额", "资金总额": "总金额"}
_CURRENT_AMOUNT_WORDS = ("金额", "资金", "预算数", "预算")
_UNIT_NOTE = re.compile(r"^(金额|资金|预算)?单位[:：](万元|元)$")
_GOAL_HEADERS = {"年度绩效目标": "当年度目标", "年度目标": "当年度目标", "当年度目标": "当年度目标",
                 "绩效目标": "当年度目标", "实施周期目标": "实施周期总目标", "总体目标": "实施周期总目标",
                 "总体绩效目标": "实施周期总目标", "实施周期总目标": "实施周期总目标"}


def _names_project(row: Row) -> bool:
    """A cell of the row is the 项目名称 label (a label keeps every character it has but spaces and
    notes, so a cell without 称 is not it: the cheap test spares the label of most cells)."""
    return "称" in row.text() and any(_label(text) == "项目名称" for _, text in row.tokens())


def _list_header(block: TableBlock) -> tuple[int, Row] | None:
    """Where the header of a list table ends, and the header: an indicator header that also holds a
    项目名称 column, on one row or on two (项目名称 | 金额 | 绩效指标 over 一级指标 | 二级指标 | …)."""
    rows = block.rows
    for i, row in enumerate(rows):
        if "称" not in row.text() or not _names_project(row):  # (nor is a blank row; 称: the cheap test inlined)
            continue
        labels = {_label(text) for _, text in row.tokens()}
        if labels & _INDICATOR_HEADERS:
            return i, row
        j, below = next(((j, r) for j, r in enumerate(rows[i + 1:], start=i + 1) if not r.is_blank()), (-1, None))
        if below is not None and {_label(text) for _, text in below.tokens()} & _INDICATOR_HEADERS:
            cells = [b if b.strip() else a for a, b in zip(row.cells + ("",) * len(below.cells),
                                                             below.cells + ("",) * len(row.cells))]
            return j, Row(cells=tuple(cells), line=below.line)
    return None


def _field_rows(header: str, value: str, unit: str | None, line: int) -> list[Row]:
    """The rows a template table would print for one project column."""
    name = _header(header)
    if name in FIELD_LABELS:
        return [Row(cells=(name, value), line=line)]
    if name in _GOAL_HEADERS:
        return [Row(cells=("总体绩效目标", _GOAL_HEADERS[name]), line=line), Row(cells=("", value), line=line)]
    if name in _AMOUNT_HEADERS or any(word in name for word in _CURRENT_AMOUNT_WORDS):
        category = _AMOUNT_HEADERS.get(name, "当年度金额")
        stated = unit_in_header(header) or unit
        return [Row(cells=(f"{category}（{stated}）" if stated else category, value), line=line)]
    return []  # 序号, 备注 ...: nothing the project tables hold


def _is_new_project(name: str, row: Row, first_indicator_column: int) -> bool:
    """A project's first row: a name that is no label or indicator, and cells in the indicator
    columns (a row shifted left by lost cells has none there and continues the project above)."""
    text = name.strip()
    if not text or taxonomy.classify_label(text) or taxonomy.looks_like_label(text) or text.startswith("指标"):
        return False
    return any(col >= first_indicator_column for col, _ in row.tokens())


def split_project_list(block: TableBlock) -> list[TableBlock]:
    """One block per project for a list table; any other block comes back as it is."""
    found = _list_header(block) if block.kind == PROJECT else None
    if found is None:
        return [block]
    at, header = found
    tokens = header.tokens()
    first_indicator = min(col for col, text in tokens if _label(text) in _INDICATOR_HEADERS)
    project_columns = [(col, text) for col, text in tokens if col < first_indicator]
    name_column = next((col for col, text in project_columns if _label(text) == "项目名称"), None)
    if name_column is None:  # 项目名称 right of the indicator headers (rows out of order): no list
        return [block]
    above = [row for row in block.rows[:at] if "项目名称" not in {_label(text) for _, text in row.tokens()}]
    unit = unit_in_header(" ".join(text for row in above for _, text in row.tokens()) + block.title)
    # rows above the header other than the money unit note (主管部门 …) are read with the first project
    context = [row for row in above if not _UNIT_NOTE.match("".join(" ".join(t for _, t in row.tokens()).split()))]
    indicator_header = Row(cells=tuple("" if col < first_indicator else cell for col, cell in enumerate(header.cells)),
                           line=header.line)
    projects: list[TableBlock] = []
    notes: list[ParseWarning] = []
    for row in block.rows[at + 1:]:
        tokens = row.tokens()
        if not tokens:
            continue
        cells = row.cells
        name = cells[name_column] if name_column < len(cells) else ""
        if is_subtotal(name) or (tokens[0][0] < first_indicator and is_subtotal(tokens[0][1])):
            notes.append(ParseWarning("subtotal_row", f"{' | '.join(t for _, t in tokens)[:80]}: a subtotal row, "
                                                      "not a project; not loaded", row.line))
        elif _is_new_project(name, row, first_indicator):
            projects.append(TableBlock(title=block.title, kind=PROJECT, rows=[] if projects else list(context)))
            for col, text in project_columns:
                value = cells[col].strip() if col < len(cells) else ""
                if value:
                    projects[-1].rows.extend(_field_rows(text, value, unit, row.line))
            projects[-1].rows.append(indicator_header)
            projects[-1].rows.append(Row(cells=tuple("" if col < first_indicator else cell
                                                     for col, cell in enumerate(cells)), line=row.line))
        elif projects:
            # a later row of the project: its project columns are empty, unless the row lost cells
            # and shifted left, and then the parser places it by what its cells say
            projects[-1].rows.append(row)
        else:
            notes.append(ParseWarning("row_not_understood", "a row before the first project of the list: "
                                      + " | ".join(t for _, t in tokens)[:80], row.line))
    if not projects:
        block.notes.extend(notes)
        return [block]
    projects[-1].notes.extend(notes)
    return projects
