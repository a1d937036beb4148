"""Quarantine: a held submission is kept whole (raw file archived, rows in schema quarantine, the
reasons), the same content again is a no-op, a corrected resubmission releases it, a failed commit
leaves nothing half-written; `jixiao check` and `jixiao status` say why; Dagster shows the checks."""

import duckdb
import pytest
from click.testing import CliRunner

from pipelines.cli import main
from sample_variants import drop_project
from sources.submission import file_sha256
from validation_defects import DEFECTS
from warehouse import quarantine
from warehouse.connection import published_path
from warehouse.folders import archive_folder
from warehouse.ingest import ingest

UNBALANCED = next(d for d in DEFECTS if d.check == "reconcile.unit_budget_balances")  # 基本支出 674.09 → 675.09
RULE = "基本支出 + 项目支出 + 事业发展性支出（财政专项资金 + 其他事业发展性支出）= 财政拨款 + 其他资金"
REASON = (f"error bad-2024.txt, 吴川市人力资源和社会保障局, line 9: {RULE} — expected 财政拨款 1442.41万元 + "
          "其他资金 0万元 = 1442.41万元, found 基本支出 675.09万元 + 项目支出 416.32万元 + 财政专项资金 0万元 + "
          "其他事业发展性支出 352万元 = 1443.41万元 (difference 10,000.00元)")


@pytest.fixture()
def bad_file(tmp_path, sample_text):
    path = tmp_path / "in" / "bad-2024.txt"
    path.parent.mkdir()
    path.write_text(UNBALANCED.edit(sample_text), encoding="utf-8")
    return path


def one(warehouse, sql, *params):
    con = duckdb.connect(str(published_path(warehouse)), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_held_whole_archived_and_the_same_content_again_is_a_no_op(tmp_path, bad_file):
    warehouse = tmp_path / "w" / "jixiao.duckdb"
    key = file_sha256(bad_file.read_bytes())
    first = ingest([bad_file], warehouse)
    assert [s.sha256 for s in first.quarantined] == [key] and not first.loaded
    archived = archive_folder(warehouse) / f"{key}.txt"
    assert archived.read_bytes() == bad_file.read_bytes()
    assert one(warehouse, "SELECT archived_path, status, reasons FROM quarantine.holds") == [
        (str(archived), "held", f"{RULE}: 基本支出 675.09万元 + 项目支出 416.32万元 + 财政专项资金 0万元 + "
                                "其他事业发展性支出 352万元 = 1443.41万元")]
    counts = "SELECT (SELECT count(*) FROM {s}.documents), (SELECT count(*) FROM {s}.indicators)"
    assert one(warehouse, counts.format(s="quarantine")) == [(14, 84)]
    assert one(warehouse, counts.format(s="main")) == [(0, 0)]
    assert one(warehouse, "SELECT count(*) FROM submissions") == [(0,)]

    again = ingest([bad_file], warehouse)
    assert again.unchanged == [(str(bad_file.resolve()), "quarantined")] and not again.quarantined
    forced = ingest([bad_file], warehouse, force=True)  # re-checked: still held, not duplicated
    assert [s.sha256 for s in forced.quarantined] == [key]
    assert one(warehouse, counts.format(s="quarantine")) == [(14, 84)]
    assert one(warehouse, "SELECT count(DISTINCT checked_at) FROM validation_results") == [(2,)]


def test_a_corrected_resubmission_releases_the_hold(tmp_path, bad_file, sample_path, sample_text):
    warehouse = tmp_path / "w" / "jixiao.duckdb"
    held_key = file_sha256(bad_file.read_bytes())
    ingest([bad_file], warehouse)
    # a resubmission without the faulty project covers only part of the held file: no release
    partial = tmp_path / "in" / "partial-2024.txt"
    partial.write_text(drop_project(sample_text, "劳动保障监察"), encoding="utf-8")
    report = ingest([partial], warehouse)
    assert len(report.loaded) == 1 and report.released == []
    assert one(warehouse, "SELECT status FROM quarantine.holds") == [("held",)]
    # the corrected file covers every table of it: released, and the record stays in quarantine
    fixed = ingest([sample_path], warehouse)
    fixed_key = file_sha256(sample_path.read_bytes())
    assert fixed.released == [held_key]
    assert one(warehouse, "SELECT status, released_by FROM quarantine.holds") == [("released", [fixed_key])]
    assert one(warehouse, "SELECT count(*) FROM quarantine.documents WHERE submission_key = ?", held_key) == [(14,)]
    assert one(warehouse, "SELECT count(*) FROM documents WHERE submission_key = ?", held_key) == [(0,)]


def test_a_failed_commit_leaves_nothing_half_written(tmp_path, bad_file, sample_path, monkeypatch):
    warehouse = tmp_path / "w" / "jixiao.duckdb"
    ingest([sample_path], warehouse)
    before = one(warehouse, "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM validation_results)")

    def broken(con, *args):
        con.execute("DELETE FROM documents")  # some of the work …
        raise RuntimeError("the disk is full")  # … then a failure

    monkeypatch.setattr(quarantine, "_record", broken)
    with pytest.raises(RuntimeError, match="the disk is full"):
        ingest([bad_file], warehouse)
    monkeypatch.undo()
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        after = con.execute("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM validation_results), "
                            "(SELECT count(*) FROM quarantine.holds), (SELECT count(*) FROM quarantine.documents)"
                            ).fetchone()
    finally:
        con.close()
    assert after == (*before[0], 0, 0)


def test_check_and_status_say_why(tmp_path, bad_file, sample_path):
    runner = CliRunner()
    checked = runner.invoke(main, ["check", str(bad_file), str(sample_path)])
    assert checked.exit_code == 1
    assert f"{bad_file}: would be quarantined: fails 1 error check(s); 2 warning(s)" in checked.output
    assert REASON in checked.output
    assert "wuchuan-hrss-2024.txt: would load: passes every error check; 2 warning(s)" in checked.output
    assert "warn  wuchuan-hrss-2024.txt, 居民养老工作经费, line 88: " in checked.output
    assert "nothing loaded" in checked.output and not (tmp_path / "data").exists()
    assert runner.invoke(main, ["check", str(sample_path)]).exit_code == 0

    warehouse = str(tmp_path / "w" / "jixiao.duckdb")
    loaded = runner.invoke(main, ["ingest", str(bad_file), str(sample_path), "--warehouse", warehouse])
    assert loaded.exit_code == 1
    assert "1 loaded, 1 quarantined" in loaded.output and REASON in loaded.output
    status = runner.invoke(main, ["status", "--warehouse", warehouse])
    assert status.exit_code == 0
    assert "quarantine: 1 submission(s) held back (not in the analyst tables), 0 released" in status.output
    assert "bad-2024.txt  quarantined since " in status.output and REASON in status.output
    assert "  validation: passes every error check; 2 warning(s)" in status.output


