"""The header of an indicator table: where the name and the levels are, which columns follow.

`header_layout` reads a header row once per distinct form (forms repeat it in every table); a tree
header (绩效指标 | 指标值 | 绩效金额) has one label column for levels and names alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sources.cell_kinds import L2, NAME, VALUE
from sources.parse.columns import VALUE_SUBHEADER, Column, build_columns, is_value_header
from sources.taxonomy import classify_label
from sources.vocabulary import BLOCK_HEADERS, LEVEL_HEADERS, NAME_HEADERS, as_header


def is_header(row_text: str, tokens: list[tuple[int, str]]) -> bool:
    """The header row of the indicator table: a 三级指标 (or 指标名称) column, or 一级 and 二级 columns,
    or a tree's one label column (绩效指标 | 指标值 | 绩效金额: levels and names in one column)."""
    if "级" in row_text or "名称" in row_text or "内容" in row_text:
        # what follows reads the cells' texts alone: cached on them
        return _names_columns(tuple([text for _, text in tokens]))
    if not ("值" in row_text and "指标" in tokens[0][1]):  # the cheap test of a tree's header
        return False
    return is_tree_header([as_header(text) for _, text in tokens])


@lru_cache(maxsize=1 << 14)
def _names_columns(texts: tuple[str, ...]) -> bool:
    """`is_header` of a row printing 级, 名称 or 内容 (field rows print them too: 项目名称 | …, and forms
    repeat their rows: read once)."""
    labels = [as_header(text) for text in texts]
    if not NAME_HEADERS.isdisjoint(labels):
        return True
    levels = {LEVEL_HEADERS[label] for label in labels if label in LEVEL_HEADERS}
    return levels == {1, 2} or is_tree_header(labels)


def is_tree_header(labels: list[str]) -> bool:
    return len(labels) >= 2 and labels[0] in BLOCK_HEADERS and not any(h in LEVEL_HEADERS for h in labels) \
        and any(is_value_header(h) for h in labels[1:])


@dataclass(frozen=True)
class HeaderLayout:
    """What an indicator header says: where the name and the levels are, and the columns after the name."""

    tree: bool
    name_position: int | None
    width: int
    level1_position: int | None
    level2_position: int | None
    level_positions: frozenset[int]
    columns: list[Column]
    positions: dict[int, int]  # grid column -> index in `columns`
    second_group_names: frozenset[int]
    plain_columns: bool  # value columns only (no attribute or second group)
    value_indices: tuple[int, ...]
    value_names: tuple[str, ...]
    value_columns: tuple[str, ...]
    attribute_columns: tuple[str, ...]


@lru_cache(maxsize=4096)
def header_layout(tokens: tuple[tuple[int, str], ...]) -> HeaderLayout:
    """The layout of a header row (forms repeat their header in every table: read once)."""
    headers = [(col, as_header(text)) for col, text in tokens]
    tree = is_tree_header([h for _, h in headers])
    at = next((i for i, (_, h) in enumerate(headers) if h in NAME_HEADERS), None)
    if at is None:
        at = 0 if tree else max(i for i, (_, h) in enumerate(headers) if h in LEVEL_HEADERS)
    level2 = next((col for col, h in headers[:at] if LEVEL_HEADERS.get(h) == 2), None)
    level1 = next((col for col, h in headers[:at] if LEVEL_HEADERS.get(h) == 1), None)
    # a second group repeats the first one's headers (二级指标 | 三级指标 | 指标值 twice: 中期, 年度);
    # another name-like header after the name (三级指标 | 指标内容) describes it
    first_group = {h for _, h in headers[:at + 1]}
    repeated = {col: (L2 if LEVEL_HEADERS.get(h) == 2 else NAME) for col, h in headers[at + 1:]
                if h in first_group and (LEVEL_HEADERS.get(h) == 2 or h in NAME_HEADERS)}
    columns = build_columns([(col, text) for col, text in tokens[at + 1:]], repeated)
    # the header's last column: a row as wide is not shifted
    return columns_layout(tuple(columns), tree, headers[at][0], tokens[-1][0] + 1, level1, level2)


@lru_cache(maxsize=4096)
def columns_layout(columns: tuple[Column, ...], tree: bool, name_position: int | None, width: int,
                   level1: int | None, level2: int | None) -> HeaderLayout:
    if not any(c.role == VALUE for c in columns):  # no value column printed: one after the others
        last = max([name_position or 0, *(c.position for c in columns)])
        columns = tuple(sorted(columns + (Column(last + 1, "指标值", VALUE, "指标值"),), key=lambda c: c.position))
    return HeaderLayout(
        tree, name_position, width, level1, level2, frozenset(p for p in (level1, level2) if p is not None),
        list(columns), {c.position: j for j, c in enumerate(columns)},
        frozenset(c.position for c in columns if c.role == NAME), all(c.role == VALUE for c in columns),
        tuple(j for j, c in enumerate(columns) if c.role == VALUE), tuple(c.name for c in columns),
        tuple(c.name for c in columns if c.role == VALUE),
        tuple(c.name for c in columns if c.role not in (VALUE, L2, NAME)))


def subheader_columns(columns: list[Column], tokens: tuple[tuple[int, str], ...], aligned: bool
                      ) -> list[Column] | None:
    """The columns once a second header row names the value columns under a merged 指标值 header
    (实施周期 | 当年度 -> 实施周期指标值, 当年度指标值); None when the row is no such header."""
    if not all(VALUE_SUBHEADER.match(as_header(text)) and classify_label(text) is None for _, text in tokens):
        return None  # (预期产出指标 is Guangdong's level 1, not a 预期 value column)
    values = [c for c in columns if c.role == VALUE]
    if aligned and not all(col >= values[0].position for col, _ in tokens):
        return None
    parent = {c.position: c.name for c in columns}
    renamed: list[Column] = []
    for n, (col, text) in enumerate(tokens):
        if aligned:
            over = next((parent[p] for p in sorted(parent, reverse=True) if p <= col), "")
            position = col
        else:
            over = values[min(n, len(values) - 1)].name
            position = values[n].position if n < len(values) else values[-1].position + n
        name = as_header(text)
        suffix = over if over.endswith("值") and "值" not in name else ""
        renamed.append(Column(position, text, VALUE, name + suffix))
    kept = [c for c in columns if c.role != VALUE and c.position not in {r.position for r in renamed}]
    return sorted(kept + renamed, key=lambda c: c.position)
