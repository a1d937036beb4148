"""Copies of the real sample with one defect each, built by code, and what validation must say.

Each `Defect` edits the sample text in one place (the edit must match exactly once, so a change to
the sample fails loudly here) and names the ERROR checks that must then fail, no more, no fewer, and
the failing row a reviewer must be shown: table (项目名称 or unit), source line, and text that
must appear in what was found (and the difference, for reconciliations).

Under the validation policy (docs/validation.md) only contradictions in what a table prints are
errors, and of those, two fields contradicting each other without saying which is wrong (当年度金额
above 总金额, 起始年度 after 到期年度) are withheld: the table loads without both (`withheld`). Two of the defects are not contradictions, and load with warnings instead of being held:
a 项目名称 left blank (a field not filled in: the table is flagged incomplete) and a 二级指标 outside
the standard taxonomy (a non-standard label: loaded as printed, counted in no class). Their own
check still fails, as a warning (`failing` is empty, `warnings` names what fires beyond the sample's).
"""

from __future__ import annotations

from dataclasses import dataclass

from sample_variants import edit_project

UNIT_NAME = "吴川市人力资源和社会保障局"


def edit_unit(text: str, old: str, new: str) -> str:
    """Replace `old` by `new` in the unit-level table (before the first project table), once."""
    end = text.index("项目支出绩效目标表")
    assert text[:end].count(old) == 1, f"{old!r} occurs {text[:end].count(old)} times in the unit table"
    return text[:end].replace(old, new) + text[end:]


@dataclass(frozen=True)
class Defect:
    name: str
    edit: object  # text -> text
    failing: frozenset[str]  # the ERROR checks that must fail
    check: str  # the check whose failing row is asserted
    subject: str
    line: int
    found: str  # must appear in the failing row's `found`
    difference: str | None = None
    warnings: frozenset[tuple[str, str | None]] = frozenset()  # (check, subject) firing beyond SAMPLE_WARNINGS
    withheld: tuple[str, ...] = ()  # the fields a WITHHOLD check leaves empty (the table loads without them)

    @property
    def quarantined(self) -> bool:
        return bool(self.failing)


DEFECTS = [
    Defect("unit budget no longer balances",
           lambda t: edit_unit(t, "\t基本支出\t674.09\t", "\t基本支出\t675.09\t"),
           frozenset({"reconcile.unit_budget_balances"}), "reconcile.unit_budget_balances",
           UNIT_NAME, 9, "基本支出 675.09万元", "10,000.00元"),
    Defect("a project amount breaks the 其他事业发展性支出 sum",
           lambda t: edit_project(t, "创业担保贷款贴息", "100000.00元", "110000.00元", times=2),
           frozenset({"reconcile.other_development_projects_sum"}), "reconcile.other_development_projects_sum",
           UNIT_NAME, 13, "当年度金额 total 3,530,000.00元", "10,000.00元"),
    Defect("a key task amount matches no project",
           lambda t: edit_unit(t, "三支一扶高校毕业生工作生活补贴\t72\t", "三支一扶高校毕业生工作生活补贴\t73\t"),
           frozenset({"reconcile.key_tasks_match_projects"}), "reconcile.key_tasks_match_projects",
           UNIT_NAME, 17, "任务2 三支一扶高校毕业生工作生活补贴: 拟投入的资金 73万元", "10,000.00元"),
    # not a contradiction: a field not filled in loads, flagged incomplete (policy: warn)
    Defect("a missing 项目名称",
           lambda t: edit_project(t, "劳动保障监察", "项目名称\t劳动保障监察\t", "项目名称\t\t"),
           frozenset(), "projects.project_name_present",
           None, 50, "项目名称 (empty)",
           warnings=frozenset({("projects.project_name_present", None), ("documents.fields_complete", None)})),
    # 总金额 is printed, so projects.total_amount_present (is it printed?) passes; that it is not a
    # number is the error of budget_lines.amount_is_number and of the parse warning
    Defect("a non-numeric amount",
           lambda t: edit_project(t, "劳动保障监察", "总金额\t270000.00元", "总金额\t二十七万元"),
           frozenset({"budget_lines.amount_is_number", "parse_warnings.no_parse_errors"}),
           "budget_lines.amount_is_number", "劳动保障监察", 55, "金额原文 二十七万元"),
    # not a contradiction: a label outside the standard taxonomy loads as printed (policy: warn)
    Defect("an unknown level-2 label",
           lambda t: edit_project(t, "劳动保障监察", "\t质量指标\t指标3：", "\t数量质量指标\t指标3："),
           frozenset(), "indicators.level2_in_taxonomy", "劳动保障监察", 62, "二级指标原文 数量质量指标",
           warnings=frozenset({("indicators.level2_in_taxonomy", "劳动保障监察")})),
    # contradictions in two fields that do not say which is wrong: the table loads without both
    # (policy: withhold), its indicators and goals are not in doubt
    Defect("当年度金额 > 总金额",
           lambda t: edit_project(t, "劳动保障监察", "总金额\t270000.00元", "总金额\t200000.00元"),
           frozenset(), "projects.current_year_within_total",
           "劳动保障监察", 55, "当年度金额(元) 270000.00; 总金额(元) 200000.00", withheld=("总金额", "当年度金额")),
    Defect("起始年度 > 到期年度",
           lambda t: edit_project(t, "劳动保障监察", "起始年度\t2024", "起始年度\t2025"),
           frozenset(), "projects.start_year_not_after_end_year",
           "劳动保障监察", 50, "起始年度 2025; 到期年度 2024", withheld=("起始年度", "到期年度")),
]

HELD = [d for d in DEFECTS if d.quarantined]  # the ones quarantine must hold back
WITHHELD = [d for d in DEFECTS if d.withheld]  # the ones that load without the fields they contradict

# what fires on the sample itself, and so on every copy of it: (check, 项目名称)
SAMPLE_WARNINGS = {
    ("documents.indicator_classes_complete", "居民养老工作经费"),  # no 满意度 indicator
    ("documents.indicator_numbering", "事业单位招聘招考工作经费"),  # 指标6 printed twice (and no 指标5)
}


def file_name(defect: Defect) -> str:
    return f"defect{DEFECTS.index(defect) + 1}-2024.txt"
