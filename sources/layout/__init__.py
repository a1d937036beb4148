"""Layout recovery: the grid of a table from its raw text, however it was pasted or copied.

Text reaches us as it was pasted from Word (tabs), or copied from a web page or a PDF viewer: pipe
tables with empty cells collapsed, one cell per line, cells separated by spaces, cells run together.
`recover` undoes a mirror's traditional characters (`sources.layout.traditional`), strips the page
chrome (`sources.layout.chrome`), tries each layout whose marks the text
bears (`sources.layout.strategies`), parses each result, keeps the one of which most is understood,
and records on the grid which layout it was and how confident the choice is (the share of the
table's rows that were understood). Text with tabs on most of its lines is read as tab text at once:
it is what Word and Excel paste.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from sources.grid import Grid, Row
from sources.layout import strategies, traditional
from sources.layout.chrome import strip_chrome

TABS, PIPE_ROWS, PIPE_CELLS, SPACES, LINES, RUN_TOGETHER = (
    "tabs", "pipe_rows", "pipe_cells", "spaces", "lines", "run_together")
# layouts whose rows keep the columns (a cell's position says its column)
_ALIGNED = frozenset({TABS})
_STRATEGIES: dict[str, Callable[[list[str]], list[Row]]] = {
    TABS: strategies.tabs, PIPE_ROWS: strategies.pipe_rows, PIPE_CELLS: strategies.pipe_cells,
    SPACES: strategies.spaces, LINES: strategies.lines_as_cells, RUN_TOGETHER: strategies.run_together,
}
_HEADER_WORDS = re.compile(r"一级指标|二级指标|三级指标|指标名称|一级\s|三级\s")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_MEANINGFUL = re.compile(r"[0-9A-Za-z\u4e00-\u9fff]")
_GLUED_HEADER = re.compile(r"一级指标\s*二级指标|二级指标\s*三级指标")
# problems that say a row was not read as the form means it
_DOUBTS = frozenset({"row_not_understood", "indicator_without_class", "extra_cells", "indicator_without_name",
                     "unknown_level2", "values_fewer_than_columns"})


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the lines look like, for choosing the layouts worth trying."""

    lines: int
    tabbed: int
    piped: int
    pipe_rows: int  # piped lines holding two cells or more
    spaced: int  # lines of several space-separated words
    header_alone: bool  # 一级指标 or 三级指标 on a line of its own
    header_spaced: bool  # the indicator header on one line, words separated by spaces
    header_glued: bool  # 一级指标二级指标 with nothing between


def evidence(lines: list[str]) -> Evidence:
    text = [line for line in lines if line.strip()]
    piped = [line for line in text if "|" in line]
    pipe_rows = sum(1 for line in piped if sum(1 for c in line.split("|") if c.strip()) >= 2)
    spaced = sum(1 for line in text if len(line.split()) >= 3 and "|" not in line and "\t" not in line)
    alone = any(line.strip() in ("一级指标", "二级指标", "三级指标", "一级", "三级") for line in text)
    header_spaced = any(len(_HEADER_WORDS.findall(line + " ")) >= 2 and "|" not in line and "\t" not in line
                        and len(line.split()) >= 3 for line in text)
    glued = any(_GLUED_HEADER.search(line) and len(line.split()) < 3 for line in text)
    return Evidence(len(text), sum(1 for line in text if "\t" in line), len(piped), pipe_rows, spaced,
                    alone, header_spaced, glued)


