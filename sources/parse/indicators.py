"""The indicator rows of a table: 一级指标 / 二级指标 labels, the 三级指标 name, values and attributes.

The header row says where the name is and which columns follow it (`sources.parse.columns`). Each
later row starts with the level labels it prints (a merged label is printed once, on its first row,
and the rows below inherit it), then the name, then its cells, placed under the header's columns.
Level 1 is inferred from level 2 when level 2 is in the taxonomy, because copies of merged cells
carry the wrong level 1 down (a 社会效益指标 printed while 产出指标 is carried).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sources import taxonomy
from sources.cell_kinds import (
    L2, NAME, VALUE, an_attribute, fit, is_unfilled, name_likeness, name_may_follow, not_a_name,
    not_an_indicator, value_likeness,
)
from sources.parse.columns import (
    Column, align, place_in_second_group, second_group, second_name_as_value,
)
from sources.parse.header import HeaderLayout, columns_layout, header_layout, subheader_columns
from sources.parse.levels import Levels
from sources.parse.numbering import indicator_number, numbering_warnings
from sources.parsed import IndicatorRow, ParsedTable, ParseWarning
from sources.target_values import normalize_target, operator_word, states_operator
from sources.vocabulary import BLOCK_HEADERS, DIRECTION_COLUMN, OPERATOR_COLUMN, SUBTOTAL_LABELS, UNIT_COLUMN, as_label

_MAYBE_PLACEHOLDER = re.compile(r"[*＊×xX]")  # what every template placeholder (≥**%, xx个) holds
ALIGNED_WEIGHT, COLLAPSED_WEIGHT = 3.0, 0.5

_classify = taxonomy.classify_label  # cached; a cell over 200 characters is never a label


@dataclass
class IndicatorReader:
    table: ParsedTable
    aligned: bool = True  # the grid keeps its columns (a cell's position says its column)
    columns: list[Column] = field(default_factory=list)
    name_position: int | None = None
    level2_position: int | None = None
    level1_position: int | None = None
    level_positions: frozenset[int] = frozenset()
    width: int = 0
    row_rank: int = 0  # the deepest level label the current row printed
    levels: Levels = field(default_factory=Levels)
    expect_subheader: bool = False
    tree: bool = False  # levels and names in one column, told apart by what they say and their indent
    tree_indents: dict[int, int] = field(default_factory=dict)  # a tree's label indent -> its rank
    positions: dict[int, int] = field(default_factory=dict)  # grid column -> index in `columns`
    second_group_names: frozenset[int] = frozenset()
    plain_columns: bool = True  # value columns only (no attribute or second group)
    value_indices: tuple[int, ...] = ()
    value_names: tuple[str, ...] = ()
    label_row: str | None = None  # the level 2 of the row before when it printed labels only
    unfilled_line: int = -2  # the line of the last template row left unfilled

    def warn(self, code: str, message: str, line: int | None) -> None:
        self.table.warnings.append(ParseWarning(code, message, line))

    # --- the header ---------------------------------------------------------------------------

    def start(self, tokens: list[tuple[int, str]]) -> None:
        self.use(header_layout(tuple(tokens)))
        self.expect_subheader = True

    def use(self, layout: HeaderLayout) -> None:
        self.tree, self.name_position, self.width = layout.tree, layout.name_position, layout.width
        self.level1_position, self.level2_position = layout.level1_position, layout.level2_position
        self.level_positions = layout.level_positions
        self.columns, self.positions = layout.columns, layout.positions
        self.second_group_names, self.plain_columns = layout.second_group_names, layout.plain_columns
        self.value_indices, self.value_names = layout.value_indices, layout.value_names
        self.table.value_columns = list(layout.value_columns)
        self.table.attribute_columns = list(layout.attribute_columns)

    def set_columns(self, columns: list[Column]) -> None:
        self.use(columns_layout(tuple(columns), self.tree, self.name_position, self.width,
                                self.level1_position, self.level2_position))

    def take_subheader(self, tokens: list[tuple[int, str]]) -> bool:
        """A second header row naming the value columns under a merged 指标值 header
        (实施周期 | 当年度): the value columns take those names (实施周期指标值, 当年度指标值)."""
        columns = subheader_columns(self.columns, tuple(tokens), self.aligned)
        if columns is None:
            return False
        self.set_columns(columns)
        return True

    # --- a row --------------------------------------------------------------------------------

    def row(self, line: int, tokens: list[tuple[int, str]], cells: tuple[str, ...] = (), first: str = "") -> None:
        first = first or as_label(tokens[0][1])
        if first in BLOCK_HEADERS:
            tokens = tokens[1:]
            if not tokens:
                return
            first = as_label(tokens[0][1])
        if self.expect_subheader:
            self.expect_subheader = False
            if self.take_subheader(tokens):
                return
        if first in SUBTOTAL_LABELS:
            self.warn("subtotal_row", "a 合计/小计 row in the indicators (" + " | ".join(t for _, t in tokens)[:60]
                      + "): not an indicator; not loaded", line)
            return
        label_row, self.label_row = self.label_row, None
        i = self.consume_labels(tokens, line, len(cells))
        rest = tokens[i:]
        if not rest:
            if not self.tree:
                self.label_row = self.levels.level2
                self.warn("label_row_without_indicator", f"{self.levels.level1_label or ''} / "
                          f"{self.levels.level2_label or ''}: a label row with no indicator", line)
            return
        if self.tree and i == 0 and len(rest) == 1 and not indicator_number(rest[0][1])[0]:
            self.tree_label(rest[0][1], cells[rest[0][0]] if rest[0][0] < len(cells) else rest[0][1])
            return
        name_position, label_raw = rest[0]
        number, name = indicator_number(label_raw)
        if number is None and self.looks_like_value_row(rest):
            self.warn("indicator_without_name", "values with no 三级指标 name: "
                      + " | ".join(t for _, t in rest)[:80], line)
            return
        if label_row and i and self.second_group_names and not self.aligned and self.levels.level2 == label_row:
            # paired groups whose first is empty: a label row (产出指标 | 数量指标), then the second group's
            # own level 2 again with its name and value (数量指标 | 重点建设工程安排数量 | 2)
            placed = place_in_second_group(self.columns, rest[1:], COLLAPSED_WEIGHT)
        else:
            placed = self.place(name_position, rest[1:], line)
        if reason := not_an_indicator(name, placed, self.value_indices, self.levels):
            return self.warn(*reason, line)
        if is_unfilled(name) and all(map(is_unfilled, placed)):
            if line != self.unfilled_line + 1:  # 指标2: then …… on the next line: one row left unfilled
                self.warn("template_row", f"「{label_raw.strip()[:20]} {' '.join(placed).strip()[:20]}」: a row "
                          "the form prints for more indicators (指标2:, ……), left unfilled; not loaded", line)
            self.unfilled_line = line
            return
        if not any(map(placed.__getitem__, self.value_indices)) and \
                (not_a_name(name) or an_attribute(name, self.table.indicators)):
            self.warn("text_without_value", f"{self.levels.level2_label or self.levels.level1_label or ''}: "
                      f"「{name[:40]}」 with no value is no indicator (a sentence, or text cut short); not loaded",
                      line)
            return
        self.add(line, number, name, label_raw, placed)

    def tree_label(self, text: str, raw: str) -> None:
        """A tree's label the taxonomy does not know (决策 … set by a bureau): its indent says its level,
        the shallowest labels being level 1."""
        indent = sum(2 if ch == "\u3000" else 1 for ch in raw[:len(raw) - len(raw.lstrip(" \u3000\t"))])
        shallowest = min(self.tree_indents, default=indent)
        rank = 1 if indent <= shallowest else 2
        self.tree_indents[indent] = rank
        match = taxonomy.LabelMatch(None, None, text.strip(), rank=rank)
        if rank == 1:
            self.levels.set_level1(None, match.printed)
        else:
            self.levels.set_level2(match)

    def looks_like_value_row(self, rest: list[tuple[int, str]]) -> bool:
        first = rest[0][1]
        return len(rest) <= len(self.columns) and name_likeness(first) < 0 and value_likeness(first) >= 2

    def consume_labels(self, tokens: list[tuple[int, str]], line: int, width: int = 0) -> int:
        """Read the leading 一级/二级 labels of an indicator row; return how many cells they took.
        A row prints at most a level 1 then a level 2 before its name. Where the row is as wide as the
        header (no cell lost to a merge) and its name is in the name column, the cells left of the name
        are labels by their column (`labels_by_position`)."""
        self.row_rank = 0
        i = self.labels_by_vocabulary(tokens, line)
        # after a known level 2 comes the name; before it, an unknown cell in a level column is a label
        if self.row_rank < 2 and i < len(tokens) - 1 and self.aligned and tokens[i][0] in self.level_positions \
                and width >= self.width and self.name_in_place(tokens):
            return i + self.labels_by_position(tokens[i:], line)
        return i

    def name_in_place(self, tokens: list[tuple[int, str]]) -> bool:
        """The row's name is in the name column, labels left of it: not a row shifted by lost cells
        (whose value would stand in the name column, or whose 指标N name would stand left of it)."""
        if tokens[0][0] >= (self.name_position or 0):
            return False
        for col, text in tokens:
            if col == self.name_position:
                return name_likeness(text) > 0
            if indicator_number(text)[0] is not None:
                return False
        return False

    def labels_by_position(self, tokens: list[tuple[int, str]], line: int) -> int:
        """A row whose name sits in the name column (a grid that kept its columns): the cells left of it
        are its labels, in the 一级指标 and 二级指标 columns. The taxonomy says what a known label is
        wherever it stands (a 二级 name copied into the 一级 column is still a level 2); a label it does
        not know is taken at its column's level (a bureau's own 履职效能 | 重点工作)."""
        at = next(i for i, (col, _) in enumerate(tokens) if col == self.name_position)
        i = 0
        while i < at:
            known = self.labels_by_vocabulary(tokens[i:at], line, stop_at=at)
            if known:
                i += known
                continue
            column, text = tokens[i]
            i += 1
            if column not in (self.level1_position, self.level2_position):
                continue  # the block's own label column (绩效指标), printed on its first row
            match = taxonomy.LabelMatch(None, None, text.strip(), rank=1 if column == self.level1_position else 2)
            if match.rank == 1:
                self.levels.set_level1(None, match.printed)
            else:
                self.levels.set_level2(match)
            self.warn("unknown_level" + str(match.rank), f"{'一' if match.rank == 1 else '二'}级指标 "
                      f"{text.strip()!r} is not in the taxonomy", line)
        return at

    def labels_by_vocabulary(self, tokens: list[tuple[int, str]], line: int, stop_at: int | None = None) -> int:
        levels = self.levels
        classify = _classify
        i, count = 0, len(tokens)
        while i < count:
            column, text = tokens[i]
            match = classify(text) if len(text) <= 200 else None
            if match is None:
                if stop_at is not None or i + 1 >= count or not taxonomy.looks_like_label(text) \
                        or indicator_number(text)[0] is not None:
                    break
                # a label-like cell the taxonomy does not know: a level 2 outside the standard set
                levels.set_level2(taxonomy.LabelMatch(None, None, text.strip()))
                self.warn("unknown_level2", f"二级指标 {text.strip()!r} is not in the taxonomy", line)
                i += 1
                continue
            following = classify(tokens[i + 1][1]) if i + 1 < count else None
            if following is None and i + 1 < count and value_likeness(tokens[i + 1][1]) >= 2 \
                    and (not match.exact or not taxonomy.clean_label(text).endswith("指标")):
                break  # a bare word (满意度, 质量, 服务对象满意度) followed by a value: the indicator's name
            if following is not None and not name_may_follow(tokens, i + 2):  # 成本指标 | 社会成本指标 | 定量
                following = None
            if match.level2 == "成本指标" and following and following.level2 in taxonomy.COST_LEVEL2:
                levels.set_level1(taxonomy.COST, match.printed)
            elif match.rank == 1 and following and following.rank == 1:
                # two level-1 names side by side: the second sits in the 二级指标 column — the same name
                # twice (满意度指标 | 满意度指标), satisfaction as a level 2 under 效益指标 (older forms), or
                # 产出/效益 under an NDRC 实施效果指标: the canonical level 1 follows the second
                levels.set_level1(following.level1 or match.level1, match.printed)
                levels.level2 = taxonomy.DEFAULT_LEVEL2.get(following.level1 or "")
                levels.level2_label = following.printed
                self.row_rank = 2
                return i + 2
            elif match.rank == 1 and self.aligned and column == self.level2_position and levels.level1_label:
                # a level-1 name in the 二级指标 column, the printed level 1 above carried down
                levels.level1, levels.level2 = match.level1, taxonomy.DEFAULT_LEVEL2.get(match.level1 or "")
                levels.level2_label = match.printed
                self.row_rank = 2
                return i + 1
            elif match.rank == 1 and match.level1 and match.level1 == levels.level1 and levels.level2 \
                    and following is None and i + 1 < count:
                # the level 1 in force printed again before a name (a merged label centred mid-block,
                # 产出指标 | 开设课程数量 among the 数量指标 rows): the level 2 in force stays
                levels.level1_label = match.printed
                self.row_rank = max(self.row_rank, 1)
            elif match.rank == 1:
                levels.set_level1(match.level1, match.printed)
                self.row_rank = max(self.row_rank, 1)
            else:
                levels.set_level2(match)
                self.row_rank = 2
                # a level 2 printed twice (质量指标 | 质量指标: a copied cell) is still one label
                while i + 1 < count and following is not None and following.rank == 2 and following.exact:
                    i += 1
                    levels.set_level2(following)
                    following = classify(tokens[i + 1][1]) if i + 1 < count and name_may_follow(tokens, i + 2) else None
                return i + 1
            i += 1
        return i

    def place(self, name_position: int, cells: list[tuple[int, str]], line: int) -> tuple[str, ...]:
        if self.aligned:
            if name_position in self.second_group_names:
                name_position = self.name_position  # the second group's name: its cells are in their own columns
            shift = (self.name_position or 0) - name_position
            # every cell under a column of its own, none of a kind its column never holds (a number as
            # 指标性质): a grid that kept its columns
            positions, placed = self.positions, [""] * len(self.columns)
            for pos, text in cells:
                j = positions.get(pos + shift)
                if j is None or not (self.plain_columns or fit(text, self.columns[j].role) >= 0):
                    break
                placed[j] = text
            else:
                return tuple(placed)
        weight = ALIGNED_WEIGHT if self.aligned else COLLAPSED_WEIGHT
        placement = align(self.columns, name_position, self.name_position, cells, weight)
        texts = tuple(text for _, text in cells)
        if self.aligned and placement.cells[:len(texts)] != texts:  # not merely shifted: some cell skipped a column
            moved = [f"{text} → {c.name}" for c, text in zip(self.columns, placement.cells) if text]
            self.warn("cells_placed_by_kind", "cells placed by what they hold, not by their column: "
                      + ", ".join(moved)[:100], line)
        if placement.dropped:
            self.warn("extra_cells", "cells that fit no column; not loaded: " + " | ".join(placement.dropped)[:80],
                      line)
        return placement.cells

    # --- the indicator ------------------------------------------------------------------------

    def add(self, line: int, number: int | None, name: str, label_raw: str, placed: tuple[str, ...]) -> None:
        levels = self.levels
        last = self.table.indicators[-1] if self.table.indicators else None
        if last is not None and last.line == line and last.name == name and last.level2 == levels.level2 \
                and [text for _, text in last.values if text] == [text for text in placed if text]:
            # one printed row read twice (its second group, the same indicator, cut into a row of its own)
            self.warn("duplicate_row", f"「{name[:40]}」 is the indicator of the row before, again; not loaded", line)
            return
        if self.plain_columns and not _MAYBE_PLACEHOLDER.search("".join(placed)):
            # value columns only, none a placeholder: the common case, nothing to complete or split
            if levels.level1 is None and levels.level1_label is None:
                self.warn("indicator_without_class", f"{label_raw[:40]}: no 一级/二级指标 above it", line)
            self.table.indicators.append(IndicatorRow(
                len(self.table.indicators) + 1, line, levels.level1, levels.level2, levels.level1_label,
                levels.level2_label, number, name, label_raw, tuple(zip(self.value_names, placed)), ()))
            return
        second = second_group(self.columns, placed) if self.second_group_names else None
        if second and second[1] and not second[0] and not any(map(placed.__getitem__, self.value_indices)):
            placed, second = second_name_as_value(self.columns, placed), None
        groups = [0, 1] if second and second[1] and "".join(second[1].split()) != "".join(name.split()) else [None]
        for group in groups:
            levels = self.levels
            if group == 1:
                number, name = indicator_number(second[1])
                label_raw = second[1]
                if second[0]:
                    match = taxonomy.classify_label(second[0])
                    if match:
                        levels = Levels(levels.level1, levels.level1_label)
                        levels.set_level2(match)
            cells = list(zip(self.columns, placed)) if group is None else \
                [(c, text) for c, text in zip(self.columns, placed) if c.group == group]
            values, attributes = self.values_of(cells, name, line)
            if levels.level1 is None and levels.level1_label is None:
                self.warn("indicator_without_class", f"{label_raw[:40]}: no 一级/二级指标 above it", line)
            self.table.indicators.append(IndicatorRow(  # order, line, levels, 指标N, name, raw, values, attributes
                len(self.table.indicators) + 1, line, levels.level1, levels.level2, levels.level1_label,
                levels.level2_label, number, name, label_raw, values, attributes))

    def values_of(self, cells: list[tuple[Column, str]], name: str, line: int
                  ) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
        """(value column, text) for each value column and (attribute, text) for each attribute column.

        An operator printed in its own column (指标性质 `≥`) and a unit in its own column (度量单位
        `%`) complete a bare number in the value columns (`95` -> `≥95%`), so that the target says
        what the form says; the printed pieces stay in the attributes.
        """
        if self.plain_columns:  # values only: nothing to complete from other columns
            if not any(_MAYBE_PLACEHOLDER.search(text) for _, text in cells):
                return tuple((c.name, text) for c, text in cells), ()
            attributes: tuple[tuple[str, str], ...] = ()
            operator = unit = None
        else:
            attributes = tuple((c.name, text) for c, text in cells if c.role not in (VALUE, L2, NAME) and text)
            found = dict(attributes)
            operator = next((op for op in (found.get(OPERATOR_COLUMN), found.get(DIRECTION_COLUMN))  # ≥ in either
                             if op and operator_word(op)), None)
            unit = found.get(UNIT_COLUMN)
        values = []
        for column, text in cells:
            if column.role != VALUE:
                continue
            if not (operator or unit or _MAYBE_PLACEHOLDER.search(text)):
                values.append((column.name, text))  # the common case: nothing to check or complete
                continue
            target = normalize_target(text, name)
            if target.is_placeholder:
                self.warn("placeholder_value", f"{column.name} 「{text}」 is an unfilled template placeholder", line)
            if target.number is not None and not target.is_qualitative:
                if operator and not states_operator(text):
                    text = operator.strip() + text
                if unit and target.unit is None and normalize_target(text + unit.strip()).unit == unit.strip():
                    text += unit.strip()
            values.append((column.name, text))
        return tuple(values), attributes

    def check_numbering(self) -> None:
        self.table.warnings.extend(numbering_warnings(self.table.indicators, self.table.first_line))
