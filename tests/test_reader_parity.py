"""Every rendering of the sample loads into the same warehouse as the original text.

tests/fixtures/render.py writes the sample as UTF-8-BOM, GB18030 (CRLF), GBK and UTF-16 text,
CSV, .xlsx (one sheet, and one sheet per table), .xls, .docx and .html, with the merged cells the
forms have. Each file is ingested into its own DuckDB; every table of that warehouse must equal
the one loaded from the text, row for row and value for value, once file provenance is set aside:
the file's hash (and the keys built from it), path, name, size, load time and the sheet or table
name inside it. Renderings that keep
the text's line numbers (text, CSV, the one-sheet workbooks) must keep every source_line too; the
others (a Word or HTML table numbers its own rows) are compared without the location columns.
"""

from __future__ import annotations

import re

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from sources.readers import read_grids
from tests.fixtures.render import SAMPLE, STEM, merges, render_pdf, renderings, sections
from warehouse.ingest import ingest
from warehouse.model import TABLES

# where and how each table was read: differs by format by design (the text's layout lineage included)
PROVENANCE = ("submission_key", "file_path", "file_name", "file_size", "loaded_at", "container", "layout",
              "layout_confidence")
LOCATION = ("first_line", "last_line", "source_line")
_LINES_IN_MESSAGE = re.compile(r"\(lines [0-9, ]+\)")


def snapshot(warehouse, keep_location: bool, squeeze_spaces: bool = False) -> dict[str, pl.DataFrame]:
    """Every warehouse table without provenance, sorted; keys made of the file hash made neutral."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        [(file_key,)] = con.execute("SELECT submission_key FROM submissions").fetchall()
        frames = {}
        for table in TABLES:
            frame = con.sql(f"SELECT * FROM {table}").pl()
            dropped = PROVENANCE + (() if keep_location else LOCATION)
            frame = frame.drop([c for c in dropped if c in frame.columns])
            text = pl.col(pl.String).str.replace_all(file_key[:16], "<file>", literal=True)
            if not keep_location:
                text = text.str.replace_all(_LINES_IN_MESSAGE.pattern, "(lines …)")
            if squeeze_spaces:
                text = text.str.replace_all(r"\s+", "")
            frame = frame.with_columns(text)
            frames[table] = frame.sort(frame.columns, nulls_last=True)
        return frames
    finally:
        con.close()


def assert_same(got: dict[str, pl.DataFrame], expected: dict[str, pl.DataFrame]) -> None:
    for table in TABLES:
        try:
            assert_frame_equal(got[table], expected[table])
        except AssertionError as exc:
            raise AssertionError(f"table {table}: {exc}") from None


def load(path, folder):
    report = ingest([path], folder / "jixiao.duckdb")
    assert report.files == 1 and not report.skipped
    assert not report.rejected, report.rejected[0].error
    assert len(report.loaded) == 1
    return report


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    folder = tmp_path_factory.mktemp("text")
    load(SAMPLE, folder)
    return folder / "jixiao.duckdb"


@pytest.fixture(scope="module")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, sample_text):
    """name -> the sample rendered that way (each rendered once per module)."""
    cache = {}

    def render(name: str):
        if name not in cache:
            renderer, _ = renderings()[name]
            cache[name] = renderer(sample_text, tmp_path_factory.mktemp(name))
        return cache[name]

    return render


def test_the_reference_is_the_whole_sample(reference):
    frames = snapshot(reference, keep_location=True)
    assert frames["documents"].height == 14
    assert frames["projects"].height == 13
    assert frames["indicators"].height == 84
    assert frames["indicator_values"].height == 6 + 13 * 2 * 6
    assert frames["budget_lines"].height == 6 + 13 * 2


@pytest.mark.parametrize("name", list(renderings()))
def test_rendering_loads_the_same_warehouse(name, reference, rendered, tmp_path):
    keeps_lines = renderings()[name][1]
    path = rendered(name)
    assert path.name.startswith(STEM) and path.read_bytes() != SAMPLE.read_bytes()
    load(path, tmp_path)
    expected = snapshot(reference, keep_location=keeps_lines)
    assert_same(snapshot(tmp_path / "jixiao.duckdb", keep_location=keeps_lines), expected)


def _expected_merges(text: str, per_sheet_titles: bool = False) -> int:
    tables = [s for s in sections(text) if s.paragraph is None]
    return sum(len(merges(s.cells())) for s in tables) + (len(tables) if per_sheet_titles else 0)


@pytest.mark.parametrize("name", ["xlsx", "xlsx-sheet-per-table", "xls", "docx", "html"])
def test_merged_cells_are_read_as_merges(name, sample_text, rendered):
    """The renderings really carry merged cells, and the readers report every one of them."""
    grids = read_grids(rendered(name))
    expected = _expected_merges(sample_text, per_sheet_titles=name == "xlsx-sheet-per-table")
    assert expected > 200
    assert sum(len(grid.merges) for grid in grids) == expected
    for grid in grids:
        for merge in grid.merges:
            covered = [grid.rows[r].cells[c] for r in range(merge.first_row, merge.last_row + 1)
                       for c in range(merge.first_col, merge.last_col + 1)]
            assert all(cell == "" for cell in covered[1:])  # the value only in the top-left cell


def test_containers_and_line_numbers_name_where_each_table_is(rendered):
    docx = read_grids(rendered("docx"))
    assert [g.container for g in docx] == [f"table {n}" for n in range(1, 15)]
    assert docx[1].preamble == ["项目支出绩效目标表"] and docx[1].rows[0].line == 1
    sheets = read_grids(rendered("xlsx-sheet-per-table"))
    assert [g.container for g in sheets] == [f"表{n}" for n in range(1, 15)]
    html = read_grids(rendered("html"))
    assert len(html) == 14 and all(g.container.startswith("table ") for g in html)
    assert html[0].container == "table 3"  # the layout table and the menu come first, and are skipped
    assert html[0].preamble[-1] == "部门下属单位整体预算绩效目标表"


def test_pdf_loads_the_same_warehouse_but_spaces_at_line_wraps(reference, sample_text, tmp_path):
    """A PDF keeps no spaces where a cell's text wraps: two project overviews lose one space each
    (`湛江市财政局 关于` wrapped after the space), and so does the title cited from one of them.
    Everything else is identical."""
    import pdfplumber

    path = render_pdf(sample_text, tmp_path)
    with pdfplumber.open(path) as pdf:  # the tables run over page breaks: continued at a page's top
        continued = [page for page in pdf.pages[1:] if any(t.bbox[1] < 100 for t in page.find_tables())]
    assert len(continued) >= 8
    load(path, tmp_path)
    got = snapshot(tmp_path / "jixiao.duckdb", keep_location=False)
    expected = snapshot(reference, keep_location=False)
    differing = {table for table in TABLES if not got[table].equals(expected[table])}
    assert differing == {"projects", "policy_citations"}  # a cited title copies the overview's text
    for table, key, column, lost in (("projects", "project_key", "overview", 2),
                                     ("policy_citations", "citation_key", "title", 1)):
        diff = got[table].join(expected[table], on=key, suffix="_text")
        changed = diff.filter(pl.col(column) != pl.col(f"{column}_text"))
        assert changed.height == lost
        for got_text, text in changed.select(column, f"{column}_text").iter_rows():
            assert len(text) - len(got_text) == 1 and got_text.replace(" ", "") == text.replace(" ", "")
    assert_same(snapshot(tmp_path / "jixiao.duckdb", keep_location=False, squeeze_spaces=True),
                snapshot(reference, keep_location=False, squeeze_spaces=True))
