"""Validation in Dagster: one asset check per suite and per reconciliation on the `submissions`
asset, readable in the UI.

The load (warehouse.ingest, the same call as `jixiao ingest`) validates every submission before
storing it; the checks report its failed results. A check fails with severity ERROR when some
submission fails one of its ERROR rules (that submission is quarantined, the others load), and
shows as a warning (severity WARN) when only WARN or WITHHOLD rules fail (a withheld field loads
empty; `submissions_withholding_fields` counts them). The checks do not block the run:
blocking is per submission, by quarantine. (dagster-ge needs GX < 1, so these are our own.)
"""

import dagster as dg
import polars as pl

from expectations.reconciliation import reconciliations
from expectations.suites import SUITES
from sources.parsed import WITHHOLD

SHOWN_ROWS = 10  # failing rows shown per check in the UI


def check_groups() -> dict[str, tuple[list[str], str]]:
    """Dagster check name -> (our check names it covers, description)."""
    groups = {
        f"suite_{table}": ([e.name for e in suite],
                           f"Great Expectations suite of table {table}: " + "; ".join(e.rule for e in suite))
        for table, suite in SUITES.items()
    }
    for check in reconciliations():  # with its companion: the items it could not reconcile
        groups[check.spec.name.replace(".", "_")] = (
            [check.spec.name, check.companion.name],
            f"{check.spec.rule} ({check.spec.severity}); not reconciled unless {check.companion.rule} "
            f"({check.companion.severity})")
    return groups


def _rows_markdown(results: pl.DataFrame) -> str:
    rows = results.select("details").explode("details").unnest("details").drop_nulls("rule").head(SHOWN_ROWS)
    lines = ["| file | 项目/单位 | line | rule | expected | found |", "|---|---|---|---|---|---|"]
    for r in rows.iter_rows(named=True):
        expected = r["expected"] if r["expected"] != r["rule"] else ""
        cells = [(r["file"] or "").rsplit("/", 1)[-1], r["subject"] or "", str(r["line"] or ""), r["rule"],
                 expected or "", (r["found"] or "") + (f" (difference {r['difference']})" if r["difference"] else "")]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def check_result(name: str, covered: list[str], findings: pl.DataFrame, checked: int) -> dg.AssetCheckResult:
    """One Dagster check result from the failed results (`findings`) of the checks it covers, over
    `checked` submissions."""
    failed = findings.filter(pl.col("check_name").is_in(covered))
    errors = failed.filter(pl.col("severity") == "error")
    per_check = {c: int(failed.filter(pl.col("check_name") == c).height) for c in covered}
    metadata = {
        "submissions_checked": checked,
        "submissions_failing": failed["submission_key"].n_unique(),
        "submissions_quarantined_by_this_check": errors["submission_key"].n_unique(),
        "submissions_withholding_fields": failed.filter(pl.col("severity") == WITHHOLD)["submission_key"].n_unique(),
        "failing_rows": int(failed["rows_failed"].sum() or 0),
        "failing_submissions_per_rule": dg.MetadataValue.json(per_check),
    }
    if failed.height:
        metadata["failing_rows_first"] = dg.MetadataValue.md(_rows_markdown(failed.sort("severity")))
    return dg.AssetCheckResult(
        check_name=name, passed=failed.height == 0, metadata=metadata,
        severity=dg.AssetCheckSeverity.ERROR if errors.height or not failed.height else dg.AssetCheckSeverity.WARN,
    )


CHECK_GROUPS = check_groups()


def check_specs(asset: str) -> list[dg.AssetCheckSpec]:
    """The suites and reconciliations as the checks of `asset` (one per suite, one per reconciliation)."""
    return [dg.AssetCheckSpec(name, asset=asset, description=description)
            for name, (_, description) in CHECK_GROUPS.items()]


def check_results(findings: pl.DataFrame, checked: int) -> list[dg.AssetCheckResult]:
    return [check_result(name, covered, findings, checked) for name, (covered, _) in CHECK_GROUPS.items()]
