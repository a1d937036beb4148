"""Validation of the real sample: every ERROR check passes, exactly the known WARN cases fire, the
reconciliations show DOMAIN.md's figures, the results are in the warehouse, and the GX data docs
open without a network."""

import re
import time

import polars as pl
import pytest

from expectations.checks import RECONCILIATION
from expectations.data_docs import build_data_docs, remote_assets
from expectations.gx_runner import suite_columns
from expectations.reconciliation import batch_connection, reconcile
from expectations.suites import SUITES
from expectations.validate import all_checks, validate_frames
from expectations.views import suite_view
from validation_defects import SAMPLE_WARNINGS
from warehouse.model import build_frames


@pytest.fixture(scope="module")
def sample_frames(parsed_sample):
    return build_frames([parsed_sample])


@pytest.fixture(scope="module")
def sample_run(sample_frames):
    return validate_frames(sample_frames)


def failing(results: pl.DataFrame) -> set[tuple[str, str]]:
    rows = results.filter(~pl.col("passed")).explode("details")
    return {(check, detail["subject"]) for check, detail in rows.select("check_name", "details").iter_rows()}


def test_every_error_check_passes_and_exactly_the_known_warnings_fire(sample_run, parsed_sample):
    results = sample_run.results
    assert results.height == len(all_checks())  # one result per check for the one submission
    assert results.filter(pl.col("severity") == "error")["passed"].all()
    assert sample_run.blocked_submissions() == set()
    assert failing(results) == SAMPLE_WARNINGS
    numbering = results.filter(pl.col("check_name") == "documents.indicator_numbering").row(0, named=True)
    assert numbering["rows_failed"] == 1 and numbering["details"][0]["line"] == 108
    assert numbering["observed"] == "指标6 printed 2 times (lines 122, 123); 指标5 missing"
    classes = results.filter(pl.col("check_name") == "documents.indicator_classes_complete").row(0, named=True)
    assert classes["observed"] == "缺少 满意度指标"
    assert classes["details"][0]["file"] == parsed_sample.path


def test_reconciliations_show_both_sides_with_the_figures_of_the_sample(sample_run):
    by_check = {r["check_name"]: r for r in sample_run.results.filter(
        pl.col("check_kind") == RECONCILIATION).iter_rows(named=True)}
    balance = by_check["reconcile.unit_budget_balances"]
    assert balance["observed"] == ("基本支出 674.09万元 + 项目支出 416.32万元 + 财政专项资金 0万元 + "
                                   "其他事业发展性支出 352万元 = 1442.41万元")
    assert balance["expected"] == "财政拨款 1442.41万元 + 其他资金 0万元 = 1442.41万元"
    other = by_check["reconcile.other_development_projects_sum"]
    assert other["observed"] == "4 project(s) of type 其他事业发展性支出, 当年度金额 total 3,520,000.00元"
    assert other["expected"] == "单位 其他事业发展性支出 352万元 = 3,520,000.00元"
    functional = by_check["reconcile.functional_projects_within_unit"]
    assert functional["observed"] == "9 project(s) of type 部门职能类, 当年度金额 total 2,033,200.00元"
    assert functional["expected"] == "at most 单位 项目支出 416.32万元 = 4,163,200.00元"
    tasks = by_check["reconcile.key_tasks_match_projects"]
    assert (tasks["rows_checked"], tasks["rows_failed"], tasks["observed"]) == (3, 0, "all 3 item(s) pass")
    assert all(r["passed"] for r in by_check.values())


def test_the_reconciliations_run_the_same_on_the_frames_and_on_the_loaded_warehouse(sample_frames, sample_db):
    before = reconcile(batch_connection(sample_frames)).sort("check_name", "source_line")
    after = reconcile(sample_db).sort("check_name", "source_line")
    assert before.height == 6 and before.equals(after)


