"""What a generated corpus is asked to be (`Spec`: its size, seed and layout damage) and what it holds
(`Counts`, summed over files into manifest.json): the vocabulary of bench.generate and its parts."""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass, field

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

# the quantities a corpus holds (files and bytes written, rows of the warehouse's tables, money), in
# the manifest's order; bench/check.py counts the same in a loaded warehouse
TOTALS = ("files", "bytes", "documents", "units", "projects", "indicators", "indicator_values", "goals",
          "key_tasks", "budget_lines", "project_total_yuan", "project_current_yuan")


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

    totals: Counter = field(default_factory=Counter)  # by the names of TOTALS
    indicators_by_level1: Counter = field(default_factory=Counter)
    damage: Counter = field(default_factory=Counter)
    warnings: Counter = field(default_factory=Counter)

    def add(self, other: "Counts") -> None:
        for name, value in vars(other).items():
            getattr(self, name).update(value)

    def as_dict(self) -> dict:
        out: dict = {name: self.totals[name] for name in TOTALS}
        for name in ("indicators_by_level1", "damage", "warnings"):
            out[name] = dict(sorted(getattr(self, name).items()))
        return out


def inject(counts: Counts, kind: str) -> None:
    counts.damage[kind] += 1
    counts.warnings.update(DAMAGE_WARNINGS[kind])



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

