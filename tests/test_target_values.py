"""Target values (指标值) normalize to operator, number, unit and a qualitative flag."""

import json
from pathlib import Path

import polars as pl
import pytest

from sources.target_values import (OPERATORS, chinese_number, is_unit, normalize_target, operator_word,
                                   states_operator, unit_from_name)
from warehouse.model import build_frames
from warehouse.values import normalize_values, value_warnings

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


# --- every form the normalizer reads (issue 17, issue 12, DOMAIN.md, the real corpus) ------------
# (printed value, indicator name, operator, number, upper bound, unit, flags); flags: Q qualitative,
# D a date or period (qualitative), U qualitative but looks like a target (warned), P unfilled
# template value (placeholder), C a signed change, N unit taken from the name
THIRD = 1 / 3
FORMS = [
    # plain numbers, operators as symbols and words
    ("100%", "", "=", 100, None, "%", ""),
    ("95%以上", "", ">=", 95, None, "%", ""),
    ("不低于98%", "", ">=", 98, None, "%", ""),
    ("不得超过3天", "", "<=", 3, None, "天", ""),
    ("≯5%", "", "<=", 5, None, "%", ""),
    ("不足10人", "", "<", 10, None, "人", ""),
    ("3天内", "", "<=", 3, None, "天", ""),
    ("5个工作日以内", "", "<=", 5, None, "个工作日", ""),
    ("≥ 95 %", "", ">=", 95, None, "%", ""),
    ("＞９０％", "", ">", 90, None, "%", ""),
    ("1", "", "=", 1, None, None, ""),
    # Chinese percentages and fractions
    ("百分之九十五", "", "=", 95, None, "%", ""),
    ("百分之九十五以上", "", ">=", 95, None, "%", ""),
    ("百分之百", "", "=", 100, None, "%", ""),
    ("百分之95", "", "=", 95, None, "%", ""),
    ("九十五点五%", "", "=", 95.5, None, "%", ""),
    ("三分之一", "", "=", THIRD, None, None, ""),
    ("三分之二以上", "", ">=", 2 / 3, None, None, ""),
    ("三分之一", "完成率（%）", "=", THIRD, None, None, ""),  # a ratio never takes the name's unit
    ("1/3", "", "=", THIRD, None, None, ""),
    ("千分之五", "", "=", 5, None, "‰", ""),
    ("≤5‰", "", "<=", 5, None, "‰", ""),
    ("万分之三", "", "=", 3, None, "‱", ""),
    # negatives and changes
    ("-5%", "", "=", -5, None, "%", ""),
    ("≥-5", "", ">=", -5, None, None, ""),
    ("−5%", "", "=", -5, None, "%", ""),  # U+2212, the minus sign
    ("－5%", "", "=", -5, None, "%", ""),  # full-width hyphen
    ("下降5%", "", "=", -5, None, "%", "C"),
    ("降低5%", "", "=", -5, None, "%", "C"),
    ("减少5%", "", "=", -5, None, "%", "C"),
    ("下降5%以上", "", "<=", -5, None, "%", "C"),
    ("下降不超过5%", "", ">=", -5, None, "%", "C"),
    ("≥下降5%", "", "<=", -5, None, "%", "C"),  # an operator column in front of a change
    ("同比下降3%", "", "=", -3, None, "%", "C"),
    ("较2023年下降3%", "", "=", -3, None, "%", "C"),
    ("增长10%", "", "=", 10, None, "%", "C"),
    ("较上年提高2个百分点", "", "=", 2, None, "个百分点", "C"),
    ("缩短2天", "", "=", -2, None, "天", "C"),
    ("下降5%-10%", "", ">=", -10, -5, "%", "C"),
    ("降至5%以下", "", "<=", 5, None, "%", ""),
    ("提高到95%", "", ">=", 95, None, "%", ""),
    ("减少企业恶意欠薪违法发生率", "", None, None, None, None, "Q"),
    # ranges
    ("95%-100%", "", ">=", 95, 100, "%", ""),
    ("95％~100％", "", ">=", 95, 100, "%", ""),
    ("95%～100%", "", ">=", 95, 100, "%", ""),
    ("95%至100%", "", ">=", 95, 100, "%", ""),
    ("95%—100%", "", ">=", 95, 100, "%", ""),
    ("90-95%", "", ">=", 90, 95, "%", ""),
    ("≥95%且≤100%", "", ">=", 95, 100, "%", ""),
    ("≤100%且≥95%", "", ">=", 95, 100, "%", ""),
    (">90%且<=95%", "", ">", 90, 95, "%", ""),
    ("不低于90%且不高于95%", "", ">=", 90, 95, "%", ""),
    ("1-2个", "", ">=", 1, 2, "个", ""),
    ("三至五天", "", ">=", 3, 5, "天", ""),
    ("-5%~5%", "", ">=", -5, 5, "%", ""),
    ("2000-3000人", "", ">=", 2000, 3000, "人", ""),
    ("10-20", "数量（个）", ">=", 10, 20, "个", "N"),
    ("100%-95%", "", None, None, None, None, "QU"),  # bounds reversed: not read, warned
    ("≥90-95%", "", None, None, None, None, "QU"),  # which bound does ≥ mean?
    # qualifiers
    ("≥95%（含）", "", ">=", 95, None, "%", ""),
    ("≥95%(含)", "", ">=", 95, None, "%", ""),
    ("95%(含)以上", "", ">=", 95, None, "%", ""),
    ("约100人", "", "=", 100, None, "人", ""),
    ("100人左右", "", "=", 100, None, "人", ""),
    ("10万元以内", "", "<=", 10, None, "万元", ""),
    # Chinese numerals with units, and words that only start like numerals
    ("两场", "", "=", 2, None, "场", ""),
    ("三个", "", "=", 3, None, "个", ""),
    ("十二个月", "", "=", 12, None, "个月", ""),
    ("不少于一次", "", ">=", 1, None, "次", ""),
    ("一般", "", None, None, None, None, "Q"),
    ("十分满意", "", None, None, None, None, "Q"),
    ("一次性补助", "", None, None, None, None, "Q"),
    ("提高三支一扶高校毕业生下基层的积极性", "", None, None, None, None, "Q"),
    ("每月1次", "", "=", 1, None, "次/月", ""),
    # the real corpus (../shared/corpus/real/gold)
    ("=100百分比", "", "=", 100, None, "百分比", ""),
    ("≥100百分比", "", ">=", 100, None, "百分比", ""),
    ("二100百分比", "", "=", 100, None, "百分比", ""),  # OCR of =
    ("44,561", "", "=", 44561, None, None, ""),
    ("<=6962人", "", "<=", 6962, None, "人", ""),
    ("780元/生/年", "", "=", 780, None, "元/生/年", ""),
    ("1次/月", "", "=", 1, None, "次/月", ""),
    ("≤620万/月", "", "<=", 620, None, "万/月", ""),
    ("1346.0088万平方米", "", "=", 1346.0088, None, "万平方米", ""),
    (">=101人/次", "", ">=", 101, None, "人/次", ""),
    ("80M", "", "=", 80, None, "M", ""),
    ("≥80M", "", ">=", 80, None, "M", ""),
    ("250万", "", "=", 250, None, "万", ""),
    ("=300天", "", "=", 300, None, "天", ""),
    ("=30000人次", "", "=", 30000, None, "人次", ""),
    ("≥90辆", "", ">=", 90, None, "辆", ""),
    ("85", "苗木成活率(≥**%)", "=", 85, None, "%", "N"),  # the unit of a placeholder in the name
    ("6070", "项目总投入(≥**万元)", "=", 6070, None, "万元", "N"),
    ("较高", "", None, None, None, None, "Q"),
    ("程度较高", "", None, None, None, None, "Q"),
    ("及时支出", "", None, None, None, None, "Q"),
    ("高中低", "", None, None, None, None, "Q"),
    ("优良", "", None, None, None, None, "Q"),
    ("控制在预算内", "", None, None, None, None, "Q"),
    ("暂定量按15次作业且总航时不少于30小时测算", "", None, None, None, None, "Q"),  # a sentence
    # dates and periods: qualitative, never warned
    ("2023年底", "", None, None, None, None, "QD"),
    ("2020年1月--2020年11月", "", None, None, None, None, "QD"),
    ("2023.07-2024.01", "", None, None, None, None, "QD"),
    ("2023年12月31日前", "", None, None, None, None, "QD"),
    ("12月底前", "", None, None, None, None, "QD"),
    ("2023-2025年", "", None, None, None, None, "QD"),
    ("第四季度", "", None, None, None, None, "QD"),
    ("1年", "", "=", 1, None, "年", ""),  # a duration, not a date
    # unfilled template values
    ("≥**%", "", ">=", None, None, "%", "P"),
    ("≤**", "", "<=", None, None, None, "P"),
    ("xx个", "", None, None, None, "个", "P"),
    ("≤****000元", "", "<=", None, None, "元", "P"),
    ("公里", "", None, None, None, "公里", "P"),
    ("万亩", "", None, None, None, "万亩", "P"),
    ("万人", "", None, None, None, "万人", "P"),
    ("≧ %", "", ">=", None, None, "%", "P"),
    ("≥", "", ">=", None, None, None, "P"),
    # short texts with a number that are not read: qualitative and warned
    ("完成100%", "", None, None, None, None, "QU"),
    ("5项工作完成", "", None, None, None, None, "QU"),
    ("1:1", "", None, None, None, None, "QU"),
    ("二0二三年", "", None, None, None, None, "QU"),
    ("3年内完成", "", None, None, None, None, "QU"),
    ("2艘", "", "=", 2, None, "艘", ""),  # an unknown short unit after digits is kept
]


