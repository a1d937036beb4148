"""The 绩效指标 block of a generated table: indicators drawn from `bench.vocab`, with the layout damage
of the corpus's `Spec` injected and counted."""

from __future__ import annotations

import random

from bench import vocab
from bench.corpus_spec import Counts, Spec, inject
from sources import taxonomy

# names that, printed without 指标N, read as a 二级指标 label (服务对象满意度(%) -> 服务对象满意度指标):
# the parser cannot tell them from labels, so unnumbered tables do not use them
AMBIGUOUS_UNNUMBERED = frozenset(
    name for names in vocab.INDICATOR_NAMES.values() for name in names
    if taxonomy.classify_label(name) is not None or taxonomy.looks_like_label(name)
)


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
    counts.totals.update(indicators=n, indicator_values=n * len(value_columns))

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

