"""Per-file isolation (warehouse/isolated_read.py): a file that crashes the native reader (an
xlsx that makes calamine abort the process) or hangs it (a PDF pdfplumber takes minutes over) is
that file's rejection, in one line naming it, after one retry alone in a fresh reader process;
a file printing an amount beyond DECIMAL(18,2) is quarantined with the printed value and the
limit; the good files of the same folder load, in process and with a worker, and the command's exit
status says some failed (issue 16's acceptance). The hostile files are real files for real readers (tests/fixtures/hostile.py)."""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
import polars as pl
import pytest
from click.testing import CliRunner

from pipelines.cli import main
from reliability_support import sample_variant
from sources.submission import parse_submission
from tests.fixtures.hostile import ruled_grid_pdf, span_bomb_html, sparse_xlsx
from tests.fixtures.render import render_docx, render_xlsx
from warehouse.ingest import ingest
from warehouse.isolated_read import ReadIsolation, reader_for, tables_reader

TIMEOUT = 3.0  # the hanging PDF needs minutes; the good renderings well under a second


@pytest.fixture()
def hostile_folder(tmp_path, sample_text, monkeypatch):
    """Two hostile files, one whose amount is beyond what the warehouse holds, and four good ones
    (distinct departments: text, xlsx, docx, text)."""
    # out of the sheet extent check's way, so the sparse sheet reaches calamine (the case the
    # check exists for): the reader must survive the reader's abort too
    monkeypatch.setenv("JIXIAO_MAX_SHEET_CELLS", str(10**12))
    folder = tmp_path / "in"
    folder.mkdir()
    sparse_xlsx(folder / "crash-2024.xlsx")
    ruled_grid_pdf(folder / "hang-2024.pdf")
    (folder / "a-2024.txt").write_text(sample_variant(sample_text, 1), encoding="utf-8")
    for n, render in ((2, render_xlsx), (3, render_docx)):
        made = render(sample_variant(sample_text, n), tmp_path)
        made.rename(folder / f"b{n}-2024{made.suffix}")
    (folder / "z-2024.txt").write_text(sample_variant(sample_text, 4), encoding="utf-8")
    huge = sample_variant(sample_text, 5).replace("总金额\t77000.00元", f"总金额\t{HUGE_AMOUNT}", 1)
    (folder / "huge-2024.txt").write_text(huge, encoding="utf-8")
    return folder


GOOD = ["a-2024.txt", "b2-2024.xlsx", "b3-2024.docx", "z-2024.txt"]
HUGE_AMOUNT = "99999999999999999万元"  # beyond DECIMAL(18,2)


def _assert_quarantined(quarantined: list, findings) -> None:
    """The out-of-range amount: that file quarantined, with the printed value and the limit."""
    assert [Path(s.path).name for s in quarantined] == ["huge-2024.txt"]
    messages = [d["found"] for details in findings.filter(pl.col("check_name") == "parse_warnings.no_parse_errors")["details"]
                for d in details]
    assert any(f"总金额 「{HUGE_AMOUNT}」: more than the warehouse holds (at most 9,999,999,999,999,999.99元)" in m
               for m in messages), messages


def _assert_rejections(errors: dict[str, str], folder: Path) -> None:
    assert sorted(errors) == ["crash-2024.xlsx", "hang-2024.pdf"]
    for name, error in errors.items():
        assert error.startswith(f"{folder / name}: ") and "\n" not in error and len(error) < 400
        assert "also when retried alone in a fresh reader process" in error
    assert "the xlsx reader crashed (signal 6, SIGABRT: memory allocation of 549755813888 bytes failed)" \
        in errors["crash-2024.xlsx"]
    assert f"the pdf reader took more than {TIMEOUT:g} s (the per-file limit)" in errors["hang-2024.pdf"]


