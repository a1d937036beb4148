"""Hand-made small tables, one per template variant of DOMAIN.md, each with its asserted output.

Each fixture is written as a person would submit it (tab-separated text, CSV, .docx or HTML) and
read through `parse_submission`, so the readers, the segmenter and the parser all take part.
"""

from __future__ import annotations

import csv

import duckdb
import pytest

from sources.submission import parse_submission
from warehouse.ingest import ingest
from warehouse.model import primary_value_column

PROJECT_FIELDS = [
    ["项目名称", "测试项目"],
    ["主管部门", "某某局", "用款单位", "某某中心"],
    ["实施期限", "起始年度", "2024", "到期年度", "2024"],
    ["预算金额", "总金额", "1000.00元", "当年度金额", "800.00元"],
]
HEADER = ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"]


def write_text(path, rows, title="项目支出绩效目标表"):
    lines = ([title] if title else []) + ["\t".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def parse(tmp_path, rows, title="项目支出绩效目标表", name="variant-2024.txt"):
    parsed = parse_submission(write_text(tmp_path / name, rows, title))
    assert parsed.error is None, parsed.error
    return parsed


def one_table(tmp_path, rows, **kwargs):
    parsed = parse(tmp_path, rows, **kwargs)
    assert len(parsed.tables) == 1
    return parsed.tables[0]


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


# --- tables -------------------------------------------------------------------------------------

LIST_TABLE = [
    ["单位：万元"],
    ["项目名称", "预算金额（万元）", "年度绩效目标", "一级指标", "二级指标", "三级指标", "指标值"],
    ["职业技能培训", "120", "完成培训任务", "产出指标", "数量指标", "指标1：培训人数", "≥500人"],
    ["", "", "", "", "质量指标", "指标2：合格率", "≥90%"],
    ["", "", "", "满意度指标", "服务对象满意度指标", "指标3：满意度", "≥90%"],
    ["就业见习补贴", "80.5", "发放见习补贴", "产出指标", "数量指标", "指标1：见习人数", "100人"],
    ["", "", "", "效益指标", "社会效益指标", "指标2：留用率", "≥30%"],
    ["指标3：补贴发放及时率", "100%"],  # lost its empty cells and shifted left
    ["劳动监察", "30", "", "产出指标", "时效指标", "指标1：结案率", "≥95%"],
    ["合计", "230.5", "", "", "", "", ""],
]


def test_several_projects_in_one_table_are_split_and_the_subtotal_is_not_a_project(tmp_path):
    parsed = parse(tmp_path, LIST_TABLE, title="部门项目支出绩效目标汇总表")
    assert [t.subject for t in parsed.tables] == ["职业技能培训", "就业见习补贴", "劳动监察"]
    assert [t.kind for t in parsed.tables] == ["project"] * 3
    assert [[(b.category, b.amount_raw, b.unit) for b in t.budget_lines] for t in parsed.tables] == [
        [("当年度金额", "120", "万元")], [("当年度金额", "80.5", "万元")], [("当年度金额", "30", "万元")]]
    assert [[(g.scope, g.text) for g in t.goals] for t in parsed.tables] == [
        [("当年度", "完成培训任务")], [("当年度", "发放见习补贴")], []]
    assert [[(r.number, r.name, r.values[0][1]) for r in t.indicators] for t in parsed.tables] == [
        [(1, "培训人数", "≥500人"), (2, "合格率", "≥90%"), (3, "满意度", "≥90%")],
        [(1, "见习人数", "100人"), (2, "留用率", "≥30%"), (3, "补贴发放及时率", "100%")],
        [(1, "结案率", "≥95%")],
    ]
    assert [r.line for r in parsed.tables[1].indicators] == [7, 8, 9]
    assert [t.index for t in parsed.tables] == [0, 1, 2]
    assert [(w.code, w.line) for t in parsed.tables for w in t.warnings] == [("subtotal_row", 11)]


def test_a_numbered_project_list_without_a_title(tmp_path):
    parsed = parse(tmp_path, [
        ["序号", "项目名称", "主管部门", "项目金额（元）", "一级指标", "二级指标", "三级指标", "指标值"],
        ["1", "职业技能培训", "某某局", "1,200,000", "产出指标", "数量指标", "指标1：培训人数", "≥500人"],
        ["", "", "", "", "", "质量指标", "指标2：合格率", "≥90%"],
        ["2", "就业见习补贴", "某某局", "800,000", "产出指标", "数量指标", "指标1：见习人数", "100人"],
        ["小计", "", "", "2,000,000", "", "", "", ""],
    ], title="")
    assert [(t.subject, t.field_value("主管部门")) for t in parsed.tables] == [
        ("职业技能培训", "某某局"), ("就业见习补贴", "某某局")]
    assert [[(b.amount_raw, b.unit) for b in t.budget_lines] for t in parsed.tables] == [
        [("1,200,000", "元")], [("800,000", "元")]]
    assert [len(t.indicators) for t in parsed.tables] == [2, 1]
    assert [w.code for t in parsed.tables for w in t.warnings] == ["subtotal_row"]


def test_subtotal_in_the_unit_budget_is_not_a_budget_category(tmp_path):
    table = one_table(tmp_path, [
        ["部门名称", "某某局"],
        ["下属单位名称", "某某中心"],
        ["预算整体情况", "单位预算支出", "预算金额（万元）", "收入来源", "预算金额（万元）"],
        ["", "基本支出", "60", "财政拨款", "100"],
        ["", "项目支出", "40", "其他资金", "0"],
        ["", "合计", "100", "合计", "100"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
        ["", "产出指标", "数量指标", "指标1：甲", "1个"],
    ], title="部门下属单位整体预算绩效目标表")
    assert [(b.category, b.amount_raw) for b in table.budget_lines] == [
        ("基本支出", "60"), ("财政拨款", "100"), ("项目支出", "40"), ("其他资金", "0")]
    assert [(w.code, w.line) for w in table.warnings] == [("subtotal_row", 7), ("subtotal_row", 7)]


def test_a_partly_understood_table_loads_what_is_certain_and_reports_each_row(tmp_path):
    table = one_table(tmp_path, PROJECT_FIELDS + [
        ["填表人：张三", "联系电话：123"],
        HEADER,
        ["", "产出指标", "数量指标", "指标1：甲", "1个"],
        ["", "", "数量质量指标", "指标2：乙", "2个"],
        ["", "", "", "", "3个"],
    ])
    assert [(r.number, r.level2) for r in table.indicators] == [(1, "数量指标"), (2, "数量质量指标")]
    # 填表人 / 联系电话 are labels the warehouse does not keep (understood, not warned); a level 2 outside
    # the taxonomy is a warning, not an error (docs/validation.md)
    assert [(w.code, w.line, w.severity) for w in table.warnings] == [
        ("unknown_level2", 9, "warn"), ("indicator_without_name", 10, "warn")]


# --- documents ----------------------------------------------------------------------------------

def test_docx_paragraphs_carry_title_department_and_year_and_a_split_table_continues(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("2025年部门预算项目绩效目标")
    document.add_paragraph("填报单位（盖章）：某某局    单位：元")
    document.add_paragraph("项目支出绩效目标表")
    first = [["项目名称", "培训项目", ""], ["预算金额", "当年度金额", "5000元"],
             ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"]]
    second = [["", "产出指标", "数量指标", "指标1：培训人数", "≥500人"],
              ["", "满意度指标", "服务对象满意度指标", "指标2：满意度", "≥90%"]]
    for rows in (first, second):  # two Word tables with nothing between: Word split one table
        table = document.add_table(rows=len(rows), cols=5)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
    table.cell(0, 1).merge(table.cell(1, 1))  # 产出指标 merged down (vMerge) in the second table
    path = tmp_path / "training.docx"
    document.save(path)
    parsed = parse_submission(path)
    assert parsed.error is None
    (project,) = parsed.tables
    assert (project.title, project.container) == ("项目支出绩效目标表", "tables 1-2")
    assert project.field_value("主管部门") == "某某局"
    assert (parsed.budget_year, parsed.year_source) == (2025, "title")
    assert [(r.line, r.level1, r.name) for r in project.indicators] == [
        (4, "产出指标", "培训人数"), (5, "满意度指标", "满意度")]


def test_html_with_only_layout_and_navigation_tables_is_rejected(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><body><table><tr><td><table><tr><td><a href='/'>首页</a></td><td>通知</td></tr>"
                    "<tr><td>政策</td><td>解读</td></tr></table></td></tr></table></body></html>", encoding="utf-8")
    error = parse_submission(path).error
    assert error == (f"{path}: no data table in the HTML page: 2 table(s), none a table without nested tables "
                     "that mentions 绩效/指标/项目名称/部门名称/预算 (layout and navigation tables are ignored)")


# --- unknown layouts ----------------------------------------------------------------------------

def test_a_table_of_unknown_template_is_rejected_with_what_was_found(tmp_path):
    path = write_text(tmp_path / "survey-2024.txt", [["调查对象", "满意", "不满意"], ["群众", "90", "10"]],
                      title="2024年度绩效目标表")
    error = parse_submission(path).error
    assert error == (f"{path}, line 2: a table that is neither a 项目支出绩效目标表 nor a 部门/单位整体绩效目标表 "
                     "(title '2024年度绩效目标表'; expected 项目名称 or 部门名称 and 绩效指标 rows)")


def test_a_table_of_which_nothing_is_understood_is_rejected(tmp_path):
    path = write_text(tmp_path / "transposed-2024.txt", [
        ["Project", "Indicator", "Target"], ["Training", "Trainees", ">=500"]], title="项目支出绩效目标表")
    error = parse_submission(path).error
    assert error.startswith(f"{path}, line 2: nothing understood in the table titled '项目支出绩效目标表': 2 row(s)")
    assert "no known field (项目名称, 部门名称 …), budget line, goal or 一级/二级/三级指标 indicator" in error
    assert "first row: 'Project | Indicator | Target'" in error
    assert "\n" not in error


def test_a_heading_above_a_table_that_prints_its_own_title_and_a_stray_title_at_the_end(tmp_path):
    parsed = parse(tmp_path, [["项目支出绩效目标表"]] + PROJECT_FIELDS + [
        HEADER, ["", "产出指标", "数量指标", "指标1：甲", "1个"], ["附表：项目支出绩效目标表"]],
        title="2023年度部门预算项目绩效目标表", name="heading.txt")
    (table,) = parsed.tables
    assert (table.title, table.first_line, len(table.indicators)) == ("项目支出绩效目标表", 3, 1)
    assert parsed.preamble == ["2023年度部门预算项目绩效目标表", "附表：项目支出绩效目标表"]
    assert (parsed.budget_year, parsed.year_source) == (2023, "title")


def test_a_project_list_with_a_two_row_header(tmp_path):
    parsed = parse(tmp_path, [
        ["项目名称", "预算金额（万元）", "绩效指标", "", "", ""],
        ["", "", "一级指标", "二级指标", "三级指标", "指标值"],
        ["职业技能培训", "120", "产出指标", "数量指标", "指标1：培训人数", "≥500人"],
        ["", "", "", "质量指标", "指标2：合格率", "≥90%"],
        ["就业见习补贴", "80", "产出指标", "数量指标", "指标1：见习人数", "100人"],
    ], title="项目支出绩效目标汇总表", name="two-row-header.txt")
    assert [(t.subject, [b.amount_raw for b in t.budget_lines], [r.name for r in t.indicators])
            for t in parsed.tables] == [("职业技能培训", ["120"], ["培训人数", "合格率"]), ("就业见习补贴", ["80"], ["见习人数"])]
    assert [r.level1_label for t in parsed.tables for r in t.indicators] == ["产出指标"] * 3  # printed, not inferred
    assert [w for t in parsed.tables for w in t.warnings] == []
