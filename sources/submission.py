"""Read and parse one submitted file: the entry point the pipelines and the CLI share."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path
from typing import Callable

from sources.errors import SourceError
from sources.layout import share_understood
from sources.parse.fields import stated_unit
from sources.parse.money_unit import amounts_stated_around
from sources.grid import Grid
from sources.parsed import PROJECT, UNIT, FieldValue, ParsedSubmission, ParsedTable, ParseWarning
from sources.project_list import split_project_list
from sources.segmenter import TableBlock, split_tables
from sources.readers import read_grids as read_any
from sources.readers.common import one_line
from sources.table_parser import parse_table

_YEAR = re.compile(r"(?<!\d)(20[0-9]{2})(?!\d)")
# the budget year a title or the text around a table prints: (2022年度), （2020）年度, 2023年项目…, and
# last a year of a date (a notice dated 2023年3月20日 is about the year before as often as not)
_TITLE_YEARS = (re.compile(r"((?:19|20)[0-9]{2})\s*[)）]?\s*年度"),
                re.compile(r"((?:19|20)[0-9]{2})\s*年(?!\s*[0-9]{1,2}\s*月)"),
                re.compile(r"((?:19|20)[0-9]{2})\s*年"))


def read_grids(path: Path, data: bytes | None = None) -> list[Grid]:
    """The grids in a file of any supported format (see `sources.readers` and docs/formats.md)."""
    return read_any(path, data)


_PREAMBLE_DEPARTMENT = re.compile(
    r"^(主管部门|部门名称|部门（单位）名称|单位名称|填报单位|申报单位|编制单位|预算单位)\s*(?:[（(]盖章[）)])?\s*[:：]\s*(\S.*)$")
_NEXT_PAIR = re.compile(r"\s{2,}|\u3000|\s+(?=\S{1,8}[:：])")


def preamble_department(lines: list[str]) -> str | None:
    """The department named in the text above a table: `填报单位（盖章）：某某局    单位：万元` -> 某某局."""
    for line in lines:
        match = _PREAMBLE_DEPARTMENT.match(line.strip())
        if match:
            return _NEXT_PAIR.split(match.group(2).strip())[0]
    return None


def _understood_nothing(table: ParsedTable) -> bool:
    return not (table.fields or table.indicators or table.budget_lines or table.goals or table.key_tasks)


def _is_target_table(table: ParsedTable, title: str) -> bool:
    """Beside tables with indicators, a block is a 绩效目标表 when it has indicators too, or when it
    is a unit table with its budget (an allocation table of the same notice, 资金安排表, or a notice's
    list of attachments is not)."""
    return bool(table.indicators) or (table.kind == UNIT and bool(table.budget_lines))


def parse_grids(grids: list[Grid]) -> tuple[list[ParsedTable], list[str]]:
    """Tables and the text around them. A block of unknown template, or one of which nothing at all
    is understood, rejects the file with the reason (what was found, what was expected). A block
    without indicators beside target tables (an allocation table attached to the same notice) is
    kept as text."""
    tables: list[ParsedTable] = []
    preamble: list[str] = []
    for grid in grids:
        blocks, text_outside = split_tables(grid)
        preamble.extend(text_outside)
        department = preamble_department(grid.preamble + text_outside)
        money_unit = next((unit for line in grid.preamble + text_outside if "单位" in line
                           and (unit := stated_unit(line))), None)
        amounts_around = amounts_stated_around(grid.preamble + text_outside)
        parsed: list[tuple[ParsedTable, TableBlock]] = []
        for block in blocks:
            if block.kind is None:
                if len(blocks) > 1:
                    preamble.extend(" ".join(t for _, t in row.tokens()) for row in block.rows[:3])
                    continue
                raise SourceError(
                    grid.source,
                    "a table that is neither a 项目支出绩效目标表 nor a 部门/单位整体绩效目标表 "
                    f"(title {block.title or 'missing'!r}; expected 项目名称 or 部门名称 and 绩效指标 rows)",
                    table=grid.container or None, line=block.first_line,
                )
            parts = split_project_list(block)
            for part in parts:
                # only the grid's last table can stop inside the line where a cut text ends
                last = block is blocks[-1] and part is parts[-1]
                cut, open_end = (grid.cut_inside_line, grid.open_end_line) if last else (None, None)
                table = parse_table(part, grid.source, grid.container, 0, aligned=grid.aligned, money_unit=money_unit,
                                    cut_inside_line=cut, amounts_around=amounts_around, open_end_line=open_end)
                parsed.append((table, part))
        if grid.layout:  # recovered from raw text: how much of its tables was understood
            share = share_understood([t for t, _ in parsed])
            for table, _ in parsed:
                table.layout, table.layout_confidence = grid.layout, share
                if not grid.aligned:
                    table.warnings.append(ParseWarning(
                        "layout_recovered", f"read from raw text laid out as {grid.layout} (docs/formats.md): rows and "
                        f"columns inferred from what the cells hold; {share:.0%} of its rows understood",
                        table.first_line))
        if any(_is_target_table(t, p.title) for t, p in parsed):
            kept = [(t, p) for t, p in parsed if _is_target_table(t, p.title)]
            preamble.extend(p.title for t, p in parsed if not _is_target_table(t, p.title) and p.title)
        else:
            kept = parsed
        for table, part in kept:
            if _understood_nothing(table):
                first = next((" | ".join(t for _, t in row.tokens()) for row in part.rows if not row.is_blank()), "")
                raise SourceError(
                    grid.source,
                    f"nothing understood in the table titled {part.title or '(none)'!r}: {len(part.rows)} row(s), "
                    "no known field (项目名称, 部门名称 …), budget line, goal or 一级/二级/三级指标 indicator "
                    f"(first row: {first[:60]!r})", table=grid.container or None, line=part.first_line,
                )
            table.index = len(tables)
            name = "主管部门" if table.kind == PROJECT else "部门名称"
            if department and name not in table.fields:
                table.fields[name] = FieldValue(department, table.first_line)
            tables.append(table)
    return tables, preamble


def infer_budget_year(path: Path, tables: list[ParsedTable], preamble: list[str],
                      explicit: int | None) -> tuple[int | None, str | None]:
    """The submission's budget year and where it came from.

    Precedence: an explicit year; a year in a title or the text around the tables (`2024年…`);
    a year in the file name; the projects' 实施期限 (the most common 起始年度 of one-year projects,
    else of all projects).
    """
    if explicit is not None:
        return explicit, "explicit"
    texts = [t.title for t in tables] + [t.subtitle for t in tables] + preamble
    for pattern in _TITLE_YEARS:  # a 年度 anywhere first, then a year that is no date, then any year
        for text in texts:
            match = pattern.search(text)
            if match:
                return int(match.group(1)), "title"
    match = _YEAR.search(path.name)
    if match:
        return int(match.group(1)), "file_name"
    periods = [(t.field_value("起始年度"), t.field_value("到期年度")) for t in tables]
    starts = [s for s, e in periods if s and s.strip().isdigit()]
    one_year = [s for s, e in periods if s and s == e and s.strip().isdigit()]
    pool = one_year or starts
    if pool:
        return int(Counter(pool).most_common(1)[0][0]), "project_period"
    return None, None


def read_tables(path: Path, data: bytes) -> tuple[list[ParsedTable], list[str]]:
    """Read a file's grids and parse them: its tables and the text around them (SourceError when it
    cannot be read or understood). The part of a parse that runs the format libraries, which
    `warehouse.isolated_read` runs in a child process for the binary formats."""
    return parse_grids(read_grids(path, data))


TablesReader = Callable[[Path, bytes], tuple[list[ParsedTable], list[str]]]


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_submission(path: str | Path, budget_year: int | None = None,
                     data: bytes | None = None, read: TablesReader = read_tables) -> ParsedSubmission:
    """Read, split and parse a file. A file that cannot be understood comes back with `error` set
    (and no tables): one bad file never stops a batch. `read` reads and parses (default: here, in
    this process; `warehouse.isolated_read.tables_reader` runs the binary formats in a child)."""
    path = Path(path)
    if data is None:
        data = path.read_bytes()
    sha256 = file_sha256(data)
    try:
        if not data.strip():
            raise SourceError(str(path), "the file is empty")
        tables, preamble = read(path, data)
        if not tables:
            raise SourceError(str(path), "no 绩效目标表 found (expected a title such as 项目支出绩效目标表 "
                                         "or rows starting with 项目名称 / 部门名称)")
    except SourceError as exc:
        return ParsedSubmission(str(path), sha256, len(data), [], error=exc.describe())
    except Exception as exc:  # a parser bug on an unforeseen layout: the file is rejected, the batch goes on
        reason = f"could not be parsed (internal error {type(exc).__name__}: {one_line(str(exc))}); please report it"
        return ParsedSubmission(str(path), sha256, len(data), [], error=SourceError(str(path), reason).describe())
    year, source = infer_budget_year(path, tables, preamble, budget_year)
    return ParsedSubmission(str(path), sha256, len(data), tables, year, source, preamble)
