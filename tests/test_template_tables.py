"""Hand-made small tables of DOMAIN.md's template variants beyond one project table: several projects
in one table, subtotals, partly understood tables, Word and HTML documents, and layouts that are no
绩效目标表 at all, each with its asserted output (fixtures: tests/template_variants_support.py).
"""

from __future__ import annotations

from sources.submission import parse_submission
from tests.template_variants_support import (
    HEADER,
    PROJECT_FIELDS,
    one_table,
    parse,
    write_text,
)

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
