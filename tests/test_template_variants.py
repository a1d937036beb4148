"""Hand-made small tables, one per template variant of DOMAIN.md, each with its asserted output: how
indicators are classified and which columns a table prints (several tables, documents and unknown
layouts: tests/test_template_tables.py).

Each fixture is written as a person would submit it (tab-separated text or CSV) and read through
`parse_submission`, so the readers, the segmenter and the parser all take part.
"""

from __future__ import annotations

import csv

import duckdb
import pytest

from sources.submission import parse_submission
from tests.template_variants_support import (
    HEADER,
    PROJECT_FIELDS,
    one_table,
    write_text,
)
from warehouse.ingest import ingest
from warehouse.model import primary_value_column


def classes(table):
    return [(r.level1, r.level1_label, r.level2, r.level2_label) for r in table.indicators]


def codes(table):
    return [w.code for w in table.warnings]


# --- indicator classification -------------------------------------------------------------------

def test_newer_template_cost_is_a_level1_listed_first(tmp_path):
    table = one_table(tmp_path, PROJECT_FIELDS + [
        HEADER,
        ["", "成本指标", "经济成本指标", "指标1：人均培训成本", "≤800元"],
        ["", "", "社会成本指标", "指标2：对居民生活的影响", "无"],
        ["", "", "生态环境成本指标", "指标3：碳排放增加", "0吨"],
        ["", "产出指标", "数量指标", "指标4：培训人数", "≥200人"],
        ["", "", "时效指标", "指标5：完成时间", "2024年12月前"],
        ["", "效益指标", "社会效益指标", "指标6：就业率", "≧85%"],
        ["", "满意度指标", "服务对象满意度指标", "指标7：满意度", "≥90%"],
    ])
    assert classes(table) == [
        ("成本指标", "成本指标", "经济成本指标", "经济成本指标"),
        ("成本指标", "成本指标", "社会成本指标", "社会成本指标"),
        ("成本指标", "成本指标", "生态环境成本指标", "生态环境成本指标"),
        ("产出指标", "产出指标", "数量指标", "数量指标"),
        ("产出指标", "产出指标", "时效指标", "时效指标"),
        ("效益指标", "效益指标", "社会效益指标", "社会效益指标"),
        ("满意度指标", "满意度指标", "服务对象满意度指标", "服务对象满意度指标"),
    ]
    assert table.warnings == []


def test_sichuan_level1_names_map_to_canonical_and_keep_the_printed_label(tmp_path):
    table = one_table(tmp_path, PROJECT_FIELDS + [
        HEADER,
        ["", "项目完成指标", "数量指标", "指标1：甲", "3个"],
        ["", "", "成本指标", "指标2：乙", "≤10万元"],
        ["", "项目效益指标", "社会效益指标", "指标3：丙", "明显"],
        ["", "", "服务对象满意度指标", "指标4：丁", "≥90%"],
    ])
    assert classes(table) == [
        ("产出指标", "项目完成指标", "数量指标", "数量指标"),
        ("产出指标", "项目完成指标", "成本指标", "成本指标"),
        ("效益指标", "项目效益指标", "社会效益指标", "社会效益指标"),
        ("满意度指标", "项目效益指标", "服务对象满意度指标", "服务对象满意度指标"),
    ]


def test_satisfaction_as_a_level2_under_benefit(tmp_path):
    """2015–2019 forms: no 满意度 level 1; the canonical level 1 follows the level 2, the printed
    level 1 (效益指标) is kept beside it."""
    table = one_table(tmp_path, PROJECT_FIELDS + [
        HEADER,
        ["", "产出指标", "数量指标", "指标1：甲", "3个"],
        ["", "效益指标", "社会效益指标", "指标2：乙", "明显"],
        ["", "", "服务对象满意度指标", "指标3：丙", "≥90%"],
        ["", "效益指标", "满意度指标", "指标4：丁", "≥95%"],
    ])
    assert classes(table)[1:] == [
        ("效益指标", "效益指标", "社会效益指标", "社会效益指标"),
        ("满意度指标", "效益指标", "服务对象满意度指标", "服务对象满意度指标"),
        ("满意度指标", "效益指标", "服务对象满意度指标", "满意度指标"),
    ]


