"""The validation policy on real data: copies of the sample, changed by code, that do not print a
field or a side of a reconciliation load with a warning and a completeness flag (status,
validation_results, the review and the report show it); copies with a contradiction in what they
print are still held back; a policy file makes a check stricter or looser, and a wrong one is
refused naming the file and the key."""

from __future__ import annotations

import dagster as dg
import duckdb
import polars as pl
import pytest
from click.testing import CliRunner

from expectations.policy import POLICY_FILE, PolicyError, load_policy, policy_path, resolve_policy
from expectations.reconciliation import batch_connection, reconcile
from expectations.validate import all_checks, validate_frames
from pipelines.cli import main
from pipelines.resources import WarehouseResource
from sample_variants import edit_project, edit_unit
from sources.submission import file_sha256, parse_submission
from validation_defects import DEFECTS, SAMPLE_WARNINGS
from warehouse.connection import published_path
from warehouse.export import export
from warehouse.ingest import ingest
from warehouse.model import build_frames
from warehouse.report import Scope, write_report

PROJECT = "劳动保障监察"
UNIT = "吴川市人力资源和社会保障局"
AMOUNTS_ROW = "预算金额\t总金额\t270000.00元\t当年度金额\t270000.00元\t\n"


def no_amounts(text: str) -> str:
    """劳动保障监察 without its 预算金额 row: neither 总金额 nor 当年度金额 is printed."""
    return edit_project(text, PROJECT, AMOUNTS_ROW, "")


def no_income(text: str) -> str:
    """The unit table without its 收入来源 column (财政拨款, 其他资金)."""
    text = edit_unit(text, "\t基本支出\t674.09\t财政拨款\t1442.41", "\t基本支出\t674.09\t\t")
    return edit_unit(text, "\t项目支出\t416.32\t其他资金\t0", "\t项目支出\t416.32\t\t")


def no_type(text: str) -> str:
    return edit_project(text, PROJECT, "项目类型\t部门职能类\t", "项目类型\t\t")


def no_names(text: str) -> str:
    """Two projects whose 项目名称 is left blank (templates that name the project only in a title)."""
    for name in (PROJECT, "劳动仲裁工作经费"):
        text = edit_project(text, name, f"项目名称\t{name}\t", "项目名称\t\t")
    return text


# three budget years (from the file names), so that none of them supersedes another
COPIES = {"no-amounts-2022.txt": no_amounts, "no-income-2023.txt": no_income, "no-type-2024.txt": no_type,
          "no-names-2021.txt": no_names}
STRICT = '[severity]\n"projects.current_year_amount_present" = "error"\n'


@pytest.fixture(scope="module")
def copies(tmp_path_factory, sample_text) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("incomplete")
    for name, edit in COPIES.items():
        (folder / name).write_text(edit(sample_text), encoding="utf-8")
    return {name: folder / name for name in COPIES}


@pytest.fixture(scope="module")
def frames(copies):
    return build_frames([parse_submission(path) for path in copies.values()])


@pytest.fixture(scope="module")
def run(frames):
    return validate_frames(frames)


def key_of(path) -> str:
    return file_sha256(path.read_bytes())


def failing(run, path) -> set[tuple[str, str, str | None, str]]:
    """(severity, check, subject, found) of every failing row of one copy, beyond the sample's own."""
    rows = run.failed().filter(pl.col("submission_key") == key_of(path)).explode("details")
    found = {(r["severity"], r["check_name"], r["details"]["subject"], r["details"]["found"])
             for r in rows.iter_rows(named=True)}
    return {f for f in found if (f[1], f[2]) not in SAMPLE_WARNINGS}


def test_the_sample_prints_every_field(parsed_sample):
    documents = build_frames([parsed_sample])["documents"]
    assert documents["missing_fields"].to_list() == [[]] * 14 and documents["complete"].all()


def test_a_project_without_its_amounts_loads_flagged_incomplete(run, frames, copies):
    path = copies["no-amounts-2022.txt"]
    assert key_of(path) not in run.blocked_submissions()
    documents = frames["documents"].filter(~pl.col("complete"))
    assert documents.filter(pl.col("file_path") == str(path)).select("subject_name", "missing_fields").rows() == [
        (PROJECT, ["总金额", "当年度金额"])]
    assert failing(run, path) == {
        ("warn", "documents.fields_complete", PROJECT, "总金额, 当年度金额 not printed"),
        ("warn", "projects.total_amount_present", PROJECT, "总金额 (empty)"),
        ("warn", "projects.current_year_amount_present", PROJECT, "当年度金额 (empty)"),
        ("warn", "reconcile.functional_projects_within_unit_sides_printed", UNIT,
         f"not reconciled: 当年度金额 not printed by {PROJECT}"),
    }
    functional = run.results.filter((pl.col("submission_key") == key_of(path))
                                    & (pl.col("check_name") == "reconcile.functional_projects_within_unit"))
    assert functional.select("passed", "rows_checked", "observed").row(0) == (True, 0, "nothing to check")


