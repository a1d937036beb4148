"""The real corpus (../shared/corpus/real) and its gold, and how a reading is compared with it: the
scorer's rules (../shared/tools/score_corpus.py), in one place for the tests that use them."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
FILES = sorted(p.stem for p in (CORPUS / "gold").glob("*.json"))
INDICATOR_FIELDS = ("level1", "level2", "operator", "number", "unit")


def norm(text):
    """NFKC, no whitespace, no leading 指标N： — how the scorer compares names and labels."""
    if text is None:
        return None
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))
    return re.sub(r"^指标\d+[:：]", "", text)


def gold(number: str) -> dict:
    return json.loads((CORPUS / "gold" / f"{number}.json").read_text(encoding="utf-8"))


def raw_path(number: str) -> Path:
    (path,) = (CORPUS / "raw").glob(f"{number}_*.txt")
    return path


def _matches(field: str, got, indicator: dict) -> bool:
    if field == "level1":
        return got in (indicator.get("level1_canonical"), indicator.get("level1_canonical_alt"))
    if field == "level2":
        return norm(got) in (norm(indicator.get("level2")), norm(indicator.get("level2_canonical")))
    want = indicator.get(field)
    if field == "number":
        return (want is None and got is None) or (want is not None and got is not None and abs(got - want) < 1e-6)
    if field == "unit":
        return norm(got) == norm(want)
    return (got or None) == want


def compare(answer: dict, frames: dict) -> tuple[dict, set[str], int]:
    """(misses {(name, field): what was read}, spurious names, fields scored) of a reading's frames
    against one file's gold; a gold indicator not read misses every field."""
    rows = frames["indicators"].to_dicts()
    values = {(v["indicator_key"], norm(v["value_column"])): v for v in frames["indicator_values"].to_dicts()}
    by_name: dict[str, list[dict]] = {}
    for row in rows:
        by_name.setdefault(norm(row["indicator_name"]), []).append(row)
    primary = answer.get("primary_value_column")
    misses, scored = {}, 0
    for indicator in answer["indicators"]:
        skip = set(indicator.get("ambiguous_fields", []))
        found = by_name.get(norm(indicator["name"]))
        for field in INDICATOR_FIELDS:
            if field in skip:
                continue
            scored += 1
            if not found:
                misses[(indicator["name"], field)] = "(not read)"
                continue
            row = found[0]
            source = values.get((row["indicator_key"], norm(primary)), row)
            got = (row if field in ("level1", "level2") else source)[field]
            if not _matches(field, got, indicator):
                misses[(indicator["name"], field)] = got
        if found:
            found.pop(0)
    spurious = {row["indicator_name"] for left in by_name.values() for row in left}
    return misses, spurious, scored
