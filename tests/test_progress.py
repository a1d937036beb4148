"""Progress of a load as an analyst sees it: per file (read, parse, validate, store), with counts,
rate and time left; plain lines when standard error is no terminal (a log, CI, a pipe)."""

from __future__ import annotations

import time

import pytest
from click.testing import CliRunner

from bench.generate import Spec, generate
from pipelines.cli import main
from pipelines.cli.progress import PlainProgress, progress_line
from warehouse.ingest import ingest

FILES = 200


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """200 generated department files (3 project tables each), one budget year."""
    root = tmp_path_factory.mktemp("progress") / "files"
    generate(Spec(departments=FILES, projects=3, years=1, seed=3), root, workers=1)
    (root / "manifest.json").unlink()
    return root


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_plain_lines_are_quiet_for_a_short_command_then_paced():
    clock, lines = Clock(), []
    progress = PlainProgress(write=lines.append, clock=clock, quiet=1.0, every=5.0, wake=False)
    for done in range(1, 11):  # a command done within the quiet second prints nothing
        clock.now = done * 0.05
        progress("read", done, 10)
    assert lines == []
    for done in range(1, 101):  # then a line at once, one per 5 s, and the stage's completion
        clock.now = 1.0 + done * 0.125  # exact in binary
        progress("parse", done, 100)
    assert lines == ["progress: read 10/10 (100%), 22/s",  # what moved in the quiet time
                     "progress: parse 1/100 (1%)",  # no rate yet
                     "progress: parse 41/100 (41%), 8.2/s, about 7 s left",
                     "progress: parse 81/100 (81%), 8.1/s, about 2 s left",
                     "progress: parse 100/100 (100%), 8.1/s"]
    progress("parse", 100, 100)  # a stage completes once
    assert len(lines) == 5


def test_a_line_says_count_share_rate_and_time_left():
    assert progress_line("store", 50, 200, 2.0) == "progress: store 50/200 (25%), 25/s, about 6 s left"
    assert progress_line("parse", 1_500, 90_000, 3.0) == "progress: parse 1,500/90,000 (1%), 500/s, about 3 min left"
    assert progress_line("read", 0, 200, 0.0) == "progress: read 0/200 (0%)"


def test_a_load_of_200_files_says_it_is_moving_within_2_seconds(folder, tmp_path):
    lines: list[tuple[float, str]] = []
    started = time.monotonic()
    plain = PlainProgress(write=lambda line: lines.append((time.monotonic() - started, line)))
    report = ingest([folder], tmp_path / "wh.duckdb", progress=plain)
    plain.close()
    assert len(report.loaded) == FILES and not report.rejected
    assert lines and lines[0][0] < 2.0, lines[:3]
    stages = [line.split()[1] for _, line in lines]
    assert list(dict.fromkeys(stages)) == ["read", "parse", "validate", "store"]
    assert lines[-1][1].startswith(f"progress: store {FILES}/{FILES} (100%)")


def test_workers_report_every_file_they_parse(folder, tmp_path):
    calls: list[tuple[str, int, int]] = []
    report = ingest([folder], tmp_path / "wh.duckdb", batch_size=50, workers=1,
                    progress=lambda stage, done, total: calls.append((stage, done, total)))
    assert len(report.loaded) == FILES
    for stage in ("read", "parse", "validate", "store"):
        counts = [done for s, done, total in calls if s == stage and total == FILES]
        assert counts == sorted(counts) and counts[-1] == FILES, stage
    assert len([c for c in calls if c[0] == "parse"]) == FILES  # one tick per file, from the worker
    assert len([c for c in calls if c[0] == "store"]) == FILES // 50  # one per stored batch


def test_a_second_load_counts_the_known_files_as_done(folder, tmp_path):
    ingest([folder], tmp_path / "wh.duckdb")
    calls: list[tuple[str, int, int]] = []
    report = ingest([folder], tmp_path / "wh.duckdb", progress=lambda *call: calls.append(call))
    assert len(report.unchanged) == FILES
    assert {stage: done for stage, done, _ in calls} == {s: FILES for s in ("read", "parse", "validate", "store")}


def test_the_command_prints_plain_progress_when_not_on_a_terminal(folder, tmp_path):
    result = CliRunner().invoke(main, ["ingest", str(folder), "--warehouse", str(tmp_path / "wh.duckdb")])
    assert result.exit_code == 0, result.output
    progress = [line for line in result.stderr.splitlines() if line.startswith("progress: ")]
    assert progress and progress[-1].startswith(f"progress: store {FILES}/{FILES} (100%)")
    assert f"{FILES} file(s): {FILES} loaded" in result.stdout


def test_a_stage_that_ends_the_quiet_time_is_said_once():
    clock, lines = Clock(), []
    progress = PlainProgress(write=lines.append, clock=clock, wake=False)
    progress("read", 1, 1)
    clock.now = 2.0
    progress("validate", 1, 1)
    progress("store", 1, 1)
    assert lines == ["progress: read 1/1 (100%)", "progress: validate 1/1 (100%)", "progress: store 1/1 (100%)"]
