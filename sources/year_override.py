"""Budget-year overrides beside the files: `budget_year.toml` in a folder of submissions.

    # data/landing/2025/budget_year.toml
    budget_year = 2025                      # every file in this folder and the folders below it
    [files]
    "湛江市某局-修订.xlsx" = 2024           # one file (path relative to this folder)

The nearest `budget_year.toml` above a file decides: its [files] entry for the file, else its
budget_year; a file it does not cover asks the next one up. `jixiao ingest --year` (or the Dagster
config's budget_year) still wins over every file; without any, the year is inferred from the
tables (sources.submission.infer_budget_year).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from sources.budget_years import FIRST_YEAR, LAST_YEAR, is_budget_year
from sources.parsed import ParsedSubmission
from sources.submission import TablesReader, parse_submission, read_tables

OVERRIDE_FILE = "budget_year.toml"
KEYS = ("budget_year", "files")


class YearOverrideError(ValueError):
    """A budget_year.toml that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class YearOverride:
    year: int
    source: str  # recorded as the submission's year_source: 'override <file> [files] <name>'


def _year(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not is_budget_year(value):
        raise YearOverrideError(f"{where}: 「{value}」 is not a budget year ({FIRST_YEAR}–{LAST_YEAR}; write e.g. 2025, no quotes)")
    return value


class YearOverrides:
    """Reads each folder's override file once."""

    def __init__(self) -> None:
        self._folders: dict[Path, dict | None] = {}

    def _settings(self, folder: Path) -> dict | None:
        if folder not in self._folders:
            path = folder / OVERRIDE_FILE
            settings = None
            if path.is_file():
                try:
                    settings = tomllib.loads(path.read_text(encoding="utf-8"))
                except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                    raise YearOverrideError(f"{path}: not a readable TOML file ({exc})") from None
                unknown = sorted(set(settings) - set(KEYS))
                if unknown:
                    raise YearOverrideError(f"{path}: unknown key(s) {', '.join(unknown)}; "
                                            f"the keys are {' and '.join(KEYS)}")
            self._folders[folder] = settings
        return self._folders[folder]

    def for_file(self, path: Path) -> YearOverride | None:
        """The override that applies to `path`, or None."""
        path = path.resolve()
        for folder in path.parents:
            settings = self._settings(folder)
            if settings is None:
                continue
            source = folder / OVERRIDE_FILE
            files = settings.get("files", {})
            name = path.relative_to(folder).as_posix()
            if name in files:
                return YearOverride(_year(files[name], f"{source} [files] {name}"), f"override {source} [files] {name}")
            if "budget_year" in settings:
                return YearOverride(_year(settings["budget_year"], f"{source} budget_year"), f"override {source}")
        return None


def parse_with_year(path: Path, data: bytes, explicit: int | None, overrides: YearOverrides,
                    read: TablesReader = read_tables) -> ParsedSubmission:
    """Parse a file with its budget year: `explicit` if given, else the nearest override file's,
    else inferred. A broken override file raises YearOverrideError (it is the folder's settings
    that are wrong, not the file: the file must not be recorded as rejected)."""
    if explicit is not None:
        return parse_submission(path, explicit, data=data, read=read)
    override = overrides.for_file(path)
    if override is None:
        return parse_submission(path, None, data=data, read=read)
    parsed = parse_submission(path, override.year, data=data, read=read)
    return parsed if parsed.error else replace(parsed, year_source=override.source)
