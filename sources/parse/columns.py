"""The columns of an indicator table, and putting a row's cells back under them.

The header row says which columns there are after the 三级指标 name: target values (指标值,
实施周期指标值 | 当年度指标值, one per village …) and attributes (度量单位, 指标方向, 权重 …), and,
in forms with two groups side by side (中期 | 年度, each with its own 二级指标 | 三级指标 | 指标值),
the second group's level and name columns.

`align` places the cells that follow a row's name. Where the grid kept its columns (a workbook, a
Word or HTML table, tab text) a cell's offset from the name says its column: a merged label that a
copy dropped shifts the whole row left, never the cells after the name. Where empty cells were
collapsed (pipe and space exports) the offsets lie, and the cells go where their kind fits best
(`sources.cell_kinds.fit`): a monotone alignment that may skip columns. Both are one dynamic
programme, the positional evidence weighing more when the grid is known to keep its columns.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sources import cell_kinds
from sources.cell_kinds import IMPOSSIBLE, L2, NAME, VALUE
from sources.vocabulary import ATTRIBUTE_COLUMNS, as_header

# a second header row naming the value columns under a merged 指标值 (实施周期 | 当年度, 上年实际 | 本年预期)
VALUE_SUBHEADER = re.compile(r"^(?:(?:19|20)[0-9]{2}年度?)?(实施周期|中期|长期|中长期|年度|当年度|本年度?|上年度?|近三年|"
                             r"预期|计划|实际|目标|半年|全年|上半年|下半年|第[一二三四]季度)"
                             r"(?:[\u4e00-\u9fff()]|(?:19|20)[0-9]{2}(?=年)){0,8}$")  # 2021年实际实现值, 预期2022年实现值
# header words of a target-value column
_VALUE_HEADER = re.compile(r"值|目标值|预期|计划数")
# a place: one value column per funded village or township (安溪县: 西坪镇尧山村 | 桃舟乡吾培村 …)
_PLACE = re.compile(r"[\u4e00-\u9fff]{1,10}(镇|乡|村|街道|社区|县|区|市|场|站|所|校|院)")

SKIP = 0.3  # a column left empty by this row
# a value put under a column of a past year's actual (上年实际值) rather than the target's: more than
# the offset counts where empty cells were collapsed, less than where the grid kept its columns
PAST_COST = 0.6
_PAST = re.compile(r"上年|往年|去年|实际|(?:19|20)[0-9]{2}年(?:度)?实际")
DROP = 6.0  # a cell that fits no column (kept out, with a warning)


@dataclass(frozen=True, slots=True)
class Column:
    """One column after the name: its grid position, printed header, role and stored name."""

    position: int
    header: str
    role: str  # VALUE, an attribute's canonical name, or L2 / NAME of a second group
    name: str  # value column name (指标值, 当年度指标值) or attribute name (度量单位)
    group: int = 0  # 0 for the first (or only) group, 1 for the second of paired groups


def column_role(header: str) -> tuple[str, str]:
    """(role, name) of a header after the 三级指标 column."""
    plain = as_header(header)
    if plain in ATTRIBUTE_COLUMNS:
        name = ATTRIBUTE_COLUMNS[plain]
        return name, name
    return VALUE, plain or "指标值"


def is_value_header(header: str) -> bool:
    """Does a header after the name name a target column (not an attribute)? 指标值, 年度目标值,
    全年(程)指标值, and place names (a column per village)."""
    plain = as_header(header)
    return len(plain) <= 14 and plain not in ATTRIBUTE_COLUMNS and \
        bool(_VALUE_HEADER.search(plain) or _PLACE.fullmatch(plain) or VALUE_SUBHEADER.match(plain))


def build_columns(cells: list[tuple[int, str]], level_roles: dict[int, str]) -> list[Column]:
    """The columns after the name from the header cells right of it. `level_roles` marks header
    positions that repeat 二级指标 / 三级指标 (a second group of paired columns)."""
    columns: list[Column] = []
    group = 0
    for position, header in cells:
        if position in level_roles:
            group = 1
            columns.append(Column(position, header, level_roles[position], level_roles[position], group))
            continue
        role, name = column_role(header)
        columns.append(Column(position, header, role, name, group))
    _name_repeated_values(columns)
    return columns


def _name_repeated_values(columns: list[Column]) -> None:
    """Value columns of one name: two groups both headed 指标值 are the 中期 (or 实施周期) one and the
    年度 one; headers that differ only in a bracketed note (指标值(中期) | 指标值(年度)) keep it; any
    still alike are numbered."""
    values = [c for c in columns if c.role == VALUE]
    if len({c.name for c in values}) == len(values):
        return
    paired = any(c.group for c in columns)
    for i, column in enumerate(columns):
        if column.role != VALUE:
            continue
        if paired:
            name = column.name + ("(中期)" if column.group == 0 else "(年度)")
        else:
            name = unicodedata.normalize("NFKC", "".join(column.header.split())).rstrip(":：") or column.name
        columns[i] = Column(column.position, column.header, VALUE, name, column.group)
    seen: dict[str, int] = {}
    for i, column in enumerate(columns):
        if column.role == VALUE:
            seen[column.name] = seen.get(column.name, 0) + 1
            if seen[column.name] > 1:
                columns[i] = Column(column.position, column.header, VALUE, f"{column.name}({seen[column.name]})",
                                    column.group)


@dataclass(frozen=True, slots=True)
class Placement:
    cells: tuple[str, ...]  # one text per column, "" where the row has none
    dropped: tuple[str, ...]  # cells that fit no column
    score: float


def align(columns: list[Column], name_position: int | None, header_name_position: int | None,
          cells: list[tuple[int, str]], positional_weight: float) -> Placement:
    """Place `cells` (grid position, text), the cells right of a row's name, under `columns`.

    `positional_weight` is how much the offset from the name counts (3 where the grid kept its
    columns, 0.5 where empty cells may have been collapsed)."""
    k, m = len(columns), len(cells)
    expected: list[int | None] = [None] * m
    if name_position is not None and header_name_position is not None:
        shift = header_name_position - name_position
        positions = {c.position: j for j, c in enumerate(columns)}
        expected = [positions.get(pos + shift) for pos, _ in cells]
    # best[i][j]: cells[:i] placed in columns[:j]; back[i][j]: how (0 skip column, 1 place, 2 drop cell)
    best = [[IMPOSSIBLE * 10] * (k + 1) for _ in range(m + 1)]
    back = [[0] * (k + 1) for _ in range(m + 1)]
    best[0][0] = 0.0
    for i in range(m + 1):
        for j in range(k + 1):
            here = best[i][j]
            if i == 0 and j == 0:
                continue
            options = []
            if j > 0:
                options.append((best[i][j - 1] - SKIP, 0))
            if i > 0 and j > 0:
                gain = cell_kinds.fit(cells[i - 1][1], columns[j - 1].role)
                if expected[i - 1] == j - 1:
                    gain += positional_weight
                if columns[j - 1].role == VALUE and _PAST.search(columns[j - 1].name):
                    gain -= PAST_COST  # a lone target is this year's, not last year's actual
                options.append((best[i - 1][j - 1] + gain, 1))
            if i > 0:
                options.append((best[i - 1][j] - DROP, 2))
            score, how = max(options)
            if score > here:
                best[i][j], back[i][j] = score, how
    placed = [""] * k
    dropped: list[str] = []
    i, j = m, k
    while i > 0 or j > 0:
        how = back[i][j]
        if how == 0:
            j -= 1
        elif how == 1:
            placed[j - 1] = cells[i - 1][1]
            i, j = i - 1, j - 1
        else:
            dropped.append(cells[i - 1][1])
            i -= 1
    return Placement(tuple(placed), tuple(reversed(dropped)), best[m][k])


def second_group(columns: list[Column], placed: tuple[str, ...]) -> tuple[str, str] | None:
    """(level-2 label, name) the second group of a paired row prints, when it prints one."""
    level2 = next((text for c, text in zip(columns, placed) if c.group and c.role == L2 and text), "")
    name = next((text for c, text in zip(columns, placed) if c.group and c.role == NAME and text), "")
    return (level2, name) if (level2 or name) else None


def place_in_second_group(columns: list[Column], cells: list[tuple[int, str]], weight: float) -> tuple[str, ...]:
    """A row's cells placed under the second group's value and attribute columns only (its first
    group printed empty)."""
    own = [j for j, c in enumerate(columns) if c.group and c.role not in (L2, NAME)]
    placement = align([columns[j] for j in own], None, None, cells, weight)
    into = dict(zip(own, placement.cells))
    return tuple(into.get(j, "") for j in range(len(columns)))


def second_name_as_value(columns: list[Column], placed: tuple[str, ...]) -> tuple[str, ...]:
    """One text after the name and no value anywhere (建设项目成本 | 参照政府采购成本控制), placed as the
    second group's name: it is the target, in the last value column, not the name of another indicator."""
    at = next(j for j, c in enumerate(columns) if c.group and c.role == NAME)
    value_at = max(j for j, c in enumerate(columns) if c.role == VALUE)
    return tuple(placed[at] if j == value_at else ("" if j == at else text) for j, text in enumerate(placed))
