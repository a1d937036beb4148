"""The 中文视图 on the sample and its 2023 variant: the form's terms, the same numbers as the tables."""

from decimal import Decimal

from sample_variants import CHANGED_AMOUNT, DROPPED_IN_2024, NEW_IN_2024, WEAKENED_IN_2024


def columns(con, view):
    return [d[0] for d in con.execute(f"SELECT * FROM {view} LIMIT 0").description]


def test_项目预算_in_the_forms_terms(sample_db):
    assert columns(sample_db, "项目预算")[:12] == [
        "年度", "主管部门", "地区", "地区代码", "项目名称", "项目类型", "项目等级", "用款单位", "起始年度", "到期年度",
        "总金额(元)", "当年度金额(元)"]
    assert columns(sample_db, "项目预算")[-3:] == ["来源文件", "来源行", "表键"]
    assert sample_db.execute('SELECT count(*), sum("总金额(元)"), sum(指标数), min(地区) FROM 项目预算').fetchone() == (
        13, Decimal("5553200.00"), 78, "广东省湛江市吴川市")
    assert sample_db.execute("SELECT 来源行 FROM 项目预算 WHERE 项目名称 = '劳动保障监察'").fetchone() == (50,)


def test_单位预算_adds_up(sample_db):
    row = sample_db.execute('SELECT "基本支出(元)" + "项目支出(元)" + "其他事业发展性支出(元)", '
                            '"财政拨款(元)" + "其他资金(元)", 财政供养人员数 FROM 单位预算').fetchone()
    assert row == (Decimal("14424100.00"), Decimal("14424100.00"), 75)


def test_重点任务_match_their_projects(sample_db):
    rows = sample_db.execute('SELECT 名称, "拟投入的资金(元)", "同名项目总金额(元)" FROM 重点任务 ORDER BY 任务序号').fetchall()
    assert len(rows) == 3 and all(task == project for _, task, project in rows)


def test_绩效指标_and_绩效目标(sample_db):
    row = sample_db.execute("SELECT 实施周期指标值, 指标值, 比较符, 目标数值, 计量单位, 定性定量 FROM 绩效指标 "
                            "WHERE 项目或单位名称 = '劳动仲裁工作经费' AND 三级指标 = '企业或个人投诉率'").fetchone()
    assert row == ("不高于1%", "不高于1%", "<=", 1.0, "%", "定量")
    assert sample_db.execute("SELECT count(*), count(实施周期指标值) FROM 绩效指标").fetchone() == (84, 78)
    assert sample_db.execute("SELECT count(*) FROM 绩效目标 WHERE 目标范围 = '当年度'").fetchone() == (13,)


def test_year_over_year_views(two_year_db):
    changes = dict(two_year_db.execute("SELECT 项目名称, 变化情况 FROM 项目预算同比 WHERE 年度 = 2024").fetchall())
    assert changes[NEW_IN_2024] == "新增" and changes[DROPPED_IN_2024] == "取消"
    project, before, after = CHANGED_AMOUNT
    assert changes[project] == "增加"
    assert two_year_db.execute('SELECT "上年当年度金额(元)", "当年度金额(元)", 变化比例 FROM 项目预算同比 '
                               "WHERE 项目名称 = ?", [project]).fetchone() == (
        Decimal(before), Decimal(after), float(Decimal(after - before) / before))
    weaker = set(two_year_db.execute("SELECT 项目名称, 三级指标 FROM 指标目标同比 WHERE 目标强弱 = '减弱'").fetchall())
    assert weaker == WEAKENED_IN_2024
    assert two_year_db.execute("SELECT count(*) FROM 单位预算同比 WHERE 年度 = 2024").fetchone()[0] == 6


def test_unit_budget_change(two_year_db):
    from sample_variants import UNIT_BASIC_2023

    rows = dict(two_year_db.execute('SELECT 类别, "上年金额(元)" FROM 单位预算同比 WHERE 变化情况 = \'增加\'').fetchall())
    assert rows == {"基本支出": Decimal(UNIT_BASIC_2023), "财政拨款": Decimal("14183200.00")}


def test_tables_command_lists_the_chinese_views_and_the_review(sample_warehouse):
    from click.testing import CliRunner

    from pipelines.cli import main

    result = CliRunner().invoke(main, ["tables", "--warehouse", str(sample_warehouse)])
    assert result.exit_code == 0
    listed = {line.split("│")[1].strip(): line.split("│")[2].strip() for line in result.output.splitlines()
              if line.count("│") >= 3}
    for view in ("项目预算", "单位预算", "重点任务", "绩效目标", "绩效指标", "审核问题", "审核得分",
                 "项目预算同比", "单位预算同比", "指标目标同比", "v_indicator_review", "v_project_review_score"):
        assert listed[view] == "view", view
