"""Copies of the sample with one defect each, loaded in one batch with the sample itself: each copy
with a contradiction fails exactly the checks its defect breaks, is held in quarantine whole, and
nothing of it reaches the published tables, while the sample in the same batch loads. The defects
that are no contradiction (a blank 项目名称, a non-standard 二级指标; see validation_defects.py) fail
their own check as a warning and would load. Two fields contradicting each other (当年度金额 > 总金额,
起始年度 > 到期年度) load the table without both, and say so."""

import duckdb
import polars as pl
import pytest

from expectations.validate import validate_frames
from sources.submission import file_sha256, parse_submission
from validation_defects import DEFECTS, HELD, SAMPLE_WARNINGS, WITHHELD, Defect, file_name
from warehouse.connection import published_path
from warehouse.ingest import ingest
from warehouse.model import TABLES, build_frames


@pytest.fixture(scope="module")
def batch(tmp_path_factory, sample_path, sample_text):
    folder = tmp_path_factory.mktemp("defects")
    keys = {}
    for defect in HELD:
        data = defect.edit(sample_text).encode("utf-8")
        (folder / file_name(defect)).write_bytes(data)
        keys[defect.name] = file_sha256(data)
    warehouse = folder / "w" / "jixiao.duckdb"
    report = ingest([folder, sample_path], warehouse)
    return report, warehouse, keys, file_sha256(sample_path.read_bytes())


@pytest.fixture(scope="module")
def published(batch):
    con = duckdb.connect(str(published_path(batch[1])), read_only=True)
    yield con
    con.close()


def test_the_sample_loads_and_every_defective_copy_is_held(batch, sample_path):
    report, _, keys, sample_key = batch
    assert [s.sha256 for s in report.loaded] == [sample_key]
    assert {s.sha256 for s in report.quarantined} == set(keys.values())
    assert not report.ok  # the command exits non-zero when something was held back


def assert_shown(defect: Defect, results: pl.DataFrame) -> None:
    """The defect's own check names the file, table, line and what was found."""
    row = results.filter(pl.col("check_name") == defect.check)["details"].to_list()[0][0]
    assert row["file"].endswith(file_name(defect))
    assert (row["subject"], row["line"]) == (defect.subject, defect.line)
    assert defect.found in row["found"]
    assert row["difference"] == defect.difference


@pytest.mark.parametrize("defect", HELD, ids=[d.name for d in HELD])
def test_the_defect_fails_its_check_and_nothing_of_it_is_published(defect: Defect, batch, published):
    report, warehouse, keys, sample_key = batch
    folder, key = warehouse.parent.parent, keys[defect.name]
    results = report.findings.filter(pl.col("submission_key") == key)
    assert set(results.filter(pl.col("severity") == "error")["check_name"]) == defect.failing
    warnings = results.filter(pl.col("severity") == "warn").explode("details")
    assert {(c, d["subject"]) for c, d in warnings.select("check_name", "details").iter_rows()} == SAMPLE_WARNINGS
    assert_shown(defect, results)

    whole = build_frames([parse_submission(folder / file_name(defect))])  # every row the file gives
    for table in TABLES:
        if table != "departments":
            assert published.execute(f"SELECT count(*) FROM {table} WHERE submission_key = ?", [key]).fetchone() == (0,)
            held = published.execute(f"SELECT count(*) FROM quarantine.{table} WHERE submission_key = ?", [key])
            assert held.fetchone() == (whole[table].height,), table
    assert published.execute("SELECT status, failed_checks FROM quarantine.holds WHERE submission_key = ?",
                             [key]).fetchone() == ("held", sorted(defect.failing))
    # the sample of the same batch is there, whole
    assert published.execute("SELECT count(*) FROM documents WHERE submission_key = ?", [sample_key]).fetchone() == (14,)


def test_the_published_tables_hold_the_sample_only(batch, published):
    _, _, _, sample_key = batch
    for table in TABLES:
        if table != "departments":
            others = published.execute(f"SELECT count(*) FROM {table} WHERE submission_key <> ?", [sample_key]).fetchone()
            assert others == (0,), table
    assert published.execute("SELECT count(*), sum(total_amount_yuan) FROM projects").fetchone()[0] == 13
    quarantined = published.execute("SELECT count(DISTINCT submission_key) FROM quarantine.documents").fetchone()
    assert quarantined == (len(HELD),)


LOADING = [d for d in DEFECTS if not d.quarantined and not d.withheld]


