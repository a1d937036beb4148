"""The parser on the real sample: every table, field and indicator, including every quirk."""

from collections import Counter

from sources.taxonomy import LEVEL2_PARENT

PROJECT_NAMES = [
    "社保扩面征收工作经费", "劳动保障监察", "劳动仲裁工作经费", "居民养老工作经费",
    "事业单位招聘招考工作经费", "三支一扶高校毕业生工作生活补贴", "粤菜师傅和南粤家政、广东技工工程费",
    "创业担保贷款贴息", "就业创业政策性补贴和专项服务补助", "流动人员人事档案数字影像信息化项目及采购设备经费",
    "社会保险经办业务第三方机构审计经费", "社会保险基金监督举报奖励资金", "源头治理欠薪工作经费",
]


def _project(parsed, name):
    return next(t for t in parsed.tables if t.kind == "project" and t.subject == name)


def test_fourteen_tables_one_unit_thirteen_projects(parsed_sample):
    assert parsed_sample.error is None
    kinds = Counter(t.kind for t in parsed_sample.tables)
    assert kinds == {"unit": 1, "project": 13}
    assert [t.subject for t in parsed_sample.tables if t.kind == "project"] == PROJECT_NAMES
    assert [t.index for t in parsed_sample.tables] == list(range(14))


def test_eighty_four_indicators_all_classified(parsed_sample):
    rows = [row for t in parsed_sample.tables for row in t.indicators]
    assert len(rows) == 84
    assert sum(len(t.indicators) for t in parsed_sample.tables if t.kind == "unit") == 6
    for row in rows:
        assert row.level1 in ("产出指标", "效益指标", "满意度指标")
        assert LEVEL2_PARENT[row.level2] == row.level1


def test_budget_year_from_the_file_name(parsed_sample):
    assert (parsed_sample.budget_year, parsed_sample.year_source) == (2024, "file_name")


def test_unit_table_fields_budget_and_tasks(parsed_sample):
    unit = parsed_sample.tables[0]
    assert unit.field_value("部门名称") == "吴川市人力资源和社会保障局"
    assert unit.field_value("下属单位名称") == "吴川市人力资源和社会保障局"
    assert unit.field_value("财政供养人员数") == "75"
    budget = {line.category: (line.category_group, line.amount_raw, line.unit, line.line) for line in unit.budget_lines}
    assert budget == {
        "基本支出": ("单位预算支出", "674.09", "万元", 9),
        "项目支出": ("单位预算支出", "416.32", "万元", 10),
        "财政拨款": ("收入来源", "1442.41", "万元", 9),
        "其他资金": ("收入来源", "0", "万元", 10),
        "财政专项资金": ("事业发展性支出", "0", "万元", 12),
        "其他事业发展性支出": ("事业发展性支出", "352", "万元", 13),
    }
    tasks = [(t.kind, t.number, t.name, t.amount_raw, t.unit, t.line) for t in unit.key_tasks]
    assert tasks == [
        ("年度重点工作任务", 1, "粤菜师傅和南粤家政、广东技工工程费", "100", "万元", 16),
        ("年度重点工作任务", 2, "三支一扶高校毕业生工作生活补贴", "72", "万元", 17),
        ("年度重点工作任务", 3, "就业创业政策性补贴和专项服务补助", "170", "万元", 18),
    ]
    assert unit.key_tasks[0].expected_result.startswith("用于我市深入推进")
    assert [g.scope for g in unit.goals] == ["总体"] and unit.goals[0].text.startswith("保障正常办公")
    assert unit.value_columns == ["指标值"]


def test_unit_indicator_shifted_to_column_zero_with_inner_space(parsed_sample):
    last = parsed_sample.tables[0].indicators[-1]
    assert (last.line, last.level1, last.level2, last.level2_label) == (27, "满意度指标", "服务对象满意度指标", "服务对象 满意度指标")
    assert (last.number, last.name, last.values) == (6, "受益群众满意率（%）", (("指标值", "100%"),))


