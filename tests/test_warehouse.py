"""The sample in DuckDB: the acceptance figures, traceability, idempotency, one writer, atomic batches."""

from dataclasses import replace
from decimal import Decimal

import duckdb
import polars as pl
import pytest

from warehouse.connection import WarehouseLocked, published_path, write_lock, writer
from warehouse.ingest import ingest
from warehouse.load import RowKeyError, load_frames
from warehouse.model import TABLES, build_frames


def one(con, sql, *params):
    return con.execute(sql, list(params)).fetchone()


def test_documents_and_indicators(sample_db):
    assert one(sample_db, "SELECT count(*) FILTER (kind='unit'), count(*) FILTER (kind='project') FROM documents") == (1, 13)
    assert one(sample_db, "SELECT count(*) FROM indicators") == (84,)
    assert one(sample_db, "SELECT count(*) FROM indicators WHERE owner_kind='unit'") == (6,)
    assert one(sample_db, "SELECT count(*) FROM indicators WHERE level1 NOT IN ('产出指标','效益指标','满意度指标') "
                          "OR level1 IS NULL OR level2 IS NULL") == (0,)


def test_project_amounts_and_years(sample_db):
    assert one(sample_db, "SELECT count(*), sum(total_amount_yuan), sum(current_year_amount_yuan) FROM projects") == (
        13, Decimal("5553200.00"), Decimal("5553200.00"))
    assert one(sample_db, "SELECT count(*) FROM projects WHERE budget_year = 2024 AND start_year = 2024") == (13,)
    assert one(sample_db, "SELECT typeof(total_amount_yuan) FROM projects LIMIT 1") == ("DECIMAL(18,2)",)


def test_unit_budget_lines_staff_and_key_tasks(sample_db):
    lines = dict(sample_db.execute("SELECT category, amount_yuan FROM budget_lines WHERE owner_kind='unit'").fetchall())
    assert lines == {
        "基本支出": Decimal("6740900.00"), "项目支出": Decimal("4163200.00"),
        "财政拨款": Decimal("14424100.00"), "其他资金": Decimal("0.00"),
        "财政专项资金": Decimal("0.00"), "其他事业发展性支出": Decimal("3520000.00"),
    }
    assert one(sample_db, "SELECT unit_name, staff_count, budget_year FROM units") == ("吴川市人力资源和社会保障局", 75, 2024)
    tasks = sample_db.execute("SELECT task_name, amount_yuan FROM key_tasks ORDER BY task_no").fetchall()
    assert [amount for _, amount in tasks] == [Decimal("1000000.00"), Decimal("720000.00"), Decimal("1700000.00")]
    # each key task names a project with the same amount (a cross-check from DOMAIN.md)
    assert one(sample_db, "SELECT count(*) FROM key_tasks k JOIN projects p ON p.project_name = k.task_name "
                          "AND p.total_amount_yuan = k.amount_yuan") == (3,)


def test_budget_identity_holds(sample_db):
    lines = dict(sample_db.execute("SELECT category, amount_yuan FROM budget_lines WHERE owner_kind='unit'").fetchall())
    assert lines["基本支出"] + lines["项目支出"] + lines["其他事业发展性支出"] == lines["财政拨款"] + lines["其他资金"]
    assert one(sample_db, "SELECT sum(total_amount_yuan) FROM projects WHERE project_type='其他事业发展性支出'") == (
        lines["其他事业发展性支出"],)