@pytest.mark.parametrize("defect", LOADING, ids=[d.name for d in LOADING])
def test_a_defect_that_is_no_contradiction_fails_its_check_as_a_warning(defect: Defect, tmp_path, sample_text):
    path = tmp_path / file_name(defect)
    path.write_text(defect.edit(sample_text), encoding="utf-8")
    run = validate_frames(build_frames([parse_submission(path)]))
    assert run.blocked_submissions() == set()  # it would load
    failed = run.failed().explode("details")
    assert set(failed["severity"]) == {"warn"}
    assert {(c, d["subject"]) for c, d in failed.select("check_name", "details").iter_rows()} == (
        SAMPLE_WARNINGS | defect.warnings)
    assert_shown(defect, run.failed())


COLUMNS = {"总金额": "total_amount_yuan", "当年度金额": "current_year_amount_yuan",
           "起始年度": "start_year", "到期年度": "end_year"}


@pytest.mark.parametrize("defect", WITHHELD, ids=[d.name for d in WITHHELD])
def test_a_contradiction_between_two_fields_loads_the_table_without_them(defect: Defect, tmp_path, sample_text):
    path = tmp_path / file_name(defect)
    path.write_text(defect.edit(sample_text), encoding="utf-8")
    warehouse = tmp_path / "w" / "jixiao.duckdb"
    report = ingest([path], warehouse)
    assert [s.sha256 for s in report.loaded] == [file_sha256(path.read_bytes())] and report.ok
    results = report.findings
    assert set(results.filter(pl.col("severity") == "withhold")["check_name"]) == {defect.check}
    assert_shown(defect, results)
    whole = build_frames([parse_submission(path)])
    con = duckdb.connect(str(published_path(warehouse)), read_only=True)
    try:
        for table in TABLES:  # every row of the file is published
            assert con.execute(f"SELECT count(*) FROM {table}").fetchone() == (whole[table].height,), table
        columns = ", ".join(COLUMNS[f] for f in defect.withheld)
        rows = con.execute(f"SELECT d.subject_name, d.withheld_fields, {columns} FROM documents d "
                           "LEFT JOIN projects p USING (document_key) ORDER BY d.table_index").fetchall()
        faulty = [row for row in rows if row[0] == defect.subject]
        assert faulty == [(defect.subject, list(defect.withheld), *[None] * len(defect.withheld))]
        others = [row for row in rows if row[0] != defect.subject]
        assert all(row[1] == [] for row in others)  # no other table loses a field
        printed = whole["projects"].filter(pl.col("project_name") != defect.subject)
        for field in defect.withheld:
            kept = con.execute(f"SELECT {COLUMNS[field]} FROM projects WHERE project_name <> ? ORDER BY project_name",
                               [defect.subject]).fetchall()
            assert [v for (v,) in kept] == printed.sort("project_name")[COLUMNS[field]].to_list()
        if "总金额" in defect.withheld:  # the budget lines of the two amounts go empty too, their text stays
            lines = con.execute("SELECT category, amount_yuan, amount_raw FROM budget_lines b JOIN projects p "
                                "ON b.owner_key = p.project_key AND b.document_key = p.document_key "
                                "WHERE p.project_name = ? AND category IN ('总金额', '当年度金额') ORDER BY category",
                                [defect.subject]).fetchall()
            assert lines == [("当年度金额", None, "270000.00元"), ("总金额", None, "200000.00元")]
    finally:
        con.close()


def _buffer_bytes(frame: pl.DataFrame) -> int:
    """The bytes of every buffer the frame's columns point into (string views included)."""
    table = frame.to_arrow(compat_level=pl.CompatLevel.newest())
    return sum(b.size for column in table.columns for chunk in column.chunks for b in chunk.buffers() if b is not None)


def test_the_findings_an_ingest_keeps_per_batch_hold_only_their_own_bytes(tmp_path, sample_path, sample_text):
    """A streamed ingest keeps every batch's failed results (report.findings): a filtered frame's
    strings point into the whole batch's results, which the kept findings must not hold (they did:
    0.7 GB over a 1M-table load)."""
    from datetime import datetime

    from warehouse.ingest import own_buffers

    paths = [sample_path]
    for defect in HELD:
        paths.append(tmp_path / file_name(defect))
        paths[-1].write_bytes(defect.edit(sample_text).encode("utf-8"))
    frames = build_frames([parse_submission(p) for p in paths], datetime(2026, 1, 1))
    failed = validate_frames(frames).failed()
    kept = own_buffers(failed)
    assert kept.equals(failed) and kept.schema == failed.schema and failed.height < 100
    assert _buffer_bytes(kept) * 3 < _buffer_bytes(failed)
