"""Policy references as a dimension: the documents a table cites, extracted, stored, grouped and reported."""

from decimal import Decimal

import pytest

import sys
import unicodedata

from sources.policy_refs import CITATION_MARKS, Citation, find_citations
from warehouse.report import Scope, write_report

FORMS = [
    # the sample's own forms
    ("根据《关于印发〈湛江市完善企业职工基本养老保险省级统筹考核评分标准（2019年修订）〉的通知》（湛人社函〔2019〕613号）文件要求",
     [("湛人社函〔2019〕613号", "湛人社函", 2019, 613, "关于印发〈湛江市完善企业职工基本养老保险省级统筹考核评分标准(2019年修订)〉的通知")]),
    ("根据粤人社明电〔2020〕60号、粤欠治发〔2021〕1号文件要求",
     [("粤人社明电〔2020〕60号", "粤人社明电", 2020, 60, None), ("粤欠治发〔2021〕1号", "粤欠治发", 2021, 1, None)]),
    ("根据《调解仲裁法》第五十三条、《关于劳动人事争议调解仲裁委员会办案补助的通知》湛人社[2019]237号，该",
     [(None, None, None, None, "调解仲裁法"),
      ("湛人社〔2019〕237号", "湛人社", 2019, 237, "关于劳动人事争议调解仲裁委员会办案补助的通知")]),
    ("根据广东省事业单位公开招聘人员办法（粤府令第301号）、关于规范考试费用的通知（吴人社〔2019〕60号）",
     [("粤府令第301号", "粤府令", None, 301, None), ("吴人社〔2019〕60号", "吴人社", 2019, 60, None)]),
    ("《关于印发湛江市 2022 年度考核办法的通知》（湛人社函〔2023〕156 号）的有关要求",
     [("湛人社函〔2023〕156号", "湛人社函", 2023, 156, "关于印发湛江市 2022 年度考核办法的通知")]),
    # other brackets and spacing bureaus print
    ("依据财预〔2021〕101号和《中华人民共和国预算法》",
     [("财预〔2021〕101号", "财预", 2021, 101, None), (None, None, None, None, "中华人民共和国预算法")]),
    ("按照国办发[2019] 5 号文件", [("国办发〔2019〕5号", "国办发", 2019, 5, None)]),
    ("落实财社【2022】36号和财农（2023）7号精神",
     [("财社〔2022〕36号", "财社", 2022, 36, None), ("财农〔2023〕7号", "财农", 2023, 7, None)]),
    ("贯彻《国务院关于…的意见》（国发〔2018〕12号）及国务院令第711号",
     [("国发〔2018〕12号", "国发", 2018, 12, "国务院关于...的意见"), ("国务院令第711号", "国务院令", None, 711, None)]),
    # one document cited twice is one citation; a list number is no document; nothing to find
    ("根据《关于…的通知》(财预〔2021〕101号)，再按财预〔2021〕101号", [("财预〔2021〕101号", "财预", 2021, 101, "关于...的通知")]),
    ("完成第3号任务，达到2024年规模", []),
    ("", []),
]


@pytest.mark.parametrize("text, expected", FORMS)
def test_citations_in_the_forms_bureaus_write(text, expected):
    assert [tuple(c) for c in find_citations(text)] == expected


def test_a_text_without_a_citation_mark_has_none_once_normalized():
    """find_citations skips a text holding none of CITATION_MARKS: no character normalizes to 号 or 《
    but those marks (so the text normalized holds neither, and every citation needs one)."""
    making = {chr(c) for c in range(sys.maxunicode + 1)
              if "号" in unicodedata.normalize("NFKC", chr(c)) or "《" in unicodedata.normalize("NFKC", chr(c))}
    assert making == set(CITATION_MARKS)
    assert find_citations("依据︽预算法︾") == [Citation(None, None, None, None, "预算法")]


def test_a_citation_is_told_apart_by_its_number_else_its_title():
    assert Citation("财预〔2021〕101号", "财预", 2021, 101, "x").identity == "财预〔2021〕101号"
    assert Citation(None, None, None, None, "预算法").identity == "《预算法》"


def test_the_samples_613_is_one_row_linked_to_its_project(sample_db):
    rows = sample_db.execute(
        "SELECT p.project_name, c.cited_in, c.issuer, c.issue_year, c.document_number, c.source_line "
        "FROM policy_citations c JOIN projects p ON p.project_key = c.owner_key "
        "WHERE c.reference = '湛人社函〔2019〕613号'").fetchall()
    assert rows == [("社保扩面征收工作经费", "项目概述", "湛人社函", 2019, 613, 37)]
    assert sample_db.execute("SELECT count(*), count(reference), count(title) FROM policy_citations").fetchone() == (
        14, 13, 8)


def test_policy_money_per_document_across_years(two_year_db):
    row = two_year_db.execute(
        'SELECT 项目数, 部门数, 最早年度, 最近年度, "当年度金额合计(元)", 项目或单位 FROM 政策资金 '
        "WHERE 政策文件 = '湛人社函〔2019〕613号'").fetchone()
    amounts = two_year_db.execute(
        "SELECT sum(current_year_amount_yuan) FROM current_projects WHERE project_name = '社保扩面征收工作经费'").fetchone()
    assert row[:4] == (2, 1, 2023, 2024) and row[4] == amounts[0] and row[5] == "社保扩面征收工作经费"
    detail = two_year_db.execute(
        "SELECT 年度, 项目或单位名称, 文件标题 IS NOT NULL, 来源行 FROM 政策依据 WHERE 文件号 = '湛人社函〔2019〕613号' ORDER BY 1"
    ).fetchall()
    assert [r[:3] for r in detail] == [(2023, "社保扩面征收工作经费", True), (2024, "社保扩面征收工作经费", True)]


def test_the_report_lists_the_cited_policies_with_file_and_line(tmp_path, sample_warehouse):
    html = write_report(sample_warehouse, tmp_path / "r.html", Scope()).path.read_text(encoding="utf-8")
    section = html[html.index('id="policies"'):html.index('id="projects"')]
    assert 'data-count="14"' in section
    assert "湛人社函〔2019〕613号" in section and "社保扩面征收工作经费（wuchuan-hrss-2024.txt 第37行）" in section
    assert "/" not in section.split("<tbody>")[1].split("</tbody>")[0].replace("</", "")  # file names, no paths
    assert f"{Decimal('1700000.00'):,.2f}" in section


def test_a_warehouse_of_an_earlier_version_gets_the_new_views_in_its_snapshot(tmp_path, sample_path):
    """A warehouse written before 政策资金 existed: the next write adds it, and publishes it to analysts."""
    from conftest import loaded_warehouse
    from warehouse.connection import connect_writer, needs_publish, publish, write_lock
    from warehouse.ingest import ingest
    from warehouse.query import QueryError, run_query

    warehouse = loaded_warehouse([sample_path], tmp_path / "w.duckdb")
    with write_lock(warehouse):  # as an earlier version left it: without the view, another fingerprint
        con = connect_writer(warehouse)
        con.execute("DROP VIEW 政策资金; UPDATE schema_fingerprint SET fingerprint = 'an earlier version'")
        con.close()
        publish(warehouse)
    with pytest.raises(QueryError):
        run_query(warehouse, "SELECT count(*) FROM 政策资金")
    report = ingest([sample_path], warehouse)  # nothing new to load
    assert report.unchanged and not report.loaded and not needs_publish(warehouse)
    assert run_query(warehouse, "SELECT count(*) FROM 政策资金").rows == [(14,)]
