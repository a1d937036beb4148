"""The validation side of the `jixiao` command: `jixiao check PATH…` (validate without loading), and
what `jixiao ingest` and `jixiao status` print about validation and quarantine.

`check` runs the ingest's own flow up to validation (warehouse.ingest.validate_paths: discover,
read, parse, model, validate) and stops before the warehouse: nothing is loaded or archived. Every failing row is one line naming the
file, the table (项目名称 or unit), the source line, the rule, and what was expected and found
(expectations.explain). Exit status: 0 when every file passes every ERROR check (warnings
allowed), 1 when one fails or cannot be read, 2 when the command itself (or the validation policy
file) is wrong. The validation policy is resolved here, once, as for ingest (`validation_policy`).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
import duckdb
import polars as pl

from expectations.explain import finding_lines, verdict
from expectations.policy import Policy, PolicyError, resolve_policy
from pipelines.cli.options import follow_links_option, isolation_options, policy_option, warehouse_option
from pipelines.cli.terminal import PrintableConsole, console, errors, say
from sources.parsed import WITHHOLD
from sources.year_override import YearOverrideError
from warehouse.connection import warehouse_path
from warehouse.ingest import IngestReport, validate_paths
from warehouse.model import SUBJECT_FIELD


def _say(*lines: str, to: PrintableConsole = console) -> None:
    say(*lines, to=to)


def validation_policy(policy_file: str | None, warehouse: Path) -> Policy:
    """The policy that applies (--policy, else $JIXIAO_POLICY, else validation_policy.toml beside the
    warehouse, else the defaults), said in one line when it is a file; a bad file exits 2."""
    try:
        policy = resolve_policy(policy_file, warehouse)
    except PolicyError as exc:
        _say(f"error: {exc}", to=errors)
        sys.exit(2)
    if policy.describe():
        _say(policy.describe())  # type: ignore[arg-type]
    return policy


@click.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--year", type=int, default=None, help="Budget year for every file (as for ingest).")
@click.option("--all", "show_all", is_flag=True, help="Print every failing row (default: the first 20 per check).")
@click.option("--data-docs", "data_docs", type=click.Path(file_okay=False), default=None,
              help="Also write Great Expectations data docs (HTML that opens offline) into this folder.")
@follow_links_option
@isolation_options
@policy_option
@warehouse_option
def check_command(paths: tuple[str, ...], year: int | None, show_all: bool, data_docs: str | None, follow_links: bool,
                  policy_file: str | None, warehouse: str | None, isolation) -> None:
    """Validate the submissions in PATHS without loading them; exit 1 if one fails an ERROR check.
    The severities are those an ingest into the warehouse would apply (its validation policy)."""
    policy = validation_policy(policy_file, warehouse_path(warehouse))
    try:
        checked = validate_paths(list(paths), year, policy, follow_links, for_data_docs=bool(data_docs),
                                 isolation=isolation)
    except YearOverrideError as exc:
        _say(f"error: {exc}", to=errors)
        sys.exit(2)
    files, skipped, parsed, results = checked.files, checked.skipped, checked.parsed, checked.results
    failing = False
    for submission in parsed:
        if submission.error:
            _say(f"rejected {submission.error}", to=errors)
            failing = True
            continue
        mine = results.filter(pl.col("submission_key") == submission.sha256)
        blocked = mine.filter(~pl.col("passed") & (pl.col("severity") == "error")).height > 0
        failing |= blocked
        outcome = "would be quarantined" if blocked else "would load"
        _say(f"{submission.path}: {outcome}: {verdict(mine)}",
             *[f"  {line}" for line in finding_lines(mine, None if show_all else 20)])
    for path, reason in skipped:
        _say(f"skipped {path}: {reason}", to=errors)
    if data_docs:
        from expectations.data_docs import build_data_docs

        _say(f"data docs: {build_data_docs(Path(data_docs))}")
    _say(f"{len(files)} file(s) checked: {sum(1 for p in parsed if not p.error) - _blocked(results)} pass, "
         f"{_blocked(results)} fail an error check, {sum(1 for p in parsed if p.error)} unreadable; nothing loaded")
    sys.exit(1 if failing or skipped else 0)


def _blocked(results: pl.DataFrame) -> int:
    return results.filter(~pl.col("passed") & (pl.col("severity") == "error"))["submission_key"].n_unique()


def print_ingest_validation(report: IngestReport) -> None:
    """After an ingest: each quarantined file with the rows that failed, the fields loaded empty
    because a table contradicts itself on them, and releases."""
    for submission in report.quarantined:
        mine = report.findings.filter(pl.col("submission_key") == submission.sha256)
        _say(f"quarantined {submission.path}: {verdict(mine)}; held back, not loaded "
             "(its raw file archived, its rows in schema quarantine)",
             *[f"  {line}" for line in finding_lines(mine.filter(pl.col("severity") == "error"))], to=errors)
    held = [submission.sha256 for submission in report.quarantined]
    withheld = report.findings.filter((pl.col("severity") == WITHHOLD) & ~pl.col("submission_key").is_in(held))
    for line in finding_lines(withheld, None):
        _say(line)
    if report.released:
        _say(f"released {len(report.released)} earlier quarantined submission(s): a corrected resubmission passed")


def incomplete_tables(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The loaded tables that do not print every field of their form (v_incomplete_tables)."""
    try:
        return con.sql("SELECT submission_key, kind, subject_name, missing_fields FROM v_incomplete_tables "
                           "ORDER BY submission_key, table_index").pl()
    except duckdb.CatalogException:  # a warehouse no writer of this version has opened yet
        return pl.DataFrame(schema={"submission_key": pl.String, "kind": pl.String, "subject_name": pl.String,
                                    "missing_fields": pl.List(pl.String)})


