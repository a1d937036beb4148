"""Year over year on three years of one department: the real 2024 sample and the 2025 and 2026
submissions tests/example_years.py builds from it. The views must report exactly the changes that
module declares (YEARS): renamed projects matched, amounts, new and dropped projects, targets
raised or lowered (direction-aware), the unit's budget lines, and indicator counts per class."""

from __future__ import annotations

import shutil
from collections import Counter
from decimal import Decimal

import duckdb
import pytest

from example_years import SAMPLE_YEAR, YEARS, file_name, write_example_years
from sources.submission import parse_submission
from warehouse.identity import rematch_projects
from warehouse.ingest import ingest

PREVIOUS = {changes.year: year for year, changes in zip([SAMPLE_YEAR] + [c.year for c in YEARS], YEARS)}


@pytest.fixture(scope="module")
def example_files(tmp_path_factory, sample_text):
    return write_example_years(sample_text, tmp_path_factory.mktemp("example_years"))


def load_years(warehouse, sample_path, example_files):
    """2024 first, then the generated years in a later load (identity is matched again then)."""
    for paths in ([sample_path], example_files):
        report = ingest(paths, warehouse)
        assert report.ok and len(report.loaded) == len(paths), report.rejected
    return warehouse


def copy_warehouse(source, target):
    shutil.copyfile(source, target)
    return target


@pytest.fixture(scope="module")
def three_years(tmp_path_factory, sample_path, example_files):
    return load_years(tmp_path_factory.mktemp("three_years") / "jixiao.duckdb", sample_path, example_files)


@pytest.fixture()
def db(three_years):
    con = duckdb.connect(str(three_years), read_only=True)
    yield con
    con.close()


def rows(con, sql, *params):
    cursor = con.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


@pytest.mark.parametrize("changes", YEARS, ids=lambda c: str(c.year))
def test_project_budget_yoy_reports_exactly_the_changes(db, changes):
    found = rows(db, "SELECT * FROM v_project_budget_yoy WHERE budget_year = ?", changes.year)
    assert {r["previous_year"] for r in found} == {PREVIOUS[changes.year]}
    by_status = Counter(r["status"] for r in found)
    dropped = [r for r in found if r["status"] == "dropped"]
    assert [(r["project_name"], r["amount_yuan"]) for r in dropped] == [(changes.dropped, None)]
    new = [r for r in found if r["status"] == "new"]
    name, yuan = changes.added
    assert [(r["project_name"], r["amount_yuan"], r["previous_amount_yuan"]) for r in new] == [(name, Decimal(yuan), None)]
    moved = {r["project_name"]: (r["previous_amount_yuan"], r["amount_yuan"], r["change_yuan"], r["change_pct"], r["status"])
             for r in found if r["status"] in ("increased", "decreased")}
    assert moved == {
        project: (Decimal(before), Decimal(after), Decimal(after - before), round(100 * (after - before) / before, 2),
                  "increased" if after > before else "decreased")
        for project, (before, after) in changes.amounts.items()
    }
    renamed = {r["previous_project_name"]: (r["project_name"], r["match_method"]) for r in found if r["renamed"]}
    assert renamed == changes.renamed
    assert all(r["match_reason"] and 0 < r["match_score"] < 1 for r in found if r["renamed"])
    # every other project of the year before is there, unchanged, under the same name
    (previous_projects,) = one(db, "SELECT count(*) FROM current_projects WHERE budget_year = ?",
                               PREVIOUS[changes.year])
    assert len(found) == previous_projects + 1
    assert by_status["unchanged"] == previous_projects - 1 - len(changes.amounts)
    assert all(r["project_name"] == r["previous_project_name"] and r["change_yuan"] == 0
               for r in found if r["status"] == "unchanged" and not r["renamed"])


