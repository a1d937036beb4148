"""Where a warehouse's companion folders live: the landing folder and the raw-file archive.

They sit in the warehouse's data folder: for the default `data/warehouse/jixiao.duckdb` that is
`data/` (so `data/landing/` and `data/archive/`); for a warehouse file anywhere else, the folder
holding it. Environment variables override each: JIXIAO_LANDING, JIXIAO_ARCHIVE.
"""

from __future__ import annotations

import os
from pathlib import Path


def data_folder(warehouse: Path) -> Path:
    """`data/` for `data/warehouse/<file>`, else the folder holding the warehouse file."""
    folder = warehouse.parent
    return folder.parent if folder.name == "warehouse" else folder


def _chosen(explicit: str | Path | None, variable: str, default: Path) -> Path:
    chosen = explicit or os.environ.get(variable) or default
    return Path(chosen).expanduser().resolve()


def landing_folder(warehouse: Path, explicit: str | Path | None = None) -> Path:
    """Where new submissions are dropped: explicit, else $JIXIAO_LANDING, else <data>/landing."""
    return _chosen(explicit, "JIXIAO_LANDING", data_folder(warehouse) / "landing")


def archive_folder(warehouse: Path, explicit: str | Path | None = None) -> Path:
    """Where raw files are kept by content hash: explicit, else $JIXIAO_ARCHIVE, else <data>/archive."""
    return _chosen(explicit, "JIXIAO_ARCHIVE", data_folder(warehouse) / "archive")