def completeness_text(kind: str, subject: str | None, missing: list[str]) -> str:
    """`[劳动保障监察] 总金额, 当年度金额 not printed`; a table without its name: `[项目名称 (none)] …`."""
    name_field, named = SUBJECT_FIELD.get(kind), bool((subject or "").strip())
    shown = f"[{subject}]" if named else f"[{name_field} (none)]"
    rest = missing if named else [field for field in missing if field != name_field]
    return f"{shown} {', '.join(rest)} not printed" if rest else shown


def print_completeness_status(submission_key: str, incomplete: pl.DataFrame) -> None:
    """Under a loaded file in `jixiao status`: one line per table that does not print every field."""
    for row in incomplete.filter(pl.col("submission_key") == submission_key).iter_rows(named=True):
        _say(f"  incomplete {completeness_text(row['kind'], row['subject_name'], row['missing_fields'])}")


def print_validation_status(file_name: str, submission_key: str, results: pl.DataFrame) -> None:
    """Under a loaded file in `jixiao status`: its latest validation and the warnings it raised."""
    mine = results.filter(pl.col("submission_key") == submission_key)
    if mine.height:
        _say(f"  validation: {verdict(mine)}", *[f"  {line}" for line in finding_lines(mine)])


def print_quarantine_status(holds: pl.DataFrame, results: pl.DataFrame, file_names: dict[str, str]) -> None:
    """The quarantine section of `jixiao status`: what is held back and why, what was released
    (`file_names`: submission_key -> file name of the loaded submissions)."""
    if holds.is_empty():
        return
    held = holds.filter(pl.col("status") == "held")
    _say(f"quarantine: {held.height} submission(s) held back (not in the analyst tables), "
         f"{holds.height - held.height} released by a corrected resubmission")
    for hold in holds.iter_rows(named=True):
        since = f"{hold['quarantined_at']:%Y-%m-%d %H:%M} UTC"
        if hold["status"] == "held":
            mine = results.filter(pl.col("submission_key") == hold["submission_key"])
            _say(f"{hold['file_name']}  quarantined since {since}, budget year {hold['budget_year'] or '?'}: "
                 f"{verdict(mine)}",
                 f"  raw file archived as {hold['archived_path']}",
                 *[f"  {line}" for line in finding_lines(mine.filter(pl.col("severity") == "error"))])
        else:
            by = ", ".join(file_names.get(key, key[:12]) for key in hold["released_by"] or [])
            _say(f"{hold['file_name']}  quarantined {since}, released {hold['released_at']:%Y-%m-%d %H:%M} UTC "
                 f"by the corrected resubmission {by}")