def test_a_unit_table_without_its_income_is_not_reconciled(run, copies):
    path = copies["no-income-2023.txt"]
    assert key_of(path) not in run.blocked_submissions()
    assert failing(run, path) == {
        ("warn", "documents.fields_complete", UNIT, "收入来源 not printed"),
        ("warn", "reconcile.unit_budget_balances_sides_printed", UNIT, "not reconciled: 收入来源 not printed"),
    }
    # the other reconciliations of the unit do not need 收入来源: they are made, and pass
    mine = run.results.filter(pl.col("submission_key") == key_of(path))
    made = mine.filter(pl.col("check_name").is_in(["reconcile.other_development_projects_sum",
                                                   "reconcile.functional_projects_within_unit"]))
    assert made["passed"].all() and made["rows_checked"].to_list() == [1, 1]


def test_a_project_without_its_type_leaves_both_type_sums_unreconciled(run, copies):
    found = failing(run, copies["no-type-2024.txt"])
    reason = f"not reconciled: 项目类型 not printed (or not 部门职能类 / 其他事业发展性支出) by {PROJECT}"
    assert found == {
        ("warn", "documents.fields_complete", PROJECT, "项目类型 not printed"),
        ("warn", "reconcile.other_development_projects_sum_sides_printed", UNIT, reason),
        ("warn", "reconcile.functional_projects_within_unit_sides_printed", UNIT, reason),
    }


def test_the_reconciliations_read_the_flags_alike_on_the_frames_and_the_warehouse(frames, loaded):
    warehouse, _ = loaded
    con = duckdb.connect(str(published_path(warehouse)), read_only=True)
    try:
        after = reconcile(con).sort("check_name", "submission_key", "source_line")
    finally:
        con.close()
    before = reconcile(batch_connection(frames)).sort("check_name", "submission_key", "source_line")
    assert before.equals(after) and before.filter(pl.col("check_name").str.ends_with("_sides_printed")).height == 4


@pytest.mark.parametrize("change, checks", [
    (lambda t: edit_project(t, PROJECT, "当年度金额\t270000.00元", "当年度金额\t27O000.00元"),
     {"budget_lines.amount_is_number", "parse_warnings.no_parse_errors"}),  # reported once: not by a reconciliation
    (lambda t: edit_unit(t, "\t基本支出\t674.09\t", "\t基本支出\t675.09\t"), {"reconcile.unit_budget_balances"}),
], ids=["an amount that is not a number", "printed totals that do not add up"])
def test_a_contradiction_in_what_is_printed_is_still_held(change, checks, tmp_path, sample_text):
    path = tmp_path / "contradiction-2024.txt"
    path.write_text(change(sample_text), encoding="utf-8")
    run = validate_frames(build_frames([parse_submission(path)]))
    assert run.blocked_submissions() == {key_of(path)}
    assert set(run.failed("error")["check_name"]) == checks


def test_two_amounts_that_contradict_each_other_are_withheld_unless_the_policy_says_error(tmp_path, sample_text):
    """当年度金额 above 总金额: one of them is wrong and nothing says which; by default the table loads
    without both (withhold), a bureau's policy can hold the whole submission instead."""
    path = tmp_path / "contradiction-2024.txt"
    path.write_text(edit_project(sample_text, PROJECT, "总金额\t270000.00元", "总金额\t200000.00元"), encoding="utf-8")
    frames = build_frames([parse_submission(path)])
    run = validate_frames(frames)
    assert run.blocked_submissions() == set()
    assert set(run.failed("withhold")["check_name"]) == {"projects.current_year_within_total"}
    (document,) = frames["projects"].filter(pl.col("project_name") == PROJECT)["document_key"]
    assert run.withheld() == {document: ["总金额", "当年度金额"]}
    strict = tmp_path / "strict.toml"
    strict.write_text('[severity]\n"projects.current_year_within_total" = "error"\n', encoding="utf-8")
    held = validate_frames(frames, policy=load_policy(strict))
    assert held.blocked_submissions() == {key_of(path)} and held.withheld() == {}


