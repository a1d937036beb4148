"""Project identity across budget years: which project of one year is which project of an earlier one.

Within a department, each year's projects are matched to the projects of earlier years (the most
recent year a project was seen): first by an analyst's override in the aliases file, then by the
same name, then by the same name once quotes, years, punctuation and 经费-type suffixes are dropped
(sources.project_names), then by similarity of what is left (at least SIMILAR_ENOUGH). Each match
is one-to-one per year; what matches nothing starts a lineage of its own. Every row keeps its
score and the reason, and `lineage_key` (the project_key of the lineage's first year) ties the
years of one project together for the year-over-year views.

The table `project_identity` is rebuilt per department, for the departments a load touched, so a
load costs what its departments cost, whatever the size of the warehouse. So are those
departments' rows of `indicator_target_yoy` (identity_yoy.sql), which v_indicator_target_yoy reads:
comparing every indicator with last year's is too slow to do over the whole warehouse per query.
"""

from __future__ import annotations

import csv
import hashlib
import io
import unicodedata
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path

import duckdb
import polars as pl

from sources.project_names import NormalizedName, name_similarity, normalize_project_name
from warehouse.connection import mark_unpublished, sql_file, writing
from warehouse.folders import chosen_path
from warehouse.model import name_key

SIMILAR_ENOUGH = 0.8
# what indicator_target_yoy's rows follow from: when one of these changes, every department is
# computed again (on the next load or re-match)
TARGET_YOY_SQL = ("identity_yoy.sql", "yoy.sql", "history.sql")
TARGET_YOY_CHUNK = 500  # departments per query computing indicator_target_yoy (≈450k rows at 5 years)
ALIAS_COLUMNS = ("department_name", "budget_year", "project_name", "previous_year", "previous_project_name", "note")


class AliasFileError(ValueError):
    """A row of the project aliases file that cannot be used."""


@dataclass(frozen=True)
class ProjectYear:
    project_key: str
    department_key: str
    budget_year: int | None
    project_name: str


@dataclass(frozen=True)
class Alias:
    """`project_name` in `budget_year` is `previous_project_name` of `previous_year` (or, with no
    previous project, a new project)."""

    department_key: str
    department_name: str
    budget_year: int
    project_name: str
    previous_year: int | None
    previous_project_name: str
    note: str
    line: int


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
ALIAS_SCHEMA = {
    "line": pl.Int32, "department_key": pl.String, "department_name": pl.String,
    "budget_year": pl.Int32, "project_name": pl.String, "previous_year": pl.Int32,
    "previous_project_name": pl.String, "note": pl.String,
}


def spelling(name: str | None) -> str:
    """A name as compared for 'the same name': NFKC, no whitespace."""
    return "".join(unicodedata.normalize("NFKC", name or "").split())


# ---------------------------------------------------------------- the aliases file

def aliases_path(explicit: str | Path | None = None) -> Path:
    """The analysts' overrides: explicit, else $JIXIAO_PROJECT_ALIASES, else warehouse/project_aliases.csv."""
    bundled = Path(str(resources.files("warehouse").joinpath("project_aliases.csv")))
    return chosen_path(explicit, "JIXIAO_PROJECT_ALIASES", None) or bundled


def _year(text: str, column: str, where: str, required: bool) -> int | None:
    text = text.strip()
    if not text and not required:
        return None
    if not (text.isdigit() and 1990 <= int(text) <= 2100):
        raise AliasFileError(f"{where}: {column} 「{text}」 is not a budget year")
    return int(text)