@pytest.mark.timeout(300)
@pytest.mark.parametrize("workers", [0, 1])
def test_the_good_files_load_and_each_bad_one_is_rejected_in_one_line(hostile_folder, tmp_path, workers):
    warehouse = tmp_path / "w.duckdb"
    began = time.monotonic()
    report = ingest([hostile_folder], warehouse, batch_size=2, workers=workers,
                    isolation=ReadIsolation(timeout_seconds=TIMEOUT))
    took = time.monotonic() - began
    assert sorted(Path(s.path).name for s in report.loaded) == GOOD
    _assert_rejections({Path(s.path).name: s.error for s in report.rejected}, hostile_folder)
    _assert_quarantined(report.quarantined, report.findings)
    assert not report.ok
    assert took > 2 * TIMEOUT  # the hanging file was given its time twice, not skipped
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert con.execute("SELECT count(*), count(DISTINCT submission_key) FROM indicators").fetchone() == (4 * 84, 4)
        rejected = con.execute("SELECT count(*) FROM submissions WHERE status = 'rejected'").fetchone()[0]
        assert rejected == 2
        held = con.execute("SELECT count(*) FROM quarantine.holds WHERE status = 'held'").fetchone()[0]
        assert held == 1
    finally:
        con.close()


@pytest.mark.timeout(300)
def test_jixiao_ingest_says_which_failed_and_exits_1(hostile_folder, tmp_path):
    result = CliRunner().invoke(main, ["ingest", str(hostile_folder), "--warehouse", str(tmp_path / "w.duckdb"),
                                       "--read-timeout", str(TIMEOUT), "--workers", "0"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    rejected = {Path(line.split(": ")[0].removeprefix("rejected ")).name: line.removeprefix("rejected ")
                for line in lines if line.startswith("rejected ")}
    _assert_rejections(rejected, hostile_folder)
    assert any(line.startswith("7 file(s): 4 loaded, 1 quarantined, 0 unchanged, 2 rejected") for line in lines)
    assert any(line.startswith("quarantined ") and "huge-2024.txt" in line for line in lines)


def test_a_crash_costs_one_restart_and_the_next_file_is_read_by_a_fresh_reader(tmp_path, sample_text, monkeypatch):
    monkeypatch.setenv("JIXIAO_MAX_SHEET_CELLS", str(10**12))
    isolation = ReadIsolation(timeout_seconds=30)
    read = tables_reader(isolation)
    good = render_xlsx(sample_text, tmp_path)
    first = parse_submission(good, read=read)
    reader = reader_for(isolation)
    child = reader.process.pid
    crashed = parse_submission(sparse_xlsx(tmp_path / "crash.xlsx"), read=read)
    assert "crashed (signal 6, SIGABRT" in crashed.error
    assert (reader.restarts, reader.process) == (2, None)  # the crash, then the retry's crash
    again = parse_submission(good, read=read)
    assert again.tables == first.tables and len(first.tables) == 14
    assert reader.process.pid != child and reader.files_read == 2


def test_the_reader_process_gives_the_same_tables_and_refusals_as_in_process(tmp_path, sample_text):
    read = tables_reader(ReadIsolation())
    for path in (render_xlsx(sample_text, tmp_path), render_docx(sample_text, tmp_path),
                 sparse_xlsx(tmp_path / "sparse.xlsx")):  # refused by the extent check, in the child
        isolated, local = parse_submission(path, read=read), parse_submission(path)
        assert (isolated.tables, isolated.error) == (local.tables, local.error)
    assert "spans 1,048,576 rows" in isolated.error


def test_a_span_bomb_is_refused_by_its_cell_count_before_the_grid_is_laid_out(tmp_path):
    refused = parse_submission(span_bomb_html(tmp_path / "span.html"), read=tables_reader(ReadIsolation()))
    assert refused.error == (f"{tmp_path / 'span.html'}, table table 1: the table spans 2,000 rows × 2,000 columns "
                             "(4,000,000 cells, over the limit of 2,000,000): no 绩效目标表 is that big (raise "
                             "JIXIAO_MAX_SHEET_CELLS if it really is one)")


def test_a_file_that_exhausts_the_reader_memory_is_rejected_naming_the_limit(tmp_path, sample_text, monkeypatch):
    monkeypatch.setenv("JIXIAO_MAX_SHEET_CELLS", str(10**12))  # the span bomb past the cell check
    read = tables_reader(ReadIsolation(memory_bytes=2**30, timeout_seconds=120))
    bomb = parse_submission(span_bomb_html(tmp_path / "span.html"), read=read)
    assert bomb.error == (f"{tmp_path / 'span.html'}: the html reader ran out of its memory limit of 1.0 GiB, "
                          "also when retried alone in a fresh reader process: the file is rejected")
    assert len(parse_submission(render_docx(sample_text, tmp_path), read=read).tables) == 14  # and goes on
