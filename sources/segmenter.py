"""Split a grid into table blocks and recognize each block's template."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sources.grid import Grid, Row
from sources.parsed import PROJECT, UNIT, ParseWarning
from sources.vocabulary import (
    FIELD_LABELS, IGNORED_LABELS, NAME_HEADERS, PROJECT_NAME, UNIT_DEPARTMENT, UNIT_NAME, as_label,
)

_TITLE = re.compile(r"(绩效)?目标(申报|汇总|批复|审核)?表|绩效目标公开|项目绩效公开|整体(支出)?绩效目标$|绩效自评表")
# a self-evaluation printed after the targets (项目支出绩效自评表): its own block, no target table
_SELF_EVALUATION = re.compile(r"自评表|评价表")
_YEAR_ONLY = re.compile(r"^[(（]?\s*(?:19|20)[0-9]{2}\s*年?度?\s*[)）]?$")
_PROJECT_START = frozenset(label for label, name in FIELD_LABELS.items() if name == PROJECT_NAME) - {"项目名"}
_UNIT_START = frozenset(label for label, name in FIELD_LABELS.items() if name in (UNIT_DEPARTMENT, UNIT_NAME)) \
    - {"部门"}
_STARTS = _PROJECT_START | _UNIT_START
# a first cell outside these starts no table (the cheap test of _starts_with_name and _numbered_list_header)
_MAY_START = _STARTS | frozenset(FIELD_LABELS) | IGNORED_LABELS | {"序号"}


@dataclass(slots=True)
class TableBlock:
    title: str
    rows: list[Row] = field(default_factory=list)
    kind: str | None = None
    notes: list[ParseWarning] = field(default_factory=list)  # found while splitting, for the parser to report

    @property
    def first_line(self) -> int:
        return self.rows[0].line if self.rows else 0

    @property
    def last_line(self) -> int:
        return self.rows[-1].line if self.rows else 0


def _first_token(row: Row) -> str:
    tokens = row.tokens()
    return as_label(tokens[0][1]) if tokens else ""


def _has_indicator_header(row: Row) -> bool:
    text = row.text()
    return ("三级" in text or "指标名称" in text or "指标内容" in text) and \
        any(as_label(t) in NAME_HEADERS for _, t in row.tokens())


def is_title_text(text: str) -> bool:
    """A line that names a table: …绩效目标表, …绩效目标申报表, …绩效目标汇总表, short."""
    # every title _TITLE finds holds 目标, 公开 or 自评: the cheap test of a line that is none
    return ("目标" in text or "公开" in text or "自评" in text) and bool(_TITLE.search(text)) \
        and len(text.strip()) <= 60


def is_title(row: Row) -> bool:
    return _title_row(row.tokens())


def _title_row(tokens: list[tuple[int, str]]) -> bool:
    """A title alone on its row, or with the year beside it (项目支出绩效自评表 | (2021年度))."""
    return 1 <= len(tokens) <= 2 and is_title_text(tokens[0][1]) and \
        (len(tokens) == 1 or bool(_YEAR_ONLY.match(tokens[1][1].strip())))


def _numbered_list_header(first: str, row: Row) -> bool:
    """序号 | 项目名称 | ... : the header of a table listing several projects, one per row group."""
    return first == "序号" and any(as_label(text) in _PROJECT_START for _, text in row.tokens())


def starts_table(row: Row) -> bool:
    """A row that opens a table: its title, or a 项目名称 / 部门名称 row."""
    first = _first_token(row)
    return is_title(row) or _starts_with_name(first, row) or _numbered_list_header(first, row)


def _starts_with_name(first: str, row: Row) -> bool:
    """A field row naming the project or the unit: first (项目名称 | X), or after other labels on its
    row (部门编码: | 316 | 部门名称: | 某局)."""
    if first in _PROJECT_START or first in _UNIT_START:
        return True
    if first not in FIELD_LABELS and first not in IGNORED_LABELS:
        return False
    return not _STARTS.isdisjoint(map(as_label, (text for _, text in row.tokens()[1:6])))


def kind_of(title: str, rows: list[Row]) -> str | None:
    """The template of a block, from its title when it says, else from the fields it holds."""
    compact = "".join(title.split())  # str.split() and re's \s agree on what whitespace is
    if _SELF_EVALUATION.search(compact):
        return None
    if ("项目" in compact or "专项" in compact) and "整体" not in compact:
        return PROJECT
    if "整体" in compact:
        return UNIT
    labels = {as_label(text) for row in rows for _, text in row.tokens()[:8]}
    if labels & _PROJECT_START or (rows and _numbered_list_header(_first_token(rows[0]), rows[0])):
        return PROJECT
    has_indicators = any(_has_indicator_header(row) for row in rows)
    if labels & _UNIT_START and (has_indicators or "绩效指标" in labels):
        return UNIT
    if has_indicators:
        return PROJECT  # a target table of no named template: most are project tables
    return None


def split_tables(grid: Grid) -> tuple[list[TableBlock], list[str]]:
    """Blocks of rows, one per table, and the text found outside any table (the preamble).

    A table starts at a title row (…绩效目标表) or, when titles were lost, at a 项目名称/部门名称
    row that follows a table's indicators. A title in the text printed before the grid
    (`Grid.preamble`: the paragraph above a Word table, the heading above an HTML table) opens the
    grid's first table; the rest of that text joins the preamble.
    """
    blocks: list[TableBlock] = []
    preamble: list[str] = []
    current: TableBlock | None = None
    seen_indicators = False
    titles = [i for i, text in enumerate(grid.preamble) if is_title_text(text)]
    for i, text in enumerate(grid.preamble):
        if titles and i == titles[-1]:
            current = TableBlock(title=text.strip())
            blocks.append(current)
        elif text.strip():
            preamble.append(text.strip())
    for row in grid.rows:
        tokens = row.tokens()  # once per row: is_blank, is_title and _first_token, inlined
        if not tokens:
            continue
        if len(tokens) <= 2 and _title_row(tokens):
            title = " ".join(text.strip() for _, text in tokens)  # with the year printed beside it
            if current is not None and not current.rows:
                # two titles in a row (a heading above a table that prints its own title): the one
                # next to the rows names the table; the other stays readable for the year
                preamble.append(current.title)
                current.title = title
            else:
                current = TableBlock(title=title)
                blocks.append(current)
            seen_indicators = False
            continue
        if current is None or seen_indicators:  # only then may a 项目名称 row start a table
            first = as_label(tokens[0][1])
            starts_table = first in _MAY_START and (_starts_with_name(first, row) or _numbered_list_header(first, row))
            if current is None and not starts_table:
                preamble.append(" ".join(text for _, text in tokens))
                continue
            if starts_table:
                current = TableBlock(title="")
                blocks.append(current)
                seen_indicators = False
        current.rows.append(row)
        if not seen_indicators and _has_indicator_header(row):
            seen_indicators = True
    # a title with no rows after it (the last line of a file, say) is no table: it stays as text
    preamble.extend(b.title for b in blocks if not b.rows and b.title)
    blocks = [b for b in blocks if b.rows]
    for block in blocks:
        block.kind = kind_of(block.title, block.rows)
    return blocks, preamble