@pytest.mark.parametrize("raw,name,operator,number,upper,unit,flags", FORMS)
def test_every_form(raw, name, operator, number, upper, unit, flags):
    value = normalize_target(raw, name)
    assert value.raw == raw
    assert (value.operator, value.unit) == (operator, unit)
    assert value.number == pytest.approx(number) if number is not None else value.number is None
    assert value.upper == pytest.approx(upper) if upper is not None else value.upper is None
    got = {flag for flag, on in zip("QDUPCN", (value.is_qualitative, value.is_date, value.is_unread,
                                                value.is_placeholder, value.is_change, value.unit_from_name)) if on}
    assert got == set(flags)
    expected_problem = "placeholder_value" if "P" in flags else "value_not_understood" if "U" in flags else None
    assert value.problem == expected_problem


def test_at_least_eighty_forms():
    assert len(FORMS) >= 80 and len({(raw, name) for raw, name, *_ in FORMS}) == len(FORMS)


def test_ranges_keep_one_of_the_known_operators():
    assert all(op in OPERATORS for _, _, op, _, upper, _, _ in FORMS if upper is not None)


def test_is_unit():
    assert all(map(is_unit, ["%", "万亩", "人/天", "元/生/年", "万/月", "个工作日", "万元/人", "百分比"]))
    assert not any(map(is_unit, ["", "般", "分满意", "年底", "项工作完成", "较高"]))


