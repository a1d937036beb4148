"""Resubmissions and history: a corrected file supersedes the tables it covers; every version is
kept with its file and validity; reloads never reorder versions; older warehouses are versioned."""

from __future__ import annotations

import os
import re
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from sample_variants import edit_project
from warehouse.archive import archived_path
from warehouse.folders import archive_folder
from warehouse.ingest import ingest
from warehouse.query import run_query

PROJECT = "劳动保障监察"
ORIGINAL, CORRECTED = 270000, 275000
FIRST_SUBMITTED_QUERY = Path(__file__).resolve().parents[1] / "queries" / "project_as_first_submitted.sql"


def corrected_sample(sample_text: str) -> str:
    """The sample with one corrected amount (劳动保障监察 270000 -> 275000 yuan)."""
    return edit_project(sample_text, PROJECT, f"总金额\t{ORIGINAL}.00元\t当年度金额\t{ORIGINAL}.00元",
                        f"总金额\t{CORRECTED}.00元\t当年度金额\t{CORRECTED}.00元")


@pytest.fixture(scope="module")
def corrected(tmp_path_factory, sample_text) -> Path:
    path = tmp_path_factory.mktemp("corrected") / "wuchuan-hrss-2024-corrected.txt"
    path.write_text(corrected_sample(sample_text), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def resubmitted(tmp_path_factory, sample_path, corrected) -> Path:
    """The sample, then its corrected resubmission, loaded one after the other."""
    warehouse = tmp_path_factory.mktemp("resubmitted") / "w.duckdb"
    ingest([sample_path], warehouse)
    assert len(ingest([corrected], warehouse).loaded) == 1
    return warehouse


def copy_warehouse(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    return target


def query(con, sql, *params):
    return con.execute(sql, list(params)).fetchall()


def project_versions(con):
    return query(con, "SELECT h.version_no, h.is_current, h.file_name, p.current_year_amount_yuan, h.valid_from, "
                      "h.valid_to, h.superseded_by, h.document_key FROM v_document_history h "
                      "JOIN projects p USING (document_key) WHERE h.subject_name = ? ORDER BY h.version_no", PROJECT)


def test_a_corrected_resubmission_supersedes_and_history_keeps_both(resubmitted, sample_path, corrected):
    con = duckdb.connect(str(resubmitted), read_only=True)
    try:
        # current views: the new amount, each project once
        assert query(con, "SELECT current_year_amount_yuan FROM current_projects WHERE project_name = ?", PROJECT) == [
            (Decimal(CORRECTED),)]
        assert query(con, "SELECT count(*), sum(current_year_amount_yuan) FROM current_projects") == [
            (13, Decimal("5553200.00") + CORRECTED - ORIGINAL)]
        assert query(con, "SELECT count(*) FROM current_indicators") == [(84,)]
        # history: both versions, each with its file, the first closed when the second arrived
        (first, second) = project_versions(con)
        assert first[:4] == (1, False, sample_path.name, Decimal(ORIGINAL))
        assert second[:4] == (2, True, corrected.name, Decimal(CORRECTED))
        assert first[5] == second[4] and first[6] == second[7] and second[5] is None and second[6] is None
        # the whole file was resubmitted: all 14 tables have two versions
        assert query(con, "SELECT version_no, is_current, count(*) FROM v_document_history GROUP BY ALL ORDER BY 1") == [
            (1, False, 14), (2, True, 14)]
        assert query(con, "SELECT count(*) FROM projects") == [(26,)]
    finally:
        con.close()


def test_the_first_submitted_targets_query(resubmitted, sample_path, sample_text):
    result = run_query(resubmitted, FIRST_SUBMITTED_QUERY.read_text(encoding="utf-8"), {"project": PROJECT, "year": "2024"})
    first = [dict(zip(result.columns, row)) for row in result.rows if row[0] == 1]
    assert {r["文件"] for r in first} == {sample_path.name} and {r["当年度金额_元"] for r in first} == {Decimal(ORIGINAL)}
    lines = sample_text.split("\n")
    printed = [(r["三级指标"], r["指标值"]) for r in first]
    assert len(printed) == 6 and all(name in lines[r["来源行"] - 1] for (name, _), r in zip(printed, first))
    assert ("拖欠农民工工资举报投诉案件结案率", "98%") in printed
    assert {row[0] for row in result.rows} == {1, 2}


def test_a_forced_reload_of_the_old_file_does_not_make_it_current(tmp_path, resubmitted, sample_path, corrected):
    warehouse = copy_warehouse(resubmitted, tmp_path / "w.duckdb")
    ingest([sample_path], warehouse, force=True)  # e.g. after a parser fix: the arrival order stays
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert [(v[0], v[1], v[2]) for v in project_versions(con)] == [(1, False, sample_path.name), (2, True, corrected.name)]
    finally:
        con.close()


def test_two_versions_in_one_batch_are_ordered_by_file_time(tmp_path, sample_path, corrected):
    original = tmp_path / "wuchuan-hrss-2024.txt"
    original.write_bytes(sample_path.read_bytes())
    corrected = Path(shutil.copy(corrected, tmp_path))
    os.utime(original, (1_700_000_000, 1_700_000_000))
    os.utime(corrected, (1_700_086_400, 1_700_086_400))  # a day later
    warehouse = tmp_path / "w.duckdb"
    ingest([tmp_path], warehouse)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert [(v[0], v[2], v[3]) for v in project_versions(con)] == [
            (1, original.name, Decimal(ORIGINAL)), (2, corrected.name, Decimal(CORRECTED))]
    finally:
        con.close()


def test_a_warehouse_from_before_history_is_versioned_by_the_next_load(tmp_path, sample_warehouse, sample_path,
                                                                       corrected):
    warehouse = copy_warehouse(sample_warehouse, tmp_path / "w.duckdb")
    con = duckdb.connect(str(warehouse))
    for table in ("document_versions", "submission_arrivals", "project_identity"):
        con.execute(f"DELETE FROM {table}")  # as a warehouse made before history.sql would be
    con.execute("UPDATE departments SET region_gazetteer = NULL, province = NULL")
    con.close()
    ingest([corrected], warehouse)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert query(con, "SELECT count(*) FROM document_versions") == [(28,)]
        assert [(v[0], v[2]) for v in project_versions(con)] == [(1, sample_path.name), (2, corrected.name)]
        assert query(con, "SELECT count(*) FROM project_identity") == [(13,)]
        assert query(con, "SELECT province FROM departments") == [("广东省",)]
    finally:
        con.close()


def test_raw_files_are_archived_by_content_and_never_rewritten(tmp_path, resubmitted, sample_path, corrected):
    warehouse = resubmitted
    archive = archive_folder(warehouse)
    con = duckdb.connect(str(warehouse), read_only=True)
    keys = [k for (k,) in con.execute("SELECT submission_key FROM submissions ORDER BY file_name").fetchall()]
    con.close()
    copies = [archived_path(archive, key, ".txt") for key in keys]
    assert [c.read_bytes() for c in copies] == [corrected.read_bytes(), sample_path.read_bytes()]
    assert all((c.stat().st_mode & 0o222) == 0 for c in copies)
    stamps = [c.stat().st_mtime_ns for c in copies]
    renamed = tmp_path / "renamed.txt"
    renamed.write_bytes(sample_path.read_bytes())
    ingest([renamed], warehouse)  # the same content under another name: a no-op, nothing archived again
    by_content = sorted(p for p in archive.iterdir() if re.fullmatch(r"[0-9a-f]{64}\.txt", p.name))
    assert by_content == sorted(copies) and [c.stat().st_mtime_ns for c in copies] == stamps


def test_every_fact_table_has_a_current_view(sample_db):
    from warehouse.model import SCHEMAS

    views = {name for (name,) in sample_db.execute("SELECT view_name FROM duckdb_views()").fetchall()}
    fact_tables = {t for t, columns in SCHEMAS.items() if "document_key" in columns}
    assert {f"current_{t}" for t in fact_tables} - views == set()