def test_identical_level1_and_level2(tmp_path):
    table = one_table(tmp_path, PROJECT_FIELDS + [
        HEADER,
        ["", "产出指标", "质量指标", "指标1：甲", "100%"],
        ["", "满意度指标", "满意度指标", "指标2：乙", "≥90%"],
    ])
    assert classes(table)[1] == ("满意度指标", "满意度指标", "服务对象满意度指标", "满意度指标")


def test_label_decorations(tmp_path):
    """(必填), (必填硬性指标), a trailing 等, (0-20)分 and （30分）, inner spaces and line breaks
    (a quoted CSV cell spanning two lines, as Excel writes one)."""
    rows = PROJECT_FIELDS + [
        HEADER,
        ["", "产出指标（必填）", "数量指标（必填硬性指标）", "指标1：甲", "2场"],
        ["", "效益指标（30分）", "社会效益指标等", "指标2：乙", "明显"],
        ["", "", "经济效益 指标", "指标3：丙", "是"],
        ["", "", "可持续影响\n指标", "指标4：丁", "长期"],
        ["", "满意度指标(0-20)分", "服务对象满意度指标", "指标5：戊", "≥90%"],
    ]
    path = tmp_path / "decorated-2024.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["项目支出绩效目标表"])
        writer.writerows(rows)
    parsed = parse_submission(path)
    assert parsed.error is None
    (table,) = parsed.tables
    assert classes(table) == [
        ("产出指标", "产出指标（必填）", "数量指标", "数量指标（必填硬性指标）"),
        ("效益指标", "效益指标（30分）", "社会效益指标", "社会效益指标等"),
        ("效益指标", "效益指标（30分）", "经济效益指标", "经济效益 指标"),
        ("效益指标", "效益指标（30分）", "可持续影响指标", "可持续影响\n指标"),
        ("满意度指标", "满意度指标(0-20)分", "服务对象满意度指标", "服务对象满意度指标"),
    ]
    assert [r.line for r in table.indicators] == [7, 8, 9, 10, 12]  # the quoted cell spans lines 10-11
    assert table.warnings == []


# --- columns ------------------------------------------------------------------------------------

def test_extra_columns_are_attributes_and_an_operator_column_completes_the_value(tmp_path):
    table = one_table(tmp_path, PROJECT_FIELDS + [
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "指标方向", "权重(%)",
         "评(扣)分标准", "指标解释"],
        ["", "产出指标", "数量指标", "指标1：培训人数", "≥", "200", "人", "正向", "20", "完成得满分", "年度培训人数"],
        ["", "", "质量指标", "指标2：合格率", "≧", "95", "%", "正向", "20", "", ""],
        ["", "", "时效指标", "指标3：投诉率", "≤", "1%", "%", "反向", "10", "", ""],
        ["", "效益指标", "社会效益指标", "指标4：群众认可", "═", "较好", "", "正向", "30", "", ""],
        ["合计", "", "", "", "", "", "", "", "100", "", ""],
    ])
    assert table.value_columns == ["指标值"]
    assert table.attribute_columns == ["指标性质", "度量单位", "指标方向", "权重", "评(扣)分标准", "指标解释"]
    assert [r.values for r in table.indicators] == [
        (("指标值", "≥200人"),), (("指标值", "≧95%"),), (("指标值", "≤1%"),), (("指标值", "较好"),)]
    assert table.indicators[0].attributes == (
        ("指标性质", "≥"), ("度量单位", "人"), ("指标方向", "正向"), ("权重", "20"),
        ("评(扣)分标准", "完成得满分"), ("指标解释", "年度培训人数"))
    assert dict(table.indicators[2].attributes)["指标方向"] == "反向"
    assert codes(table) == ["subtotal_row"]  # the 合计 of the weights is no indicator
    assert len(table.indicators) == 4


