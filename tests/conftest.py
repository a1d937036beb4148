"""Shared fixtures: the bundled real sample, parsed once, and a warehouse loaded from it."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from sources.parsed import ParsedSubmission
from sources.submission import parse_submission
from warehouse.ingest import ingest

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
    path = tmp_path_factory.mktemp("warehouse") / "jixiao.duckdb"
    report = ingest([SAMPLE], path)
    assert report.ok and len(report.loaded) == 1
    return path


@pytest.fixture()
def sample_db(sample_warehouse):
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="session")
def two_year_warehouse(tmp_path_factory, sample_text) -> Path:
    """The sample (2024) and its 2023 variant built by tests/sample_variants.py, loaded once."""
    from sample_variants import previous_year

    folder = tmp_path_factory.mktemp("two_years")
    earlier = folder / "wuchuan-hrss-2023.txt"
    earlier.write_text(previous_year(sample_text), encoding="utf-8")
    path = folder / "jixiao.duckdb"
    report = ingest([SAMPLE, earlier], path)
    assert report.ok and len(report.loaded) == 2
    return path


@pytest.fixture()
def two_year_db(two_year_warehouse):
    con = duckdb.connect(str(two_year_warehouse), read_only=True)
    yield con
    con.close()