def test_an_amount_cell_without_an_amount_warns_unless_the_policy_says_error(tmp_path, sample_text):
    """`abc` under 当年度金额 is no amount at all (the parser's amount_not_read: in raw page text most
    often a cell a collapsed layout moved there): nothing is loaded for it, the table counts as not
    printing 当年度金额, and it is held back only when a bureau's policy makes amounts_read an error."""
    path = tmp_path / "abc-2024.txt"
    path.write_text(edit_project(sample_text, PROJECT, "当年度金额\t270000.00元", "当年度金额\tabc"), encoding="utf-8")
    frames = build_frames([parse_submission(path)])
    run = validate_frames(frames)
    assert run.blocked_submissions() == set()
    assert {(c, d["found"]) for c, d in run.failed().explode("details").select("check_name", "details").iter_rows()
            if c in ("parse_warnings.amounts_read", "documents.fields_complete")} == {
        ("parse_warnings.amounts_read", "当年度金额 「abc」: not an amount; not loaded"),
        ("documents.fields_complete", "当年度金额 not printed")}
    strict = tmp_path / "strict.toml"
    strict.write_text('[severity]\n"parse_warnings.amounts_read" = "error"\n', encoding="utf-8")
    assert validate_frames(frames, policy=load_policy(strict)).blocked_submissions() == {key_of(path)}


def test_a_policy_file_makes_a_warning_an_error_and_an_error_a_warning(tmp_path, frames, copies, sample_text):
    strict = tmp_path / "strict.toml"
    strict.write_text(STRICT, encoding="utf-8")
    policy = load_policy(strict)
    run = validate_frames(frames, policy=policy)
    assert run.blocked_submissions() == {key_of(copies["no-amounts-2022.txt"])}
    result = run.results.filter(pl.col("check_name") == "projects.current_year_amount_present")
    assert set(result["severity"]) == {"error"}  # the effective severity is the one recorded
    assert policy.describe() == f"validation policy {strict}: projects.current_year_amount_present: warn → error"

    loose = tmp_path / "loose.toml"
    loose.write_text('[severity]\n"reconcile.unit_budget_balances" = "WARN"\n', encoding="utf-8")
    unbalanced = next(d for d in DEFECTS if d.check == "reconcile.unit_budget_balances")
    path = tmp_path / "unbalanced-2024.txt"
    path.write_text(unbalanced.edit(sample_text), encoding="utf-8")
    unbalanced_frames = build_frames([parse_submission(path)])
    assert validate_frames(unbalanced_frames).blocked_submissions() == {key_of(path)}
    assert validate_frames(unbalanced_frames, policy=load_policy(loose)).blocked_submissions() == set()


@pytest.mark.parametrize("text, message", [
    ('[severity]\n"projects.current_year_amount_presnt" = "error"\n',
     "[severity] 'projects.current_year_amount_presnt': no such check (did you mean "
     "'projects.current_year_amount_present'?)"),
    ('[severity]\n"projects.current_year_amount_present" = "fatal"\n',
     "[severity] 'projects.current_year_amount_present' = 'fatal': a severity is 'error' or 'withhold' or 'warn'"),
    ('[severity]\n"projects.current_year_amount_present" = "withhold"\n',
     "[severity] 'projects.current_year_amount_present' = 'withhold': this check names no field to leave empty; "
     "only these can withhold: projects.start_year_in_range, projects.end_year_in_range, "
     "projects.start_year_not_after_end_year, projects.current_year_within_total"),
    ('[severity\n', "not valid TOML"),
    ('[severities]\n', "unknown key 'severities'; the file has one table, [severity]"),
], ids=["unknown check", "unknown severity", "withhold for a check that names no field", "not TOML",
        "unknown table"])
def test_a_malformed_policy_file_is_refused_naming_the_file_and_the_key(text, message, tmp_path):
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as refused:
        load_policy(path)
    assert str(refused.value).startswith(f"validation policy {path}: ") and message in str(refused.value)


def test_which_policy_applies(tmp_path, monkeypatch):
    warehouse = tmp_path / "w" / "jixiao.duckdb"
    warehouse.parent.mkdir()
    monkeypatch.delenv("JIXIAO_POLICY", raising=False)
    assert policy_path(None, warehouse) is None and resolve_policy(None, warehouse).source is None
    beside = warehouse.parent / POLICY_FILE
    beside.write_text(STRICT, encoding="utf-8")
    assert policy_path(None, warehouse) == beside.resolve()
    from_env = tmp_path / "env.toml"
    monkeypatch.setenv("JIXIAO_POLICY", str(from_env))
    assert policy_path(None, warehouse) == from_env.resolve()
    explicit = tmp_path / "explicit.toml"
    assert policy_path(explicit, warehouse) == explicit.resolve()
    with pytest.raises(PolicyError, match="no such file"):  # named, but not there
        resolve_policy(None, warehouse)
    # Dagster: the resource's policy_path, resolved the same way
    monkeypatch.delenv("JIXIAO_POLICY")
    assert WarehouseResource(database=str(warehouse)).policy().source == str(beside.resolve())
    with pytest.raises(dg.Failure, match="no such file"):
        WarehouseResource(database=str(warehouse), policy_path=str(explicit)).policy()
    assert len(all_checks(load_policy(beside))) == len(all_checks())


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, copies):
    warehouse = tmp_path_factory.mktemp("loaded") / "w" / "jixiao.duckdb"
    report = ingest(list(copies.values()), warehouse)
    return warehouse, report