def test_every_column_a_suite_reads_exists_in_its_view(sample_frames):
    for table, suite in SUITES.items():
        missing = set(suite_columns(suite)) - set(suite_view(table, sample_frames).columns)
        assert not missing, f"suite {table} reads {missing}"


def test_results_are_data_in_the_warehouse(sample_db):
    rows = sample_db.execute(
        "SELECT count(*), count(*) FILTER (NOT passed), count(DISTINCT checked_at) FROM validation_results").fetchone()
    assert rows == (len(all_checks()), 2, 1)
    findings = sample_db.execute(
        "SELECT outcome, severity, check_name, subject, line, found FROM v_validation_findings ORDER BY line").fetchall()
    assert findings == [
        ("loaded", "warn", "documents.indicator_classes_complete", "居民养老工作经费", 88, "缺少 满意度指标"),
        ("loaded", "warn", "documents.indicator_numbering", "事业单位招聘招考工作经费", 108,
         "指标6 printed 2 times (lines 122, 123); 指标5 missing"),
    ]


def test_data_docs_open_without_a_network(tmp_path, sample_frames):
    """With GX's web assets bundled (make install), its pages work as GX made them, from file://:
    the index lists every suite and every run of this session, and a run's row opens its page."""
    from browser import Chromium
    from expectations import gx_assets

    assert gx_assets.installed(), "GX's web assets are not bundled: run `make install`"
    validate_frames(sample_frames, for_data_docs=True)
    site = tmp_path / "docs"
    index = build_data_docs(site)
    assert {p.stem for p in (site / "expectations").glob("*.html")} == set(SUITES)
    assert remote_assets(site) == []
    with Chromium() as browser:
        page = browser.open(index)
        assert page.errors == []
        assert page.evaluate("performance.getEntriesByType('resource').filter(r => !r.name.startsWith('file:')).length") == 0
        # the two tables GX's scripts drew (paged: their rows, as bootstrap-table holds them)
        tables = page.evaluate("[...document.querySelectorAll('table[id]')].filter(t => $(t).data('bootstrap.table'))"
                               ".map(t => $(t).bootstrapTable('getData').map(r => [r._table_row_link_path,"
                               " r._validation_success_text || '']))")
        runs, suites = tables
        assert sorted(link for link, _ in suites) == sorted(f"expectations/{name}.html" for name in SUITES)
        assert len(runs) == len(SUITES) and all((site / link).exists() for link, _ in runs)
        failed = [link for link, outcome in runs if outcome == "Failed"]
        assert [link.split("/")[1] for link in failed] == ["documents"]  # the sample's two WARN findings
        page.evaluate("document.querySelector('tr[data-href] td:nth-child(3)').click()")  # a row is a link
        time.sleep(0.5)
        assert page.evaluate("location.href").split("/docs/")[1].startswith("validations/")
        run = browser.open(site / failed[0])
        assert run.errors == [] and "缺少 满意度指标" in run.evaluate("document.body.innerText")


def test_data_docs_without_the_bundle_are_plain_pages_with_an_index(tmp_path, sample_frames, monkeypatch):
    monkeypatch.setenv("JIXIAO_GX_ASSETS", str(tmp_path / "none"))  # as on a machine without npm
    validate_frames(sample_frames, for_data_docs=True)
    site = tmp_path / "docs"
    index = build_data_docs(site).read_text(encoding="utf-8")
    assert remote_assets(site) == [] and "<script" not in index
    links = set(re.findall(r'<li><a href="([^"]+)"', index))
    assert {f"expectations/{name}.html" for name in SUITES} <= links
    assert all((site / link).exists() for link in links) and any(link.startswith("validations/") for link in links)
    page = (site / "expectations" / "projects.html").read_text(encoding="utf-8")
    assert "<script" not in page and "start_year" in page


def test_every_check_is_documented_for_reviewers():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "docs" / "validation.md").read_text(encoding="utf-8")
    undocumented = [c.name for c in all_checks() if f"`{c.name}`" not in text]
    assert undocumented == []