# --- the real corpus: every gold indicator's printed value reads as the gold says ------------------
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real" / "gold"
OPERATOR_COLUMNS, UNIT_COLUMNS = ("计算符号", "指标性质", "指标方向"), ("度量单位", "计量单位")


def _gold_rows():
    for path in sorted(CORPUS.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        for row in gold["indicators"]:
            values = {k: v for k, v in (row.get("values") or {}).items() if (v or "").strip()}
            column = gold.get("primary_value_column")
            column = column if column in values else (list(values)[-1] if values else None)
            if column:
                yield pytest.param(row, values[column], id=f"{path.stem}-{row['name'][:12]}")


def _completed(text: str, attributes: dict[str, str]) -> str:
    """The value as the parser passes it on: a bare number completed from an operator column and a
    unit column (sources.parse.indicators)."""
    operator = next((attributes[c] for c in OPERATOR_COLUMNS if operator_word(attributes.get(c) or "")), None)
    unit = next((attributes[c].strip() for c in UNIT_COLUMNS if (attributes.get(c) or "").strip()), None)
    target = normalize_target(text)
    if target.number is not None and not target.is_qualitative:
        if operator and not states_operator(text):
            text = operator.strip() + text
        if unit and target.unit is None and normalize_target(text + unit).unit == unit:
            text += unit
    return text


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside the project")
@pytest.mark.parametrize("gold,printed", list(_gold_rows()) if CORPUS.is_dir() else [])
def test_corpus_gold_values(gold, printed):
    value = normalize_target(_completed(printed, gold.get("attributes") or {}), gold["name"])
    skip = set(gold.get("ambiguous_fields", []))
    expected = {"operator": gold["operator"], "number": gold["number"], "unit": gold["unit"],
                "qualitative": gold["qualitative"]}
    got = {"operator": value.operator, "number": value.number, "unit": value.unit,
           "qualitative": value.is_qualitative}
    assert {k: v for k, v in got.items() if k not in skip} == {k: v for k, v in expected.items() if k not in skip}


# --- the bundled sample normalizes exactly as before ranges, changes and fractions were read ------
def test_sample_values_unchanged(parsed_sample):
    """tests/fixtures/sample_target_values.csv holds every value of the sample's 84 indicators as
    the normalizer read them before (one row per indicator and per value column)."""
    frames = build_frames([parsed_sample])
    before = pl.read_csv(Path(__file__).parent / "fixtures" / "sample_target_values.csv",
                         schema_overrides={"value_raw": pl.String, "unit": pl.String, "operator": pl.String})
    columns = [c for c in before.columns if c not in ("table", "value_column")]
    now = pl.concat([
        frames["indicators"].select(pl.lit("indicators").alias("table"), pl.lit(None, pl.String).alias("value_column"),
                                    *columns),
        frames["indicator_values"].select(pl.lit("indicator_values").alias("table"), "value_column", *columns),
    ])
    assert now.height == before.height == 84 + 162
    assert now.select(before.columns).equals(before.select(before.columns).cast(now.select(before.columns).schema))
    for table in ("indicators", "indicator_values"):
        assert frames[table]["number_upper"].is_null().all()
        assert not frames[table]["is_change"].fill_null(False).any()
    assert not frames["parse_warnings"]["code"].is_in(["placeholder_value", "value_not_understood"]).any()


def test_value_warnings_name_indicator_column_and_text():
    values = pl.DataFrame({
        "indicator_key": ["d:i1", "d:i2", "d:i3", "d:i4", "d:i5"], "value_column": ["指标值"] * 5,
        "document_key": ["d"] * 5, "submission_key": ["s"] * 5, "source_line": [7, 8, 9, 10, 11],
        "indicator_name": ["完成率", "新建堤防长度", "服务周期", "满意度", "项目总成本"],
        "value_raw": ["完成100%", "公里", "2023.07-2024.01", "≥95%且≤100%", "≤****000元"],
    })
    frames = {"documents": pl.DataFrame({"document_key": ["d"], "file_path": ["f.txt"]}),
              "parse_warnings": pl.DataFrame({"document_key": ["d"], "source_line": [11], "code": ["placeholder_value"]})}
    normalized = normalize_values(values)
    assert normalized.filter(pl.col("indicator_key") == "d:i4").select("operator", "number", "number_upper").row(0) \
        == (">=", 95.0, 100.0)
    warnings = value_warnings(normalized, frames)
    assert warnings.select("code", "severity", "source_line").rows() == [
        ("value_not_understood", "warn", 7), ("placeholder_value", "warn", 8)]  # line 11: the parser said so
    assert warnings["message"][0].startswith("完成率 指标值 「完成100%」")
    assert warnings["warning_key"].to_list() == ["d:v1", "d:v2"]
