"""Target values (指标值) normalize to operator, number, unit and a qualitative flag."""

import pytest

from sources.target_values import chinese_number, normalize_target, unit_from_name

# (printed value, indicator name, operator, number, unit, qualitative)
CASES = [
    ("100%", "", "=", 100, "%", False),
    ("95%以上", "", ">=", 95, "%", False),
    ("大于95%", "", ">", 95, "%", False),
    ("不高于1%", "", "<=", 1, "%", False),
    ("小于2单", "", "<", 2, "单", False),
    ("0起", "", "=", 0, "起", False),
    ("50人", "", "=", 50, "人", False),
    ("大于等于两场", "", ">=", 2, "场", False),
    ("达到100%", "", ">=", 100, "%", False),
    ("50", "执法巡查覆盖辖区数量（个）", "=", 50, "个", False),
    ("10", "执法巡查覆盖辖区数量(个)", "=", 10, "个", False),
    ("是", "", None, None, None, True),
    ("较满意", "", None, None, None, True),
    ("在预算范围内", "", None, None, None, True),
    ("2024年规模大于2023年的", "", None, None, None, True),
    ("案件资料100%按规定归档", "", None, None, None, True),
    # operators as symbols and words from DOMAIN.md
    ("≥90%", "", ">=", 90, "%", False),
    (">=90%", "", ">=", 90, "%", False),
    ("≤5天", "", "<=", 5, "天", False),
    ("<=5天", "", "<=", 5, "天", False),
    ("≧85%", "", ">=", 85, "%", False),
    ("≦3个", "", "<=", 3, "个", False),
    ("═100%", "", "=", 100, "%", False),
    ("不低于98%", "", ">=", 98, "%", False),
    ("不超过10工作日", "", "<=", 10, "工作日", False),
    ("超过3场", "", ">", 3, "场", False),
    ("高于90%", "", ">", 90, "%", False),
    ("低于5%", "", "<", 5, "%", False),
    ("小于等于三个", "", "<=", 3, "个", False),
    ("5%以下", "", "<=", 5, "%", False),
    ("1,000元/亩", "", "=", 1000, "元/亩", False),
    ("10000万元", "", "=", 10000, "万元", False),
    ("１００％", "", "=", 100, "%", False),  # full-width digits and percent
    ("30人次", "", "=", 30, "人次", False),
    ("90", "满意度（%）", "=", 90, "%", False),
]


@pytest.mark.parametrize("raw,name,operator,number,unit,qualitative", CASES)
def test_normalize_target(raw, name, operator, number, unit, qualitative):
    value = normalize_target(raw, name)
    assert value.raw == raw
    assert (value.operator, value.number, value.unit, value.is_qualitative) == (
        operator, None if number is None else float(number), unit, qualitative
    )
    assert not value.is_placeholder


def test_unit_taken_from_the_name_is_marked():
    assert normalize_target("50", "执法巡查覆盖辖区数量（个）").unit_from_name
    assert not normalize_target("50个", "执法巡查覆盖辖区数量（个）").unit_from_name
    # a unit printed in the value wins over the name's
    assert normalize_target("95%", "数量（个）").unit == "%"


def test_placeholders_are_flagged_not_numbers():
    value = normalize_target("≥**%")
    assert value.is_placeholder and value.number is None and value.operator == ">="
    assert not value.is_qualitative


def test_empty_value_is_neither_number_nor_text():
    value = normalize_target("  ")
    assert value.is_empty and value.operator is None and not value.is_qualitative


@pytest.mark.parametrize("text,expected", [("两", 2), ("三", 3), ("十", 10), ("十二", 12), ("二十", 20),
                                           ("一百零五", 105), ("三百", 300), ("一千二百", 1200)])
def test_chinese_numerals(text, expected):
    assert chinese_number(text) == expected


def test_unit_from_name_ignores_non_units():
    assert unit_from_name("执法巡查覆盖辖区数量（个）") == "个"
    assert unit_from_name("考试成本（万元）") == "万元"
    assert unit_from_name("指标（2024年）") is None
    assert unit_from_name("培训完成率") is None
