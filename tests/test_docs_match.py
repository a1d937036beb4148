"""What README.md says of the commands and checks is what the code has: counts and command lists
drift silently otherwise."""

from __future__ import annotations

import re
from pathlib import Path

from expectations.validate import all_checks
from pipelines.cli import main

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def test_the_check_counts_are_the_suites():
    checks = all_checks(None)
    row_level = [c for c in checks if c.kind == "expectation"]
    reconciliations = {c.name.removesuffix("_sides_printed") for c in checks if c.kind == "reconciliation"}
    assert f"({len(row_level)} row-level checks)" in README
    assert len(reconciliations) == 4 and "four SQL reconciliations" in README


def test_the_asset_check_count_is_the_definitions():
    from pipelines.definitions import defs

    count = len(list(defs.resolve_asset_graph().asset_check_keys))
    assert re.search(rf"\b{count} asset checks, one per table's suite and one per reconciliation", README)


def test_the_command_list_is_the_cli():
    line = re.search(r"\*\*Commands\.\*\* (.+?); each takes", README, flags=re.S).group(1)
    listed = [name.strip(" `\n") for name in re.sub(r"\s+", " ", line).split("|")]
    assert listed[0] == "jixiao ingest"
    assert sorted([listed[0].removeprefix("jixiao ")] + listed[1:]) == sorted(main.commands)


def test_every_command_takes_the_warehouse_option():
    for name, command in main.commands.items():
        assert "--warehouse" in {o for p in command.params for o in p.opts}, name
