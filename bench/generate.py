"""A deterministic corpus of 预算绩效目标表 submissions, for the benchmark and the tests.

    python -m bench.generate --departments 100 --projects 20 --years 5 --seed 7 --out /tmp/corpus

writes one tab-separated text file per department and budget year, shaped like the sample
(data/samples/wuchuan-hrss-2024.txt): a 部门下属单位整体预算绩效目标表 followed by M 项目支出绩效目标表.
Names, indicator texts, target values and amounts are drawn from `bench.vocab`; the layout damage
DOMAIN.md describes is injected at the rates asked for, and `manifest.json` beside the files says
exactly what was written: documents, projects, indicators, values, money totals, the damage
injected per kind and the parse warnings it must cause (and no others).

Every file depends only on (seed, department, year), so the same arguments give the same bytes,
whichever number of worker processes writes them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from multiprocessing import get_context
from pathlib import Path

from bench import vocab
from sources import taxonomy

LAST_YEAR = 2024

# damage kind -> the parse warnings one injection must cause (codes of sources.parsed.ParseWarning)
DAMAGE_WARNINGS: dict[str, tuple[str, ...]] = {
    "row_shift": (),  # an indicator row lost its leading empty cells and starts in column 0
    "missing_label": (),  # the 一级指标 of a block is not printed (it follows from the 二级指标)
    "colon": (),  # 指标N: and 指标N： mixed in one table
    "level2_in_level1": (),  # the 二级指标 printed in the 一级指标 column
    "label_row": ("label_row_without_indicator",),  # a 一级/二级 label row with no indicator
    "repeated_number": ("indicator_number_repeated", "indicator_number_gap"),  # 指标3 printed as 指标4
}
# probability per table of each kind of damage
DEFAULT_DAMAGE: dict[str, float] = {
    "row_shift": 0.10, "missing_label": 0.05, "colon": 0.10, "level2_in_level1": 0.05,
    "label_row": 0.02, "repeated_number": 0.02,
}

# names that, printed without 指标N, read as a 二级指标 label (服务对象满意度(%) -> 服务对象满意度指标):
# the parser cannot tell them from labels, so unnumbered tables do not use them
AMBIGUOUS_UNNUMBERED = frozenset(
    name for names in vocab.INDICATOR_NAMES.values() for name in names
    if taxonomy.classify_label(name) is not None or taxonomy.looks_like_label(name)
)

UNIT_TITLE = "部门下属单位整体预算绩效目标表"
PROJECT_TITLE = "项目支出绩效目标表"
PROJECT_VALUE_COLUMNS = ("实施周期指标值", "当年度指标值")
UNIT_VALUE_COLUMNS = ("指标值",)


@dataclass(frozen=True)
class Spec:
    departments: int
    projects: int  # project tables per department and year
    years: int
    seed: int = 1
    damage: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_DAMAGE))

    @property
    def year_range(self) -> range:
        return range(LAST_YEAR - self.years + 1, LAST_YEAR + 1)

    @property
    def project_tables(self) -> int:
        return self.departments * self.projects * self.years


@dataclass
class Counts:
    """What was written; summed over files into the manifest."""

    files: int = 0
    bytes: int = 0
    documents: int = 0
    units: int = 0
    projects: int = 0
    indicators: int = 0
    indicator_values: int = 0
    goals: int = 0
    key_tasks: int = 0
    budget_lines: int = 0
    project_total_yuan: int = 0
    project_current_yuan: int = 0
    indicators_by_level1: Counter = field(default_factory=Counter)
    damage: Counter = field(default_factory=Counter)
    warnings: Counter = field(default_factory=Counter)

    def add(self, other: "Counts") -> None:
        for name, value in vars(other).items():
            if isinstance(value, Counter):
                getattr(self, name).update(value)
            else:
                setattr(self, name, getattr(self, name) + value)

    def as_dict(self) -> dict:
        out = asdict(self)
        for name in ("indicators_by_level1", "damage", "warnings"):
            out[name] = dict(sorted(getattr(self, name).items()))
        return out


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


# --- indicators ----------------------------------------------------------------------------

def target_value(rng: random.Random) -> str:
    if rng.random() < 0.35:
        return rng.choice(vocab.QUALITATIVE)
    return rng.choice(vocab.QUANT_TEMPLATES).format(
        p=rng.choice(vocab.PERCENTS), q=rng.choice(vocab.SMALL_PERCENTS), n=rng.randint(1, 60))


def indicator_slots(rng: random.Random, tree, count: int) -> list[tuple[str, str]]:
    """`count` (level 1, level 2) pairs covering every level 1 of the template, in printed order."""
    slots = [(l1, rng.choice(children)) for l1, children in tree]
    pairs = [(l1, l2) for l1, children in tree for l2 in children]
    while len(slots) < count:
        slots.append(rng.choice(pairs))
    order = {l1: (i, children) for i, (l1, children) in enumerate(tree)}
    return sorted(slots, key=lambda s: (order[s[0]][0], order[s[0]][1].index(s[1])))


def indicator_rows(rng: random.Random, spec: Spec, year: int, value_columns: tuple[str, ...],
                   colon: str, counts: Counts) -> list[list[str]]:
    """The 绩效指标 block (header row first) with its damage injected; counts what it holds."""
    tree = vocab.NEW_TREE if year >= 2022 and rng.random() < 0.5 else vocab.OLD_TREE
    n = rng.randint(4, 8)
    slots = indicator_slots(rng, tree, n)
    numbered = rng.random() < 0.95
    damage = {kind for kind, rate in spec.damage.items() if rng.random() < rate}

    rows: list[list[str]] = []
    printed: list[tuple[bool, bool]] = []  # (level 1 printed, level 2 printed) per row
    previous: tuple[str, str] | None = None
    used: set[str] = set()
    for l1, l2 in slots:
        new_l1 = previous is None or previous[0] != l1
        new_l2 = new_l1 or previous[1] != l2
        previous = (l1, l2)
        l1_text = rng.choice(vocab.LEVEL1_PRINTED[l1]) if new_l1 else ""
        l2_text = rng.choice(vocab.LEVEL2_PRINTED.get(l2, (l2,))) if new_l2 else ""
        fresh = [name for name in vocab.INDICATOR_NAMES[l2] if name not in used
                 and (numbered or name not in AMBIGUOUS_UNNUMBERED)]
        name = rng.choice(fresh or vocab.INDICATOR_NAMES[l2])
        used.add(name)
        current = target_value(rng)
        values = [current] * len(value_columns)
        if len(value_columns) > 1 and rng.random() < 0.15:
            values[0] = target_value(rng)
        rows.append(["", l1_text, l2_text, name, *values])
        printed.append((bool(l1_text), bool(l2_text)))
        counts.indicators_by_level1[l1] += 1
    counts.indicators += n
    counts.indicator_values += n * len(value_columns)

    numbers = list(range(1, n + 1))
    if "repeated_number" in damage and numbered:
        k = rng.randint(1, n - 1)
        numbers[k - 1] = k + 1
        inject(counts, "repeated_number")
    for row, number in zip(rows, numbers):
        if numbered:
            sep = rng.choice(("：", ":", ": ")) if "colon" in damage else colon
            row[3] = f"指标{number}{sep}{row[3]}"
    if "colon" in damage and numbered:
        inject(counts, "colon")

    # a level 1 written twice (满意度指标 | 满意度指标) stands for its level 2: never blank or move it
    movable = [i for i, row in enumerate(rows)
               if row[2] and row[2] not in vocab.LEVEL1_PRINTED.get(row[2], ())]
    if "missing_label" in damage:
        both = [i for i in movable if printed[i][0]]
        if both:
            rows[rng.choice(both)][1] = ""
            inject(counts, "missing_label")
    if "level2_in_level1" in damage and movable:
        row = rows[rng.choice(movable)]
        row[1], row[2] = row[2], ""
        inject(counts, "level2_in_level1")
    if "label_row" in damage:
        l1, children = rng.choice(tree)
        rows.append(["", l1, rng.choice(children), ""] + [""] * len(value_columns))
        inject(counts, "label_row")
    if "row_shift" in damage:
        for i in rng.sample(range(n), min(n, rng.randint(1, 2))):
            row = rows[i]
            lead = next(j for j, cell in enumerate(row) if cell)
            rows[i] = row[lead:] + [""] * lead
        inject(counts, "row_shift")
    header = ["绩效指标", "一级指标", "二级指标", "三级指标", *value_columns]
    return [header] + rows


def inject(counts: Counts, kind: str) -> None:
    counts.damage[kind] += 1
    counts.warnings.update(DAMAGE_WARNINGS[kind])


# --- tables --------------------------------------------------------------------------------

def project_table(rng: random.Random, spec: Spec, dept_name: str, year: int,
                  project: tuple[str, str, str], current: int, counts: Counts) -> list[list[str]]:
    name, kind, level = project
    start, end = year, year
    if rng.random() < 0.2:  # a multi-year project
        start = year - rng.randint(0, 1)
        end = start + rng.randint(1, 2)
    total = current * (end - start + 1)
    counts.project_total_yuan += total
    counts.project_current_yuan += current
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
    counts.documents += 1
    counts.projects += 1
    counts.goals += goal_count
    counts.budget_lines += 2
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
    counts.documents += 1
    counts.units += 1
    counts.goals += 1
    counts.key_tasks += len(largest)
    counts.budget_lines += 6
    return rows


def render(title: str, rows: list[list[str]]) -> str:
    return f"{title}\n\n" + "".join("\t".join(row) + "\n" for row in rows)


def submission_text(spec: Spec, dept: int, year: int) -> tuple[str, Counts]:
    """The text of one department's submission for one year, and what it holds."""
    rng = random.Random(f"{spec.seed}/{dept}/{year}")
    _, dept_name = department(dept)
    counts = Counts()
    projects = [(p, rng.randint(10, 3_000) * 1_000) for p in portfolio(spec, dept)]
    parts = ["\n\n", render(UNIT_TITLE, unit_table(rng, spec, dept_name, year, projects, counts))]
    for project, amount in projects:
        parts.append("\n" + render(PROJECT_TITLE, project_table(rng, spec, dept_name, year, project, amount, counts)))
    text = "".join(parts)
    counts.files = 1
    counts.bytes = len(text.encode("utf-8"))
    return text, counts


