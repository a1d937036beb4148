"""More real tables of other provinces (tests/fixtures/wild/x*.txt, addresses in
tests/fixtures/wild/SOURCES.md), read as they were published, and the run-together w12 that must not
be loaded with wrong rows. Every expected value was checked by eye against the page text.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from sources.cell_kinds import not_an_indicator
from sources.parse.indicators import Levels
from sources.submission import parse_submission
from tests.test_wild_project_tables import WILD, read, rows


def parse(prefix: str):
    (path,) = WILD.glob(prefix + "_*.txt")
    return parse_submission(path)


def test_shaanxi_special_fund_form_one_cell_per_pipe_line():
    """清涧 2021: each cell on its own line ending in `|`, the amounts printed bare (资金情况 | 500) and
    the notice above saying 500万元; the page stops at 经济效益, a label with no indicator yet."""
    _, frames = read("x01")
    assert rows(frames) == [
        ("产出指标", "数量指标", "寨山石坪村新建水泥路1条", "2km", "=", 2.0, "km"),
        ("产出指标", "数量指标", "呼家河至鲍家沟新建水泥路1条", "2km", "=", 2.0, "km"),
        ("产出指标", "质量指标", "项目(工程)验收合格率", "100%", "=", 100.0, "%"),
        ("产出指标", "时效指标", "项目(工程)完成及时率", "100%", "=", 100.0, "%"),
        ("产出指标", "成本指标", "硬化水泥砼公路补助标准", "≤120万元", "<=", 120.0, "万元"),
    ]
    (found,) = frames["projects"].to_dicts()
    assert (found["project_name"], found["department_name"], found["implementing_unit"]) == (
        "2021年交通局寨山石坪、鲍家沟果园路", "清涧县交通运输局", "清涧县交通运输局")
    assert found["current_year_amount_yuan"] == Decimal("5000000.00")
    # the vertical labels cut to their first character (`总` of 总体目标 after 其他资金, `绩` of 绩效指标
    # after the goal) are the form's frame: neither 其他资金's amount nor a piece of the goal
    (goal,) = frames["goals"].to_dicts()
    assert goal["scope"] == "当年度" and goal["goal_text"].endswith("极大的改善了老百姓的生产生活问题")
    assert "amount_not_read" not in set(frames["parse_warnings"]["code"])


def test_bingtuan_form_with_the_years_amount_asked_for_and_goal_columns():
    """兵团 2021: 项目资金总额 | 1500 | 年度资金申请总额 | 1500 (万元) gives both amounts; 项目绩效目标 heads
    two goal columns, 项目总目标 (the project's) and 年度总体目标, their texts on the row below."""
    _, frames = read("w15")  # the third row, where the page stops, is left out (test_wild_cut_and_glued.py)
    assert rows(frames) == [
        ("产出指标", "数量指标", "新建保鲜库数量", "1座", "=", 1.0, "座"),
        ("产出指标", "数量指标", "新建保鲜库面积", "3550平方米", "=", 3550.0, "平方米"),
    ]
    (found,) = frames["projects"].to_dicts()
    assert (found["total_amount_yuan"], found["current_year_amount_yuan"]) == (
        Decimal("15000000.00"), Decimal("15000000.00"))
    assert found["implementing_unit"] == "新疆生产建设兵团第一师阿拉尔市六团农业发展服务中心"
    goals = [(g["scope"], g["goal_text"][:8]) for g in frames["goals"].to_dicts()]
    assert goals == [("实施周期", "建设完成保鲜库1"), ("当年度", "2021年完成保")]


@pytest.mark.parametrize("prefix", ["x03", "x04"])
def test_evaluation_standards_without_a_target_form_are_rejected(prefix):
    """邯郸's 绩效目标 with 优/良/中/差 grades glued (`100%90%85%85%`) and 宁晋's 绩效评价指标表 with name,
    说明, 目标值 and 分值 glued (`达到预计值210010`): no form fields, no value that can be cut reliably."""
    parsed = parse(prefix)
    assert parsed.error is not None and "no 绩效目标表 found" in parsed.error


def test_what_no_indicator_row_can_be():
    classed, unclassed = Levels("产出指标", "产出指标"), Levels()
    assert not_an_indicator("-定性", ("返回】",), (0,), classed)[0] == "template_row"
    glued = "伙食补助发放率90%以上实际发放伙食补助金额/应发放伙食补助金额9%0得10分,每减少1%扣1分-定量"
    # a scoring rule run into a row does not drop the row: it holds the table back (test_wild_cut_and_glued.py)
    assert not_an_indicator(glued, ("",), (0,), classed) is None
    assert not_an_indicator("补助学生数量", ("按标准发放得10分",), (0,), classed) is None
    assert not_an_indicator("505006州民族特殊教育学校30.00", ("",), (0,), unclassed)[0] == "text_without_value"
    # real indicators: a score in the name without 得/扣 and a number, a value under no class
    assert not_an_indicator("考核得分", ("≥90分",), (0,), classed) is None
    assert not_an_indicator("培训人次", ("≥500人次",), (0,), unclassed) is None
    assert not_an_indicator("定量指标完成率", ("100%",), (0,), classed) is None