def test_normalized_values_in_the_warehouse(sample_db):
    rows = sample_db.execute(
        "SELECT value_raw, operator, number, unit, is_qualitative FROM indicators "
        "WHERE value_raw IN ('95%以上','不高于1%','小于2单','0起','50人','大于等于两场','达到100%','较满意') "
        "GROUP BY ALL ORDER BY value_raw").fetchall()
    assert rows == [
        ("0起", "=", 0.0, "起", False), ("50人", "=", 50.0, "人", False), ("95%以上", ">=", 95.0, "%", False),
        ("不高于1%", "<=", 1.0, "%", False), ("大于等于两场", ">=", 2.0, "场", False),
        ("小于2单", "<", 2.0, "单", False), ("较满意", None, None, None, True), ("达到100%", ">=", 100.0, "%", False)]
    assert one(sample_db, "SELECT unit, unit_from_name FROM indicators WHERE indicator_name='执法巡查覆盖辖区数量（个）'") == ("个", True)
    # projects keep both value columns; the primary is 当年度指标值
    assert one(sample_db, "SELECT count(*), count(DISTINCT value_column) FROM indicator_values") == (162, 3)
    assert one(sample_db, "SELECT DISTINCT value_column FROM indicators WHERE owner_kind='project'") == ("当年度指标值",)


def test_every_fact_row_traces_to_file_and_line(sample_db, sample_text):
    lines = sample_text.split("\n")
    rows = sample_db.execute(
        "SELECT i.indicator_label_raw, i.source_line, d.file_path FROM indicators i JOIN documents d USING (document_key)"
    ).fetchall()
    for label, line, path in rows:
        assert label in lines[line - 1].split("\t") and path.endswith("wuchuan-hrss-2024.txt")
    for table in ("budget_lines", "goals", "key_tasks"):
        raw = {"budget_lines": "amount_raw", "goals": "scope", "key_tasks": "task_name"}[table]
        for value, line in sample_db.execute(f"SELECT {raw}, source_line FROM {table}").fetchall():
            assert line >= 1 and (table == "goals" or value in lines[line - 1])


def test_parse_warnings_are_loaded(sample_db):
    rows = sample_db.execute("SELECT d.subject_name, w.code, w.source_line FROM parse_warnings w "
                             "JOIN documents d USING (document_key) ORDER BY 3").fetchall()
    assert rows == [("居民养老工作经费", "label_row_without_indicator", 104),
                    ("事业单位招聘招考工作经费", "indicator_number_gap", 108),
                    ("事业单位招聘招考工作经费", "indicator_number_repeated", 123)]


def test_every_table_and_column_has_a_comment(sample_db):
    missing = sample_db.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name='main' AND comment IS NULL "
        "AND table_name IN (SELECT table_name FROM duckdb_tables())").fetchall()
    assert missing == []
    assert one(sample_db, "SELECT count(*) FROM duckdb_tables() WHERE comment IS NULL") == (0,)


def _snapshot(path):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}
    finally:
        con.close()


def test_ingest_twice_changes_nothing(tmp_path, sample_path):
    path = tmp_path / "w.duckdb"
    first = ingest([sample_path], path)
    before = _snapshot(path)
    second = ingest([sample_path], path)
    assert len(first.loaded) == 1 and second.loaded == [] and second.unchanged == [(str(sample_path), "loaded")]
    assert _snapshot(path) == before
    # forcing a reload of the same content rewrites identical rows (only the load time moves)
    ingest([sample_path], path, force=True)
    after = _snapshot(path)
    assert {t: rows for t, rows in after.items() if t != "submissions"} == {t: rows for t, rows in before.items() if t != "submissions"}


def test_same_content_under_another_name_is_a_noop(tmp_path, sample_path):
    path = tmp_path / "w.duckdb"
    ingest([sample_path], path)
    copy = tmp_path / "renamed.txt"
    copy.write_bytes(sample_path.read_bytes())
    report = ingest([copy], path)
    assert report.loaded == [] and report.unchanged == [(str(copy), "loaded")]


def test_a_failing_batch_leaves_the_warehouse_as_it_was(tmp_path, sample_path, parsed_sample):
    path = tmp_path / "w.duckdb"
    ingest([sample_path], path)
    before = _snapshot(path)
    frames = build_frames([parsed_sample])
    frames["indicators"] = frames["indicators"].with_columns(pl.lit(None, pl.String).alias("indicator_name"))
    with writer(path) as con, pytest.raises(duckdb.ConstraintException):
        load_frames(con, frames)  # NOT NULL violated half-way through the batch
    assert _snapshot(path) == before


