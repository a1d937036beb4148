"""The v_*_yoy views read precomputed tables (indicator_target_yoy, project_budget_yoy,
unit_budget_yoy, indicator_class_yoy: warehouse.identity.PRECOMPUTED_YOY), which each load computes
again only for the departments it touches. Whatever the order of loads, resubmissions and
re-matches, each table must hold exactly what computing it for every department gives."""

from __future__ import annotations

import duckdb

from decimal import Decimal

from example_years import write_example_years
from sample_variants import PROJECT_TITLE, edit_unit
from warehouse.connection import writer
from warehouse.connection import sql_file
from warehouse.identity import PRECOMPUTED_YOY, rematch_projects, update_precomputed_yoy
from warehouse.ingest import ingest

COLUMNS = "department_key, budget_year, document_key, indicator_key, previous_indicator_key, value_change, direction"


def stored_and_computed(warehouse, table="indicator_target_yoy"):
    """The table's rows as stored, and as computing them for every department gives (all columns,
    sorted; of indicator_target_yoy, the columns that identify a row and its verdict)."""
    columns = COLUMNS if table == "indicator_target_yoy" else "*"
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        stored = con.execute(f"SELECT {columns} FROM {table} ORDER BY ALL").fetchall()
        computed = con.execute(f"SELECT {columns} FROM ({sql_file(PRECOMPUTED_YOY[table]).rstrip().rstrip(';')}) "
                               "ORDER BY ALL", {"departments": None}).fetchall()
        return stored, computed
    finally:
        con.close()


def every_table_as_computed(warehouse) -> bool:
    return all(stored == computed for stored, computed in map(lambda t: stored_and_computed(warehouse, t), PRECOMPUTED_YOY))


def test_loads_resubmissions_and_rematches_keep_the_table_equal_to_a_full_computation(tmp_path, sample_path, sample_text):
    warehouse = tmp_path / "jixiao.duckdb"
    later = write_example_years(sample_text, tmp_path / "years")
    assert ingest([sample_path], warehouse).ok  # one year: nothing to compare yet
    stored, computed = stored_and_computed(warehouse)
    assert stored == computed == []
    assert every_table_as_computed(warehouse)
    assert ingest(later, warehouse).ok
    stored, computed = stored_and_computed(warehouse)
    assert stored == computed and {row[1] for row in stored} == {2025, 2026}
    assert every_table_as_computed(warehouse)
    # a corrected 2025 file supersedes the 2025 tables: both comparisons with 2025 follow it
    resubmitted = tmp_path / "resubmitted" / later[0].name
    resubmitted.parent.mkdir()
    resubmitted.write_text(later[0].read_text(encoding="utf-8").replace("95%", "96%", 1) + "\n", encoding="utf-8")
    assert ingest([resubmitted], warehouse).ok
    stored_after, computed = stored_and_computed(warehouse)
    assert stored_after == computed and stored_after != stored
    assert every_table_as_computed(warehouse)
    rematch_projects(warehouse)
    assert stored_and_computed(warehouse)[0] == stored_after
    assert every_table_as_computed(warehouse)


def test_a_changed_computation_recomputes_every_department(tmp_path, sample_path, sample_text):
    warehouse = tmp_path / "jixiao.duckdb"
    assert ingest([sample_path, *write_example_years(sample_text, tmp_path / "years")], warehouse).ok
    stored, _ = stored_and_computed(warehouse)
    with writer(warehouse) as con:  # as after an edit of identity_yoy.sql or yoy.sql
        con.execute("UPDATE derived_fingerprints SET fingerprint = 'an older computation'")
        for table in PRECOMPUTED_YOY:
            con.execute(f"DELETE FROM {table} WHERE budget_year = 2026")
        update_precomputed_yoy(con, set())
        assert con.execute("SELECT count(*) FROM derived_fingerprints WHERE fingerprint = 'an older computation'"
                           ).fetchone() == (0,)
    assert stored_and_computed(warehouse) == (stored, stored)
    assert every_table_as_computed(warehouse)


def test_a_batched_load_computes_the_table_once_at_its_end(tmp_path, sample_path, sample_text, monkeypatch):
    import warehouse.identity as identity

    warehouse = tmp_path / "jixiao.duckdb"
    files = [sample_path, *write_example_years(sample_text, tmp_path / "years")]
    deferred = []  # per call of update_precomputed_yoy: was the connection deferring?
    original = identity.update_precomputed_yoy

    def counted(con, departments, changes=None):
        deferred.append(identity._deferred(con))
        return original(con, departments, changes)

    monkeypatch.setattr(identity, "update_precomputed_yoy", counted)
    report = ingest(files, warehouse, batch_size=1)  # three batches of one file
    assert report.ok and len(report.loaded) == 3
    assert deferred == [True, True, True, False]  # each batch lists its departments; one computation at the end
    stored, computed = stored_and_computed(warehouse)
    assert stored == computed and {row[1] for row in stored} == {2025, 2026}
    assert every_table_as_computed(warehouse)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM derived_pending").fetchone() == (0,)
    finally:
        con.close()


def test_what_a_killed_batched_load_left_pending_is_computed_by_the_next_load(tmp_path, sample_path, sample_text):
    warehouse = tmp_path / "jixiao.duckdb"
    later = write_example_years(sample_text, tmp_path / "years")
    assert ingest([sample_path, *later], warehouse).ok
    stored, _ = stored_and_computed(warehouse)
    with writer(warehouse) as con:  # as a batched load killed before its end: rows gone, departments pending
        for table in PRECOMPUTED_YOY:
            con.execute(f"INSERT INTO derived_pending SELECT DISTINCT '{table}', department_key FROM {table}")
            con.execute(f"DELETE FROM {table}")
    assert ingest([sample_path], warehouse).ok  # nothing new to load, and still the pending work is done
    assert stored_and_computed(warehouse) == (stored, stored)
    assert every_table_as_computed(warehouse)


def test_a_file_of_unit_tables_only_brings_the_unit_comparisons_up_to_date(tmp_path, sample_path, sample_text):
    warehouse = tmp_path / "jixiao.duckdb"
    later = write_example_years(sample_text, tmp_path / "years")
    assert ingest([sample_path, *later], warehouse).ok
    # a corrected 2026 unit table alone (基本支出 700.00 -> 710.00 万元, 财政拨款 as much): no project
    # table in the file, so no project is matched again, and still its department's rows follow it
    text = edit_unit(edit_unit(later[-1].read_text(encoding="utf-8"), "700.00", "710.00"), "1468.32", "1478.32")
    unit_only = tmp_path / "unit" / later[-1].name
    unit_only.parent.mkdir()
    unit_only.write_text(text[:text.index(PROJECT_TITLE)], encoding="utf-8")
    report = ingest([unit_only], warehouse)
    assert report.ok and len(report.loaded) == 1 and {t.kind for t in report.loaded[0].tables} == {"unit"}
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        moved = dict(con.execute("SELECT category, amount_yuan - previous_amount_yuan FROM v_unit_budget_yoy "
                                 "WHERE budget_year = 2026 AND status <> 'unchanged'").fetchall())
    finally:
        con.close()
    wan = Decimal(10000)  # against 2025's 690.50 and 1458.82 万元
    assert moved == {"基本支出": (Decimal("710.00") - Decimal("690.50")) * wan,
                     "财政拨款": (Decimal("1478.32") - Decimal("1458.82")) * wan}
    assert every_table_as_computed(warehouse)
