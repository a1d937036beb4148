"""Rows back from a stream of cells: text that lost its row breaks (one cell per line, cells ending
in `|`, cells run together) still holds its cells in reading order.

The rows are rebuilt with the forms' grammar, anchored on the vocabulary:
- above the indicators, a known label (`sources.parse.fields.KNOWN_LABELS`, a goal label, a cell
  ending in a colon) starts a row and takes the cells after it; a run of labels followed by a run of
  values (`开始时间 | 完成时间` over `2024 | 2025`) is a header over a row, paired from the right;
- the indicator header is the run of header words (一级指标 … 三级指标, 指标值, 度量单位 …);
- below it, each row is [一级指标] [二级指标] 三级指标 + the cells of the header's other columns,
  and where the rows begin is chosen by dynamic programming over the whole stream: every cut is
  scored by how well each cell fits its column (`sources.cell_kinds`), so a row may lack empty cells
  (collapsed by the copy) without shifting the next one;
- a title, a `(2022年度)` subtitle and a table's end (其他需说明的问题, 财政部门审核意见) end a row.

A gap (an empty cell, a blank line holding a space, a row marker `|`) is a hint that a row may end
there: cuts at gaps score a little better.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sources import cell_kinds, taxonomy
from sources.layout import glued
from sources.cell_kinds import L1, L2, NAME
from sources.grid import Row
from sources.parse.columns import VALUE_SUBHEADER, Column, align, build_columns, is_value_header
from sources.parse.fields import KNOWN_LABELS, is_known_label, split_inline
from sources.parse.goals import scope_of
from sources.segmenter import is_title_text
from sources.vocabulary import (
    ATTRIBUTE_COLUMNS, BLOCK_HEADERS, FIELD_LABELS, GOAL_LABELS, PROJECT_NAME, LEVEL_HEADERS, NAME_HEADERS, SUBTOTAL_LABELS,
    as_header, as_label, ends_table,
)

_SUBTITLE = re.compile(r"^[(（]?\s*(19|20)[0-9]{2}\s*[)）]?\s*年?度?\s*[)）]?$")
_COLON_LABEL = re.compile(r"^[^\d:：]{2,14}[:：]$")
_STUB_WORDS = BLOCK_HEADERS | frozenset(GOAL_LABELS)  # labels forms print vertically, one character a line
GAP_BONUS, GAP_CROSSED, NO_VALUE, ROW_COST = 0.6, 1.2, 1.5, 1.0
MAX_EXTRA = 2  # cells beyond the header's columns a row may carry (dropped by the parser with a warning)


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    line: int
    gap_before: bool = False  # an empty cell or a row marker came just before this cell


def _is_header_word(text: str) -> bool:
    plain = as_header(text)
    if plain not in LEVEL_HEADERS and taxonomy.classify_label(text):
        return False  # 产出值 is a level (a renamed 产出指标), not a 值 column
    return plain in LEVEL_HEADERS or plain in NAME_HEADERS or plain in BLOCK_HEADERS or \
        plain in ATTRIBUTE_COLUMNS or is_value_header(text)


def header_at(cells: list[Cell], i: int) -> int:
    """The end of the indicator header starting at cells[i], or i when none starts there: a run of
    header words holding a 三级指标 (or 指标名称) column or both 一级 and 二级."""
    opening = as_header(cells[i].text) if i < len(cells) else ""
    if opening not in LEVEL_HEADERS and opening not in NAME_HEADERS and opening not in BLOCK_HEADERS:
        return i
    j = i
    named = False  # a 三级指标 column seen: a block header after it labels the rows below, not a column
    while j < len(cells) and (_is_header_word(cells[j].text) or (j > i and _place_header(cells, j))):
        plain = as_header(cells[j].text)
        if named and plain in BLOCK_HEADERS and plain not in NAME_HEADERS:
            break
        named = named or plain in NAME_HEADERS
        j += 1
    while j - 1 > i and as_header(cells[j - 1].text) in BLOCK_HEADERS:
        j -= 1  # 绩效指标 after the header's last column: the block's label, left of its first row
    heads = {as_header(c.text) for c in cells[i:j]}
    levels = {LEVEL_HEADERS[h] for h in heads if h in LEVEL_HEADERS}
    if heads & NAME_HEADERS or levels == {1, 2}:
        return j
    return i


def _place_header(cells: list[Cell], j: int) -> bool:
    """A header cell of no known kind inside the header run (a village's column), before the rows."""
    text = cells[j].text
    return len(text) <= 12 and not taxonomy.classify_label(text) and not cell_kinds.value_likeness(text) >= 2 \
        and j + 1 < len(cells) and not taxonomy.classify_label(cells[j - 1].text)


def _is_label(text: str) -> bool:
    return is_known_label(text) or bool(split_inline(text)) or bool(_COLON_LABEL.match(text.strip()))


def _row(cells: list[Cell]) -> Row:
    return Row(tuple(c.text for c in cells), cells[0].line)


def field_rows(cells: list[Cell]) -> list[Row]:
    """The rows above the indicator header: labels with their values."""
    rows: list[Row] = []
    i = 0
    while i < len(cells):
        text = cells[i].text
        if is_title_text(text) or _SUBTITLE.match(text.strip()) or ends_table(text):
            rows.append(_row([cells[i]]))
            i += 1
            continue
        if not _is_label(text):
            rows.append(_row([cells[i]]))  # text before any label (a notice's prose, a heading)
            i += 1
            continue
        labels_end = i
        while labels_end < len(cells) and _is_label(cells[labels_end].text) and not split_inline(cells[labels_end].text):
            labels_end += 1
            if labels_end < len(cells) and cells[labels_end].gap_before and _is_label(cells[labels_end].text):
                break  # a label, an empty cell, a label: the first one's value is the empty cell
        if labels_end == i:  # `资金总额: 250`, a label and its value in one cell
            rows.append(_row([cells[i]]))
            i += 1
            continue
        values_end = labels_end
        while values_end < len(cells) and not _is_label(cells[values_end].text) \
                and not is_title_text(cells[values_end].text) and header_at(cells, values_end) == values_end:
            values_end += 1
        labels, values = cells[i:labels_end], cells[labels_end:values_end]
        rows.extend(_pair(labels, values))
        i = values_end
    return rows


def _pair(labels: list[Cell], values: list[Cell]) -> list[Row]:
    """Labels over values. A goal label over scope labels heads goals (总体目标 | 中期目标 | 年度目标
    over two texts); otherwise the last labels take the values one each (开始时间 | 完成时间 over
    2024 | 2025), the ones before are section labels, and a last label takes any values left."""
    if len(labels) >= 2 and as_label(labels[0].text) in GOAL_LABELS and \
            all(scope_of(c.text) for c in labels[1:]):
        return [_row(labels)] + ([_row(values)] if values else [])
    rows = [_row([c]) for c in labels[:max(0, len(labels) - len(values))]]
    paired = labels[len(rows):]
    for n, label in enumerate(paired):
        own = values[n:n + 1] if n < len(paired) - 1 else values[n:]
        rows.append(_row([label, *own]))
    return rows


def _fits_row(cells: list[Cell], columns: list[Column]) -> tuple[float, list[str | None]]:
    """How well cells make one indicator row: labels, a name, then the header's other columns."""
    i, score, labels = 0, 0.0, []
    ranks: list[int] = []
    while i < len(cells) and len(labels) < 2:
        match = taxonomy.classify_label(cells[i].text) if len(cells[i].text) <= 40 else None
        if match is None or (ranks and match.rank <= ranks[-1] and not (ranks[-1] == 1 and match.rank == 1)):
            break
        if not match.exact and i + 1 < len(cells) and cell_kinds.value_likeness(cells[i + 1].text) >= 2:
            break
        if match.rank == 2 and i + 1 < len(cells) and _not_a_name(cells[i + 1].text):
            break  # 社会成本指标 | 定量 | 100: a level-2 name typed in the 三级指标 column is the name
        ranks.append(match.rank)
        labels.append(L1 if match.rank == 1 else L2)
        score += 5.0 if match.exact else 2.0
        i += 1
    if i == len(cells):
        return (score - 1.0 if labels else cell_kinds.IMPOSSIBLE), labels
    name = cells[i].text
    fit = cell_kinds.name_likeness(name)
    if fit <= cell_kinds.IMPOSSIBLE and i + 1 < len(cells) and _not_a_name(cells[i + 1].text):
        fit = 0.3  # a level label in the name's place, a value after it: the label is the name
    if fit <= cell_kinds.IMPOSSIBLE:
        return cell_kinds.IMPOSSIBLE, labels
    rest = [(n, c.text) for n, c in enumerate(cells[i + 1:])]
    if len(rest) > len(columns) + MAX_EXTRA:
        return cell_kinds.IMPOSSIBLE, labels
    placement = align(columns, None, None, rest, 0.0)
    if not rest:
        score -= NO_VALUE  # an indicator with no value is rare: most likely its cells are the next row's
    return score + fit + placement.score, labels + [NAME]


def _not_a_name(text: str) -> bool:
    """A value, a unit, an operator or a 定量/定性 word: never a name (see cell_kinds.name_likeness)."""
    return -5.0 < cell_kinds.name_likeness(text) <= -3.0


def _ends_rows(cell: Cell) -> bool:
    label = as_label(cell.text)
    return ends_table(cell.text) or is_title_text(cell.text) or label in SUBTOTAL_LABELS


def indicator_rows(cells: list[Cell], columns: list[Column]) -> tuple[list[Row], int]:
    """Rows of indicators from cells[0:], and how many cells they took (they stop at a table's end,
    a title, or a project-name label that starts the next table)."""
    stop = 0
    while stop < len(cells) and not _ends_rows(cells[stop]) and \
            not (as_label(cells[stop].text) in KNOWN_LABELS and stop > 0 and _starts_next_table(cells, stop)):
        stop += 1
    width = len(columns) + 3 + MAX_EXTRA
    best = [cell_kinds.IMPOSSIBLE * 100] * (stop + 1)
    cut = [0] * (stop + 1)
    best[0] = 0.0
    for j in range(1, stop + 1):
        for a in range(max(0, j - width), j):
            if best[a] <= cell_kinds.IMPOSSIBLE * 100:
                continue
            score, _ = _fits_row(cells[a:j], columns)
            if score <= cell_kinds.IMPOSSIBLE:
                continue
            crossed = sum(1 for c in cells[a + 1:j] if c.gap_before)
            ends_at_gap = j == stop or cells[j].gap_before
            total = best[a] + score - ROW_COST - GAP_CROSSED * crossed + (GAP_BONUS if ends_at_gap else 0.0)
            if total > best[j]:
                best[j], cut[j] = total, a
    if best[stop] <= cell_kinds.IMPOSSIBLE * 100:
        return [_row([c]) for c in cells[:stop]], stop
    bounds = []
    j = stop
    while j > 0:
        bounds.append((cut[j], j))
        j = cut[j]
    return [_row(cells[a:b]) for a, b in reversed(bounds)], stop


def _starts_next_table(cells: list[Cell], at: int) -> bool:
    return FIELD_LABELS.get(as_label(cells[at].text)) == PROJECT_NAME


def _unglue(header: list[Cell], cells: list[Cell], i: int) -> tuple[list[Cell], list[Cell], int]:
    """Run-together text (`sources.layout.glued`): the places glued in the header's last cell, or in
    the cell after a header ending in a value header (区域目标值), become the value columns; the
    glued value runs of the rows below are cut into one cell per place."""
    places = glued.split_places(header[-1].text)
    if places is None and i < len(cells) and is_value_header(header[-1].text):
        places = glued.split_places(cells[i].text)
        i += 1 if places else 0
    if places is None:
        return header, cells, i
    header = header[:-1] + [Cell(place, header[-1].line) for place in places]
    direction = any(ATTRIBUTE_COLUMNS.get(as_header(c.text)) == "指标方向" for c in header)
    out = cells[:i]
    for cell in cells[i:]:
        pieces = glued.split_values(cell.text, len(places), direction)
        out.extend([Cell(piece, cell.line) for piece in pieces] if pieces else [cell])
    return header, out, i


def _label_stub(cells: list[Cell], k: int) -> bool:
    """A vertical label cut to its first character or two (`绩` of 绩效指标, `总` of 总体目标) just before a
    label or the indicator header: a piece of the form's frame, no value and no goal's text."""
    text = "".join(cells[k].text.split())
    return 0 < len(text) <= 2 and k + 1 < len(cells) and not cell_kinds.is_unit(text) \
        and any(word.startswith(text) and word != text for word in _STUB_WORDS) \
        and (_is_label(cells[k + 1].text) or header_at(cells, k + 1) > k + 1)


def rows_from_cells(cells: list[Cell], glued_cells: bool = False) -> list[Row]:
    """Every row of a cell stream: fields, then the indicator header and its rows, table after table.
    `glued_cells`: the stream is run-together text, whose place columns and values may be glued."""
    cells = [cell for k, cell in enumerate(cells) if not _label_stub(cells, k)]
    rows: list[Row] = []
    i = 0
    while i < len(cells):
        start = next((k for k in range(i, len(cells)) if header_at(cells, k) > k), len(cells))
        rows.extend(field_rows(cells[i:start]))
        if start >= len(cells):
            break
        end = header_at(cells, start)
        header = cells[start:end]
        if glued_cells:
            header, cells, end = _unglue(header, cells, end)
        rows.append(_row(header))
        names = [as_header(c.text) for c in header]
        at = next((n for n, h in enumerate(names) if h in NAME_HEADERS),
                  max((n for n, h in enumerate(names) if h in LEVEL_HEADERS), default=len(names) - 1))
        repeated = {n: (L2 if LEVEL_HEADERS.get(h) == 2 else NAME) for n, h in enumerate(names)
                    if n > at and (LEVEL_HEADERS.get(h) == 2 or h in NAME_HEADERS)}
        columns = build_columns([(n, c.text) for n, c in enumerate(header) if n > at], repeated)
        i = end
        sub = i
        while sub < len(cells) and VALUE_SUBHEADER.match(as_header(cells[sub].text)) and sub - i < 4:
            sub += 1
        if sub > i:
            rows.append(_row(cells[i:sub]))
            i = sub
        while i < len(cells) and as_header(cells[i].text) in BLOCK_HEADERS:
            rows.append(_row([cells[i]]))  # 绩效指标, the merged label left of the rows, printed after the header
            i += 1
        body, used = indicator_rows(cells[i:], columns)
        rows.extend(body)
        i += used
        if i < len(cells) and ends_table(cells[i].text):
            rows.append(_row([cells[i]]))
            i += 1
    return rows


__all__ = ["Cell", "rows_from_cells"]
