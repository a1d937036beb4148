"""A form printing its amounts with no unit (sources/parse/money_unit.py): the unit is the one the
text around the table gives the same number, else 元 with a warning — never silently."""

from __future__ import annotations

from decimal import Decimal

from sources.parse.money_unit import amounts_stated_around
from sources.submission import parse_submission

HEADER = ("项目支出绩效目标表\n项目名称\t某某项目\t\t\n主管部门\t某某局\t\t\n"
          "项目资金\t年度资金总额:\t{amount}\t\n其中:财政拨款\t{amount}\t\t\n"
          "一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t培训人数\t≥100人\n")


def _amount(tmp_path, text):
    path = tmp_path / "bare-2024.txt"
    path.write_text(text, encoding="utf-8")
    (table,) = parse_submission(path).tables
    lines = {(b.category, b.unit) for b in table.budget_lines}
    return lines, [(w.code, w.message) for w in table.warnings if w.code.startswith("amount_unit")]


def test_the_text_above_the_table_gives_the_unit_of_the_same_number(tmp_path):
    lines, warned = _amount(tmp_path, "（6）年度预算安排。本项目预算安排12.5万元\n" + HEADER.format(amount="12.50"))
    assert lines == {("当年度金额", "万元"), ("财政拨款", "万元")}
    assert [code for code, _ in warned] == ["amount_unit_from_text"]


def test_without_a_number_to_match_the_amounts_are_read_as_yuan_with_a_warning(tmp_path):
    lines, warned = _amount(tmp_path, "本项目预算安排30万元\n" + HEADER.format(amount="12.50"))
    assert lines == {("当年度金额", "元"), ("财政拨款", "元")}
    assert warned == [("amount_unit_assumed", "the form prints its amounts without a unit (元 or 万元?): "
                                              "当年度金额 「12.50」 and the others are read as 元")]


def test_a_unit_the_form_states_needs_no_guess(tmp_path):
    lines, warned = _amount(tmp_path, "本项目预算安排12.5元\n" + HEADER.format(amount="12.50").replace(
        "项目资金\t", "项目资金（万元）\t"))
    assert lines == {("当年度金额", "万元"), ("财政拨款", "万元")} and warned == []


def test_amounts_stated_around():
    assert amounts_stated_around(["预算安排5万元，其中中央1,200元", "共5元"]) == {Decimal("1200"): "元"}
    assert amounts_stated_around(["年度预算安排 340.00 万元"]) == {Decimal("340.00"): "万元"}


def test_a_unit_inside_the_amounts_bracketed_note_is_not_its_own(tmp_path):
    """`854(高标准农田建设400万元)`: 854 prints no unit of its own; it is not read as 元 for the 元 in its note."""
    lines, _ = _amount(tmp_path, "预算安排854万元\n" + HEADER.format(amount="854(高标准农田建设400万元)"))
    assert ("当年度金额", "万元") in lines


def test_text_giving_two_units_for_the_bare_amounts_decides_nothing(tmp_path):
    text = "预算安排12.5万元，补助每人3元\n" + HEADER.format(amount="12.50").replace(
        "其中:财政拨款\t12.50", "其中:财政拨款\t3")
    lines, warned = _amount(tmp_path, text)
    assert {unit for _, unit in lines} == {"元"} and [code for code, _ in warned] == ["amount_unit_assumed"]