def test_renamed_project_is_one_lineage_across_three_years(db):
    names = {changes.year: changes.renamed for changes in YEARS}
    first = "事业单位招聘招考工作经费"
    second, _ = names[2025][first]
    third, _ = names[2026][second]
    lineage = rows(db, "SELECT budget_year, project_name, lineage_key, previous_year FROM project_identity "
                       "WHERE project_name IN (?, ?, ?) ORDER BY budget_year", first, second, third)
    assert [(r["budget_year"], r["project_name"]) for r in lineage] == [(2024, first), (2025, second), (2026, third)]
    assert len({r["lineage_key"] for r in lineage}) == 1
    assert [r["previous_year"] for r in lineage] == [None, 2024, 2025]
    # a project new in 2025 and renamed in 2026 is followed too
    added, _ = YEARS[0].added
    renamed_2026, method = YEARS[1].renamed[added]
    assert one(db, "SELECT match_method, previous_project_name FROM project_identity WHERE project_name = ?",
               renamed_2026) == (method, added)


def one(con, sql, *params):
    return con.execute(sql, list(params)).fetchone()


@pytest.mark.parametrize("changes", YEARS, ids=lambda c: str(c.year))
def test_indicator_target_yoy_reports_exactly_the_changed_targets(db, changes):
    changed = {
        (r["project_name"], r["indicator_name"], r["previous_value_raw"], r["value_raw"], r["value_change"], r["strength_change"])
        for r in rows(db, "SELECT * FROM v_indicator_target_yoy WHERE budget_year = ? AND value_change <> 'unchanged'",
                      changes.year)
    }
    assert changed == {(t.project, t.indicator, t.before, t.after, t.value_change, t.strength_change) for t in changes.targets}


def test_direction_of_indicators(db):
    found = dict(db.execute("SELECT DISTINCT indicator_name, direction FROM v_indicator_target_yoy").fetchall())
    assert found["企业或个人投诉率"] == "反向"  # a complaint rate, capped by 不高于
    assert found["有效投诉数量"] == "反向"  # 小于2单
    assert found["拖欠农民工工资举报投诉案件结案率"] == "正向"  # closing complaint cases: more is better
    assert found["考试成本（万元）"] == "反向"  # a cost indicator


@pytest.mark.parametrize("changes", YEARS, ids=lambda c: str(c.year))
def test_unit_budget_yoy_by_category(db, changes):
    found = rows(db, "SELECT * FROM v_unit_budget_yoy WHERE budget_year = ?", changes.year)
    lines_per_unit_table = 6  # 基本支出, 项目支出, 财政拨款, 其他资金, 财政专项资金, 其他事业发展性支出
    assert len(found) == lines_per_unit_table
    moved = {r["category"]: (r["previous_amount_yuan"], r["amount_yuan"], r["change_yuan"]) for r in found
             if r["status"] != "unchanged"}
    wan = Decimal(10000)
    assert moved == {category: (Decimal(before) * wan, Decimal(after) * wan, (Decimal(after) - Decimal(before)) * wan)
                     for category, (before, after) in changes.unit_lines.items()}


def test_indicator_classes_per_year_match_the_files(db, sample_path, example_files):
    counted = {}
    for path in [sample_path, *example_files]:
        parsed = parse_submission(path)
        counted[parsed.budget_year] = Counter((t.kind, i.level1, i.level2) for t in parsed.tables for i in t.indicators)
    for changes in YEARS:
        this, before = counted[changes.year], counted[PREVIOUS[changes.year]]
        found = {(r["owner_kind"], r["level1"], r["level2"]): (r["indicators"], r["previous_indicators"], r["change"])
                 for r in rows(db, "SELECT * FROM v_indicator_class_yoy WHERE budget_year = ?", changes.year)}
        assert found == {key: (this[key], before[key], this[key] - before[key]) for key in this.keys() | before.keys()}


def test_yoy_counts_a_resubmitted_year_once(tmp_path, three_years, example_files):
    warehouse = copy_warehouse(three_years, tmp_path / "w.duckdb")
    corrected = tmp_path / file_name(2025).replace(".txt", "-corrected.txt")
    corrected.write_bytes(example_files[0].read_bytes() + "\n".encode())  # same tables, new file
    assert len(ingest([corrected], warehouse).loaded) == 1
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert one(con, "SELECT count(*) FROM projects WHERE budget_year = 2025") == (26,)
        assert one(con, "SELECT count(*) FROM v_project_budget_yoy WHERE budget_year = 2025") == (14,)
        assert one(con, "SELECT count(DISTINCT previous_document_key) FROM v_project_budget_yoy "
                        "WHERE budget_year = 2026") == (13,)
    finally:
        con.close()


