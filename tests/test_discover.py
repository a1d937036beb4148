"""Every path given, or found in a folder, gets exactly one line: a submission read, or why it is
passed over (FIFO, device, dangling symlink, loop, a link out of the folder, a link given by name)."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from pipelines.cli import main
from warehouse.discover import FOLLOW_HINT, discover


@pytest.fixture
def landing(tmp_path, sample_path):
    folder = tmp_path / "landing"
    (folder / "inner").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "other-2024.txt").write_bytes(sample_path.read_bytes().replace("吴川市".encode(), "外部".encode()))
    (folder / "good-2024.txt").write_bytes(sample_path.read_bytes())
    os.mkfifo(folder / "pipe.txt")
    (folder / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "null.txt").symlink_to("/dev/null")
    (folder / "out").symlink_to(outside, target_is_directory=True)
    (folder / "inner" / "up").symlink_to(folder, target_is_directory=True)  # a loop of folders
    return folder


def test_every_entry_of_a_folder_gets_one_outcome(landing):
    files, passed_over = discover([landing])
    assert files == [(landing / "good-2024.txt").resolve()]
    reasons = dict(passed_over)
    assert len(reasons) == len(passed_over) == 5
    assert reasons[str(landing / "pipe.txt")] == "not a regular file (a FIFO)"
    assert reasons[str(landing / "dangling.txt")] == f"a dangling symlink (to {landing.parent / 'gone.txt'})"
    assert reasons[str(landing / "loop.txt")] == "a symlink loop"
    assert reasons[str(landing / "null.txt")] == f"a symlink leading out of {landing} (to /dev/null): {FOLLOW_HINT}"
    assert reasons[str(landing / "out")] == f"a symlink leading out of {landing} (to {landing.parent / 'outside'}): {FOLLOW_HINT}"


def test_follow_links_reads_where_they_lead_and_ends_a_loop(landing):
    files, passed_over = discover([landing], follow_links=True)
    assert files == sorted([(landing / "good-2024.txt").resolve(), (landing.parent / "outside" / "other-2024.txt").resolve()])
    reasons = dict(passed_over)
    assert reasons[str(landing / "null.txt")] == "not a regular file (a character device)"
    assert set(reasons) == {str(landing / n) for n in ("pipe.txt", "dangling.txt", "loop.txt", "null.txt")}


def test_paths_given_by_name(landing, tmp_path):
    fifo = tmp_path / "named.fifo.txt"
    os.mkfifo(fifo)
    link = tmp_path / "link-2024.txt"
    link.symlink_to(landing / "good-2024.txt")
    folder_link = tmp_path / "folder-link"
    folder_link.symlink_to(landing, target_is_directory=True)
    given = [fifo, link, folder_link, tmp_path / "missing.txt", landing / "loop.txt", landing / "dangling.txt"]
    files, passed_over = discover(given)
    assert files == []
    assert passed_over == [
        (str(fifo), "not a regular file (a FIFO)"),
        (str(link), f"a symlink (to {(landing / 'good-2024.txt').resolve()}): {FOLLOW_HINT}"),
        (str(folder_link), f"a symlink (to {landing.resolve()}): {FOLLOW_HINT}"),
        (str(tmp_path / "missing.txt"), "no such file or folder"),
        (str(landing / "loop.txt"), "a symlink loop"),
        (str(landing / "dangling.txt"), f"a dangling symlink (to {tmp_path / 'gone.txt'})"),
    ]
    files, _ = discover([link, folder_link], follow_links=True)
    assert files == sorted([(landing / "good-2024.txt").resolve(),  # the same file, once
                            (landing.parent / "outside" / "other-2024.txt").resolve()])


def test_ingest_prints_one_line_per_path_and_loads_the_good_file(landing, tmp_path):
    result = CliRunner().invoke(main, ["ingest", str(landing), "--warehouse", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 1, result.output  # not everything given was read
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    assert len(skipped) == 5 and all(line.count(str(landing)) >= 1 for line in skipped)
    assert "1 file(s): 1 loaded, 0 quarantined, 0 unchanged, 0 rejected, 5 skipped" in result.stdout
    followed = CliRunner().invoke(main, ["ingest", "--follow-links", str(landing), "--warehouse", str(tmp_path / "w.duckdb")])
    assert "1 loaded" in followed.stdout and "1 unchanged" in followed.stdout  # the file out there, now read
