"""What analysts see of the names: every column of every analyst view explained in Chinese
(warehouse/view_comments.sql), and a typo answered with the nearest analyst-facing names only."""

import re

import pytest

from warehouse.connection import reader
from warehouse.query import QueryError, list_relations, run_query
from warehouse.relations import INTERNAL_RELATIONS, analyst_names, is_analyst_view, nearest_names

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def published(sample_warehouse):
    con = reader(sample_warehouse)  # the snapshot analysts read, as `jixiao sql` opens it
    yield con
    con.close()


def view_columns(con):
    return con.execute("""
        SELECT c.table_name, c.column_name, c.comment FROM duckdb_columns() c
        JOIN duckdb_views() v ON v.view_name = c.table_name AND v.schema_name = c.schema_name
        WHERE c.schema_name = 'main' AND NOT v.internal ORDER BY ALL""").fetchall()


def test_every_column_of_every_analyst_view_has_a_chinese_comment(published):
    columns = [(view, column, comment) for view, column, comment in view_columns(published)
               if is_analyst_view(view)]
    views = {view for view, _, _ in columns}
    assert len(views) == 25 and {"项目预算", "绩效指标", "政策资金", "v_indicator_review", "v_validation_findings"} <= views
    missing = [f"{view}.{column}" for view, column, comment in columns if not comment or not CHINESE.search(comment)]
    assert missing == [], f"analyst view columns without a Chinese comment: {missing}"
    assert len(columns) == 362


def test_every_view_an_analyst_is_offered_explains_every_column(published):
    """The current_* views too: each column takes its table's comment (view_comments_current.sql)."""
    offered = set(analyst_names(list_relations(published)))
    columns = [(view, column, comment) for view, column, comment in view_columns(published) if view in offered]
    assert len({view for view, _, _ in columns}) == 36 and len(columns) == 503
    assert [f"{view}.{column}" for view, column, comment in columns if not comment] == []
    same = published.execute("""
        SELECT count(*), count(*) FILTER (WHERE v.comment = t.comment) FROM duckdb_columns() v
        JOIN duckdb_columns() t ON t.schema_name = 'main' AND t.table_name = 'projects' AND t.column_name = v.column_name
        WHERE v.table_name = 'current_projects'""").fetchone()
    assert same == (16, 16)


def test_项目预算_explains_all_18_columns(published):
    comments = dict(published.execute(
        "SELECT column_name, comment FROM duckdb_columns() WHERE table_name = '项目预算'").fetchall())
    assert len(comments) == 18 and all(comments.values())
    assert comments["占部门项目金额比例"].startswith("占部门项目金额比例：本项目当年度金额占该部门")
    assert comments["来源行"] == "来源行：该项目表在来源文件中的行号"


def test_the_comments_survive_a_second_load(tmp_path, sample_path, sample_text):
    """Every load re-runs quarantine.sql (v_validation_findings); a new file must not drop its comments."""
    from conftest import loaded_warehouse
    from sample_variants import previous_year

    earlier = tmp_path / "wuchuan-hrss-2023.txt"
    earlier.write_text(previous_year(sample_text), encoding="utf-8")
    warehouse = loaded_warehouse([sample_path], tmp_path / "w.duckdb")
    loaded_warehouse([earlier], warehouse)
    con = reader(warehouse)
    try:
        uncommented = [(v, c) for v, c, comment in view_columns(con) if is_analyst_view(v) and not comment]
    finally:
        con.close()
    assert uncommented == []


def test_internal_relations_are_real_and_left_out(published):
    relations = list_relations(published)
    names = {name for name, _, _ in relations}
    assert INTERNAL_RELATIONS <= names  # the list names relations that exist, so it cannot go stale unseen
    offered = analyst_names(relations)
    assert len(names) == 62 and len(offered) == 52 and not INTERNAL_RELATIONS & set(offered)


@pytest.mark.parametrize("typo, expected", [
    ("projekts", ["projects"]),
    ("项目预箕", ["项目预算", "项目预算同比"]),
    ("indicator", ["indicators", "v_indicators", "indicator_values", "current_indicators", "v_indicator_review"]),
    ("schema_fingerprin", []),  # an internal table is never offered
])
def test_a_typo_gets_the_nearest_analyst_names(published, typo, expected):
    assert nearest_names(typo, analyst_names(list_relations(published))) == expected


def test_a_query_naming_an_unknown_view_suggests_in_one_line(sample_warehouse):
    with pytest.raises(QueryError) as wrong:
        run_query(sample_warehouse, 'SELECT "总金额(元)" FROM 项目预箕')
    message = str(wrong.value)
    assert message == ("Catalog Error: Table with name 项目预箕 does not exist! Did you mean 项目预算, 项目预算同比? "
                       "(`jixiao tables` lists every table and view)")
    with pytest.raises(QueryError) as internal:
        run_query(sample_warehouse, "SELECT * FROM schema_fingerprin")
    assert "schema_fingerprint" not in str(internal.value) and "No table or view has a similar name" in str(internal.value)
