"""Templates of other bureaus, each as a small structured file (tab text, HTML, .xlsx) with its
asserted reading: the forms issue 12 lists beside the sample's (field synonyms, funding by source,
paired value groups with the first one blank, 上年实际值 / 本年预期值, the older 指标内容 column, 批复表
trees, renamed and evaluation-style levels, a value column per village, operator and unit columns,
multi-project lists, values left as template units).
"""

from __future__ import annotations

from decimal import Decimal

from sources.submission import parse_submission
from warehouse.model import build_frames


def write_tsv(path, rows, title="项目支出绩效目标表"):
    lines = ([title] if title else []) + ["\t".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_html(path, rows, title="项目支出绩效目标表"):
    """rows of (text, rowspan, colspan) cells or plain strings."""
    body = []
    for row in rows:
        cells = []
        for cell in row:
            text, rowspan, colspan = cell if isinstance(cell, tuple) else (cell, 1, 1)
            cells.append(f'<td rowspan="{rowspan}" colspan="{colspan}">{text}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    path.write_text(f"<html><body><h3>{title}</h3><table>{''.join(body)}</table></body></html>", encoding="utf-8")
    return path


def read(path):
    parsed = parse_submission(path)
    assert parsed.error is None, parsed.error
    return parsed


def indicators(table):
    return [(r.level1, r.level2, r.name, dict(r.values)) for r in table.indicators]


def project_row(parsed):
    frames = build_frames([parsed])
    return frames["projects"].to_dicts()[0], frames


def test_field_synonyms_and_funding_by_source(tmp_path):
    parsed = read(write_tsv(tmp_path / "synonyms-2024.txt", [
        ["项目名称", "社区养老服务补助", "项目属性", "延续项目"],
        ["主管部门及代码", "某某县民政局 301001", "实施单位", "某某县养老服务中心"],
        ["预算单位", "某某县养老服务中心", "项目负责人", "李某"],
        ["项目期", "2024年1月-2026年12月", "", ""],
        ["项目资金（万元）", "资金总额", "500", ""],
        ["", "其中：当年资金", "300", ""],
        ["", "财政拨款小计", "280", ""],
        ["", "一般公共预算", "260", ""],
        ["", "自有资金", "20", ""],
        ["年度总体目标", "为辖区老年人提供居家养老服务", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "服务老年人数", "≥1200人"],
    ]))
    (table,) = parsed.tables
    project, frames = project_row(parsed)
    assert (project["project_name"], project["department_name"], project["implementing_unit"]) == (
        "社区养老服务补助", "某某县民政局", "某某县养老服务中心")
    assert (project["start_year"], project["end_year"]) == (2024, 2026)
    assert (project["total_amount_yuan"], project["current_year_amount_yuan"]) == (
        Decimal("5000000.00"), Decimal("3000000.00"))
    funding = {(b["category_group"], b["category"]): b["amount_yuan"] for b in frames["budget_lines"].to_dicts()}
    assert funding[("资金来源", "财政拨款小计")] == Decimal("2800000.00")
    assert funding[("资金来源", "一般公共预算")] == Decimal("2600000.00")
    assert funding[("资金来源", "自有资金")] == Decimal("200000.00")
    assert [(g.scope, g.text) for g in table.goals] == [("当年度", "为辖区老年人提供居家养老服务")]
    assert indicators(table) == [("产出指标", "数量指标", "服务老年人数", {"指标值": "≥1200人"})]


def test_a_lone_fund_total_is_the_years_amount(tmp_path):
    parsed = read(write_tsv(tmp_path / "lone-2024.txt", [
        ["项目名称", "乡村道路养护"],
        ["项目资金（万元）", "资金总额：", "120"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "养护里程", "35公里"],
    ]))
    project, _ = project_row(parsed)
    assert (project["total_amount_yuan"], project["current_year_amount_yuan"]) == (None, Decimal("1200000.00"))


def test_paired_groups_with_the_first_blank_keep_their_columns(tmp_path):
    """中期 | 年度 groups side by side (二级指标 | 三级指标 | 指标值 twice); a row fills only the second."""
    parsed = read(write_html(tmp_path / "paired.html", [
        ["项目名称", ("城区绿化养护", 1, 6)],
        [("绩效指标", 4, 1), "一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"],
        [("产出指标", 3, 1), "数量指标", "养护面积", "≥300亩", "数量指标", "养护面积", "≥100亩"],
        ["", "", "", "质量指标", "苗木成活率", "≥95%"],
        ["时效指标", "完成时间", "2026年底", "", "", ""],
    ]))
    (table,) = parsed.tables
    assert table.value_columns == ["指标值(中期)", "指标值(年度)"]
    assert indicators(table) == [
        ("产出指标", "数量指标", "养护面积", {"指标值(中期)": "≥300亩", "指标值(年度)": "≥100亩"}),
        ("产出指标", "质量指标", "苗木成活率", {"指标值(中期)": "", "指标值(年度)": "≥95%"}),
        ("产出指标", "时效指标", "完成时间", {"指标值(中期)": "2026年底", "指标值(年度)": ""}),
    ]
    frames = build_frames([parsed])
    targets = {r["indicator_name"]: (r["value_column"], r["value_raw"]) for r in frames["indicators"].to_dicts()}
    assert targets["苗木成活率"] == ("指标值(年度)", "≥95%")
    assert targets["完成时间"] == ("指标值(中期)", "2026年底")  # the only value printed


def test_last_year_actual_and_this_year_expected(tmp_path):
    parsed = read(write_tsv(tmp_path / "expected-2025.txt", [
        ["项目名称", "森林防火"],
        ["一级指标", "二级指标", "三级指标", "指标值", ""],
        ["", "", "", "上年实际值", "本年预期值"],
        ["产出指标", "数量指标", "巡护里程", "1200公里", "1500公里"],
    ]))
    (table,) = parsed.tables
    assert table.value_columns == ["上年实际值", "本年预期值"]
    frames = build_frames([parsed])
    (row,) = frames["indicators"].to_dicts()
    assert (row["value_column"], row["operator"], row["number"], row["unit"]) == ("本年预期值", "=", 1500.0, "公里")


def test_older_form_with_an_indicator_content_column(tmp_path):
    parsed = read(write_tsv(tmp_path / "older-2019.txt", [
        ["项目名称", "农村环境整治"],
        ["一级指标", "二级指标", "指标内容", "指标值"],
        ["产出指标", "数量指标", "整治村庄数", "12个"],
        ["效益指标", "生态效益指标", "村庄环境改善", "明显改善"],
    ]))
    (table,) = parsed.tables
    assert indicators(table) == [("产出指标", "数量指标", "整治村庄数", {"指标值": "12个"}),
                                 ("效益指标", "生态效益指标", "村庄环境改善", {"指标值": "明显改善"})]
    described = read(write_tsv(tmp_path / "described-2019.txt", [
        ["项目名称", "农村环境整治"],
        ["一级指标", "二级指标", "三级指标", "指标内容", "指标值"],
        ["产出指标", "数量指标", "整治村庄数", "完成整治的行政村个数", "12个"],
    ]))
    row = described.tables[0].indicators[0]
    assert (row.name, dict(row.values), dict(row.attributes)) == (
        "整治村庄数", {"指标值": "12个"}, {"指标解释": "完成整治的行政村个数"})


def test_approval_tree_with_indented_levels_and_amounts(tmp_path):
    """批复表: one label column where indentation is the only hierarchy, each indicator with 指标值 and
    绩效金额; a bureau's own level names are told apart by their indent."""
    parsed = read(write_tsv(tmp_path / "approval-2024.txt", [
        ["项目名称", "职业技能培训补贴"],
        ["绩效指标", "指标值", "绩效金额（万元）"],
        ["产出指标", "", ""],
        ["　　数量指标", "", ""],
        ["　　　　培训人次", "≥500人次", "60"],
        ["　　质量指标", "", ""],
        ["　　　　培训合格率", "≥95%", "40"],
        ["履职效能", "", ""],
        ["　　工作成效", "", ""],
        ["　　　　政策知晓率", "≥90%", ""],
    ], title="项目支出绩效目标批复表"))
    (table,) = parsed.tables
    rows = [(r.level1, r.level1_label, r.level2, r.name, dict(r.values), dict(r.attributes)) for r in table.indicators]
    assert rows == [
        ("产出指标", "产出指标", "数量指标", "培训人次", {"指标值": "≥500人次"}, {"绩效金额": "60"}),
        ("产出指标", "产出指标", "质量指标", "培训合格率", {"指标值": "≥95%"}, {"绩效金额": "40"}),
        (None, "履职效能", "工作成效", "政策知晓率", {"指标值": "≥90%"}, {}),
    ]


def test_renamed_and_evaluation_style_levels(tmp_path):
    parsed = read(write_tsv(tmp_path / "renamed-2025.txt", [
        ["项目名称", "公用经费"],
        ["一级", "二级", "三级", "年度数值"],
        ["产出值", "数量值", "在校学生人数", "<=6962人"],
        ["效益值", "社会效益值", "办学条件改善", "有效"],
        ["决策", "项目立项", "立项程序规范性", "规范"],
        ["过程", "资金管理", "资金使用合规性", "合规"],
    ]))
    assert indicators(parsed.tables[0]) == [
        ("产出指标", "数量指标", "在校学生人数", {"年度数值": "<=6962人"}),
        ("效益指标", "社会效益指标", "办学条件改善", {"年度数值": "有效"}),
        (None, "项目立项", "立项程序规范性", {"年度数值": "规范"}),
        (None, "资金管理", "资金使用合规性", {"年度数值": "合规"}),
    ]


def test_a_value_column_per_village(tmp_path):
    parsed = read(write_html(tmp_path / "villages.html", [
        ["项目名称", ("小型水利工程", 1, 5)],
        ["一级指标", "二级指标", "三级指标", "指标解释", "西坪镇尧山村", "桃舟乡吾培村", "芦田镇三洋村"],
        ["产出指标", "数量指标", "新建水渠长度(米)", "反映水渠建设情况", "120", "80", "95"],
    ]))
    (table,) = parsed.tables
    assert table.value_columns == ["西坪镇尧山村", "桃舟乡吾培村", "芦田镇三洋村"]
    (row,) = table.indicators
    assert dict(row.values) == {"西坪镇尧山村": "120", "桃舟乡吾培村": "80", "芦田镇三洋村": "95"}
    assert dict(row.attributes) == {"指标解释": "反映水渠建设情况"}


def test_operator_unit_and_direction_columns(tmp_path):
    parsed = read(write_tsv(tmp_path / "columns-2026.txt", [
        ["部门名称", "某某县林业局"],
        ["一级指标", "二级指标", "三级指标", "计算符号", "目标值", "度量单位", "指标方向"],
        ["产出指标", "数量指标", "保障在职职工人数", "=", "116", "人", "正向"],
        ["", "质量指标", "工资发放准确性", "≥", "95", "%", "正向"],
        ["", "", "差错率", "≤", "1", "%", "反向"],
    ], title="部门整体支出绩效目标表"))
    frames = build_frames([parsed])
    rows = [(r["indicator_name"], r["value_raw"], r["operator"], r["number"], r["unit"])
            for r in frames["indicators"].to_dicts()]
    assert rows == [("保障在职职工人数", "=116人", "=", 116.0, "人"), ("工资发放准确性", "≥95%", ">=", 95.0, "%"),
                    ("差错率", "≤1%", "<=", 1.0, "%")]


def test_multi_project_list_with_unit_name_and_budget_on_each_projects_first_row(tmp_path):
    parsed = read(write_tsv(tmp_path / "list-2024.txt", [
        ["单位名称", "项目名称", "预算数（万元）", "一级指标", "二级指标", "三级指标", "指标值"],
        ["某某县卫生院", "基本公共卫生服务", "85", "产出指标", "数量指标", "建档人数", "≥3000人"],
        ["", "", "", "效益指标", "社会效益指标", "群众健康水平", "有所提高"],
        ["某某县疾控中心", "疫苗接种", "40", "产出指标", "质量指标", "接种率", "≥95%"],
    ], title="2024年项目支出绩效目标汇总表"))
    assert [t.field_value("项目名称") for t in parsed.tables] == ["基本公共卫生服务", "疫苗接种"]
    frames = build_frames([parsed])
    projects = [(p["project_name"], p["implementing_unit"], p["current_year_amount_yuan"])
                for p in frames["projects"].to_dicts()]
    assert projects == [("基本公共卫生服务", "某某县卫生院", Decimal("850000.00")),
                        ("疫苗接种", "某某县疾控中心", Decimal("400000.00"))]
    assert [len(t.indicators) for t in parsed.tables] == [2, 1]


def test_values_left_as_template_units_are_flagged_unfilled(tmp_path):
    parsed = read(write_tsv(tmp_path / "unfilled-2020.txt", [
        ["专项(项目)名称", "农村饮水安全巩固提升工程专项"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "指标1：新建堤防长度", "公里"],
        ["", "质量指标", "指标1：工程验收合格率", "≧ %"],
    ]))
    frames = build_frames([parsed])
    rows = [(r["indicator_name"], r["operator"], r["number"], r["unit"], r["is_placeholder"])
            for r in frames["indicators"].to_dicts()]
    assert rows == [("新建堤防长度", None, None, "公里", True), ("工程验收合格率", ">=", None, "%", True)]
    codes = [w["code"] for w in frames["parse_warnings"].to_dicts()]
    assert codes.count("indicator_number_repeated") == 0  # 指标1 again under a new 二级指标 is no repeat


def test_a_bureaus_own_levels_are_read_by_their_column_in_a_structured_file(tmp_path):
    """部门整体 forms of some provinces use their own 一级/二级 names (履职效能, 重点工作完成): in a table
    that keeps its columns they are levels by position; known labels keep their class wherever they
    stand, and every unknown one is warned."""
    parsed = read(write_html(tmp_path / "own-levels.html", [
        ["部门名称", ("某某县市场监督管理局", 1, 3)],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        [("履职效能", 2, 1), ("重点工作完成", 2, 1), "食品抽检批次", "≥800批次"],
        ["特种设备检验率", "100%"],
        [("满意度指标", 1, 1), "服务对象满意度指标", "企业满意度", "≥90%"],
        [("效果指标", 1, 1), "社会效益指标", "投诉办结率", "≥98%"],
    ], title="部门整体支出绩效目标表"))
    (table,) = parsed.tables
    assert [(r.level1, r.level1_label, r.level2, r.level2_label, r.name) for r in table.indicators] == [
        (None, "履职效能", "重点工作完成", "重点工作完成", "食品抽检批次"),
        (None, "履职效能", "重点工作完成", "重点工作完成", "特种设备检验率"),
        ("满意度指标", "满意度指标", "服务对象满意度指标", "服务对象满意度指标", "企业满意度"),
        ("效益指标", "效果指标", "社会效益指标", "社会效益指标", "投诉办结率"),
    ]
    warned = [(w.code, w.message) for w in table.warnings]
    assert ("unknown_level1", "一级指标 '履职效能' is not in the taxonomy") in warned
    assert ("unknown_level2", "二级指标 '重点工作完成' is not in the taxonomy") in warned


def test_a_money_label_with_its_amount_beside_it(tmp_path):
    """预算金额（万元） | 120: the label that heads 总金额 / 当年度金额 in the sample's form carries the
    amount itself in others (the year's, being the only one)."""
    parsed = read(write_tsv(tmp_path / "amount-2024.txt", [
        ["项目名称", "河道保洁", "项目执行单位", "某某镇人民政府"],
        ["预算金额（万元）", "120"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "保洁河道长度", "≥35公里"],
    ]))
    project, _ = project_row(parsed)
    assert (project["implementing_unit"], project["current_year_amount_yuan"]) == ("某某镇人民政府", Decimal("1200000.00"))
