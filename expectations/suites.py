"""The Great Expectations suites: one per warehouse table, all defined here.

Each `Expectation` names a GX expectation class and its arguments, a severity and the rule in the
form's terms; `expectations.gx_runner` turns a table's list into a GX `ExpectationSuite`. Every
expectation is a row-level (map) expectation, so each failing row can be traced to its submission,
file, 项目名称 and source line.

The suites read the frames of `expectations.views`, which are the model's frames plus a few derived
columns (named in the docstring there): blank text counts as missing, amounts are floats in yuan
for comparisons, and cross-row facts (which indicator classes a project lacks, how its 指标N are
numbered) are computed per table so that GX can check them row by row.

A missing value is reported once, by its own `*_present` check: comparisons and ranges skip it
(GX ignores nulls in single-column expectations; the pair ones say `either_value_is_missing`).

The severities here are the defaults of the policy in docs/validation.md: ERROR for contradictions
in what a table prints (an amount that is not a number, a negative or sub-fen amount, duplicate
keys, unknown units or operators, parse errors); WITHHOLD for two printed fields that contradict
each other without saying which is wrong (当年度金额 > 总金额, years out of order or range: the table
loads without them, `withholds`); WARN
for what it does not print (a field its template does not carry, an empty goal, a level label
outside the standard taxonomy), which loads flagged incomplete. A bureau changes them in a policy
file (`expectations.policy`), not here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sources import taxonomy
from sources.budget_years import FIRST_YEAR, LAST_YEAR  # a sane budget year or 实施期限 year
from sources.parsed import ERROR, PROJECT, UNIT, WARN, WITHHOLD
from sources.target_values import OPERATORS

from expectations.checks import EXPECTATION, CheckSpec

PROJECT_TYPES = ("部门职能类", "其他事业发展性支出")  # the 项目类型 the reconciliations know
REQUIRED_LEVEL1 = (taxonomy.OUTPUT, taxonomy.BENEFIT, taxonomy.SATISFACTION)
# an indicator whose name says so may exceed 100%: growth, increase, multiples
AMOUNT_NOT_READ = "amount_not_read"  # the parser's code for a printed amount cell it could not read
PERCENT_MAY_EXCEED_100 = r"增长|增幅|增加|增速|提高|提升|同比|环比|倍|超额|上升"
FEN_PATTERN = r"^-?[0-9]+(?:\.[0-9]{1,2})?$"  # yuan with at most two decimals (分)


@dataclass(frozen=True)
class Expectation:
    """One GX expectation on one table, with what a reviewer needs to read its failures."""

    table: str
    rule_name: str
    severity: str
    rule: str  # in the form's terms
    explanation: str
    gx_class: str  # a class of great_expectations.expectations
    kwargs: dict = field(default_factory=dict)
    shows: tuple[tuple[str, str], ...] = ()  # (column, label): the values printed as "found"
    line_column: str | None = None  # a view column with the line at fault, when not the row's own line
    withholds: tuple[str, ...] = ()  # the fields a failure leaves empty when the severity is WITHHOLD

    @property
    def name(self) -> str:
        return f"{self.table}.{self.rule_name}"

    def spec(self) -> CheckSpec:
        return CheckSpec(self.name, EXPECTATION, self.table, self.severity, self.rule, self.explanation,
                         self.withholds)


def _present(table: str, column: str, label: str, severity: str = ERROR, rule_name: str | None = None,
             explanation: str = "", rule: str | None = None,
             shows: tuple[tuple[str, str], ...] = ()) -> Expectation:
    return Expectation(table, rule_name or f"{column}_present", severity, rule or f"{label} is filled in",
                       explanation or f"a row without {label} cannot be identified or traced",
                       "ExpectColumnValuesToNotBeNull", {"column": column}, shows or ((column, label),))


def _unique(table: str, *columns: str, label: str) -> Expectation:
    if len(columns) == 1:
        return Expectation(table, f"{columns[0]}_unique", ERROR, f"{label} is unique",
                           "two rows with one key would be counted twice",
                           "ExpectColumnValuesToBeUnique", {"column": columns[0]}, ((columns[0], label),))
    return Expectation(table, "key_unique", ERROR, f"{label} is unique",
                       "two rows with one key would be counted twice",
                       "ExpectCompoundColumnsToBeUnique", {"column_list": list(columns)},
                       tuple((c, c) for c in columns))


def _between(table: str, column: str, label: str, low: float | None, high: float | None, *,
             rule_name: str, severity: str = ERROR, explanation: str, rule: str | None = None,
             shows: tuple[tuple[str, str], ...] = ()) -> Expectation:
    bounds = {"min_value": low, "max_value": high}
    if rule is None:
        rule = f"{label} ≥ {low:g}" if high is None else f"{label} between {low:g} and {high:g}"
    return Expectation(table, rule_name, severity, rule, explanation, "ExpectColumnValuesToBeBetween",
                       {"column": column, **{k: v for k, v in bounds.items() if v is not None}},
                       shows or ((column, label),))


def _in_set(table: str, column: str, label: str, values, *, rule_name: str, severity: str = ERROR,
            explanation: str, shows: tuple[tuple[str, str], ...] = ()) -> Expectation:
    values = list(values)
    return Expectation(table, rule_name, severity, f"{label} is one of {'、'.join(map(str, values))}",
                       explanation, "ExpectColumnValuesToBeInSet", {"column": column, "value_set": values},
                       shows or ((column, label),))


def _no_finding(table: str, column: str, *, rule_name: str, rule: str, explanation: str,
                severity: str = WARN) -> Expectation:
    """A derived column that holds a finding (text) when something is wrong, null otherwise; the
    finding is shown as it is (no label), and by default it warns: what a table does not carry."""
    return Expectation(table, rule_name, severity, rule, explanation, "ExpectColumnValuesToBeNull",
                       {"column": column}, ((column, ""),))


def _years(table: str) -> list[Expectation]:
    return [
        replace(_between(table, column, label, FIRST_YEAR, LAST_YEAR, rule_name=f"{column}_in_range",
                         severity=WITHHOLD, explanation=f"a {label} outside {FIRST_YEAR}–{LAST_YEAR} is a "
                                                        f"typing error; the table loads without it"),
                withholds=(label,))
        for column, label in (("start_year", "起始年度"), ("end_year", "到期年度"))
    ]


def _amount_checks(table: str, label: str) -> list[Expectation]:
    return [
        _between(table, "amount_yuan_float", label, 0, None, rule_name="amount_not_negative",
                 explanation="a budget amount cannot be negative",
                 shows=(("amount_raw", f"{label}原文"), ("amount_yuan", f"{label}(元)"))),
        Expectation(table, "amount_in_fen", ERROR, f"{label} in 元 has at most two decimals (分)",
                    "more decimals than 分 means a typing error; the stored amount would be rounded",
                    "ExpectColumnValuesToMatchRegex", {"column": "amount_yuan_printed", "regex": FEN_PATTERN},
                    (("amount_raw", f"{label}原文"), ("amount_yuan_printed", f"{label}(元)"))),
    ]


# 一级指标/二级指标 as one text, the form of `level_pair` in expectations.views (GX's own pair
# expectation walks the rows one by one in pandas: 27 s for 60k indicators)
LEVEL_PAIRS = sorted(f"{level1}/{level2}" for level2, level1 in taxonomy.LEVEL2_PARENT.items())

SUITES: dict[str, list[Expectation]] = {
    "submissions": [
        _present("submissions", "submission_key", "文件哈希"),
        _unique("submissions", "submission_key", label="文件哈希"),
        _between("submissions", "budget_year", "预算年度", FIRST_YEAR, LAST_YEAR, rule_name="budget_year_in_range",
                 explanation="a budget year outside the range is a misread title or file name",
                 shows=(("budget_year", "预算年度"), ("year_source", "年度来源"))),
    ],
    "documents": [
        _present("documents", "document_key", "表键"),
        _unique("documents", "document_key", label="表键"),
        _in_set("documents", "kind", "表类型", (UNIT, PROJECT), rule_name="kind_known",
                explanation="only unit and project tables are modelled"),
        _no_finding("documents", "missing_level1", rule_name="indicator_classes_complete",
                    rule="每个项目至少有一项" + "、".join(REQUIRED_LEVEL1),
                    explanation="a project without 产出, 效益 or 满意度 indicators cannot be assessed on that side"),
        _no_finding("documents", "numbering_problem", rule_name="indicator_numbering",
                    rule="指标编号 指标1…指标N each printed once",
                    explanation="a repeated or skipped 指标N usually means a copied row or a lost one"),
        _no_finding("documents", "fields_not_printed", rule_name="fields_complete",
                    rule="the form's fields are printed",
                    explanation="the table's template does not carry these fields (or left them blank): it "
                                "loads, flagged incomplete (documents.missing_fields); totals and reconciliations "
                                "that need them leave it out"),
    ],
    "departments": [
        _present("departments", "department_key", "部门键"),
        _unique("departments", "department_key", label="部门键"),
        _present("departments", "department_name", "部门名称"),
    ],
    "units": [
        _unique("units", "document_key", label="表键"),
        _present("units", "unit_name", "下属单位名称", severity=WARN,
                 explanation="a unit table without 下属单位名称 or 部门名称 cannot be attributed to a unit; "
                             "it loads, flagged incomplete"),
        _between("units", "staff_count", "财政供养人员数", 0, None, rule_name="staff_count_not_negative",
                 explanation="a head count cannot be negative"),
    ],
    "projects": [
        _unique("projects", "document_key", label="表键"),
        _present("projects", "project_name", "项目名称", severity=WARN,
                 explanation="a project without 项目名称 cannot be matched to 年度重点工作任务 or followed across "
                             "years; it loads, flagged incomplete"),
        _in_set("projects", "project_type", "项目类型", PROJECT_TYPES, rule_name="project_type_known", severity=WARN,
                explanation="the budget reconciliations only know these types; another type is not reconciled"),
        *_years("projects"),
        Expectation("projects", "start_year_not_after_end_year", WITHHOLD, "起始年度 ≤ 到期年度",
                    "a project cannot end before it starts: one of the years is wrong, so the table loads "
                    "without both", "ExpectColumnPairValuesAToBeGreaterThanB",
                    {"column_A": "end_year", "column_B": "start_year", "or_equal": True,
                     "ignore_row_if": "either_value_is_missing"},
                    (("start_year", "起始年度"), ("end_year", "到期年度")), withholds=("起始年度", "到期年度")),
        *(replace(e, line_column="amount_line") for e in (
            _present("projects", "total_amount_printed", "总金额", severity=WARN, rule_name="total_amount_present",
                     rule="总金额 is printed",
                     explanation="a project that does not print 总金额 is missing from the budget totals; it loads, "
                                 "flagged incomplete (a printed 总金额 that is not a number: budget_lines.amount_is_number)"),
            _present("projects", "current_year_amount_printed", "当年度金额", severity=WARN,
                     rule_name="current_year_amount_present", rule="当年度金额 is printed",
                     explanation="a project that does not print 当年度金额 cannot be reconciled with the unit budget; "
                                 "it loads, flagged incomplete, and the reconciliations say it was not reconciled"),
            _between("projects", "total_amount_yuan_float", "总金额", 0, None, rule_name="total_amount_not_negative",
                     explanation="a budget amount cannot be negative", shows=(("total_amount_yuan", "总金额(元)"),)),
            _between("projects", "current_year_amount_yuan_float", "当年度金额", 0, None,
                     rule_name="current_year_amount_not_negative", explanation="a budget amount cannot be negative",
                     shows=(("current_year_amount_yuan", "当年度金额(元)"),)),
            Expectation("projects", "current_year_within_total", WITHHOLD, "当年度金额 ≤ 总金额",
                        "this year's amount is part of the project's total; more than the total is a typing "
                        "error in one of them, so the table loads without both (its indicators, goals and "
                        "other fields are not in doubt)",
                        "ExpectColumnPairValuesAToBeGreaterThanB",
                        {"column_A": "total_amount_yuan_float", "column_B": "current_year_amount_yuan_float",
                         "or_equal": True, "ignore_row_if": "either_value_is_missing"},
                        (("current_year_amount_yuan", "当年度金额(元)"), ("total_amount_yuan", "总金额(元)")),
                        withholds=("总金额", "当年度金额")),
        )),
    ],
    "budget_lines": [
        _unique("budget_lines", "budget_line_key", label="金额键"),
        _present("budget_lines", "amount_yuan_float", "金额", rule_name="amount_is_number", rule="金额 is a number",
                 explanation="an amount that is not a number is missing from every total",
                 shows=(("category", "类别"), ("amount_raw", "金额原文"))),
        *_amount_checks("budget_lines", "金额"),
        _in_set("budget_lines", "unit_printed", "金额单位", ("元", "万元"), rule_name="unit_known",
                explanation="amounts are converted to 元 from 元 or 万元 only"),
    ],
    "goals": [
        _unique("goals", "goal_key", label="目标键"),
        _present("goals", "goal_text", "目标内容", severity=WARN,
                 explanation="an empty goal says nothing to assess; the table loads, flagged"),
    ],
    "key_tasks": [
        _unique("key_tasks", "key_task_key", label="任务键"),
        _present("key_tasks", "task_name", "任务名称", severity=WARN,
                 explanation="a 年度重点工作任务 without a name cannot be matched to a project: it is not reconciled"),
        *_amount_checks("key_tasks", "拟投入的资金"),
    ],
    "indicators": [
        _unique("indicators", "indicator_key", label="指标键"),
        _present("indicators", "indicator_name", "三级指标", severity=WARN,
                 explanation="an indicator row without a name cannot be compared across projects or years; kept, flagged"),
        _in_set("indicators", "level1", "一级指标", taxonomy.LEVEL1, rule_name="level1_in_taxonomy", severity=WARN,
                explanation="a non-standard hierarchy (决策/过程, 实施效果指标 …): the indicator loads with its label "
                            "as printed but is counted in no class",
                shows=(("level1_label", "一级指标原文"), ("indicator_label_raw", "三级指标"))),
        _in_set("indicators", "level2", "二级指标", sorted(taxonomy.LEVEL2_PARENT), rule_name="level2_in_taxonomy",
                severity=WARN,
                explanation="a misspelt or non-standard 二级指标 (数量质量指标, 项目立项 …): the indicator loads with its "
                            "label as printed but is counted in no class",
                shows=(("level2_label", "二级指标原文"), ("indicator_label_raw", "三级指标"))),
        _in_set("indicators", "level_pair", "一级指标/二级指标", LEVEL_PAIRS, rule_name="levels_consistent",
                explanation="a 二级指标 under the wrong 一级指标 puts the indicator in the wrong class",
                shows=(("level1", "一级指标"), ("level2", "二级指标"))),
        _present("indicators", "level1", "一级指标", severity=WARN, rule_name="indicator_classified",
                 explanation="an indicator with no 一级/二级指标 above it is counted in no class"),
    ],
    "indicator_values": [
        _unique("indicator_values", "indicator_key", "value_column", label="指标键 + 指标值列"),
        _in_set("indicator_values", "operator", "比较符", OPERATORS, rule_name="operator_known",
                explanation="targets are compared with ≥ ≤ > < = only",
                shows=(("value_raw", "指标值"), ("operator", "比较符"))),
        _between("indicator_values", "percent_number", "百分比指标值", 0, 100, rule_name="percent_within_0_100",
                 severity=WARN, rule="百分比指标值 between 0% and 100% (unless the name says 增长, 提高 …)",
                 explanation="a rate above 100% or below 0% is usually a typing error",
                 shows=(("indicator_name", "三级指标"), ("value_raw", "指标值"))),
    ],
    "indicator_attributes": [
        _unique("indicator_attributes", "indicator_key", "attribute", label="指标键 + 属性列"),
    ],
    "policy_citations": [
        _unique("policy_citations", "citation_key", label="引用键"),
    ],
    "parse_warnings": [
        _unique("parse_warnings", "warning_key", label="警告键"),
        _no_finding("parse_warnings", "amount_not_read", rule_name="amounts_read",
                    rule="every amount cell holds an amount (总金额, 当年度金额, funding lines)",
                    explanation="the cell under an amount's label holds text that is no amount at all (abc, or a "
                                "name the layout put there): nothing is loaded for it, the table counts as not "
                                "printing that amount. A bureau whose forms are clean can make it an error"),
        _in_set("parse_warnings", "severity", "解析问题级别", ("warn",), rule_name="no_parse_errors",
                explanation="the parser found something it could not read as the form says "
                            "(an amount or year that is not a number, an unknown 二级指标)",
                shows=(("code", "代码"), ("message", "说明"))),
    ],
}


def all_expectations() -> list[Expectation]:
    return [e for suite in SUITES.values() for e in suite]


def row_keys() -> dict[str, tuple[str, ...]]:
    """The columns each table's key is made of, as its uniqueness expectation states them."""
    keys = {}
    for e in all_expectations():
        if e.gx_class == "ExpectColumnValuesToBeUnique":
            keys[e.table] = (e.kwargs["column"],)
        elif e.gx_class == "ExpectCompoundColumnsToBeUnique":
            keys[e.table] = tuple(e.kwargs["column_list"])
    return keys
