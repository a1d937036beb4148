"""The layouts raw table text comes in, one function each: lines in, rows out.

| layout | looks like | rows | cells |
|---|---|---|---|
| `tabs` | `项目名称\\t某项目\\t主管部门\\t某局` (pasted from Word/Excel) | lines | tabs; columns kept |
| `pipe_rows` | `\\| 项目名称 \\| 某项目 \\| ||||` (web page text) | lines | `\\|`; empty cells collapsed |
| `pipe_cells` | `项目名称 \\|` then `某项目 \\|`, one cell per line | rebuilt | `\\|` |
| `spaces` | `产出指标 数量指标 培训人次 ≥ 500 人次` | lines | runs of spaces |
| `lines` | one cell per line, blank lines between | rebuilt | lines |
| `run_together` | `项目名称某项目主管部门某局一级指标二级指标…` (OCR) | rebuilt | vocabulary anchors |

Rows "rebuilt" come from `sources.layout.stream`. Each function keeps the file's line numbers.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sources import taxonomy
from sources.grid import Row
from sources.layout.stream import Cell, rows_from_cells
from sources.parse.fields import KNOWN_LABELS
from sources.records import records_of_lines
from sources.segmenter import is_title_text
from sources.vocabulary import ATTRIBUTE_COLUMNS, GOAL_LABELS, LEVEL_HEADERS, NAME_HEADERS, as_label

_CJK = re.compile(r"[\u4e00-\u9fff]")
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")
_NUMBER_ONLY = re.compile(r"^-?[0-9]+(?:\.[0-9]+)?%?$")
# a label's bracketed note wrapped onto its own cell: (万元), (0-20)分, （40-50）分
_TRAILING_NOTE = re.compile(r"^[(（][^()（）]{0,6}[)）]$|^[(（]\s*[0-9]+\s*[-－~～至]\s*[0-9]+\s*[)）]\s*分$")


def _join(parts: list[str]) -> str:
    """Pieces of one cell broken over lines: joined without a space between Chinese characters."""
    text = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if text and not (_CJK.match(text[-1]) or _CJK.match(part[0]) or text[-1] in "(（/" or part[0] in ")）/"):
            text += " "
        text += part
    return text


def tabs(lines: list[str]) -> list[Row]:
    return records_of_lines(lines, "\t", quoted=any('"' in line for line in lines))


def pipe_rows(lines: list[str]) -> list[Row]:
    """A row per line, cells between pipes; a line without a pipe is a row of one cell."""
    rows = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split("|")]
        if line.lstrip().startswith("|"):
            cells = cells[1:]
        rows.append(Row(tuple(cells), n))
    return rows


def pipe_cells(lines: list[str]) -> list[Row]:
    """Cells ending in `|`, one or a few per line; an empty cell (`|` alone, `||||`) is a gap. Where
    most pipes stand on lines of their own (a cell's lines, then `|`), a line without a pipe is part
    of the next cell; where cells end their line (`某项目 |`), such a line is a cell of its own (a
    title between two tables)."""
    piped = [line for line in lines if "|" in line]
    bare = sum(1 for line in piped if not line.replace("|", "").strip())
    cells_span_lines = bare * 2 > len(piped)
    cells: list[Cell] = []
    parts: list[tuple[str, int]] = []
    gap = False
    seen_pipe = False
    for n, line in enumerate(lines, start=1):
        if "|" not in line:
            if line.strip():
                if seen_pipe and cells_span_lines:
                    parts.append((line, n))
                else:
                    if parts:
                        cells.append(Cell(_join([p for p, _ in parts]), parts[0][1], gap))
                        parts, gap = [], False
                    cells.append(Cell(line.strip(), n, gap))
            continue
        seen_pipe = True
        pieces = line.split("|")
        for k, piece in enumerate(pieces):
            if piece.strip():
                parts.append((piece, n))
            if k == len(pieces) - 1:
                break  # the text after the last pipe continues on the next line
            if parts:
                cells.append(Cell(_join([p for p, _ in parts]), parts[0][1], gap))
                parts, gap = [], False
            else:
                gap = True
    if parts:
        cells.append(Cell(_join([p for p, _ in parts]), parts[0][1], gap))
    return rows_from_cells(join_wrapped(cells))


def lines_as_cells(lines: list[str]) -> list[Row]:
    """One cell per non-blank line; a line holding only spaces is an empty cell (a gap)."""
    cells: list[Cell] = []
    gap = False
    for n, line in enumerate(lines, start=1):
        if line.strip(" |\t\u3000"):
            cells.append(Cell(line.strip(), n, gap))
            gap = False
        elif line:
            gap = True  # a line of spaces or a lone `|`: an empty cell
    return rows_from_cells(join_wrapped(cells))


def _bracketed(words: list[str]) -> list[str]:
    """Words of one cell split at the spaces inside its brackets (`开发数量(` `≥**个` `)`) joined back."""
    out: list[str] = []
    depth = 0
    for word in words:
        if depth > 0 and out:
            out[-1] += " " + word
        else:
            out.append(word)
        depth = max(0, depth + word.count("(") + word.count("（") - word.count(")") - word.count("）"))
    return out


def spaces(lines: list[str]) -> list[Row]:
    """A row per line, cells between runs of spaces; a line holding only a number (a weight that
    wrapped) ends the row above."""
    rows: list[Row] = []
    for n, line in enumerate(lines, start=1):
        words = [Cell(c, n) for c in _bracketed(_SPACES.split(line.strip())) if c]
        cells = tuple(c.text for c in join_wrapped(words))
        if not cells:
            continue
        if rows and len(cells) == 1 and _NUMBER_ONLY.match(cells[0]) and len(rows[-1].cells) >= 3:
            rows[-1] = Row(rows[-1].cells + cells, rows[-1].line)
            continue
        if rows and len(cells) == 1:
            # a label wrapped onto a line of its own (项目完成 / 指标, 总体 / 目标, 产出指标 / (40-50)分)
            above = rows[-1]
            joined = join_wrapped([Cell(above.cells[-1], above.line), Cell(cells[0], n)])
            if len(joined) == 1:
                rows[-1] = Row(above.cells[:-1] + (joined[0].text,), above.line)
                continue
        rows.append(Row(cells, n))
    return _stacked_labels(rows)


def _stacked_labels(rows: list[Row]) -> list[Row]:
    """A merged cell's label printed a few characters a line (`年度` / `总体` / `目标`): a run of short
    one-cell rows joined back where together they are a label."""
    out: list[Row] = []
    i = 0
    while i < len(rows):
        for k in range(min(6, len(rows) - i), 1, -1):
            run = rows[i:i + k]
            if all(len(r.cells) == 1 and len(r.cells[0]) <= 4 for r in run) and \
                    _is_vocabulary("".join(r.cells[0] for r in run)):
                out.append(Row(("".join(r.cells[0] for r in run),), run[0].line))
                i += k
                break
        else:
            out.append(rows[i])
            i += 1
    return out


@lru_cache(maxsize=2)
def _anchor_pattern(indicators: bool = False) -> re.Pattern:
    """The words cells are cut at. Below the indicator header only level labels, the header's columns
    and a title cut: a field label inside an indicator's name (预算资金 in 预算资金当年下达率) is part of it."""
    words = set() if indicators else set(KNOWN_LABELS) | set(GOAL_LABELS) | set(LEVEL_HEADERS) | set(NAME_HEADERS)
    words |= {"指标目标值", "指标值", "年度指标值", "区域目标值"} | set(taxonomy.LEVEL2_PARENT) | set(taxonomy.LEVEL2_ALIASES)
    words |= set(ATTRIBUTE_COLUMNS)  # 指标解释, 指标方向, 计量单位 …: the header's other columns
    words |= set(taxonomy.LEVEL1) | set(taxonomy.LEVEL1_ALIASES)
    words = {w for w in words if len(w) >= 4 or w in taxonomy.LEVEL1 or w in LEVEL_HEADERS}
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    start = r"(?:省级|市级|州级|县级|区级|中央|部门|单位|项目|专项|整体|(?:19|20)\d{2}年度?)"
    title = start + r"[\u4e00-\u9fff]{0,24}?绩效目标(?:申报|汇总)?表\s*[(（]?\s*(?:(?:19|20)\d{2}\s*年度?)?\s*[)）]?"
    return re.compile(f"({title}|(?:其中[:：]?)?(?:{alternation}))")  # 其中:财政拨款 is one label


# a name and its 指标解释 run together: 开展修复工程(个)反映防洪水利设施水毁修复项目开展情况…
_NAME_EXPLAINED = re.compile(r"^(.{2,}?)(反映.{2,60}?(?:情况|程度|水平|效果|成效|比例|比率|进度))(.*)$")
_VALUES_THEN_TEXT = re.compile(r"^([≥≤><=≧≦0-9.%‰/]+)([\u4e00-\u9fff].{3,})$")
# a name and its value run together: 免费开放天数=300天, 资金使用效率二100百分比 (二: an OCR'd =)
_NAME_VALUE = re.compile(r"^(.{2,}?)((?:[=≥≤><≧≦]|>=|<=|二(?=[0-9]))\s*[0-9][0-9.,]*\s*[%‰\u4e00-\u9fff/]{0,6})(.*)$")
_QUALITATIVE_TAIL = re.compile(r"^(.{4,}?)((?:稳步|逐步|持续|不断|有所|进一步|明显|显著)?"
                               r"(?:长远|提升|提高|改善|明显|显著|有效|良好|较好|合格|达标|满意|规范|及时|完成|稳定))$")
# a row's name and its value at the end of its line, with no level label before it: 学校满意度≥90%,
# 购置设施设备质量合格率100% (a percentage, or a number after an operator); never a sentence
_LINE_VALUE = re.compile(r"^([^，,。；;：:]{4,}?)((?:[=≥≤><≧≦]|>=|<=)\s*[0-9][0-9.]*\s*[%‰\u4e00-\u9fff/]{0,6}"
                         r"|[0-9][0-9.]*\s*[%‰])$")


def _split_chunk(text: str, line: int, after_level: bool, line_start: bool = False,
                 explained: bool = False) -> list[Cell]:
    """A chunk between anchors: after a level label it is a name and its value, else a value (the
    colon of `资金总额:30` left out); a whole line below the indicator header that ends in a value is a
    name and that value. `explained`: the header prints a 指标解释 column, cut from the name."""
    text = text.strip().lstrip(":：").strip()
    if not text:
        return []
    if line_start and (match := _LINE_VALUE.match(text)):
        return [Cell(match.group(1), line), Cell(match.group(2), line)]
    if after_level:
        if explained and (cut := _NAME_EXPLAINED.match(text)):
            # name, 指标解释, the values, and maybe the next indicator of the same class
            values = _VALUES_THEN_TEXT.match(cut.group(3).strip())
            rest = [Cell(values.group(1), line), *_split_chunk(values.group(2), line, True, explained=True)] \
                if values else _split_chunk(cut.group(3), line, False)
            return [Cell(cut.group(1), line), Cell(cut.group(2), line), *rest]
        match = _NAME_VALUE.match(text)
        if match:
            out = [Cell(match.group(1), line), Cell(match.group(2), line)]
            return out + ([Cell(match.group(3).strip(), line)] if match.group(3).strip() else [])
        if match := _LINE_VALUE.match(text):
            return [Cell(match.group(1), line), Cell(match.group(2), line)]
        tail = _QUALITATIVE_TAIL.match(text)
        if tail:
            return [Cell(tail.group(1), line), Cell(tail.group(2), line)]
    return [Cell(text, line)]


def _keep_names_whole(pieces: list[str]) -> list[str]:
    """After the indicator header, a field label is part of a name (质量指标 | 项目资金使用合规性): it is
    joined back to the text around it."""
    out: list[str] = []
    in_indicators = False
    for k, piece in enumerate(pieces):
        if k % 2 and in_indicators and as_label(piece) in KNOWN_LABELS and not taxonomy.classify_label(piece) \
                and as_label(piece) not in LEVEL_HEADERS and as_label(piece) not in NAME_HEADERS:
            out[-1] += piece  # the label and the text after it continue the text before it
            continue
        if k % 2 == 0 and out and len(out) % 2 == 1:
            out[-1] += piece
            continue
        in_indicators = in_indicators or (k % 2 == 1 and as_label(piece) in NAME_HEADERS)
        out.append(piece)
    return out


def run_together(lines: list[str]) -> list[Row]:
    """Cells run together without delimiters, cut at the vocabulary's words (labels, headers, level
    names, a title); between level labels, a name and its value are cut at the value's operator."""
    cells: list[Cell] = []
    in_indicators = False  # below an indicator header, until a title
    explained = False  # the header prints a 指标解释 column
    for n, line in enumerate(lines, start=1):
        line = re.sub(r"(?<=[\u4e00-\u9fff])[*＊](?=[\u4e00-\u9fff])", "", line)  # 一*级: OCR noise
        if not line.strip():
            continue
        pieces = _keep_names_whole(_anchor_pattern(in_indicators).split(line))  # text, anchor, text, anchor, …
        if in_indicators and any(is_title_text(p) for p in pieces[1::2]):
            in_indicators = False
            pieces = _keep_names_whole(_anchor_pattern().split(line))
        if not in_indicators and any(as_label(p) in NAME_HEADERS for p in pieces[1::2]):
            in_indicators = True
            line_start = False  # the header's line
        else:
            line_start = in_indicators
        explained = explained or any(ATTRIBUTE_COLUMNS.get(as_label(p)) == "指标解释" for p in pieces[1::2])
        k = 0
        while k < len(pieces):
            piece = pieces[k]
            if k % 2 == 0:
                after_level = k > 0 and taxonomy.classify_label(pieces[k - 1]) is not None
                cells.extend(_split_chunk(piece, n, after_level, line_start and k == 0, explained))
            elif k + 2 < len(pieces) and pieces[k + 2] == piece and not pieces[k + 1].strip() \
                    and taxonomy.classify_label(piece):
                # a level label printed twice at once: the second starts the name (服务对象满意度 |
                # 服务对象满意度%=99百分比)
                cells.append(Cell(piece, n))
                cells.extend(_split_chunk(piece + pieces[k + 3] if k + 3 < len(pieces) else piece, n, True,
                                          explained=explained))
                k += 4
                continue
            else:
                cells.append(Cell(piece, n))
            k += 1
    return rows_from_cells(join_wrapped(cells), glued_cells=True)


def join_wrapped(cells: list[Cell]) -> list[Cell]:
    """Labels broken over two cells (`项目起` + `止时间`, `可持续影响` + `指标`, `项目资金申请` +
    `(万元)`, `产出指标` + `(40-50)分`): joined when together they are a label and the first alone is none."""
    out: list[Cell] = []
    for cell in cells:
        if out:
            joined = out[-1].text + cell.text
            if _is_vocabulary(joined) and not (_is_vocabulary(out[-1].text) and _is_vocabulary(cell.text)) or \
                    (_TRAILING_NOTE.match(cell.text) and _is_vocabulary(out[-1].text)
                     and not _is_vocabulary(cell.text)):
                out[-1] = Cell(joined, out[-1].line, out[-1].gap_before)
                continue
        out.append(cell)
    return out


def _is_vocabulary(text: str) -> bool:
    label = as_label(text)
    return label in KNOWN_LABELS or label in NAME_HEADERS or label in LEVEL_HEADERS or \
        label in ATTRIBUTE_COLUMNS or taxonomy.classify_label(text) is not None