def write_aliases(path, *rows_):
    header = "department_name,budget_year,project_name,previous_year,previous_project_name,note\n"
    path.write_text(header + "".join(",".join(map(str, r)) + "\n" for r in rows_), encoding="utf-8")
    return path


def test_aliases_file_fixes_matches_by_hand(tmp_path, monkeypatch, three_years):
    department = "吴川市人力资源和社会保障局"
    added, _ = YEARS[0].added
    aliases = write_aliases(
        tmp_path / "project_aliases.csv",
        (department, 2025, added, 2024, YEARS[0].dropped, "replaces the reward fund"),
        (department, 2025, "劳动仲裁经费", "", "", "a different project"),
    )
    monkeypatch.setenv("JIXIAO_PROJECT_ALIASES", str(aliases))
    warehouse = copy_warehouse(three_years, tmp_path / "w.duckdb")
    rematch_projects(warehouse)  # what a load does too, with the aliases file it finds

    def statuses():
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            return {(r[0], r[1]): (r[2], r[3]) for r in con.execute(
                "SELECT project_name, previous_project_name, status, match_method FROM v_project_budget_yoy "
                "WHERE budget_year = 2025").fetchall()}
        finally:
            con.close()

    found = statuses()
    assert found[(added, YEARS[0].dropped)] == ("increased", "alias")
    assert found[("劳动仲裁经费", None)] == ("new", "alias_new")
    assert found[("劳动仲裁工作经费", "劳动仲裁工作经费")] == ("dropped", None)
    # the analyst takes the second row out again: `jixiao match-projects` applies it without a load
    write_aliases(aliases, (department, 2025, added, 2024, YEARS[0].dropped, "replaces the reward fund"))
    rematch_projects(warehouse)
    found = statuses()
    assert found[("劳动仲裁经费", "劳动仲裁工作经费")] == ("unchanged", "normalized_name")
    assert found[(added, YEARS[0].dropped)] == ("increased", "alias")


def test_a_bad_aliases_row_names_the_file_and_line_and_changes_nothing(tmp_path, monkeypatch, three_years):
    from warehouse.project_aliases import AliasFileError

    warehouse = copy_warehouse(three_years, tmp_path / "w.duckdb")
    aliases = write_aliases(tmp_path / "project_aliases.csv", ("吴川市人力资源和社会保障局", "二〇二五", "劳动仲裁经费", "", "", ""))
    monkeypatch.setenv("JIXIAO_PROJECT_ALIASES", str(aliases))
    with pytest.raises(AliasFileError, match=rf"^{aliases} line 2: budget_year 「二〇二五」 is not a budget year \(2000–2100\)$"):
        rematch_projects(warehouse)
    con = duckdb.connect(str(warehouse), read_only=True)
    assert one(con, "SELECT count(*) FROM project_aliases") == (0,)
    assert one(con, "SELECT match_method FROM project_identity WHERE project_name = '劳动仲裁经费'") == ("normalized_name",)
    con.close()


def test_match_projects_command(tmp_path, three_years, parsed_sample):
    from click.testing import CliRunner

    from pipelines.cli import main

    projects = sum(1 for t in parsed_sample.tables if t.kind == "project")  # every year has as many
    methods = Counter({"new": projects + len(YEARS)})  # the first year's, then one added a year
    for changes in YEARS:
        methods.update(method for _, method in changes.renamed.values())
        methods["same_name"] += projects - 1 - len(changes.renamed)  # one dropped a year
    warehouse = copy_warehouse(three_years, tmp_path / "w.duckdb")
    ok = CliRunner().invoke(main, ["match-projects", "--warehouse", str(warehouse)])
    assert ok.exit_code == 0
    assert ok.output.strip() == "projects by how they are matched across years: " + ", ".join(
        f"{method} {count}" for method, count in sorted(methods.items()))
    bad = write_aliases(tmp_path / "bad.csv", ("吴川市人力资源和社会保障局", "2025", "劳动仲裁经费", "2026", "劳动仲裁工作经费", ""))
    refused = CliRunner().invoke(main, ["match-projects", "--aliases", str(bad), "--warehouse", str(warehouse)])
    assert refused.exit_code == 2
    assert f"error: {bad} line 2: previous_year 2026 is not before budget_year 2025" in refused.output
