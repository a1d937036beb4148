"""The HTML report: rendered from the sample and its 2023 variant, loaded in headless Chromium."""

import os
import re
from pathlib import Path

import dagster as dg
import pytest
from click.testing import CliRunner

from browser import Chromium
from pipelines.cli import main
from pipelines.report_assets import analyst_report
from pipelines.resources import WarehouseResource
from sample_variants import CHANGED_AMOUNT, DROPPED_IN_2024, NEW_IN_2024, WEAKENED_IN_2024
from warehouse.report import ReportScopeError, Scope, parse_years, write_report
from warehouse.report.charts import horizontal_bars, nice_scale, stacked_bars

CHARTS = ("unit_budget", "project_budget", "project_changes", "indicator_classes", "target_changes", "review_flags")


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory) -> Path:
    """Where the screenshot goes: $JIXIAO_TEST_ARTIFACTS, or a temporary folder."""
    folder = Path(os.environ.get("JIXIAO_TEST_ARTIFACTS") or tmp_path_factory.mktemp("artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def two_year_report(two_year_warehouse, artifacts):
    return write_report(two_year_warehouse, artifacts / "report.html", Scope("吴川", 2023, 2024))


def test_report_in_chromium(two_year_report, two_year_db, artifacts):
    with Chromium() as browser:
        page = browser.open(two_year_report.path)
        screenshot = page.screenshot(artifacts / "report.png", width=1100, height=1800)
        assert page.errors == []
        assert page.evaluate("document.title") == two_year_report.title
        # nothing is fetched: no script, no stylesheet or image from anywhere
        assert page.evaluate("performance.getEntriesByType('resource').length") == 0
        assert page.evaluate("document.scripts.length") == 0
        charts = page.evaluate("""Object.fromEntries([...document.querySelectorAll('figure.chart')].map(f =>
            [f.dataset.chart, {bars: f.querySelectorAll('svg rect.bar').length, marks: Number(f.dataset.marks),
                               width: f.querySelector('svg').getBoundingClientRect().width}]))""")
        assert list(charts) == list(CHARTS)
        for key, chart in charts.items():
            assert chart["bars"] == chart["marks"] > 0, key
            assert chart["width"] > 300, key  # laid out, not collapsed
        changes = page.evaluate("""Object.fromEntries([...document.querySelectorAll(
            '[data-chart=project_changes] rect.bar')].map(r => [r.dataset.category, [r.dataset.series, Number(r.dataset.value)]]))""")
        project, before, after = CHANGED_AMOUNT
        assert changes[NEW_IN_2024][0] == "新增" and changes[DROPPED_IN_2024][0] == "取消"
        assert changes[project] == ["增加 +8.0%", (after - before) / 10000]
        stacks = page.evaluate("""[...document.querySelectorAll('[data-chart=target_changes] rect.bar')]
            .map(r => [r.dataset.category, r.dataset.series, Number(r.dataset.value)])""")
        assert ["2024", "减弱", len(WEAKENED_IN_2024)] in stacks
        weakened = page.evaluate("""[...document.querySelectorAll('#table-weakened-targets tbody tr')]
            .map(tr => [tr.cells[1].textContent, tr.cells[2].textContent])""")
        assert {tuple(row) for row in weakened} == WEAKENED_IN_2024
        flags = page.evaluate("document.querySelectorAll('#review-flags table.review-flags tbody tr').length")
        assert flags == two_year_report.flags == two_year_db.execute(
            "SELECT count(*) FROM v_indicator_review").fetchone()[0]
        # grouped by table, closed: the page stays short; each group says how many and what
        groups = page.evaluate("[...document.querySelectorAll('#review-flags details')].map(d => "
                               "[d.open, d.querySelectorAll('tbody tr').length, d.querySelector('summary').textContent])")
        per_table = dict(two_year_db.execute(
            "SELECT budget_year || ' ' || owner_name, count(*) FROM v_indicator_review GROUP BY 1").fetchall())
        assert sorted(n for _, n, _ in groups) == sorted(per_table.values())
        assert not any(is_open for is_open, _, _ in groups)
        assert all(f"{n}处问题" in summary and summary.split("：")[0].strip() in per_table for _, n, summary in groups)
        # every finding names its file and line; no machine path anywhere on the page
        sources = page.evaluate("[...document.querySelectorAll('td.src')].map(td => td.textContent)")
        assert sources and all(re.fullmatch(r"[^/]+\.\w+ 第\d+行", s) for s in sources)
        assert "/" not in page.evaluate("document.querySelector('header').innerText")
        # one meaning per colour: red is only for what got worse; money that moves is blue or orange
        money = page.evaluate("[...new Set([...document.querySelectorAll('[data-chart=project_changes] rect.bar')]"
                              ".map(r => r.getAttribute('fill')))]")
        assert set(money) <= {"#3366cc", "#f28e2b", "#9aa5b1"}
        # the unit budget and the target changes have their numbers in a table; no target is left out
        assert page.evaluate("document.querySelectorAll('#table-unit-budget tbody tr').length") > 0
        counts = page.evaluate("[...document.querySelectorAll('#table-target-changes tr')].map(tr => "
                               "[...tr.cells].map(c => c.textContent))")
        header, *rows = counts
        assert "新项目的指标" in header and "取消项目的指标" in header and "不变" in header
        new_project_indicators = two_year_db.execute(
            "SELECT count(*) FROM current_indicators i JOIN v_project_budget_yoy y ON y.document_key = i.document_key "
            "WHERE y.status = 'new' AND y.budget_year = 2024").fetchone()[0]
        assert new_project_indicators > 0
        assert int(rows[-1][header.index("新项目的指标")]) == new_project_indicators
    assert screenshot.stat().st_size > 20_000


def test_report_on_one_year_says_what_it_cannot_compare(tmp_path, sample_warehouse):
    result = write_report(sample_warehouse, tmp_path / "r.html", Scope())
    html = result.path.read_text(encoding="utf-8")
    assert result.charts["project_changes"] == result.charts["target_changes"] == 0
    assert "2024年没有可对比的上年项目（需要2023年的报送）" in html
    assert result.charts["review_flags"] == 6 and result.flags == 40
    assert re.search(r"居民养老工作经费</td>\s*<td class=\"num\">6</td><td class=\"num\">5</td><td class=\"num\">66</td>", html)
    assert "<script" not in html and "http://" not in html and "https://" not in html


def test_scope_and_years():
    assert parse_years("2022-2024") == (2022, 2024) and parse_years("2024") == (2024, 2024)
    assert parse_years("2024,2022") == (2022, 2024) and parse_years(None) == (None, None)
    with pytest.raises(ReportScopeError):
        parse_years("last year")
    assert nice_scale(555.32) == (600, 200) and nice_scale(41) == (50, 10) and nice_scale(0) == (1.0, 0.2)


def test_report_command(tmp_path, two_year_warehouse):
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", "--department", "吴川", "--years", "2024", "--out", str(out),
                                       "--warehouse", str(two_year_warehouse)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}: 吴川市人力资源和社会保障局 预算绩效目标分析（2024年度）; 13 project row(s)" in result.output
    assert "4 of 6 charts drawn" in result.output  # 2023 is outside the years: nothing to compare with
    missing = CliRunner().invoke(main, ["report", "--department", "广州", "--out", str(out),
                                        "--warehouse", str(two_year_warehouse)])
    assert missing.exit_code == 2
    assert "no department matching '广州'; departments in the warehouse: 吴川市人力资源和社会保障局 (2023–2024)" in missing.output


def test_report_asset(tmp_path, two_year_warehouse):
    out = tmp_path / "asset.html"
    with dg.DagsterInstance.ephemeral() as instance:
        result = dg.materialize(
            [analyst_report], instance=instance,
            resources={"warehouse": WarehouseResource(database=str(two_year_warehouse))},
            run_config={"ops": {"analyst_report": {"config": {"department": "吴川", "out": str(out)}}}})
    assert result.success
    metadata = result.asset_materializations_for_node("analyst_report")[0].metadata
    assert metadata["charts_drawn"].value == 6 and metadata["projects"].value == 25
    assert out.read_text(encoding="utf-8").count('<figure class="chart"') == 6


def test_chart_text_is_escaped():
    hostile = '<script>alert("x")</script>&'
    charts = [horizontal_bars("k", hostile, [(hostile, -3.0, hostile), ("b", 2.0, "c")], hostile),
              stacked_bars("s", hostile, [hostile], {hostile: [1.0]}, hostile)]
    for chart in charts:
        assert "<script" not in chart.svg and "&lt;script&gt;" in chart.svg and chart.marks > 0
