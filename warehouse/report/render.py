"""The report as one self-contained HTML page: charts (inline SVG) and tables from the gathered data.

`render_report` is pure: the rows of warehouse.report.data in, the page out. The template
(report.html, Jinja2 with autoescaping) holds the layout and the CSS; no script, no external file,
so the page reads the same offline, in any browser, attached to an e-mail.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from importlib import resources
from pathlib import PurePath

import jinja2

from warehouse.report.charts import Chart, horizontal_bars, stacked_bars
from warehouse.report.data import Scope

WAN = Decimal(10000)
STATUS_ZH = {"new": "新增", "dropped": "取消", "increased": "增加", "decreased": "减少", "unchanged": "持平",
             "amount_missing": "金额缺失"}
CHANGE_COLORS = {"加强": "#59a14f", "减弱": "#e15759", "其他变化": "#b07aa1", "新增指标": "#76b7b2",
                 "删除指标": "#edc948", "新项目的指标": "#9c755f", "取消项目的指标": "#bab0ac"}  # in this order
UNCHANGED = "不变"  # drawn as context, in the table and the caption, not as a bar
MOST_CHANGES = 20  # projects drawn in the changes chart (the table lists them all)


@dataclass(frozen=True)
class RenderedReport:
    html: str
    charts: list[Chart]
    title: str


def _wan(yuan: Decimal | None) -> float:
    return float((yuan or Decimal(0)) / WAN)


def yuan_text(value: Decimal | float | None) -> str:
    return "" if value is None else f"{value:,.2f}"


def wan_text(value: Decimal | float | None) -> str:
    return "" if value is None else f"{float(value) / 10000:,.2f}万元"


def share_text(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def _series(rows: list[dict], category: str, series: str, value: str, categories: list[str],
            order: tuple[str, ...] = ()) -> dict[str, list[float]]:
    """{series name: [value per category]} from long rows."""
    table: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for row in rows:
        table[row[series]][str(row[category])] += float(row[value] or 0)
    names = sorted(table, key=lambda n: (order.index(n) if n in order else len(order), n))
    return {name: [table[name].get(c, 0.0) for c in categories] for name in names}


def build_charts(data: dict[str, list[dict]], years: list[str]) -> list[Chart]:
    unit_rows = [dict(r, amount=_wan(r["amount_yuan"])) for r in data["unit_budget"]]
    unit_chart = stacked_bars(
        "unit_budget", "单位预算支出（按年度和类别）", years,
        _series(unit_rows, "budget_year", "category", "amount", years, ("基本支出", "项目支出", "其他事业发展性支出")),
        "万元", "没有单位整体预算表")
    project_rows = [dict(r, amount=_wan(r["current_year_amount_yuan"])) for r in data["project_budget"]]
    project_chart = stacked_bars(
        "project_budget", "项目预算当年度金额（按年度和项目类型）", years,
        _series(project_rows, "budget_year", "project_type", "amount", years), "万元", "没有项目支出表")

    changes = [r for r in data["project_changes"] if r["budget_year"] == max(int(y) for y in years)]
    change_items = [
        (r["project_name"] or r["previous_project_name"],
         _wan(r["change_yuan"] if r["change_yuan"] is not None else (r["amount_yuan"] or -(r["previous_amount_yuan"] or 0))),
         STATUS_ZH.get(r["status"], r["status"])
         + (f" {r['change_pct']:+.1f}%" if r["status"] in ("increased", "decreased") and r["change_pct"] is not None else ""))
        for r in changes[:MOST_CHANGES]]
    latest = max(int(y) for y in years)
    change_chart = horizontal_bars(
        "project_changes", f"项目金额变化（{latest - 1}→{latest}年，当年度金额）", change_items, "万元",
        f"{latest}年没有可对比的上年项目（需要{latest - 1}年的报送）")

    class_chart = stacked_bars(
        "indicator_classes", "绩效指标类别构成（一级指标，按年度）", years,
        _series(data["indicator_classes"], "budget_year", "level1", "indicators", years,
                ("产出指标", "成本指标", "效益指标", "满意度指标")), "个指标", "没有绩效指标")

    change_years = sorted({str(r["budget_year"]) for r in data["target_changes"]})
    changed = [r for r in data["target_changes"] if r["change"] != UNCHANGED]
    unchanged = {str(r["budget_year"]): r["indicators"] for r in data["target_changes"] if r["change"] == UNCHANGED}
    context = "，".join(f"{year}年{count}个" for year, count in sorted(unchanged.items()))
    target_chart = stacked_bars(
        "target_changes", "指标目标值较上年的变化（按年度）" + (f"；目标不变的指标未画出：{context}" if context else ""),
        change_years, _series(changed, "budget_year", "change", "indicators", change_years, tuple(CHANGE_COLORS)),
        "个指标", "没有可对比的上年指标（需要相邻两个年度的报送）", CHANGE_COLORS)

    by_rule: dict[str, int] = defaultdict(int)
    for flag in data["review_flags"]:
        by_rule[flag["rule_name"]] += 1
    review_chart = horizontal_bars(
        "review_flags", "绩效目标审核问题（按问题类型）",
        [(name, count, f"{count}处") for name, count in sorted(by_rule.items(), key=lambda kv: -kv[1])],
        "处", "没有发现问题")
    return [unit_chart, project_chart, change_chart, class_chart, target_chart, review_chart]


def summary(data: dict[str, list[dict]], latest: int) -> list[tuple[str, str]]:
    """The figures at the top of the report, for the latest year in scope."""
    projects = [r for r in data["projects"] if r["budget_year"] == latest]
    indicators = sum(r["indicators"] for r in data["indicator_classes"] if r["budget_year"] == latest)
    quantitative = sum(r["quantitative"] for r in data["indicator_classes"] if r["budget_year"] == latest)
    scores = [r["score"] for r in data["review_scores"] if r["budget_year"] == latest and r["owner_kind"] == "project"]
    flags = [f for f in data["review_flags"] if f["budget_year"] == latest]
    total = sum((r["current_year_amount_yuan"] or Decimal(0)) for r in projects)
    return [
        (f"{latest}年项目数", f"{len(projects)}个"),
        ("项目当年度金额", wan_text(total)),
        ("绩效指标", f"{indicators}个"),
        ("定量指标占比", share_text(quantitative, indicators)),
        ("审核问题", f"{len(flags)}处"),
        ("项目平均得分", f"{sum(scores) / len(scores):.1f}" if scores else "—"),
    ]


def target_change_counts(rows: list[dict]) -> list[tuple[int, dict[str, int]]]:
    """(year, {change kind: indicators}) for the table under the target-change chart."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for r in rows:
        counts[r["budget_year"]][r["change"]] = r["indicators"]
    return sorted(counts.items())


