"""The analysts' project aliases file: overrides of which project of one year is which of an earlier one.

A CSV (UTF-8, BOM allowed) of ALIAS_COLUMNS: `project_name` in `budget_year` is
`previous_project_name` of `previous_year`, or, with no previous project, a new project. A bad row
raises AliasFileError naming file and line. Matching (warehouse.project_matching) applies them first.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import polars as pl

from sources.budget_years import FIRST_YEAR, LAST_YEAR, is_budget_year
from warehouse.folders import chosen_path
from warehouse.model import name_key

ALIAS_COLUMNS = ("department_name", "budget_year", "project_name", "previous_year", "previous_project_name", "note")


class AliasFileError(ValueError):
    """A row of the project aliases file that cannot be used."""


@dataclass(frozen=True)
class Alias:
    """`project_name` in `budget_year` is `previous_project_name` of `previous_year` (or, with no
    previous project, a new project)."""

    department_key: str
    department_name: str
    budget_year: int
    project_name: str
    previous_year: int | None
    previous_project_name: str
    note: str
    line: int


ALIAS_SCHEMA = {
    "line": pl.Int32, "department_key": pl.String, "department_name": pl.String,
    "budget_year": pl.Int32, "project_name": pl.String, "previous_year": pl.Int32,
    "previous_project_name": pl.String, "note": pl.String,
}


def aliases_path(explicit: str | Path | None = None) -> Path:
    """The analysts' overrides: explicit, else $JIXIAO_PROJECT_ALIASES, else warehouse/project_aliases.csv."""
    bundled = Path(str(resources.files("warehouse").joinpath("project_aliases.csv")))
    return chosen_path(explicit, "JIXIAO_PROJECT_ALIASES", None) or bundled


def _year(text: str, column: str, where: str, required: bool) -> int | None:
    text = text.strip()
    if not text and not required:
        return None
    if not (text.isdigit() and is_budget_year(int(text))):
        raise AliasFileError(f"{where}: {column} 「{text}」 is not a budget year ({FIRST_YEAR}–{LAST_YEAR})")
    return int(text)


def parse_aliases(text: str, source: str) -> list[Alias]:
    """The rows of an aliases CSV (UTF-8, BOM allowed); a bad row raises naming file and line."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in ALIAS_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise AliasFileError(f"{source} line 1: missing column(s) {', '.join(missing)}; "
                             f"the header must be {','.join(ALIAS_COLUMNS)}")
    aliases = []
    for row in reader:
        line = reader.line_num
        where = f"{source} line {line}"
        cells = {c: (row.get(c) or "").strip() for c in ALIAS_COLUMNS}
        if not any(cells.values()):
            continue
        for column in ("department_name", "project_name"):
            if not cells[column]:
                raise AliasFileError(f"{where}: {column} is empty")
        previous_year = _year(cells["previous_year"], "previous_year", where, bool(cells["previous_project_name"]))
        if previous_year is not None and not cells["previous_project_name"]:
            raise AliasFileError(f"{where}: previous_year given without previous_project_name")
        budget_year = _year(cells["budget_year"], "budget_year", where, True)
        if previous_year is not None and previous_year >= budget_year:
            raise AliasFileError(f"{where}: previous_year {previous_year} is not before budget_year {budget_year}")
        aliases.append(Alias(
            name_key(cells["department_name"]), cells["department_name"], budget_year,
            cells["project_name"], previous_year, cells["previous_project_name"], cells["note"], line,
        ))
    return aliases


def read_aliases(path: Path) -> list[Alias]:
    if not path.exists():
        return []
    return parse_aliases(path.read_text(encoding="utf-8"), str(path))
