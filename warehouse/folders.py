"""Where a warehouse's companion folders live: the landing folder and the raw-file archive.

They sit in the warehouse's data folder: for the default `data/warehouse/jixiao.duckdb` that is
`data/` (so `data/landing/` and `data/archive/`); for a warehouse file anywhere else, the folder
holding it. Environment variables override each: JIXIAO_LANDING, JIXIAO_ARCHIVE.
"""

from __future__ import annotations

from pathlib import Path

from sources.settings import setting


def data_folder(warehouse: Path) -> Path:
    """`data/` for `data/warehouse/<file>`, else the folder holding the warehouse file."""
    folder = warehouse.parent
    return folder.parent if folder.name == "warehouse" else folder


def chosen_path(explicit: str | Path | None, variable: str, default: Path | None) -> Path | None:
    """The one rule for every path jixiao is given (warehouse, folders, aliases, validation policy):
    the explicit one, else $variable, else `default`; resolved, None when none of them is set."""
    chosen = explicit or setting(variable) or default
    return Path(chosen).expanduser().resolve() if chosen else None


def landing_folder(warehouse: Path, explicit: str | Path | None = None) -> Path:
    """Where new submissions are dropped: explicit, else $JIXIAO_LANDING, else <data>/landing."""
    return chosen_path(explicit, "JIXIAO_LANDING", data_folder(warehouse) / "landing")  # type: ignore[return-value]


def archive_folder(warehouse: Path, explicit: str | Path | None = None) -> Path:
    """Where raw files are kept by content hash: explicit, else $JIXIAO_ARCHIVE, else <data>/archive."""
    return chosen_path(explicit, "JIXIAO_ARCHIVE", data_folder(warehouse) / "archive")  # type: ignore[return-value]