def flag_groups(flags: list[dict]) -> list[dict]:
    """The review's flags by table (year and project or unit), the most penalised first."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for flag in flags:
        groups[(flag["budget_year"], flag["owner_name"])].append(flag)
    listed = [{"budget_year": year, "owner_name": owner, "flags": rows, "penalty": sum(f["penalty"] for f in rows),
               "rules": "、".join(sorted({f["rule_name"] for f in rows}))} for (year, owner), rows in groups.items()]
    return sorted(listed, key=lambda g: (-g["budget_year"], -g["penalty"], g["owner_name"] or ""))


def render_report(data: dict[str, list[dict]], scope: Scope, generated_at: datetime, source: str) -> RenderedReport:
    years = [str(r["budget_year"]) for r in data["years"]]
    latest = int(years[-1])
    departments = [r["department_name"] for r in data["departments"]]
    subject = departments[0] if len(departments) == 1 else f"{len(departments)}个部门"
    span = years[0] if len(years) == 1 else f"{years[0]}–{years[-1]}"
    title = f"{subject} 预算绩效目标分析（{span}年度）"
    charts = build_charts(data, years)
    scores = {r["document_key"]: r for r in data["review_scores"]}
    projects = [dict(r, score=scores.get(r["document_key"], {}).get("score"),
                     grade=scores.get(r["document_key"], {}).get("grade")) for r in data["projects"]]
    environment = jinja2.Environment(
        loader=jinja2.FunctionLoader(
            lambda name: resources.files("warehouse.report").joinpath(name).read_text(encoding="utf-8")),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    environment.filters.update(yuan=yuan_text, wan=wan_text, filename=lambda path: PurePath(path or "").name)
    unit_totals: dict[int, float] = defaultdict(float)
    for r in data["unit_budget"]:
        unit_totals[r["budget_year"]] += float(r["amount_yuan"] or 0)
    html = environment.get_template("report.html").render(
        title=title, scope=scope, departments=data["departments"], years=years, latest=latest,
        summary=summary(data, latest), charts={c.key: c for c in charts}, data=dict(data, projects=projects),
        status_zh=STATUS_ZH, generated_at=generated_at.strftime("%Y-%m-%d %H:%M"), source=source,
        share=lambda part, whole: share_text(float(part or 0), whole), unit_totals=unit_totals,
        change_kinds=[UNCHANGED, *CHANGE_COLORS], target_change_counts=target_change_counts(data["target_changes"]),
        flag_groups=flag_groups(data["review_flags"]))
    return RenderedReport(html, charts, title)