def test_extra_columns_are_stored_as_printed_in_the_warehouse(tmp_path):
    source = tmp_path / "attributes-2024.txt"
    write_text(source, PROJECT_FIELDS + [
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "指标方向", "权重(%)"],
        ["", "产出指标", "数量指标", "指标1：培训人数", "≥", "200", "人", "正向", "20"],
        ["", "效益指标", "社会效益指标", "指标2：投诉率", "≤", "1%", "%", "反向", "10"],
    ])
    report = ingest([source], tmp_path / "w.duckdb")
    assert report.ok
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    rows = con.execute(
        "SELECT i.indicator_name, a.attribute, a.value_raw, a.source_line FROM indicator_attributes a "
        "JOIN indicators i USING (indicator_key) ORDER BY a.source_line, a.attribute").fetchall()
    targets = con.execute("SELECT value_raw, operator, number, unit FROM indicators ORDER BY source_line").fetchall()
    con.close()
    line = rows[0][3]
    assert rows == [
        ("培训人数", "度量单位", "人", line), ("培训人数", "指标性质", "≥", line), ("培训人数", "指标方向", "正向", line),
        ("培训人数", "权重", "20", line), ("投诉率", "度量单位", "%", line + 1), ("投诉率", "指标性质", "≤", line + 1),
        ("投诉率", "指标方向", "反向", line + 1), ("投诉率", "权重", "10", line + 1)]
    assert targets == [("≥200人", ">=", 200.0, "人"), ("≤1%", "<=", 1.0, "%")]


def test_a_nature_column_saying_quantitative_or_qualitative_is_only_an_attribute(tmp_path):
    table = one_table(tmp_path, PROJECT_FIELDS + [
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值类型", "指标值", "计量单位"],
        ["", "产出指标", "数量指标", "指标1：甲", "定量", "200", "人"],
        ["", "", "质量指标", "指标2：乙", "定性", "合格", ""],
    ])
    assert [r.values for r in table.indicators] == [(("指标值", "200人"),), (("指标值", "合格"),)]
    assert [dict(r.attributes).get("指标性质") for r in table.indicators] == ["定量", "定性"]


@pytest.mark.parametrize("columns, values, primary", [
    (["实施周期指标值", "当年度指标值"], ["≥3场", "≥1场"], "当年度指标值"),
    (["中期指标值", "年度指标值"], [">=500人", ">=100人"], "年度指标值"),
    (["长期目标值", "年度目标值"], ["≥90%", "≥80%"], "年度目标值"),
    (["上年实际", "本年预期"], ["90人", "<=100人"], "本年预期"),
])
def test_paired_value_columns_are_named(tmp_path, columns, values, primary):
    table = one_table(tmp_path, PROJECT_FIELDS + [
        ["绩效指标", "一级指标", "二级指标", "三级指标", *columns],
        ["", "产出指标", "数量指标", "指标1：甲", *values],
    ])
    assert table.value_columns == columns
    assert table.indicators[0].values == tuple(zip(columns, values))
    assert primary_value_column(table.value_columns) == primary


def test_two_row_value_header_under_a_merged_target_header(tmp_path):
    table = one_table(tmp_path, PROJECT_FIELDS + [
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", ""],
        ["", "", "", "", "实施周期", "当年度"],
        ["", "产出指标", "数量指标", "指标1：甲", "≥3场", "≥1场"],
    ])
    assert table.value_columns == ["实施周期指标值", "当年度指标值"]
    assert table.indicators[0].values == (("实施周期指标值", "≥3场"), ("当年度指标值", "≥1场"))
    assert table.warnings == []


def test_operators_and_placeholders_in_the_warehouse(tmp_path):
    rows = PROJECT_FIELDS + [HEADER] + [
        ["", "产出指标", "数量指标", f"指标{n}：值{n}", value] for n, value in enumerate(
            ["≥95%", "≤5天", ">=90%", "<=3个", "≧80%", "≦2次", "═100%", "≥**%", "≤**"], start=1)
    ]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_text(inbox / "operators-2024.txt", rows)
    report = ingest([inbox], tmp_path / "jixiao.duckdb")
    assert not report.rejected
    con = duckdb.connect(str(tmp_path / "jixiao.duckdb"), read_only=True)
    try:
        found = con.execute("SELECT value_raw, operator, number, unit, is_placeholder FROM indicator_values "
                            "ORDER BY source_line").fetchall()
        warnings = con.execute("SELECT code, source_line FROM parse_warnings ORDER BY source_line").fetchall()
    finally:
        con.close()
    assert found == [
        ("≥95%", ">=", 95.0, "%", False), ("≤5天", "<=", 5.0, "天", False), (">=90%", ">=", 90.0, "%", False),
        ("<=3个", "<=", 3.0, "个", False), ("≧80%", ">=", 80.0, "%", False), ("≦2次", "<=", 2.0, "次", False),
        ("═100%", "=", 100.0, "%", False), ("≥**%", ">=", None, "%", True), ("≤**", "<=", None, None, True),
    ]
    assert warnings == [("placeholder_value", 14), ("placeholder_value", 15)]
