"""bench/results.md is rendered from the raw figures: medians, ratios and each target's verdict."""

from __future__ import annotations

import bench.report as report
from bench.check import mismatches
from bench.scale_check import record

STAGES = {"read": 0.1, "parse": 5.0, "model": 2.0, "validate": 3.0, "load": 4.0}


def run(seconds: float, rss: int = 2**29, **extra) -> dict:
    return {"seconds": seconds, "stages": dict(STAGES), "peak_rss": rss, "loadavg_before": 1.0, **extra}


def store(add_seconds: float = 0.5) -> dict:
    size = {
        "tables": 10_000, "floor_seconds": 0.5,
        "expected": {"projects": 10_000, "indicators": 60_000},
        "runs": {"1": [run(20.0, mismatches=[]), run(10.0), run(30.0)], "2": [run(40.0, rss=2**31)]},
        "add_one": [{"seconds": s, "stages": {"validate": 0.1}} for s in (add_seconds, 9.0, 0.1)],
        "queries": [{"name": "v_project_budget_yoy", "kind": "yoy", "seconds": 0.2, "rows": 5}],
        "warehouse_bytes": 2**20,
    }
    return {"machine": {"cpu": "cpu", "cores": 2, "memory_gb": 24, "os": "Linux", "python": "3.11",
                        "versions": {"duckdb": "2"}, "date": "today", "commit": "abc"},
            "settings": {"batch_files": 250, "projects_per_department": 20, "years": 5, "seed": 1},
            "sizes": {"10k": size}}


def test_medians_pick_the_best_worker_count():
    summary = report.summary(store()["sizes"]["10k"])
    assert summary["best"]["workers"] == 1
    assert summary["best"]["seconds"] == 20.0  # the median of 20, 10, 30
    assert summary["best"]["rate"] == 500.0
    assert summary["best"]["floor_multiple"] == 40.0
    assert summary["best"]["checked"] == [[]]
    assert summary["add"]["seconds"] == 0.5


def test_targets_say_met_or_missed_with_the_numbers(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "HERE", tmp_path)
    _, markdown = report.render(store())
    lines = {line.split("|")[1].strip(): line for line in markdown.splitlines() if line.startswith("| ")}
    assert "**missed**: 5% of the target" in lines["≥ 10,000 project tables/s end to end (10k)"]
    assert "parse 0.50, load 0.40, validate 0.30" in lines["≥ 10,000 project tables/s end to end (10k)"]
    assert "| 40× | **missed**: the floor reads 20,000 tables/s; the Python parse alone is 10× it |" in \
        lines["within 10× the floor (10k)"]
    assert "| 500 ms | met" in lines["add one file ≤ 1 s (at 10,000; target is at 1M)"]
    # the lowest of the configurations decides; each is shown
    assert "| 512 MB (1 worker); 2.00 GB (2 workers) | met |" in lines["peak RSS ≤ 1.5 GB (at 10,000; target is at 1M)"]
    assert "200 ms; 1 of 1 yoy queries within | met |" in lines["yoy views ≤ 0.5 s (at 10,000; target is at 1M × 5 years)"]


def test_the_spark_section_survives_a_re_render(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "HERE", tmp_path)
    results = tmp_path / "results.md"
    _, markdown = report.render(store())
    results.write_text(markdown, encoding="utf-8")
    record(results, "## Spark\n- identical")
    record(results, "## Spark\n- identical again")  # replaced, not appended
    assert results.read_text(encoding="utf-8").count("identical") == 1
    _, again = report.render(store(add_seconds=2.0))
    assert "identical again" in again and "**missed**: validate" in again


def test_mismatches_name_what_differs():
    expected = {"projects": 3, "warnings": {"a": 1}, "bytes": 10}
    assert mismatches(expected, {"projects": 3, "warnings": {"a": 1}}) == []
    assert mismatches(expected, {"projects": 2, "warnings": {}}) == [
        "projects: expected 3, loaded 2", "warnings: expected {'a': 1}, loaded {}"]


def test_queries_on_a_replicated_warehouse_have_their_own_section_and_target(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "HERE", tmp_path)
    figures = store()
    figures["replicated_queries"] = {"10 x 100k": {
        "projects": 1_000_000, "source_projects": 100_000, "years": 5, "repeats": 5, "date": "today", "commit": "def",
        "loadavg": [0.5, 1.5], "queries": [
            {"name": "v_unit_budget_yoy (one department)", "kind": "yoy", "seconds": 0.004, "rows": 24},
            {"name": "v_project_budget_yoy (counts per year and province)", "kind": "yoy", "seconds": 0.6, "rows": 16},
            {"name": "v_project_budget_yoy (full fetch to Arrow)", "kind": "yoy fetch", "seconds": 2.0, "rows": 800_000}]}}
    _, markdown = report.render(figures)
    assert "## Queries at 1,000,000 project tables × 5 years, replicated (10 x 100k)" in markdown
    assert "repeated 10 times in SQL" in markdown and "at def, load average 0.5 before and 1.5 after" in markdown
    assert "| `v_unit_budget_yoy (one department)` | yoy | 24 | 4 ms | – |" in markdown
    lines = {line.split("|")[1].strip(): line for line in markdown.splitlines() if line.startswith("| ")}
    # the fetch is a transfer: the slowest query is the 0.6 s one, and it misses
    assert "slowest `v_project_budget_yoy (counts per year and province)` 600 ms; 1 of 2 yoy queries within | **missed** |" in \
        lines["yoy views ≤ 0.5 s (at 1,000,000, replicated: 10 x 100k)"]
    # the loaded sizes keep their own target line
    assert "200 ms; 1 of 1 yoy queries within | met |" in lines["yoy views ≤ 0.5 s (at 10,000; target is at 1M × 5 years)"]
