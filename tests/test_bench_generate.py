"""The corpus generator: deterministic, and its output loads as exactly what its manifest says."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from bench.check import mismatches, warehouse_counts
from bench.generate import DAMAGE_WARNINGS, Spec, generate, main, parse_damage
from warehouse.ingest import ingest

DAMAGED = {kind: 0.5 for kind in DAMAGE_WARNINGS}


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def without_timing(manifest_bytes: bytes) -> dict:
    manifest = json.loads(manifest_bytes)
    manifest.pop("generated_seconds")
    return manifest


def test_same_seed_same_bytes_whatever_the_workers(tmp_path):
    spec = Spec(departments=3, projects=4, years=2, seed=11, damage=DAMAGED)
    generate(spec, tmp_path / "a", workers=1)
    generate(spec, tmp_path / "b", workers=2)
    a, b = tree(tmp_path / "a"), tree(tmp_path / "b")
    assert without_timing(a.pop("manifest.json")) == without_timing(b.pop("manifest.json"))
    assert a == b
    assert len(a) == 3 * 2


def test_another_seed_other_bytes(tmp_path):
    generate(Spec(2, 3, 1, seed=1), tmp_path / "a", workers=1)
    generate(Spec(2, 3, 1, seed=2), tmp_path / "b", workers=1)
    a, b = tree(tmp_path / "a"), tree(tmp_path / "b")
    assert a.keys() == b.keys()
    assert all(a[name] != b[name] for name in a)


@pytest.fixture(scope="module")
def damaged_corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    manifest = generate(Spec(departments=3, projects=5, years=2, seed=5, damage=DAMAGED), root / "files", workers=1)
    report = ingest([root / "files"], root / "wh.duckdb")
    con = duckdb.connect(str(root / "wh.duckdb"), read_only=True)
    yield manifest, report, con
    con.close()


def test_damaged_corpus_loads_exactly_the_manifest(damaged_corpus):
    manifest, report, con = damaged_corpus
    expected = manifest["expected"]
    assert not report.rejected and len(report.loaded) == expected["files"] == 6
    assert [Path(path).name for path, _ in report.skipped] == ["manifest.json"]
    assert expected["projects"] == 3 * 5 * 2
    assert expected["documents"] == expected["projects"] + expected["units"]
    actual = warehouse_counts(con)
    assert mismatches(expected, actual) == []
    assert actual["projects"] == 30


def test_only_the_injected_warnings(damaged_corpus):
    manifest, _, con = damaged_corpus
    expected = manifest["expected"]
    # every kind of damage was injected, and only the kinds that cause warnings caused any
    assert set(expected["damage"]) == set(DAMAGE_WARNINGS)
    caused = {code for kind in expected["damage"] for code in DAMAGE_WARNINGS[kind]}
    codes = {code for (code,) in con.execute("SELECT DISTINCT code FROM parse_warnings").fetchall()}
    assert codes == caused
    assert expected["warnings"]["label_row_without_indicator"] == expected["damage"]["label_row"]


def test_undamaged_corpus_parses_without_warnings(tmp_path):
    manifest = generate(Spec(2, 6, 3, seed=9, damage=parse_damage("none")), tmp_path / "files", workers=1)
    ingest([tmp_path / "files"], tmp_path / "wh.duckdb")
    con = duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True)
    assert manifest["expected"]["warnings"] == {} and manifest["expected"]["damage"] == {}
    assert con.execute("SELECT count(*) FROM parse_warnings").fetchone()[0] == 0
    assert mismatches(manifest["expected"], warehouse_counts(con)) == []


def test_budget_block_adds_up_like_the_sample(damaged_corpus):
    """DOMAIN.md's cross-checks hold in every generated unit table."""
    _, _, con = damaged_corpus
    lines = con.execute("""
        SELECT d.submission_key,
               sum(amount_yuan) FILTER (WHERE category IN ('基本支出', '项目支出', '其他事业发展性支出')) AS spending,
               sum(amount_yuan) FILTER (WHERE category IN ('财政拨款', '其他资金')) AS income,
               sum(amount_yuan) FILTER (WHERE category = '其他事业发展性支出') AS other_dev
        FROM budget_lines b JOIN documents d USING (document_key)
        WHERE b.owner_kind = 'unit' GROUP BY 1 ORDER BY 1""").fetchall()
    projects = dict(con.execute("""
        SELECT submission_key, coalesce(sum(current_year_amount_yuan)
               FILTER (WHERE project_type = '其他事业发展性支出'), 0)
        FROM projects GROUP BY 1""").fetchall())
    assert len(lines) == 6
    for submission, spending, income, other_dev in lines:
        assert spending == income
        assert other_dev == projects[submission]
    tasks = con.execute("""
        SELECT count(*), count(*) FILTER (WHERE k.amount_yuan = p.current_year_amount_yuan)
        FROM key_tasks k JOIN projects p ON p.submission_key = k.submission_key AND p.project_name = k.task_name
        """).fetchone()
    assert tasks[0] == 18 and tasks[1] == tasks[0]


def test_cli_writes_the_manifest(tmp_path, capsys):
    assert main(["--departments", "1", "--projects", "2", "--years", "1", "--seed", "4",
                 "--out", str(tmp_path), "--damage", "label_row=1", "--workers", "1"]) == 0
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["expected"]["projects"] == 2
    assert manifest["expected"]["damage"] == {"label_row": 3}  # every table: the unit's and two projects'
    assert "2 project tables" in capsys.readouterr().err
