"""Every setting jixiao takes from the environment, in one place: the only module that reads
`os.environ`. Each has a command-line or resource equivalent where one exists; the explicit value
wins, then the variable, then the default (warehouse.folders.chosen_path for paths).

| variable | what | default |
|---|---|---|
| JIXIAO_WAREHOUSE | the warehouse file (`--warehouse`) | data/warehouse/jixiao.duckdb |
| JIXIAO_LANDING | the landing folder (resource `landing`) | `landing/` in the warehouse's data folder |
| JIXIAO_ARCHIVE | the raw-file archive | `archive/` in the warehouse's data folder |
| JIXIAO_POLICY | the validation policy TOML (`--policy`) | validation_policy.toml beside the warehouse, if any |
| JIXIAO_PROJECT_ALIASES | the project aliases CSV (`--aliases`) | warehouse/project_aliases.csv |
| JIXIAO_MAX_FILE_BYTES, JIXIAO_MAX_ZIP_MEMBERS, JIXIAO_MAX_ZIP_BYTES, JIXIAO_MAX_ZIP_RATIO, JIXIAO_MAX_SHEET_CELLS | the limits against hostile files (sources.limits) | see sources/limits.py |
| JIXIAO_QUERY_TIMEOUT, JIXIAO_QUERY_MEMORY | an analyst query's bounds (`--timeout`, `--memory-limit`; read by the CLI's options) | 60 s, 2GB |
| JIXIAO_PUBLISH_COPY_BELOW | warehouses smaller than this (bytes) are published by a copy, not by bringing the standby up to date (warehouse.publish) | 268435456 (256 MiB) |
| JIXIAO_VERIFY_PUBLISH | `1`: every publish brought up to date compares all rows with the warehouse and fails on a difference (the tests set it; costs a scan of the whole warehouse) | unset: row counts only |
| JIXIAO_GX_ASSETS | the GX data docs' bundled web assets | `<venv>/share/jixiao/gx-assets` |
| XDG_DATA_HOME | the user's data folder (the XDG standard's): `jixiao shell` keeps its history in `jixiao/` there | ~/.local/share |
"""

from __future__ import annotations

import os
from pathlib import Path

VARIABLES = (
    "JIXIAO_WAREHOUSE", "JIXIAO_LANDING", "JIXIAO_ARCHIVE", "JIXIAO_POLICY", "JIXIAO_PROJECT_ALIASES",
    "JIXIAO_MAX_FILE_BYTES", "JIXIAO_MAX_ZIP_MEMBERS", "JIXIAO_MAX_ZIP_BYTES", "JIXIAO_MAX_ZIP_RATIO",
    "JIXIAO_MAX_SHEET_CELLS", "JIXIAO_GX_ASSETS", "JIXIAO_QUERY_TIMEOUT", "JIXIAO_QUERY_MEMORY",
    "JIXIAO_PUBLISH_COPY_BELOW", "JIXIAO_VERIFY_PUBLISH",
)


def setting(variable: str) -> str | None:
    """The value of one of jixiao's environment variables, None when unset or empty."""
    if variable not in VARIABLES:
        raise KeyError(f"{variable} is not a jixiao setting (sources/settings.py lists them)")
    return os.environ.get(variable) or None


def user_data_dir() -> Path:
    """The user's data folder, as the XDG base directories define it: $XDG_DATA_HOME, else ~/.local/share."""
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
