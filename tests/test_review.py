"""The target-quality review (绩效目标审核) on the sample and on its 2023 variant."""

from pathlib import Path

from sample_variants import CONFLICT_2023, PLACEHOLDER_2023, RAISED_IN_2024, WEAKENED_IN_2024

DOCS = Path(__file__).resolve().parents[1] / "docs" / "review.md"


def flags(con, rule: str, year: int | None = None) -> list[tuple]:
    sql = ("SELECT owner_name, indicator_name, value_raw, source_line, evidence FROM v_indicator_review "
           "WHERE rule_code = ? AND (? IS NULL OR budget_year = ?) ORDER BY owner_name, source_line")
    return con.execute(sql, [rule, year, year]).fetchall()


def test_missing_satisfaction_class_in_居民养老(sample_db):
    rows = flags(sample_db, "missing_class")
    assert [(owner, line) for owner, _, _, line, _ in rows] == [("居民养老工作经费", 104)]
    evidence = rows[0][4]
    assert evidence.startswith("未见满意度指标；表中已有：产出指标、效益指标")
    assert "第104行" in evidence


def test_repeated_number_in_事业单位招聘招考工作经费(sample_db, sample_text):
    rows = flags(sample_db, "indicator_numbering")
    assert {owner for owner, *_ in rows} == {"事业单位招聘招考工作经费"}
    repeated = [r for r in rows if "指标6" in r[4]]
    assert len(repeated) == 1 and repeated[0][3] == 123
    assert repeated[0][4] == "指标6 出现2次（第122、123行）"
    assert sample_text.split("\n")[122].count("指标6") == 1  # the flagged line prints the repeat


def test_boilerplate_shared_across_projects(sample_db):
    rows = flags(sample_db, "boilerplate")
    by_indicator: dict[tuple[str, str], set[str]] = {}
    for owner, name, value, _, _ in rows:
        by_indicator.setdefault((name, value), set()).add(owner)
    assert by_indicator[("有效投诉数量", "小于2单")] == {"创业担保贷款贴息", "就业创业政策性补贴和专项服务补助"}
    assert by_indicator[("资金发放准确率", "90%以上")] == {
        "粤菜师傅和南粤家政、广东技工工程费", "创业担保贷款贴息", "就业创业政策性补贴和专项服务补助"}
    # the same name with another value (三支一扶: 100%) is not boilerplate
    assert ("资金发放准确率", "100%") not in by_indicator
    # every flagged pair is shared by at least two projects of the department and year
    assert all(len(owners) >= 2 for owners in by_indicator.values())


def test_qualitative_values_on_rate_like_names(sample_db, sample_text):
    rows = flags(sample_db, "qualitative_rate")
    rate = [(owner, value, line) for owner, name, value, line, _ in rows if name == "城乡养老保险参保任务完成率（%）"]
    assert rate == [("居民养老工作经费", "按湛江下达的任务", 101), ("社保扩面征收工作经费", "按湛江下达的任务", 43)]
    lines = sample_text.split("\n")
    for _, name, value, line, _ in rows:
        assert name in lines[line - 1] and value in lines[line - 1]
    # quantified rates are never flagged, nor text targets on names that do not ask for a number
    assert not any(name in ("资金在规定时间内下达", "是否专款专用", "提高业务受理效率、质量") for _, name, *_ in rows)


def test_cost_indicators_without_an_amount(sample_db):
    rows = flags(sample_db, "cost_without_amount")
    assert {(owner, name) for owner, name, *_ in rows} == {
        ("事业单位招聘招考工作经费", "考试成本（万元）"), ("社会保险经办业务第三方机构审计经费", "预算控制率"),
        ("社会保险基金监督举报奖励资金", "预算控制")}
    assert all(value == "在预算范围内" for _, _, value, _, _ in rows)


