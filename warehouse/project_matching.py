"""Matching projects across budget years, pure: which project of one year is which of an earlier one.

Within a department, each year's projects are matched to the projects of earlier years (the most
recent year a project was seen): first by an analyst's override in the aliases file, then by the
same name, then by the same name once quotes, years, punctuation and 经费-type suffixes are dropped
(sources.project_names), then by similarity of what is left (at least SIMILAR_ENOUGH). Each match
is one-to-one per year; what matches nothing starts a lineage of its own. Every row keeps its
score and the reason, and `lineage_key` (the project_key of the lineage's first year) ties the
years of one project together for the year-over-year views.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import polars as pl

from sources.project_names import NormalizedName, name_similarity, normalize_project_name
from warehouse.project_aliases import Alias

SIMILAR_ENOUGH = 0.8


@dataclass(frozen=True)
class ProjectYear:
    project_key: str
    department_key: str
    budget_year: int | None
    project_name: str


@dataclass(frozen=True)
class Identity:
    project_key: str
    department_key: str
    budget_year: int | None
    project_name: str
    normalized_name: str
    lineage_key: str
    previous_project_key: str | None
    previous_year: int | None
    previous_project_name: str | None
    match_score: float | None
    match_method: str  # alias, alias_new, same_name, normalized_name, similar_name, new
    match_reason: str


IDENTITY_SCHEMA = {
    "project_key": pl.String, "department_key": pl.String, "budget_year": pl.Int32,
    "project_name": pl.String, "normalized_name": pl.String, "lineage_key": pl.String,
    "previous_project_key": pl.String, "previous_year": pl.Int32, "previous_project_name": pl.String,
    "match_score": pl.Float64, "match_method": pl.String, "match_reason": pl.String,
}
def spelling(name: str | None) -> str:
    """A name as compared for 'the same name': NFKC, no whitespace."""
    return "".join(unicodedata.normalize("NFKC", name or "").split())


@dataclass
class _Member:
    project: ProjectYear
    normalized: NormalizedName
    lineage_key: str


def _same_name_reason(this: _Member, earlier: _Member) -> str:
    dropped = sorted(set(this.normalized.dropped) | set(earlier.normalized.dropped))
    return f"same name once {', '.join(dropped)} are set aside: 「{this.normalized.text}」"


def _candidate_pairs(todo: list[_Member], open_lineages: list[_Member]) -> list[tuple[float, str, str, _Member, _Member]]:
    """(score, method, reason, this, earlier) for every pair that may be the same project."""
    by_spelling: dict[str, list[_Member]] = {}
    by_normalized: dict[str, list[_Member]] = {}
    for earlier in open_lineages:
        by_spelling.setdefault(spelling(earlier.project.project_name), []).append(earlier)
        by_normalized.setdefault(earlier.normalized.text, []).append(earlier)
    pairs = []
    unmatched = []
    for this in todo:
        same = by_spelling.get(spelling(this.project.project_name), [])
        pairs += [(1.0, "same_name", "same name", this, earlier) for earlier in same]
        close = [e for e in by_normalized.get(this.normalized.text, []) if e not in same]
        pairs += [(0.95, "normalized_name", _same_name_reason(this, e), this, e) for e in close]
        if not same and not close:
            unmatched.append(this)
    for this in unmatched:
        for earlier in open_lineages:
            ratio = name_similarity(this.normalized.text, earlier.normalized.text)
            if ratio >= SIMILAR_ENOUGH:
                pairs.append((round(0.9 * ratio, 3), "similar_name",
                              f"similar name: 「{this.normalized.text}」 ~ 「{earlier.normalized.text}」 "
                              f"({ratio:.2f} of the text in common)", this, earlier))
    return pairs


def _closest(this: _Member, open_lineages: list[_Member]) -> str:
    scored = [(name_similarity(this.normalized.text, e.normalized.text), e) for e in open_lineages]
    if not scored:
        return "no earlier project in this department"
    ratio, earlier = max(scored, key=lambda pair: (pair[0], pair[1].project.budget_year or 0))
    return (f"no earlier project matches; closest {earlier.project.budget_year} 「{earlier.project.project_name}」 "
            f"at {ratio:.2f} (needs {SIMILAR_ENOUGH})")


def _identity(this: _Member, earlier: _Member | None, score: float | None, method: str, reason: str) -> Identity:
    p = this.project
    return Identity(
        p.project_key, p.department_key, p.budget_year, p.project_name, this.normalized.text,
        this.lineage_key, earlier.project.project_key if earlier else None,
        earlier.project.budget_year if earlier else None,
        earlier.project.project_name if earlier else None, score, method, reason,
    )


def _match_department(projects: list[ProjectYear], aliases: list[Alias]) -> list[Identity]:
    result: list[Identity] = []
    latest: dict[str, _Member] = {}  # lineage key -> its latest member
    by_alias = {(a.budget_year, spelling(a.project_name)): a for a in aliases}
    years = sorted({p.budget_year for p in projects if p.budget_year is not None})
    for year in years:
        open_lineages = sorted((m for m in latest.values() if (m.project.budget_year or 0) < year),
                               key=lambda m: (-(m.project.budget_year or 0), m.project.project_name))
        todo = [_Member(p, normalize_project_name(p.project_name), p.project_key)
                for p in sorted((p for p in projects if p.budget_year == year), key=lambda p: p.project_name)]
        taken: set[str] = set()
        automatic = []
        for this in todo:
            alias = by_alias.get((year, spelling(this.project.project_name)))
            if alias is None:
                automatic.append(this)
                continue
            where = f"project_aliases.csv line {alias.line}" + (f" ({alias.note})" if alias.note else "")
            if not alias.previous_project_name:
                result.append(_identity(this, None, 1.0, "alias_new", f"new project, by {where}"))
                latest[this.lineage_key] = this
                continue
            earlier = next((m for m in open_lineages if m.project.budget_year == alias.previous_year
                            and spelling(m.project.project_name) == spelling(alias.previous_project_name)
                            and m.lineage_key not in taken), None)
            if earlier is None:
                automatic.append(this)  # the alias names a project that is not there: say so below
                continue
            this.lineage_key = earlier.lineage_key
            taken.add(earlier.lineage_key)
            result.append(_identity(this, earlier, 1.0, "alias", f"same project, by {where}"))
            latest[this.lineage_key] = this
        remaining = [m for m in open_lineages if m.lineage_key not in taken]
        pairs = _candidate_pairs(automatic, remaining)
        pairs.sort(key=lambda x: (-x[0], -(x[4].project.budget_year or 0), x[3].project.project_name,
                                  x[4].project.project_name))
        matched: set[str] = set()
        for score, method, reason, this, earlier in pairs:
            if this.project.project_key in matched or earlier.lineage_key in taken:
                continue
            matched.add(this.project.project_key)
            taken.add(earlier.lineage_key)
            this.lineage_key = earlier.lineage_key
            result.append(_identity(this, earlier, score, method, reason))
            latest[this.lineage_key] = this
        for this in automatic:
            if this.project.project_key in matched:
                continue
            reason = _closest(this, remaining)
            alias = by_alias.get((year, spelling(this.project.project_name)))
            if alias is not None:
                reason = (f"project_aliases.csv line {alias.line} names {alias.previous_year} "
                          f"「{alias.previous_project_name}」, which is not in the warehouse; {reason}")
            result.append(_identity(this, None, None, "new", reason))
            latest[this.lineage_key] = this
    for p in projects:
        if p.budget_year is None:
            member = _Member(p, normalize_project_name(p.project_name), p.project_key)
            result.append(_identity(member, None, None, "new", "budget year unknown: not matched across years"))
    return result


def match_projects(projects: list[ProjectYear], aliases: list[Alias]) -> list[Identity]:
    """The identity of every project, department by department."""
    departments: dict[str, list[ProjectYear]] = {}
    for p in projects:
        departments.setdefault(p.department_key, []).append(p)
    result = []
    for key in sorted(departments):
        result += _match_department(departments[key], [a for a in aliases if a.department_key == key])
    return result
