"""Property 3, bad input at scale: hundreds of malformed submissions made from the sample (see
tests/mutations.py) each end as one clear line naming the file, or as tables with warnings; no
exception escapes `parse_submission` or `ingest`, no parser bug hides behind the safety net
("internal error"), and one batch of them all loads what can be loaded.

CI tries 210 inputs; `make test-stress` tries JIXIAO_STRESS_FUZZ with another seed.
"""

from __future__ import annotations

import sys
from collections import Counter

import duckdb
import pytest

from sources.parsed import PROJECT, UNIT
from sources.submission import parse_submission
from tests.fixtures.render import render_docx, render_html, render_xlsx
from warehouse.ingest import ingest
from mutations import MUTATIONS, mutants
from reliability_support import count

FUZZ = count("fuzz", 210)
SEED = count("fuzz_seed", 3)


@pytest.fixture(scope="module")
def bases(tmp_path_factory, sample_path, sample_text):
    folder = tmp_path_factory.mktemp("bases")
    return {"text": sample_path.read_bytes(), "html": render_html(sample_text, folder).read_bytes(),
            ".xlsx": render_xlsx(sample_text, folder).read_bytes(), ".docx": render_docx(sample_text, folder).read_bytes()}


def _comparable(table):
    return (table.kind, table.title, table.fields, table.budget_lines, table.goals, table.key_tasks,
            table.value_columns, table.indicators, table.warnings)


def _check(path, mutant, parsed, original):
    """The outcome is a clear per-file error, or tables that make sense (and for a file cut at a
    line, the tables before the cut exactly as in the whole file). Returns the outcome's name."""
    if parsed.error is not None:
        assert parsed.tables == []
        assert parsed.error.startswith((f"{path}: ", f"{path}, ")) and len(parsed.error) > len(str(path)) + 10
        assert "\n" not in parsed.error and len(parsed.error) < 2000, parsed.error[:300]
        assert "internal error" not in parsed.error, f"{mutant.kind}: a parser bug: {parsed.error}"
        return "error"
    assert parsed.tables, "no error and no tables"
    for table in parsed.tables:
        assert table.kind in (UNIT, PROJECT)
        assert 1 <= table.first_line <= table.last_line
        for indicator in table.indicators:
            assert table.first_line <= indicator.line <= table.last_line
            assert indicator.name or indicator.label_raw or indicator.values
        assert all(w.code and w.message for w in table.warnings)
    if mutant.cut_line is not None:
        whole = [t for t in parsed.tables if t.last_line < mutant.cut_line - 1]
        assert [_comparable(t) for t in whole] == [_comparable(t) for t in original.tables[: len(whole)]]
    return "tables with warnings" if any(t.warnings for t in parsed.tables) else "tables"


@pytest.mark.timeout(900)
def test_malformed_inputs_end_as_clear_errors_or_sound_partial_loads(tmp_path, bases, parsed_sample, sample_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    outcomes: Counter = Counter()
    by_kind: dict[str, Counter] = {}
    for n, mutant in enumerate(mutants(SEED, FUZZ, bases)):
        path = folder / f"{n:04d}-{mutant.name}"
        path.write_bytes(mutant.data)
        parsed = parse_submission(path)  # an exception here fails the test
        outcome = _check(path, mutant, parsed, parsed_sample)
        outcomes[outcome] += 1
        by_kind.setdefault(mutant.kind, Counter())[outcome] += 1
    assert len(by_kind) == len(MUTATIONS)

    # one batch of them all, with the sample among them: the batch carries on
    (folder / "zzzz-wuchuan-hrss-2024.txt").write_bytes(sample_path.read_bytes())
    warehouse = tmp_path / "w.duckdb"
    report = ingest([folder], warehouse)
    assert report.files + len(report.skipped) == FUZZ + 1
    handled = len(report.loaded) + len(report.rejected) + len(report.unchanged) + len(report.quarantined)
    assert handled == report.files
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        loaded_or_rejected = {p.sha256 for p in report.loaded + report.rejected}
        assert con.execute("SELECT count(*) FROM submissions").fetchone()[0] == len(loaded_or_rejected)
        held = {p.sha256 for p in report.quarantined}  # held back by validation, with their rows
        assert con.execute("SELECT count(*) FROM quarantine.holds").fetchone()[0] == len(held)
        sample_key = next(p.sha256 for p in report.loaded if p.path.endswith("zzzz-wuchuan-hrss-2024.txt"))
        assert con.execute("SELECT count(*) FROM indicators WHERE submission_key = ?", [sample_key]).fetchone() == (84,)
    finally:
        con.close()
    print(f"\nfuzz: {FUZZ} inputs (seed {SEED}): {dict(outcomes)}; escaped exceptions 0; by kind "
          f"{ {kind: dict(c) for kind, c in sorted(by_kind.items())} }; one batch: {len(report.loaded)} loaded, "
          f"{len(report.rejected)} rejected, {len(report.quarantined)} quarantined, {len(report.unchanged)} unchanged, "
          f"{len(report.skipped)} skipped", file=sys.stderr)


def test_copies_of_one_content_in_a_batch_are_all_reported(tmp_path, sample_path):
    """Found by the batch above: a second file with the same bytes vanished from the report."""
    folder = tmp_path / "batch"
    folder.mkdir()
    for name in ("a-2024.txt", "b-2024.txt", "c-2024.txt"):
        (folder / name).write_bytes(sample_path.read_bytes())
    report = ingest([folder], tmp_path / "w.duckdb")
    assert len(report.loaded) + len(report.quarantined) == 1
    assert sorted(path for path, _ in report.unchanged) == [str(folder / "a-2024.txt"), str(folder / "b-2024.txt")]
    assert {status for _, status in report.unchanged} == {"loaded in this batch under another name"}
