"""Real department-overall and special-fund / transfer target tables found in the wild
(tests/fixtures/wild/, addresses in SOURCES_dept.md), each read as hand-checked against the page.

They are not in the scored corpus: they test the rules they taught the parser (a page copied as one
line is no CSV, 区域绩效目标表 labels, sector-named departments, an amount with a bracketed
breakdown, an unfilled value column, the 绩效指标 block label printed after the indicator header).
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from sources.layout.glued import split_places, split_values
from sources.layout.traditional import restore
from sources.money import looks_like_amount, parse_yuan
from sources.readers.text import choose_delimiter
from sources.submission import parse_submission
from warehouse.model import build_frames

WILD = Path(__file__).parent / "fixtures" / "wild"


@lru_cache(maxsize=None)
def read(name: str):
    parsed = parse_submission(WILD / name)
    assert parsed.error is None, parsed.error
    return parsed


def frames_of(name: str):
    return build_frames([read(name)])


def targets(name: str) -> list[tuple]:
    return [(r["level1"], r["level2"], r["indicator_name"], r["value_raw"], r["operator"], r["number"], r["unit"])
            for r in frames_of(name)["indicators"].to_dicts()]


def project(name: str) -> dict:
    (row,) = frames_of(name)["projects"].to_dicts()
    return row


def money(name: str) -> dict:
    return {(b["category_group"], b["category"]): b["amount_yuan"] for b in frames_of(name)["budget_lines"].to_dicts()}


XIUYU = "fund_fujian_xiuyu_water_2025_run_together_per_township_FRAGMENT.txt"
ZHONGXIAN = "fund_chongqing_zhongxian_pig_2022_regional_cellpipes_FRAGMENT.txt"
CHENCANG = "fund_shaanxi_chencang_forestry_2021_regional_cellpipes_unfilled_FRAGMENT.txt"
YUEYANGXIAN = "fund_hunan_yueyangxian_farmland_2022_lines.txt"


def test_a_notice_copied_as_one_line_is_no_csv():
    """A fund notice and its tables copied as one line of prose punctuated with `,` (NFKC of `，`)
    goes to layout recovery, where comma-separated rows still are CSV."""
    text = (WILD / XIUYU).read_text(encoding="utf-8")
    assert text.count(",") == 13 and "\n" not in text
    assert choose_delimiter(text, ".txt") == "\t"
    assert choose_delimiter("a,b\nc,d", ".txt") == ","
    assert choose_delimiter("甲方,乙方,丙方。\n本表一行,无第二个逗号\n第三行没有", ".txt") == "\t"
    (table,) = read(XIUYU).tables
    assert table.layout == "run_together"
    assert (table.field_value("项目名称"), table.field_value("主管部门")) == ("省级第七批水利专项资金", "秀屿区水利局")
    assert money(XIUYU)[("预算金额", "当年度金额")] == Decimal("350000.00")


def test_a_regional_transfer_table_names_its_fund_and_most_local_department():
    """区域绩效目标表: 资金名称 is the fund; 中央/省级/区县主管部门 name the departments (the most local is
    the table's), 省级/区县财政部门 the finance bureaus (not kept); 中央补助 is a funding line; the
    绩效指标 label of the rows, printed after the header, is no value column."""
    row = project(ZHONGXIAN)
    assert (row["project_name"], row["department_name"]) == ("生猪(牛羊)调出大县奖励资金", "忠县农业农村委员会")
    assert money(ZHONGXIAN) == {("预算金额", "当年度金额"): Decimal("3970000.00"),
                                ("资金来源", "中央补助"): Decimal("3970000.00")}
    (table,) = read(ZHONGXIAN).tables
    assert table.value_columns == ["指标值"]
    assert targets(ZHONGXIAN) == [
        ("产出指标", "数量指标", "猪肉产量稳定率", "≥95%", ">=", 95.0, "%"),
        ("产出指标", "数量指标", "能繁母猪稳定率", "90%", "=", 90.0, "%"),
    ]


def test_unfilled_values_do_not_take_the_next_indicators_name():
    """Value cells left empty (`||`): a name that ends by naming its unit, `…面积(万亩)`, is the next
    indicator, never the value of the one above. 区级林业主管部门 is the department."""
    assert project(CHENCANG)["department_name"] == "宝鸡市陈仓区林业局"
    assert money(CHENCANG) == {("预算金额", "当年度金额"): Decimal("1894200.00")}
    assert targets(CHENCANG) == [
        ("产出指标", "数量指标", "天保工程实施单位保险参保人数(人)", "", None, None, None),
        ("产出指标", "数量指标", "上一轮退耕还林补助面积(万亩)", "", None, None, None),
        ("产出指标", "数量指标", "新一轮退耕还林(草)第二次补助面积(万亩)", "", None, None, None),
        ("产出指标", "数量指标", "新一轮退耕还林(草)第三次补助面积(万亩)", "", None, None, None),
    ]  # the fifth, 草原有害生物防治面积(万亩), is the page's last cell: cut short, not loaded


def test_an_amount_with_its_breakdown_in_brackets():
    """`854万(高标准农田建设400万元,示范建设295万元,畅通工程159万元)`: the amount is 854万元; the
    garbled 财政拨款 cell (`854万854万(…)`) is no amount and is not loaded."""
    assert looks_like_amount("854万(高标准农田建设400万元,示范建设295万元,畅通工程159万元)")
    assert parse_yuan("30(万元)") == Decimal("300000.00")  # a bracketed unit is the unit, not a note
    assert not looks_like_amount("854万854万(高标准农田建设400万元)")
    row = project(YUEYANGXIAN)
    assert (row["project_name"], row["department_name"], row["implementing_unit"]) == (
        "岳阳县2022年高标准农田建设项目", "岳阳县农业农村局", "农田建设服务中心")
    assert money(YUEYANGXIAN) == {("预算金额", "当年度金额"): Decimal("8540000.00")}
    assert targets(YUEYANGXIAN) == [
        ("产出指标", "数量指标", "脱贫村村内道路硬化里程", "≥100公里", ">=", 100.0, "公里"),
        ("产出指标", "数量指标", "脱贫户供水设施数量", "≥20座", ">=", 20.0, "座"),
        ("产出指标", "质量指标", "项目(工程)验收合格率", "100%", "=", 100.0, "%"),
        ("产出指标", "时效指标", "项目(工程)完成及时率", "≥100%", ">=", 100.0, "%"),
        ("产出指标", "成本指标", "财政资金补助", "1600元/亩", "=", 1600.0, "元/亩"),
        ("效益指标", "经济效益指标", "年增粮食", "3500公斤", "=", 3500.0, "公斤"),
        ("效益指标", "社会效益指标", "受益脱贫(监测)人口数", "≥500人", ">=", 500.0, "人"),
        ("效益指标", "社会效益指标", "解决脱贫(监测)饮水安全问题人数", "≥1000人", ">=", 1000.0, "人"),
        ("效益指标", "生态效益指标", "新增和改善灌溉达标面积", "≥500亩", ">=", 500.0, "亩"),
        ("效益指标", "生态效益指标", "新增和改善排水达标面积", "≥200亩", ">=", 200.0, "亩"),
        ("效益指标", "可持续影响指标", "工程设计使用年限", "≥20年", ">=", 20.0, "年"),
        ("满意度指标", "服务对象满意度指标", "受益脱贫(监测)户满意度", "≥95%", ">=", 95.0, "%"),
    ]


YUEYANGLOU = "dept_hunan_yueyanglou_price_cert_2023_pipes_traditional_FRAGMENT.txt"


def test_a_mirror_in_traditional_characters_with_pinyin_reads_as_published():
    """A department-overall table served by a mirror in traditional characters with pinyin after some
    (`岳陽樓區(qū)`, `績效目標(biāo)`): read as the simplified table the bureau published. The 绩效指标 row
    ends the goal above it; `成本指标 | 社会成本指标 | 定量 | 100` names its indicator in the level-2
    words (定量 is the 指标值类型); a row holding only the 评(扣)分标准 the rows above print is no indicator."""
    assert restore("岳陽樓區(qū)價(jià)格認(rèn)證鑒定中心績效目標(biāo)表") == "岳阳楼区价格认证鉴定中心绩效目标表"
    assert restore("一級(jí)指標(biāo) | 面積(萬畝)") == "一级指标 | 面积(万亩)"  # brackets that are no pinyin stay
    assert restore("區(qū)價(jià)") == "區(qū)價(jià)"  # none of the forms' words in traditional: left as it is
    parsed = read(YUEYANGLOU)
    (table,) = parsed.tables
    assert (table.kind, table.field_value("部门名称"), parsed.budget_year) == ("unit", "岳阳楼区价格认证鉴定中心", 2023)
    assert [(g.scope, g.text) for g in table.goals] == [("当年度", "做好涉案、价格认定工作。")]
    assert targets(YUEYANGLOU) == [
        ("产出指标", "数量指标", "业务工作支出安排金额", "28.8万元", "=", 28.8, "万元"),
        ("产出指标", "质量指标", "业务工作支出到位率", "100%", "=", 100.0, "%"),
        ("产出指标", "时效指标", "工作安排时间", "按月安排", None, None, None),
        ("产出指标", "成本指标", "社会成本指标", "100%", "=", 100.0, "%"),
        ("效益指标", "社会效益指标", "保证单位正常运转", "应保尽保", None, None, None),
    ]
    assert any(w.code == "text_without_value" and "未达指标值酌情扣分" in w.message for w in table.warnings)


LONGYAN = "fund_fujian_longyan_ethnic_2023_run_together_per_county_FRAGMENT.txt"
LECHANG = "fund_guangdong_lechang_vocational_aid_2018_pipes_traditional_FRAGMENT.txt"


def test_glued_places_and_values_are_cut_only_where_certain():
    assert split_places("笏石街道办埭头镇") == ["笏石街道办", "埭头镇"]
    assert split_places("新罗区永定区上杭县武平县长汀县连城县漳平市") == [
        "新罗区", "永定区", "上杭县", "武平县", "长汀县", "连城县", "漳平市"]
    assert split_places("指标方向") is None and split_places("埭头镇") is None
    assert split_values("≥11", 2, direction=True) == ["≥", "1", "1"]
    assert split_values("≤100%100%", 2, direction=True) == ["≤", "100%", "100%"]
    assert split_values("是/否否否", 2, direction=True) == ["是/否", "否", "否"]
    assert split_values("2312222", 7, direction=False) == list("2312222")
    assert split_values(">=95%" * 7, 7, direction=False) == [">=95%"] * 7
    assert split_values("100%", 2, direction=False) is None  # one value, or two? not certain: left whole
    assert split_values("1010", 3, direction=False) is None


def test_run_together_fund_tables_with_a_value_column_per_place():
    """Fujian fund notices copied as one line: the 指标解释 (`反映…情况`) is cut from the name, the
    places glued in the header become the value columns, the values glued in a row are cut per place,
    and the operator in the 指标方向 column completes the bare values."""
    (table,) = read(XIUYU).tables
    assert table.value_columns == ["笏石街道办", "埭头镇"]
    valued = [r for r in table.indicators if any(text for _, text in r.values)]
    assert [(r.level1, r.level2, r.name, dict(r.values), dict(r.attributes)) for r in valued] == [
        ("成本指标", "经济成本指标", "省级财政专项资金投入成本控制率(%)", {"笏石街道办": "≤100%", "埭头镇": "≤100%"},
         {"指标解释": "反映省级财政专项资金投入成本控制情况", "指标方向": "≤"}),
        ("产出指标", "数量指标", "开展修复工程(个)", {"笏石街道办": "≥1", "埭头镇": "≥1"},
         {"指标解释": "反映防洪水利设施水毁修复项目开展情况", "指标方向": "≥"}),
        ("产出指标", "时效指标", "截至2026年12月底,项目开展率(%)", {"笏石街道办": "≥100%", "埭头镇": "≥100%"},
         {"指标解释": "反映修复开展情况", "指标方向": "≥"}),
    ]
    (table,) = read(LONGYAN).tables
    assert (table.field_value("项目名称"), table.field_value("主管部门")) == ("宗教管理经费", "龙岩市民族与宗教事务局")
    assert table.value_columns == ["新罗区", "永定区", "上杭县", "武平县", "长汀县", "连城县", "漳平市"]
    assert [(r.level1, r.level2, r.name, [text for _, text in r.values]) for r in table.indicators] == [
        ("产出指标", "数量指标", "宗教管理经费补助县(市、区)数量", list("2312222")),
        ("产出指标", "质量指标", "项目资金使用合规性", [">=95%"] * 7),  # 项目资金, a field label, stays in the name
    ]
    assert money(LONGYAN)[("预算金额", "当年度金额")] == Decimal("300000.00")
    assert targets(LONGYAN)[1][3:] == (">=95%", ">=", 95.0, "%")


def test_a_traditional_fund_table_with_a_placeholder_county_department():
    row = project(LECHANG)
    assert row["project_name"] == "学生资助补助经费(中等职业学校国家助学金和免学费补助资金)"
    # the most local 主管部门 printed with a name: 县级主管部门 holds the form's placeholder 县(市、区)教育部门
    assert row["department_name"] == "韶关市教育局"
    assert targets(LECHANG) == [
        ("产出指标", "数量指标", "中等职业学校国家助学金应受助学生数", "100%", "=", 100.0, "%"),
        ("产出指标", "数量指标", "中职免学费应受助学生数", "100%", "=", 100.0, "%"),
    ]


NANYUE = "fund_hunan_nanyue_poverty_tourism_2018_spaces.txt"


def test_a_space_separated_fund_table_with_review_boxes_below():
    """Space-separated: a name with spaces inside its brackets (`开发数量( ≥**个 )`) is one cell, so its
    value `>=4个` stays its own; the offices' review boxes below (财政部门支出股室初审意见, 区扶贫办审核意见)
    end the table instead of becoming indicators."""
    row = project(NANYUE)
    assert (row["project_name"], row["department_name"], row["implementing_unit"]) == (
        "2018年市级专项扶贫资金基础设施(人大代表扶贫基地)", "南岳镇政府", "[610001]湖南省润山润水生态农业发展有限公司")
    assert money(NANYUE) == {("预算金额", "当年度金额"): Decimal("100000.00"), ("资金来源", "财政拨款"): Decimal("100000.00"),
                             ("资金来源", "其他资金"): Decimal("0.00")}
    found = targets(NANYUE)
    assert len(found) == 16
    assert found[1] == ("产出指标", "数量指标", "贫困地区旅游景点开发数量( ≥**个 )", ">=4个", ">=", 4.0, "个")
    assert found[7] == ("产出指标", "成本指标", "贫困地区旅游基础设施建设工程建设成本", "<=3000元/平方米", "<=", 3000.0, "元/平方米")
    assert found[-1] == ("满意度指标", "服务对象满意度指标", "游客满意度(≥**%)", ">=90%", ">=", 90.0, "%")
    assert not any("意见" in name for _, _, name, *_ in found)


NANYUE_ASSETS = "fund_hunan_nanyue_asset_income_2018_spaces.txt"


def test_a_lone_sentence_after_the_name_is_the_value_not_the_remark():
    """指标值 | 备注: the one text after a name is its value, a sentence with numbers too (qualitative)."""
    found = {name: rest for _, _, name, *rest in targets(NANYUE_ASSETS)}
    assert len(found) == 11
    assert found["返本分红比例"] == ["第一年按总投资额返本20%,分红按8%分红", None, None, None]
    assert found["每年返本分红时间"] == ["每年12月底前", None, None, None]
    assert found["补助合作社平均标准"] == ["=23万元/个", "=", 23.0, "万元/个"]
    assert found["*资产股权年收益率( ≥**% )"] == [">=8%", ">=", 8.0, "%"]
    assert money(NANYUE_ASSETS)[("预算金额", "当年度金额")] == Decimal("2140600.00")


NINGDE = "dept_fujian_ningde_local_history_2019_dept_overall_spaces_FRAGMENT.txt"


def test_a_department_overall_table_with_stacked_labels_and_duties():
    """Fujian's 部门整体支出绩效目标表, space-separated: labels printed a few characters a line (`年度` /
    `总体` / `目标`, `年度` / `预算` / `安排` / `(万元)`) are joined back; the 年度履职目标 rows (部门职能 |
    年度目标任务 | 支出项目名称 | 预算金额) are key tasks, not budget lines (no second 基本支出)."""
    parsed = read(NINGDE)
    (table,) = parsed.tables
    assert (table.kind, table.field_value("部门名称"), parsed.budget_year) == ("unit", "中共宁德市委党史和地方志研究室", 2019)
    assert money(NINGDE) == {("预算金额", "当年度金额"): Decimal("1714100.00"),
                             ("单位预算支出", "项目支出"): Decimal("608000.00"),
                             ("单位预算支出", "基本支出"): Decimal("1106100.00")}
    assert [(g.number, g.text) for g in table.goals] == [
        (1, "确保本室各人员工资及福利的发放"), (2, "对合作社区、退休人员及遗孀、困难群众进行一定程度的补助"),
        (3, "确保本室日常办公所需经费正常运行"), (4, "保障志鉴地情相关工作开展所需资金,确保完成2019年度任务。")]
    assert [(t.kind, t.name, t.amount_raw) for t in table.key_tasks] == [
        ("年度履职目标", "组织、指导、编纂、督促和检查地方志、年鉴、地情工作", "49.8"),
        ("年度履职目标", "确保本室各人员工资及福利的发放", "11"),
        ("年度履职目标", "确保日常工作正常运行", "171.41")]
    assert [(r[2], r[3], r[4], r[5], r[6]) for r in targets(NINGDE)] == [
        ("志鉴地情相关工作开展所需资金的供应时效", "100%", "=", 100.0, "%"),
        ("确保日常工作正常运行", "100%", "=", 100.0, "%"),
        ("按年度发放绩效奖、文明奖、综治平安奖、应休未休补贴", "≥60%", ">=", 60.0, "%"),
        ("调研、督促、指导志、鉴、地情编纂的县(市、区)的覆盖率", "1", "=", 1.0, None),
        ("各类书籍审稿率", "1", "=", 1.0, None),
        ("项目完成时间", "100%", "=", 100.0, "%"),
    ]
