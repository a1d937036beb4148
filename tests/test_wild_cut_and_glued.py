"""More real project tables from provinces the other wild tests do not cover (Xinjiang's 兵团, Inner
Mongolia's 武川县, Anhui's 金安区), read as they were published (page text of stored copies:
tests/fixtures/wild/w15-w17, addresses in tests/fixtures/wild/SOURCES.md), and 湘西's run-together
project list (w12), which must be held back rather than loaded. Every expected row was checked by
eye against the page text; the rules exercised are general (a money label, a unit word, a page cut
in a layout that closes nothing, cells run together with a scoring rule).
"""

from __future__ import annotations

from decimal import Decimal

from sources.parsed import ERROR
from sources.submission import parse_submission
from tests.test_wild_project_tables import WILD, project, read, rows
from warehouse.model import build_frames


def warnings(parsed) -> list:
    return [w for table in parsed.tables for w in table.warnings]


def test_bingtuan_form_with_the_years_request_beside_the_project_total():
    """兵团 申报表: 项目资金总额 1500 | 年度资金申请总额 1500 (万元) are the total and this year's money;
    `指标N:` names; the page stops inside the third row (`1座` with no line break after it), which is
    left out."""
    parsed, frames = read("w15")
    assert rows(frames) == [
        ("产出指标", "数量指标", "新建保鲜库数量", "1座", "=", 1.0, "座"),
        ("产出指标", "数量指标", "新建保鲜库面积", "3550平方米", "=", 3550.0, "平方米"),
    ]
    found = project(frames)
    assert (found["total_amount_yuan"], found["current_year_amount_yuan"]) == (
        Decimal("15000000.00"), Decimal("15000000.00"))
    assert found["implementing_unit"] == "新疆生产建设兵团第一师阿拉尔市六团农业发展服务中心"
    assert [w.code for w in warnings(parsed)].count("truncated_row") == 1


def test_inner_mongolia_form_with_lost_level_labels_and_per_square_metre_costs():
    """The first four rows lost their 产出指标 / 数量指标 / 质量指标 cells on the way: they are loaded
    without a class (nothing says which level 2 each was), not put under the 时效指标 printed after
    them; costs per 平米 (`490元/平米`) are numbers with their unit."""
    parsed, frames = read("w16")
    assert rows(frames) == [
        (None, None, "贫困地区新增特色产业数量", "≥1个", ">=", 1.0, "个"),
        (None, None, "贫困地区建设少数民族聚居村养殖场", "≥1个", ">=", 1.0, "个"),
        (None, None, "养殖动物成活率(目标)", "≥95%", ">=", 95.0, "%"),
        (None, None, "项目(工程)验收合格率", "100%", "=", 100.0, "%"),
        ("产出指标", "时效指标", "开工时限", "2021年7月", None, None, None),
        ("产出指标", "时效指标", "竣工时限", "2021年9月", None, None, None),
        ("产出指标", "成本指标", "打井、配电", "50000元", "=", 50000.0, "元"),
        ("产出指标", "成本指标", "饲料库120平米", "490元/平米", "=", 490.0, "元/平米"),
        ("产出指标", "成本指标", "围墙300米", "300元/米", "=", 300.0, "元/米"),
        ("产出指标", "成本指标", "标准化棚圈360平米", "550元/平米", "=", 550.0, "元/平米"),
        ("产出指标", "成本指标", "防疫室84平米", "≥1050元", ">=", 1050.0, "元"),
    ]
    assert [w.code for w in warnings(parsed)].count("indicator_without_class") == 4
    assert project(frames)["current_year_amount_yuan"] == Decimal("500000.00")  # 年度资金总额:50万


def test_space_separated_page_cut_inside_its_last_value_loads_the_rows_before_it():
    """金安区: space-separated, the stored copy stops at `质量指标 验收合格率 1` with no line break and
    before any 效益/满意度 row: that `1` may be the start of `100%`, so the row is left out; the rows
    before it are whole."""
    parsed, frames = read("w17")
    assert rows(frames) == [
        ("产出指标", "数量指标", "签约康复人数", "≥18000人", ">=", 18000.0, "人"),
        ("产出指标", "数量指标", "涉及乡镇街数量", "=22个", "=", 22.0, "个"),
        ("产出指标", "数量指标", "发放辅助器具人数", "≥4000人", ">=", 4000.0, "人"),
    ]
    (cut,) = [w for w in warnings(parsed) if w.code == "truncated_row"]
    assert "验收合格率" in cut.message
    assert project(frames)["current_year_amount_yuan"] == Decimal("800000.00")  # 年度资金总额: 80 (万元)


def test_a_text_that_ends_without_a_line_break_after_its_satisfaction_rows_is_whole(tmp_path):
    """The same layout ending on a 满意度 row without a line break: the table reached its last class,
    nothing says it was cut, and its last row stays."""
    (source,) = WILD.glob("w17_*.txt")
    text = source.read_text(encoding="utf-8").removesuffix(" 1")
    whole = tmp_path / "whole.txt"
    whole.write_text(text + " 100%\n满意度指标 服务对象满意度指标 受助残疾人满意度 ≥90%", encoding="utf-8")
    parsed = parse_submission(whole)
    assert parsed.error is None, parsed.error
    found = rows(build_frames([parsed]))
    assert found[-2:] == [
        ("产出指标", "质量指标", "验收合格率", "100%", "=", 100.0, "%"),
        ("满意度指标", "服务对象满意度指标", "受助残疾人满意度", "≥90%", ">=", 90.0, "%"),
    ]
    assert "truncated_row" not in [w.code for w in warnings(parsed)]


def test_run_together_rows_with_their_scoring_rule_hold_the_table_back():
    """湘西's list: name, value, 指标值内容 and 评(扣)分标准 run together (`…90%以上实际发放…得10分,每减少
    1%扣1分-定量`): an error-severity warning holds the table back instead of loading cut guesses."""
    parsed, _ = read("w12")
    (glued,) = [w for w in warnings(parsed) if w.code == "cells_run_together"]
    assert glued.severity == ERROR
    assert "评(扣)分标准" in glued.message