def parse_aliases(text: str, source: str) -> list[Alias]:
    """The rows of an aliases CSV (UTF-8, BOM allowed); a bad row raises naming file and line."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in ALIAS_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise AliasFileError(f"{source} line 1: missing column(s) {', '.join(missing)}; "
                             f"the header must be {','.join(ALIAS_COLUMNS)}")
    aliases = []
    for row in reader:
        line = reader.line_num
        where = f"{source} line {line}"
        cells = {c: (row.get(c) or "").strip() for c in ALIAS_COLUMNS}
        if not any(cells.values()):
            continue
        for column in ("department_name", "project_name"):
            if not cells[column]:
                raise AliasFileError(f"{where}: {column} is empty")
        previous_year = _year(cells["previous_year"], "previous_year", where, bool(cells["previous_project_name"]))
        if previous_year is not None and not cells["previous_project_name"]:
            raise AliasFileError(f"{where}: previous_year given without previous_project_name")
        budget_year = _year(cells["budget_year"], "budget_year", where, True)
        if previous_year is not None and previous_year >= budget_year:
            raise AliasFileError(f"{where}: previous_year {previous_year} is not before budget_year {budget_year}")
        aliases.append(Alias(
            name_key(cells["department_name"]), cells["department_name"], budget_year,
            cells["project_name"], previous_year, cells["previous_project_name"], cells["note"], line,
        ))
    return aliases


def read_aliases(path: Path) -> list[Alias]:
    if not path.exists():
        return []
    return parse_aliases(path.read_text(encoding="utf-8"), str(path))


# ---------------------------------------------------------------- matching

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


# ---------------------------------------------------------------- the warehouse side

def _frame(rows: list, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    names = list(schema)
    return pl.DataFrame([tuple(getattr(r, n) for n in names) for r in rows], schema=schema, orient="row")


def _changed_alias_departments(con: duckdb.DuckDBPyConnection, aliases: list[Alias]) -> set[str]:
    """Departments whose alias rows differ from those applied last time; stores the new rows."""
    columns = [f.name for f in fields(Alias) if f.name != "line"]
    stored = set(con.execute(f"SELECT {', '.join(columns)} FROM project_aliases").fetchall())
    current = {tuple(getattr(a, c) for c in columns) for a in aliases}
    changed = {row[0] for row in stored ^ current}
    if changed:
        con.execute("DELETE FROM project_aliases")
        con.register("alias_rows", _frame(aliases, ALIAS_SCHEMA).to_arrow())
        try:
            con.execute("INSERT INTO project_aliases BY NAME SELECT * FROM alias_rows")
        finally:
            con.unregister("alias_rows")
    return changed


def update_identity(con: duckdb.DuckDBPyConnection, submission_keys: list[str],
                    aliases_file: str | Path | None = None) -> int:
    """Match again the departments of this batch (and any whose aliases changed; all of them in a
    warehouse loaded before project identity existed); return how many projects were matched."""
    aliases = read_aliases(aliases_path(aliases_file))
    touched = _changed_alias_departments(con, aliases)
    touched |= {key for (key,) in con.execute(
        "SELECT DISTINCT department_key FROM documents WHERE kind = 'project' AND department_key IS NOT NULL "
        "AND submission_key IN (SELECT unnest(?::VARCHAR[]))", [submission_keys]).fetchall()}
    [(matched,)] = con.execute("SELECT count(*) FROM project_identity").fetchall()
    if not matched:  # a warehouse loaded before project identity existed: every department once
        touched |= {key for (key,) in con.execute(
            "SELECT DISTINCT department_key FROM current_projects WHERE department_key IS NOT NULL").fetchall()}
    if not touched:
        update_target_yoy(con, touched)
        return 0
    rows = con.execute(
        "SELECT DISTINCT project_key, department_key, budget_year, coalesce(project_name, '') FROM current_projects "
        "WHERE department_key IN (SELECT unnest(?::VARCHAR[]))", [sorted(touched)]).fetchall()
    identities = match_projects([ProjectYear(*row) for row in rows], aliases)
    con.execute("DELETE FROM project_identity WHERE department_key IN (SELECT unnest(?::VARCHAR[]))", [sorted(touched)])
    if identities:
        con.register("identities", _frame(identities, IDENTITY_SCHEMA).to_arrow())
        try:
            con.execute("INSERT INTO project_identity BY NAME SELECT * FROM identities")
        finally:
            con.unregister("identities")
    update_target_yoy(con, touched)
    return len(identities)


def defer_derived(con: duckdb.DuckDBPyConnection, deferred: bool) -> None:
    """While deferred, the loads on this connection only list the departments whose
    indicator_target_yoy rows they change (derived_pending, in their own transaction); a large load
    computes them once at its end (`update_target_yoy(con, set())`) instead of once per batch."""
    con.execute("SET VARIABLE jixiao_defer_derived = true" if deferred else "RESET VARIABLE jixiao_defer_derived")


def _deferred(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute("SELECT getvariable('jixiao_defer_derived')").fetchall()[0][0])


def update_target_yoy(con: duckdb.DuckDBPyConnection, departments: set[str]) -> None:
    """Compute indicator_target_yoy again for these departments and those left pending, after their
    projects were matched; for every department when the SQL it is computed by has changed (or the
    table is new). While deferred (`defer_derived`), only list them as pending."""
    if _deferred(con):
        con.execute("INSERT INTO derived_pending SELECT 'indicator_target_yoy', unnest(?::VARCHAR[])", [sorted(departments)])
        return
    pending = {key for (key,) in con.execute(
        "SELECT DISTINCT department_key FROM derived_pending WHERE name = 'indicator_target_yoy'").fetchall()}
    if pending:
        departments = set(departments) | pending
        con.execute("DELETE FROM derived_pending WHERE name = 'indicator_target_yoy'")
    fingerprint = hashlib.sha256("\n".join(sql_file(name) for name in TARGET_YOY_SQL).encode()).hexdigest()
    stored = con.execute("SELECT fingerprint FROM derived_fingerprints WHERE name = 'indicator_target_yoy'").fetchall()
    if stored != [(fingerprint,)]:  # every department
        con.execute("INSERT OR REPLACE INTO derived_fingerprints VALUES ('indicator_target_yoy', ?)", [fingerprint])
        con.execute("DELETE FROM indicator_target_yoy")
        departments = {key for (key,) in con.execute("SELECT DISTINCT department_key FROM project_identity").fetchall()}
    elif not departments:
        return
    else:
        con.execute("DELETE FROM indicator_target_yoy WHERE list_contains($departments, department_key)",
                    {"departments": sorted(departments)})
    # a chunk of departments per query: the end of a large load (every department of 1M tables, 9M
    # rows) ran out of its memory cap as one query; in department order, so the table stays ordered
    ordered = sorted(departments)
    for first in range(0, len(ordered), TARGET_YOY_CHUNK):
        con.execute("INSERT INTO indicator_target_yoy BY NAME " + sql_file("identity_yoy.sql"),
                    {"departments": ordered[first:first + TARGET_YOY_CHUNK]})


def finish_deferred(con: duckdb.DuckDBPyConnection) -> bool:
    """End deferring on this connection and compute what is pending (also what a killed large load
    left), in a transaction of its own; whether there was anything to compute."""
    defer_derived(con, False)
    if not con.execute("SELECT count(*) FROM derived_pending").fetchall()[0][0]:
        return False
    con.execute("BEGIN TRANSACTION")
    try:
        update_target_yoy(con, set())
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return True


def rematch_projects(warehouse: Path, aliases_file: str | Path | None = None) -> dict[str, int]:
    """Apply an edited aliases file now (a load applies it too): re-match the departments whose
    aliases changed, publish, and return how many projects each method matched in the warehouse."""
    with writing(warehouse) as con:
        mark_unpublished(warehouse)
        con.execute("BEGIN TRANSACTION")
        try:
            update_identity(con, [], aliases_file)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("CHECKPOINT")
        return dict(con.execute("SELECT match_method, count(*) FROM project_identity GROUP BY 1 ORDER BY 1").fetchall())