def test_header_values_one_column_to_the_right(parsed_sample):
    table = _project(parsed_sample, "三支一扶高校毕业生工作生活补贴")  # 项目名称\t\t三支一扶…
    assert table.field_value("项目类型") == "其他事业发展性支出"
    assert table.field_value("主管部门") == "吴川市人力资源和社会保障局"
    assert table.field_value("用款单位") == "吴川市人力资源和社会保障局"
    assert (table.field_value("起始年度"), table.field_value("到期年度")) == ("2024", "2024")
    assert {line.category: line.amount_raw for line in table.budget_lines} == {"总金额": "720000.00元", "当年度金额": "720000.00元"}
    assert [(g.scope, g.number, g.line) for g in table.goals] == [("实施周期", 1, 135), ("当年度", 1, 135)]


def test_project_fields(parsed_sample):
    table = _project(parsed_sample, "社会保险基金监督举报奖励资金")
    assert table.field_value("项目等级") == "一级项目/二级项目"
    assert table.field_value("项目概述").startswith("根据《转发省人力资源和社会保障厅")
    assert table.value_columns == ["实施周期指标值", "当年度指标值"]


def test_indicator_at_column_zero_carries_labels_down(parsed_sample):
    row = _project(parsed_sample, "社会保险基金监督举报奖励资金").indicators[-1]
    assert (row.line, row.number, row.name) == (256, 6, "服务对象满意度(%)")
    assert (row.level1, row.level2) == ("满意度指标", "服务对象满意度指标")
    assert row.values == (("实施周期指标值", "大于98%"), ("当年度指标值", "大于98%"))


def test_level2_name_in_level1_column(parsed_sample):
    rows = {r.line: r for r in _project(parsed_sample, "居民养老工作经费").indicators}
    assert (rows[101].level1, rows[101].level2) == ("产出指标", "质量指标")  # 质量指标\t质量指标
    rows = {r.line: r for r in _project(parsed_sample, "流动人员人事档案数字影像信息化项目及采购设备经费").indicators}
    assert (rows[216].level1, rows[216].level2, rows[216].number) == ("产出指标", "时效指标", 4)  # 时效指标\t指标4…
    rows = {r.line: r for r in _project(parsed_sample, "社会保险经办业务第三方机构审计经费").indicators}
    assert (rows[235].level1, rows[235].level2) == ("产出指标", "成本指标")  # older template: 成本 under 产出


def test_level2_under_wrong_carried_level1_is_reclassified(parsed_sample):
    rows = {r.line: r for r in _project(parsed_sample, "就业创业政策性补贴和专项服务补助").indicators}
    assert (rows[198].level1, rows[198].level2, rows[198].level1_label) == ("效益指标", "社会效益指标", "产出指标")
    rows = {r.line: r for r in _project(parsed_sample, "社会保险经办业务第三方机构审计经费").indicators}
    assert (rows[236].level1, rows[236].level2) == ("效益指标", "社会效益指标")


def test_label_row_without_indicator_is_a_warning(parsed_sample):
    table = _project(parsed_sample, "居民养老工作经费")
    assert len(table.indicators) == 6
    assert [r.level1 for r in table.indicators].count("满意度指标") == 0
    assert [(w.code, w.line) for w in table.warnings] == [("label_row_without_indicator", 104)]


def test_repeated_number_kept_in_order_with_warning(parsed_sample):
    table = _project(parsed_sample, "事业单位招聘招考工作经费")
    assert [r.number for r in table.indicators] == [1, 2, 3, 4, 6, 6]
    assert [r.order for r in table.indicators] == [1, 2, 3, 4, 5, 6]
    assert [r.line for r in table.indicators] == [118, 119, 120, 121, 122, 123]
    assert sorted(w.code for w in table.warnings) == ["indicator_number_gap", "indicator_number_repeated"]


def test_only_the_two_known_tables_warn(parsed_sample):
    warned = {t.subject for t in parsed_sample.tables if t.warnings}
    assert warned == {"居民养老工作经费", "事业单位招聘招考工作经费"}


def test_dash_after_colon_and_both_colons(parsed_sample):
    rows = _project(parsed_sample, "粤菜师傅和南粤家政、广东技工工程费").indicators
    assert rows[2].name == "中级工及以上补贴发放率（%）" and rows[2].label_raw == "指标3：-中级工及以上补贴发放率（%）"
    unit_rows = parsed_sample.tables[0].indicators
    assert unit_rows[0].label_raw == "指标1: 培训完成率" and unit_rows[0].name == "培训完成率"
