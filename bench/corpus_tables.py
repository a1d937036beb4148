"""The tables of a generated submission: department and project names, amounts as forms print them,
the 部门下属单位整体预算绩效目标表 and the 项目支出绩效目标表 (their indicators: bench.corpus_indicators)."""

from __future__ import annotations

import random

from bench import vocab
from bench.corpus_indicators import indicator_rows
from bench.corpus_spec import Counts, Spec

UNIT_TITLE = "部门下属单位整体预算绩效目标表"
PROJECT_TITLE = "项目支出绩效目标表"
PROJECT_VALUE_COLUMNS = ("实施周期指标值", "当年度指标值")
UNIT_VALUE_COLUMNS = ("指标值",)

# --- names ---------------------------------------------------------------------------------

def department(index: int) -> tuple[str, str]:
    """(file-name code, department name) of department `index`; distinct for every index."""
    region, bureau = divmod(index, len(vocab.BUREAUS))
    rest, first = divmod(region, len(vocab.REGION_FIRST))
    lap, second = divmod(rest, len(vocab.REGION_SECOND))
    region_name = (vocab.REGION_FIRST[first] + vocab.REGION_SECOND[second]
                   + vocab.REGION_SUFFIX[lap % len(vocab.REGION_SUFFIX)])
    if lap >= len(vocab.REGION_SUFFIX):
        region_name = f"第{lap // len(vocab.REGION_SUFFIX) + 1}{region_name}"
    code, suffix = vocab.BUREAUS[bureau]
    return f"r{region:04d}-{code}", region_name + suffix


def portfolio(spec: Spec, dept: int) -> list[tuple[str, str, str]]:
    """The department's projects, the same every year: (name, 项目类型, 项目等级)."""
    rng = random.Random(f"{spec.seed}/portfolio/{dept}")
    combos = [t + s for t in vocab.PROJECT_TOPICS for s in vocab.PROJECT_SUFFIXES]
    names = rng.sample(combos, min(spec.projects, len(combos)))
    names += [f"{rng.choice(combos)}（{n}）" for n in range(1, spec.projects - len(names) + 1)]
    return [(name, rng.choice(vocab.PROJECT_TYPES), rng.choice(vocab.PROJECT_LEVELS)) for name in names]


# --- money ---------------------------------------------------------------------------------

def wan(yuan: int) -> str:
    """Whole yuan (a multiple of 100) as 万元 the way forms print it: 3520000 -> 352, 6740900 -> 674.09."""
    whole, cents = divmod(yuan // 100, 100)
    return f"{whole}.{cents:02d}".rstrip("0").rstrip(".") if cents else str(whole)


def project_amount(rng: random.Random, yuan: int) -> tuple[str, str]:
    """(label suffix, printed amount): 元 with or without thousands separators, or 万元."""
    roll = rng.random()
    if roll < 0.70:
        return "", f"{yuan}.00元"
    if roll < 0.85:
        return "", f"{yuan:,}.00元"
    if roll < 0.93:
        return "", wan(yuan) + "万元"
    return "（万元）", wan(yuan)


# --- tables --------------------------------------------------------------------------------

def project_table(rng: random.Random, spec: Spec, dept_name: str, year: int,
                  project: tuple[str, str, str], current: int, counts: Counts) -> list[list[str]]:
    name, kind, level = project
    start, end = year, year
    if rng.random() < 0.2:  # a multi-year project
        start = year - rng.randint(0, 1)
        end = start + rng.randint(1, 2)
    total = current * (end - start + 1)
    counts.totals.update(project_total_yuan=total, project_current_yuan=current)
    wide = rng.random() < 0.4  # the sample's second layout: labels, an empty cell, then values
    pad = [""] if wide else []
    total_unit, total_text = project_amount(rng, total)
    current_unit, current_text = project_amount(rng, current)
    colon = "：" if rng.random() < 0.85 else ":"
    goals = [f"目标1{colon}{rng.choice(vocab.GOALS)}", f"目标1{colon}{rng.choice(vocab.GOALS)}"]
    goal_count = 2
    if rng.random() < 0.2:
        goals[1] += f"；目标2{colon}{rng.choice(vocab.GOALS)}"
        goal_count += 1
    rows = [
        ["项目名称", *pad, name, "", "", ""],
        ["项目类型", *pad, kind, "", "", ""],
        ["项目等级", *pad, level, "", "", ""],
        ["主管部门", *pad, dept_name, "用款单位", dept_name, ""],
        ["实施期限", *pad, "起始年度", str(start), "到期年度", str(end)],
        ["预算金额", *pad, "总金额" + total_unit, total_text, "当年度金额" + current_unit, current_text],
        ["项目概述", *pad, rng.choice(vocab.OVERVIEWS), "", "", ""],
        ["总体绩效目标", *pad, "实施周期总目标（跨年度项目需填写）", "", "当年度目标", ""],
        ["", *pad, goals[0], "", goals[1], ""],
    ]
    rows += indicator_rows(rng, spec, year, PROJECT_VALUE_COLUMNS, colon, counts)
    counts.totals.update(documents=1, projects=1, goals=goal_count, budget_lines=2)
    return rows


def unit_table(rng: random.Random, spec: Spec, dept_name: str, year: int,
               projects: list[tuple[tuple[str, str, str], int]], counts: Counts) -> list[list[str]]:
    """The unit-level table; its budget block adds up with the projects (DOMAIN.md's cross-checks)."""
    other_dev = sum(amount for (_, kind, _), amount in projects if kind == "其他事业发展性支出")
    project_spending = sum(amount for (_, kind, _), amount in projects if kind != "其他事业发展性支出")
    basic = rng.randint(1_000, 20_000) * 1_000
    other_income = 0 if rng.random() < 0.8 else rng.randint(1, 500) * 1_000
    fiscal = basic + project_spending + other_dev - other_income
    largest = sorted(projects, key=lambda p: -p[1])[: min(3, len(projects))]
    colon = rng.choice((":", "："))
    rows = [
        ["部门名称", dept_name, "", "", ""],
        ["下属单位名称", dept_name, "", "", ""],
        ["基本信息", "财政供养人员数", str(rng.randint(5, 300)), "", ""],
        ["预算整体情况", "单位预算支出", "预算金额（万元）", "收入来源", "预算金额（万元）"],
        ["", "基本支出", wan(basic), "财政拨款", wan(fiscal)],
        ["", "项目支出", wan(project_spending), "其他资金", wan(other_income)],
        ["", "事业发展性支出", "预算金额（万元）", "按预算级次划分", "预算金额（万元）"],
        ["", "财政专项资金", "0", "", ""],
        ["", "其他事业发展性支出", wan(other_dev), "", ""],
        ["总体绩效目标", rng.choice(vocab.UNIT_GOALS), "", "", ""],
        ["年度重点工作任务", "名称", "主要实施内容", "拟投入的资金（万元）", "期望达到的目标（概述）"],
    ]
    for n, ((name, _, _), amount) in enumerate(largest, start=1):
        rows.append(["", f"任务{n}{colon}", name, wan(amount), rng.choice(vocab.TASK_RESULTS)])
    rows += [["其他需完成的任务（可选填）", f"任务1{colon}", "", "", ""], ["", "", "", ""]]
    rows += indicator_rows(rng, spec, year, UNIT_VALUE_COLUMNS, ": ", counts)
    counts.totals.update(documents=1, units=1, goals=1, key_tasks=len(largest), budget_lines=6)
    return rows


def render(title: str, rows: list[list[str]]) -> str:
    return f"{title}\n\n" + "".join("\t".join(row) + "\n" for row in rows)