def file_name(dept: int, year: int) -> str:
    code, _ = department(dept)
    return f"{year}/{code}-{year}.txt"


def write_submission(spec: Spec, out: Path, dept: int, year: int) -> tuple[Path, Counts]:
    text, counts = submission_text(spec, dept, year)
    path = out / file_name(dept, year)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path, counts


def _write_chunk(args: tuple[Spec, str, list[tuple[int, int]]]) -> Counts:
    spec, out, jobs = args
    total = Counts()
    for dept, year in jobs:
        total.add(write_submission(spec, Path(out), dept, year)[1])
    return total


def generate(spec: Spec, out: str | Path, workers: int | None = None) -> dict:
    """Write the corpus and its manifest under `out`; return the manifest."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    jobs = [(dept, year) for year in spec.year_range for dept in range(spec.departments)]
    workers = workers or min(os.cpu_count() or 1, 8)
    chunk = max(1, min(200, len(jobs) // (workers * 4) or 1))
    chunks = [(spec, str(out), jobs[i:i + chunk]) for i in range(0, len(jobs), chunk)]
    total = Counts()
    if workers == 1 or len(chunks) == 1:
        for item in chunks:
            total.add(_write_chunk(item))
    else:
        # spawn, not fork: the caller may hold DuckDB or Polars threads, which fork does not copy safely
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
            for counts in pool.map(_write_chunk, chunks):
                total.add(counts)
    manifest = {
        "spec": asdict(spec),
        "years": list(spec.year_range),
        "expected": total.as_dict(),
        "damage_warnings": {k: list(v) for k, v in DAMAGE_WARNINGS.items()},
        "generated_seconds": round(time.perf_counter() - started, 2),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return manifest


def parse_damage(text: str) -> dict[str, float]:
    """`default`, `none`, `all=0.1`, or `kind=rate,kind=rate` (kinds not named get rate 0)."""
    text = text.strip()
    if text == "default":
        return dict(DEFAULT_DAMAGE)
    if text == "none":
        return {kind: 0.0 for kind in DAMAGE_WARNINGS}
    rates = {kind: 0.0 for kind in DAMAGE_WARNINGS}
    for part in text.split(","):
        kind, _, rate = part.partition("=")
        kind = kind.strip()
        value = float(rate) if rate else 1.0
        if kind == "all":
            rates = {k: value for k in DAMAGE_WARNINGS}
        elif kind in DAMAGE_WARNINGS:
            rates[kind] = value
        else:
            raise argparse.ArgumentTypeError(f"unknown damage kind {kind!r}; known: {', '.join(DAMAGE_WARNINGS)}")
        if not 0.0 <= value <= 1.0:
            raise argparse.ArgumentTypeError(f"damage rate {value} for {kind} is not between 0 and 1")
    return rates


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--departments", type=int, required=True)
    parser.add_argument("--projects", type=int, required=True, help="project tables per department and year")
    parser.add_argument("--years", type=int, default=1, help=f"budget years, ending {LAST_YEAR}")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True)
    parser.add_argument("--damage", type=parse_damage, default=dict(DEFAULT_DAMAGE),
                        help="default | none | all=RATE | kind=RATE,... (kinds: " + ", ".join(DAMAGE_WARNINGS) + ")")
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args(argv)
    spec = Spec(args.departments, args.projects, args.years, args.seed, args.damage)
    manifest = generate(spec, args.out, args.workers)
    expected = manifest["expected"]
    print(f"{expected['files']} files, {expected['projects']} project tables, {expected['indicators']} indicators, "
          f"{expected['bytes'] / 1e6:.1f} MB in {manifest['generated_seconds']} s -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