def test_automatic_100_percent_satisfaction(sample_db):
    rows = flags(sample_db, "satisfaction_100")
    assert all(value == "100%" for _, _, value, _, _ in rows)
    assert ("三支一扶高校毕业生工作生活补贴", "受益群众满意率（%）") in {(o, n) for o, n, *_ in rows}
    # 95% and 大于98% satisfaction targets are not flagged
    assert not any(o in ("劳动保障监察", "社会保险基金监督举报奖励资金") for o, *_ in rows)


def test_single_year_sample_has_no_yoy_or_period_flags(sample_db):
    assert flags(sample_db, "target_weakened") == []
    assert flags(sample_db, "period_year_conflict") == []


def test_targets_weakened_versus_last_year(two_year_db):
    rows = flags(two_year_db, "target_weakened", 2024)
    assert {(owner, name) for owner, name, *_ in rows} == WEAKENED_IN_2024
    assert not RAISED_IN_2024 & {(owner, name) for owner, name, *_ in rows}
    evidence = {name: text for _, name, _, _, text in rows}
    assert evidence["企业或个人投诉率"] == "「企业或个人投诉率」2023年为「不高于0.5%」，2024年为「不高于1%」（越小越好）"
    assert flags(two_year_db, "target_weakened", 2023) == []


def test_period_and_current_year_contradictions(two_year_db):
    rows = flags(two_year_db, "period_year_conflict", 2023)
    project, indicator = CONFLICT_2023
    assert {(owner, name) for owner, name, *_ in rows} == {(project, indicator), (project, None)}
    texts = sorted(text for *_, text in rows)
    assert texts == ["「实际资金支出率」实施周期指标值「95%以上」，当年度指标值「90%以上」（单年度项目 2023）",
                     "当年度金额 100000.00 元，总金额 120000.00 元（单年度项目 2023）"]


def test_unfilled_targets(two_year_db, sample_db):
    project, indicator, placeholder = PLACEHOLDER_2023
    rows = flags(two_year_db, "target_missing", 2023)
    assert [(owner, name, value) for owner, name, value, _, _ in rows] == [(project, indicator, placeholder)]
    assert rows[0][4] == f"「{indicator}」的指标值为未填写的占位「{placeholder}」"
    assert flags(sample_db, "target_missing") == []


def test_score_is_100_minus_the_penalties(sample_db):
    penalties = dict(sample_db.execute(
        "SELECT document_key, sum(penalty) FROM v_indicator_review GROUP BY 1").fetchall())
    scores = sample_db.execute("SELECT document_key, score, grade, owner_name FROM v_project_review_score").fetchall()
    assert len(scores) == 14
    for key, score, grade, _ in scores:
        assert score == max(0, 100 - penalties.get(key, 0))
        assert grade == ("优" if score >= 90 else "良" if score >= 75 else "中" if score >= 60 else "差")
    assert min(scores, key=lambda s: s[1])[3] == "居民养老工作经费"


def test_every_rule_is_documented_and_every_flag_has_a_rule(sample_db):
    rules = sample_db.execute("SELECT rule_code, rule_name, explanation FROM v_review_rules").fetchall()
    documented = DOCS.read_text(encoding="utf-8")
    for code, name, explanation in rules:
        assert f"`{code}`" in documented and name in documented, code
        assert explanation
    raised = {code for (code,) in sample_db.execute("SELECT DISTINCT rule_code FROM v_indicator_review").fetchall()}
    assert raised <= {code for code, _, _ in rules}


def test_chinese_views_carry_the_review(sample_db):
    assert sample_db.execute("SELECT count(*) FROM 审核问题").fetchone() == sample_db.execute(
        "SELECT count(*) FROM v_indicator_review").fetchone()
    row = sample_db.execute("SELECT 问题, 证据, 来源行 FROM 审核问题 WHERE 项目或单位名称 = '居民养老工作经费' "
                            "AND 规则代码 = 'missing_class'").fetchone()
    assert row[0] == "缺少指标类别" and row[2] == 104
