"""Validation in Dagster: the `batch_validation` asset and one asset check per suite and per
reconciliation, readable in the UI.

The asset runs `expectations.validate.validate_frames` on the batch's frames once; the checks read
its results. A check fails with severity ERROR when some submission fails one of its ERROR rules
(those submissions are quarantined by `warehouse_tables`, the others load), with WARN when only
WARN rules fail. The checks do not block the run: blocking is per submission, by quarantine.
(dagster-ge needs GX < 1, so this is our own multi_asset_check.)
"""

import dagster as dg
import polars as pl

from expectations.checks import ValidationRun
from expectations.reconciliation import reconciliations
from expectations.suites import SUITES
from expectations.validate import validate_frames
from pipelines.resources import WarehouseResource

GROUP = "ingest"
CHECKED_ASSET = "normalized_frames"
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


@dg.asset(group_name=GROUP)
def batch_validation(context: dg.AssetExecutionContext, normalized_frames: dict[str, pl.DataFrame],
                     warehouse: WarehouseResource) -> ValidationRun:
    """Every check on every submission of the batch (before anything is loaded), with the severities
    of the warehouse's validation policy."""
    policy = warehouse.policy()
    if policy.describe():
        context.log.info(policy.describe())
    validation = validate_frames(normalized_frames, policy=policy)
    failed = validation.failed()
    blocked = validation.blocked_submissions()
    files = normalized_frames["submissions"].filter(pl.col("submission_key").is_in(list(blocked)))["file_name"]
    context.add_output_metadata({
        "policy": policy.source or "built-in severities",
        "submissions": validation.results["submission_key"].n_unique(),
        "quarantined": len(blocked),
        "quarantined_files": dg.MetadataValue.json(sorted(files.to_list())),
        "failed_error_checks": failed.filter(pl.col("severity") == "error").height,
        "failed_warn_checks": failed.filter(pl.col("severity") == "warn").height,
    })
    return validation


def _rows_markdown(results: pl.DataFrame) -> str:
    rows = results.select("details").explode("details").unnest("details").drop_nulls("rule").head(SHOWN_ROWS)
    lines = ["| file | 项目/单位 | line | rule | expected | found |", "|---|---|---|---|---|---|"]
    for r in rows.iter_rows(named=True):
        expected = r["expected"] if r["expected"] != r["rule"] else ""
        cells = [(r["file"] or "").rsplit("/", 1)[-1], r["subject"] or "", str(r["line"] or ""), r["rule"],
                 expected or "", (r["found"] or "") + (f" (difference {r['difference']})" if r["difference"] else "")]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def check_result(name: str, covered: list[str], validation: ValidationRun) -> dg.AssetCheckResult:
    """One Dagster check result from the results of the checks it covers."""
    results = validation.results.filter(pl.col("check_name").is_in(covered))
    failed = results.filter(~pl.col("passed"))
    errors = failed.filter(pl.col("severity") == "error")
    per_check = {c: int(failed.filter(pl.col("check_name") == c).height) for c in covered}
    metadata = {
        "submissions_checked": results["submission_key"].n_unique(),
        "submissions_failing": failed["submission_key"].n_unique(),
        "submissions_quarantined_by_this_check": errors["submission_key"].n_unique(),
        "failing_rows": int(failed["rows_failed"].sum() or 0),
        "failing_submissions_per_rule": dg.MetadataValue.json(per_check),
    }
    if failed.height:
        metadata["failing_rows_first"] = dg.MetadataValue.md(_rows_markdown(failed.sort("severity")))
    return dg.AssetCheckResult(
        asset_key=CHECKED_ASSET, check_name=name, passed=failed.height == 0, metadata=metadata,
        severity=dg.AssetCheckSeverity.ERROR if errors.height or not failed.height else dg.AssetCheckSeverity.WARN,
    )


_GROUPS = check_groups()


@dg.multi_asset_check(
    specs=[dg.AssetCheckSpec(name, asset=CHECKED_ASSET, description=description, additional_deps=["batch_validation"])
           for name, (_, description) in _GROUPS.items()],
    ins={"batch_validation": dg.AssetIn("batch_validation")},
)
def validation_checks(batch_validation: ValidationRun):
    """The suites and reconciliations as asset checks of the batch's frames."""
    for name, (covered, _) in _GROUPS.items():
        yield check_result(name, covered, batch_validation)


VALIDATION_ASSETS = [batch_validation]
VALIDATION_CHECKS = [validation_checks]