@pytest.mark.parametrize("damage, message", [
    # a key that does not carry its file's hash prefix could meet another file's rows
    (lambda f: f | {"goals": f["goals"].with_columns(pl.lit("0123456789abcdef:0:g1").alias("goal_key"))},
     "goals: .* not prefixed by their file's hash"),
    # the same key twice in one batch (the fact tables have no PRIMARY KEY to refuse it)
    (lambda f: f | {"indicators": pl.concat([f["indicators"], f["indicators"].head(1)])},
     "indicators: row key .* appears twice"),
    (lambda f: f | {"indicator_values": pl.concat([f["indicator_values"], f["indicator_values"].head(1)])},
     "indicator_values: row key .* appears twice"),
])
def test_row_keys_are_checked_before_anything_is_written(tmp_path, sample_path, parsed_sample, damage, message):
    path = tmp_path / "w.duckdb"
    ingest([sample_path], path)
    before = _snapshot(path)
    frames = damage(build_frames([replace(parsed_sample, sha256="f" * 64)]))
    with writer(path) as con, pytest.raises(RowKeyError, match=message):
        load_frames(con, frames)
    assert _snapshot(path) == before


def test_two_files_sharing_a_key_prefix_are_refused(tmp_path, sample_path, parsed_sample):
    path = tmp_path / "w.duckdb"
    ingest([sample_path], path)
    loaded = parsed_sample.sha256
    twin = replace(parsed_sample, sha256=loaded[:16] + ("0" if loaded[16] != "0" else "1") + loaded[17:])
    with writer(path) as con, pytest.raises(RowKeyError, match="share the hash prefix"):
        load_frames(con, build_frames([twin]))


def test_second_writer_fails_fast_with_a_clear_message(tmp_path, sample_path):
    path = tmp_path / "w.duckdb"
    with write_lock(path):
        with pytest.raises(WarehouseLocked, match="being written by pid"):
            ingest([sample_path], path)


def test_ingest_publishes_a_snapshot_for_readers(tmp_path, sample_path):
    path = tmp_path / "w.duckdb"
    ingest([sample_path], path)
    con = duckdb.connect(str(published_path(path)), read_only=True)
    assert con.execute("SELECT count(*) FROM indicators").fetchone() == (84,)
    con.close()


def test_bad_files_are_reported_and_the_batch_goes_on(tmp_path, sample_path):
    folder = tmp_path / "landing"
    folder.mkdir()
    (folder / "a.txt").write_bytes(sample_path.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "notes.docm").write_text("x")
    report = ingest([folder], tmp_path / "w.duckdb")
    assert [p.path for p in report.loaded] == [str(folder / "a.txt")]
    errors = sorted(p.error for p in report.rejected)
    assert errors[0].startswith(str(folder / "binary.txt")) and errors[1] == f"{folder / 'empty.txt'}: the file is empty"
    assert report.skipped == [(str(folder / "notes.docm"), "unsupported file type .docm")]
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    assert con.execute("SELECT status, count(*) FROM submissions GROUP BY 1 ORDER BY 1").fetchall() == [("loaded", 1), ("rejected", 2)]
    assert con.execute("SELECT count(*) FROM documents").fetchone() == (14,)
    con.close()


def test_schema_is_applied_again_only_when_a_definition_changes(tmp_path, monkeypatch):
    import warehouse.connection as connection

    path = tmp_path / "w.duckdb"
    with writer(path) as con:
        [(first,)] = con.execute("SELECT fingerprint FROM schema_fingerprint").fetchall()
        con.execute("DROP VIEW v_indicators")
    with writer(path) as con:  # same definitions: nothing is re-created (the dropped view stays dropped)
        assert con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = 'v_indicators'").fetchone() == (0,)
    original = connection.sql_file
    monkeypatch.setattr(connection, "sql_file", lambda name: original(name) + ("\n-- changed" if name == "views.sql" else ""))
    with writer(path) as con:  # a changed file: everything is applied again, with the new fingerprint
        assert con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = 'v_indicators'").fetchone() == (1,)
        assert con.execute("SELECT fingerprint <> ? FROM schema_fingerprint", [first]).fetchall() == [(True,)]
