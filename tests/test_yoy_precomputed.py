"""v_indicator_target_yoy reads indicator_target_yoy, which each load computes again only for the
departments it touches (warehouse/identity_yoy.sql). Whatever the order of loads, resubmissions
and re-matches, the table must hold exactly what computing it for every department gives."""

from __future__ import annotations

import duckdb

from example_years import write_example_years
from warehouse.connection import writer
from warehouse.connection import sql_file
from warehouse.identity import rematch_projects, update_target_yoy
from warehouse.ingest import ingest

COLUMNS = "department_key, budget_year, document_key, indicator_key, previous_indicator_key, value_change, direction"


def stored_and_computed(warehouse):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        stored = con.execute(f"SELECT {COLUMNS} FROM indicator_target_yoy ORDER BY ALL").fetchall()
        computed = con.execute(f"SELECT {COLUMNS} FROM ({sql_file('identity_yoy.sql').rstrip().rstrip(';')}) ORDER BY ALL",
                               {"departments": None}).fetchall()
        return stored, computed
    finally:
        con.close()


def test_loads_resubmissions_and_rematches_keep_the_table_equal_to_a_full_computation(tmp_path, sample_path, sample_text):
    warehouse = tmp_path / "jixiao.duckdb"
    later = write_example_years(sample_text, tmp_path / "years")
    assert ingest([sample_path], warehouse).ok  # one year: nothing to compare yet
    stored, computed = stored_and_computed(warehouse)
    assert stored == computed == []
    assert ingest(later, warehouse).ok
    stored, computed = stored_and_computed(warehouse)
    assert stored == computed and {row[1] for row in stored} == {2025, 2026}
    # a corrected 2025 file supersedes the 2025 tables: both comparisons with 2025 follow it
    resubmitted = tmp_path / "resubmitted" / later[0].name
    resubmitted.parent.mkdir()
    resubmitted.write_text(later[0].read_text(encoding="utf-8").replace("95%", "96%", 1) + "\n", encoding="utf-8")
    assert ingest([resubmitted], warehouse).ok
    stored_after, computed = stored_and_computed(warehouse)
    assert stored_after == computed and stored_after != stored
    rematch_projects(warehouse)
    assert stored_and_computed(warehouse)[0] == stored_after


def test_a_changed_computation_recomputes_every_department(tmp_path, sample_path, sample_text):
    warehouse = tmp_path / "jixiao.duckdb"
    assert ingest([sample_path, *write_example_years(sample_text, tmp_path / "years")], warehouse).ok
    stored, _ = stored_and_computed(warehouse)
    with writer(warehouse) as con:  # as after an edit of identity_yoy.sql or yoy.sql
        con.execute("UPDATE derived_fingerprints SET fingerprint = 'an older computation'")
        con.execute("DELETE FROM indicator_target_yoy WHERE budget_year = 2026")
        update_target_yoy(con, set())
        assert con.execute("SELECT count(*) FROM derived_fingerprints WHERE fingerprint = 'an older computation'"
                           ).fetchone() == (0,)
    assert stored_and_computed(warehouse) == (stored, stored)


def test_a_batched_load_computes_the_table_once_at_its_end(tmp_path, sample_path, sample_text, monkeypatch):
    import warehouse.identity as identity

    warehouse = tmp_path / "jixiao.duckdb"
    files = [sample_path, *write_example_years(sample_text, tmp_path / "years")]
    deferred = []  # per call of update_target_yoy: was the connection deferring?
    original = identity.update_target_yoy

    def counted(con, departments, changes=None):
        deferred.append(identity._deferred(con))
        return original(con, departments, changes)

    monkeypatch.setattr(identity, "update_target_yoy", counted)
    report = ingest(files, warehouse, batch_size=1)  # three batches of one file
    assert report.ok and len(report.loaded) == 3
    assert deferred == [True, True, True, False]  # each batch lists its departments; one computation at the end
    stored, computed = stored_and_computed(warehouse)
    assert stored == computed and {row[1] for row in stored} == {2025, 2026}
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
        con.execute("INSERT INTO derived_pending SELECT DISTINCT 'indicator_target_yoy', department_key FROM indicator_target_yoy")
        con.execute("DELETE FROM indicator_target_yoy")
    assert ingest([sample_path], warehouse).ok  # nothing new to load, and still the pending work is done
    assert stored_and_computed(warehouse) == (stored, stored)