def candidates(found: Evidence) -> list[str]:
    """The layouts worth trying, most structured first."""
    if not found.lines:
        return [TABS]
    if found.tabbed * 5 >= found.lines:
        return [TABS]
    chosen = []
    if found.piped >= max(3, found.lines // 5):
        chosen += [PIPE_ROWS, PIPE_CELLS] if found.pipe_rows * 3 >= found.piped else [PIPE_CELLS, PIPE_ROWS]
    if found.header_spaced:
        chosen.append(SPACES)
    if found.header_alone or not chosen:
        chosen.append(LINES)
    if found.header_glued:
        chosen.append(RUN_TOGETHER)
    if found.tabbed:
        chosen.append(TABS)
    return chosen


def confidence(tables: list) -> tuple[float, float]:
    """(score, confidence) of parsed tables: the rows read as the form means them (fields, budget
    lines, goals, classified indicators with a value) against the doubtful ones (a row not
    understood, an indicator without a class or a value, cells that fit no column)."""
    good = doubtful = 0.0
    for table in tables:
        good += sum(1 for f in table.fields.values() if _MEANINGFUL.search(f.value))
        good += len(table.budget_lines) + len(table.goals) + len(table.key_tasks)
        for row in table.indicators:
            torn, filled = _torn(row.name), False
            for _, text in row.values:
                if text:
                    filled = True
                    torn = torn or _torn(text)
            if torn:
                doubtful += 3.0  # a character torn from a word (产 | 出 | 指 | 标): the layout cut cells apart
            elif not filled:
                doubtful += 1.0
            elif row.level1 or row.level1_label:
                good += 3.0
        doubtful += sum(1.0 for w in table.warnings if w.code in _DOUBTS)
    total = good + doubtful
    return good - doubtful, (round(good / total, 3) if total else 0.0)


def share_understood(tables: list) -> float:
    """The share of the tables' rows read as the form means them: every row the parser read, less
    those it warned it could not place (a row not understood, cells that fit no column, values with
    no name, a level it does not know)."""
    rows = sum(table.rows_read for table in tables)
    doubtful = sum(1 for table in tables for w in table.warnings if w.code in _DOUBTS)
    return round(max(0.0, 1 - doubtful / rows), 3) if rows else 0.0


def _torn(text: str) -> bool:
    return len(text) <= 3 and len(text.strip()) == 1 and bool(_CJK.match(text.strip()))


def understood(rows: list[Row], aligned: bool, source: str) -> tuple[float, float]:
    """`confidence` of a recovered grid's tables."""
    from sources.parse import parse_table
    from sources.segmenter import split_tables

    blocks, _ = split_tables(Grid(source=source, rows=rows, aligned=aligned))
    return confidence([parse_table(block, source, aligned=aligned) for block in blocks if block.kind])


def ends_inside_a_row(lines: list[str]) -> bool:
    """Does the text stop inside a row? Only a layout that closes its rows or cells with a pipe can
    say: when nearly every line holding a pipe ends with one (`| 名称 | 95% |`, or cells on their
    own lines between `|` lines), a last line that does not is a page cut short (stored copies of
    web pages stop at a byte count). Text that closes nothing (spaces, tabs, one cell per line) may
    simply lack a last line break: it is never taken as cut."""
    last = lines[-1].strip() if lines else ""
    if not last or last.endswith("|"):
        return False
    piped = [line.rstrip() for line in lines[:-1] if "|" in line]
    return len(piped) >= 3 and sum(line.endswith("|") for line in piped) >= 0.8 * len(piped)


def recover(text: str, source: str) -> Grid:
    """The grid of raw table text, by the layout of which most is understood."""
    text = traditional.restore(text.removeprefix("\ufeff"))  # a mirror's traditional characters and pinyin
    text = text.replace("\r\n", "\n") if "\n" in text else text.replace("\r", "\n")  # CRLF; old Mac CR
    lines = strip_chrome(text.replace("\r", "").split("\n"))
    cut = len(lines) if ends_inside_a_row(lines) else None
    last = lines[-1].strip() if lines else ""
    open_end = len(lines) if cut is None and last and not last.endswith("|") else None  # a closed cell ends a row
    tabbed = filled = 0
    for line in lines:
        if "\t" in line:
            tabbed += 1
            filled += 1
        elif line and not line.isspace():
            filled += 1
    if tabbed * 5 >= filled:  # what Word and Excel paste
        return Grid(source=source, rows=strategies.tabs(lines), aligned=True, layout=TABS, cut_inside_line=cut,
                    open_end_line=open_end)
    tried = candidates(evidence(lines))
    if len(tried) == 1:
        layout = tried[0]
        rows = _STRATEGIES[layout](lines)
        return Grid(source=source, rows=rows, aligned=layout in _ALIGNED, layout=layout, cut_inside_line=cut,
                    open_end_line=open_end)
    best: tuple[float, float, str, list[Row]] | None = None
    for layout in tried:
        rows = _STRATEGIES[layout](lines)
        score, share = understood(rows, layout in _ALIGNED, source)
        if best is None or score > best[0]:
            best = (score, share, layout, rows)
    assert best is not None
    _, share, layout, rows = best
    return Grid(source=source, rows=rows, aligned=layout in _ALIGNED, layout=layout, layout_confidence=share,
                cut_inside_line=cut, open_end_line=open_end)