def test_the_incomplete_copies_are_published_and_every_view_says_what_they_lack(loaded, copies, tmp_path):
    warehouse, report = loaded
    assert report.ok and len(report.loaded) == len(COPIES) and not report.quarantined
    con = duckdb.connect(str(published_path(warehouse)), read_only=True)
    try:
        flags = con.execute("SELECT owner_name, evidence FROM v_indicator_review WHERE rule_code = 'fields_missing' "
                            "ORDER BY 1, 2").fetchall()
        findings = con.execute("SELECT check_name, found FROM v_validation_findings WHERE "
                               "check_name = 'documents.fields_complete' ORDER BY found").fetchall()
        current_projects = con.execute("SELECT count(*) FROM current_projects WHERE submission_key = ?",
                                       [key_of(copies["no-names-2021.txt"])]).fetchall()
    finally:
        con.close()
    assert sorted(flags) == [("", "表中未填写：项目名称"), ("", "表中未填写：项目名称"), (PROJECT, "表中未填写：总金额、当年度金额"),
                             (PROJECT, "表中未填写：项目类型"), (UNIT, "表中未填写：收入来源")]
    assert sorted(found for _, found in findings) == sorted([
        "收入来源 not printed", "总金额, 当年度金额 not printed", "项目类型 not printed", "项目名称 not printed",
        "项目名称 not printed"])
    # two nameless projects of one file are two projects: neither supersedes the other
    assert current_projects == [(13,)]

    status = CliRunner().invoke(main, ["status", "--warehouse", str(warehouse)])
    assert status.exit_code == 0, status.output
    assert f"  incomplete [{PROJECT}] 总金额, 当年度金额 not printed" in status.output
    assert f"  incomplete [{UNIT}] 收入来源 not printed" in status.output
    assert status.output.count("  incomplete [项目名称 (none)]\n") == 2

    report_file = write_report(warehouse, tmp_path / "report.html", Scope()).path.read_text(encoding="utf-8")
    assert 'data-count="5">5张表未填写全部基本信息' in report_file
    assert "<td>总金额、当年度金额</td>" in report_file

    exported = export(warehouse, tmp_path / "documents.csv", "csv", relation="documents")  # a list cell as JSON
    assert '"[""总金额"", ""当年度金额""]"' in exported.path.read_text(encoding="utf-8-sig")


def test_check_and_ingest_take_a_policy_file(tmp_path, copies):
    strict = tmp_path / "strict.toml"
    strict.write_text(STRICT, encoding="utf-8")
    path = copies["no-amounts-2022.txt"]
    checked = CliRunner().invoke(main, ["check", str(path), "--policy", str(strict)])
    assert checked.exit_code == 1, checked.output
    assert f"validation policy {strict}: projects.current_year_amount_present: warn → error" in checked.output
    assert f"error no-amounts-2022.txt, {PROJECT}, line 50: 当年度金额 is printed — found 当年度金额 (empty)" in checked.output

    warehouse = tmp_path / "w" / "jixiao.duckdb"
    loaded = CliRunner().invoke(main, ["ingest", str(path), "--policy", str(strict), "--warehouse", str(warehouse)])
    assert loaded.exit_code == 1 and "0 loaded, 1 quarantined" in loaded.output, loaded.output

    wrong = tmp_path / "wrong.toml"
    wrong.write_text('[severity]\n"no.such_check" = "error"\n', encoding="utf-8")
    refused = CliRunner().invoke(main, ["check", str(path), "--policy", str(wrong)])
    assert refused.exit_code == 2 and f"error: validation policy {wrong}: [severity] 'no.such_check'" in refused.output


def test_the_policy_table_of_the_docs_says_each_default_severity():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "docs" / "validation.md").read_text(encoding="utf-8")
    documented = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if line.startswith("| `") and len(cells) >= 2 and cells[1] in ("error", "withhold", "warn"):
            documented[cells[0].strip("`")] = cells[1]
    assert documented == {c.name: c.severity for c in all_checks()}
