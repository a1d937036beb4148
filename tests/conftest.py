"""Shared fixtures: the bundled real sample, parsed once, and a warehouse loaded from it."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from sources.parsed import ParsedSubmission
from sources.submission import parse_submission
from warehouse.ingest import ingest

# every publish the tests make that brings the snapshot up to date from the recorded changes
# compares all its tables' rows with the warehouse's and fails loudly if a write did not record
# what it changed (warehouse.publish); the CLI subprocesses the tests start inherit it
os.environ.setdefault("JIXIAO_VERIFY_PUBLISH", "1")
os.environ.setdefault("JIXIAO_PUBLISH_COPY_BELOW", "0")  # the tests' warehouses are small: never copied for that

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SAMPLE = PROJECT_ROOT / "data" / "samples" / "wuchuan-hrss-2024.txt"


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def parsed_sample() -> ParsedSubmission:
    return parse_submission(SAMPLE)


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory) -> Path:
    """A warehouse holding only the sample, loaded once per test session (read it, don't write)."""
    return loaded_warehouse([SAMPLE], tmp_path_factory.mktemp("warehouse") / "jixiao.duckdb")


def loaded_warehouse(files: list[Path], path: Path) -> Path:
    """`path`, a new warehouse holding every one of `files`."""
    report = ingest(files, path)
    assert report.ok and len(report.loaded) == len(files)
    return path


def read_only(path: Path):
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


@pytest.fixture()
def sample_db(sample_warehouse):
    yield from read_only(sample_warehouse)


@pytest.fixture(scope="session")
def two_year_warehouse(tmp_path_factory, sample_text) -> Path:
    """The sample (2024) and its 2023 variant built by tests/sample_variants.py, loaded once."""
    from sample_variants import previous_year

    folder = tmp_path_factory.mktemp("two_years")
    earlier = folder / "wuchuan-hrss-2023.txt"
    earlier.write_text(previous_year(sample_text), encoding="utf-8")
    return loaded_warehouse([SAMPLE, earlier], folder / "jixiao.duckdb")


@pytest.fixture()
def two_year_db(two_year_warehouse):
    yield from read_only(two_year_warehouse)
