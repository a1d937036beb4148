"""The tables and views analysts work with, and the nearest of them to a name that is not there.

`list_relations` (warehouse.query) lists every table and view of the main schema; a few of them are
the warehouse's own bookkeeping (the schema fingerprint, the precomputed year-over-year rows and
what they wait for, arrival records, the aliases as last applied). Those are left out of the
suggestions a typo gets, so `SELECT * FROM projekts` is answered with `projects`, not with a list
of 59 names. The analysts' views are the 中文视图 (views_zh.sql) and the v_* views; each of their
columns has a comment (view_comments.sql).
"""

from __future__ import annotations

import difflib
import re
from typing import Iterable

# bookkeeping tables and views a query of an analyst has no reason to name
INTERNAL_RELATIONS = frozenset({
    "schema_fingerprint", "derived_fingerprints", "derived_pending", "indicator_target_yoy",
    "project_budget_yoy", "unit_budget_yoy", "indicator_class_yoy",
    "project_aliases", "submission_arrivals", "superseded_documents",
})

# DuckDB's message for a FROM naming no table or view ("Table Function with name …" does not match)
UNKNOWN_RELATION = re.compile(r"Table with name (\S+?) does not exist!?")
SUGGESTIONS = 5


def analyst_names(relations: Iterable[tuple[str, str, str]]) -> list[str]:
    """The names of `list_relations` rows an analyst queries: all but INTERNAL_RELATIONS."""
    return [name for name, _, _ in relations if name not in INTERNAL_RELATIONS]


def is_analyst_view(name: str) -> bool:
    """One of the views written for analysts: a 中文视图 or a v_* view."""
    return name.startswith("v_") or not name.isascii()


def nearest_names(name: str, names: Iterable[str], limit: int = SUGGESTIONS) -> list[str]:
    """The names most like `name` (difflib's ratio, case ignored), best first; names containing it
    count too (`project` -> projects, current_projects, …). Empty when none is close."""
    wanted = name.lower()
    scored = []
    for candidate in names:
        ratio = difflib.SequenceMatcher(None, wanted, candidate.lower()).ratio()
        if ratio >= 0.6 or (len(wanted) >= 2 and wanted in candidate.lower()):
            scored.append((-ratio, candidate))
    return [candidate for _, candidate in sorted(scored)[:limit]]


def unknown_relation_message(message: str, names: Iterable[str]) -> str | None:
    """For DuckDB's error about a table or view that does not exist, one line: the error and the
    nearest analyst-facing names (never DuckDB's own guess, which may be an internal table).
    None when `message` is another error."""
    found = UNKNOWN_RELATION.search(message)
    if not found:
        return None
    return f"{message.splitlines()[0].strip()} {suggestion(found.group(1).strip(chr(34)), names)}"


def suggestion(unknown: str, names: Iterable[str]) -> str:
    """What to say about a table or view name that is not there: the nearest of `names`."""
    near = nearest_names(unknown, names)
    hint = f"Did you mean {', '.join(near)}?" if near else "No table or view has a similar name"
    return f"{hint} (`jixiao tables` lists every table and view)"
