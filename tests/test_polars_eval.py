"""The suites evaluated as Polars expressions fail exactly the rows GX fails: on the sample, its
planted defects, the real corpus, a damaged generated corpus and fuzzed text."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from bench.generate import DAMAGE_WARNINGS, Spec, generate
from expectations.gx_runner import failed_rows
from expectations.polars_eval import UNEXPECTED, supported
from expectations.suites import SUITES
from expectations.views import suite_view
from sources.submission import parse_submission
from tests.corpus_gold import CORPUS
from tests.fixtures.render import render_docx, render_html, render_xlsx
from tests.mutations import mutants
from validation_defects import DEFECTS
from warehouse.model import build_frames


def both_engines(frames: dict[str, pl.DataFrame]) -> tuple[pl.DataFrame, pl.DataFrame]:
    polars, gx = [], []
    for table in SUITES:
        view = suite_view(table, frames)
        polars.append(failed_rows(table, view).with_columns(pl.lit(table).alias("table")))
        gx.append(failed_rows(table, view, engine="gx").with_columns(pl.lit(table).alias("table")))
    order = ["table", "check_name", "_row"]
    return pl.concat(polars).sort(order), pl.concat(gx).sort(order)


def assert_same_failures(submissions) -> int:
    polars, gx = both_engines(build_frames(submissions))
    assert polars.equals(gx), (polars.join(gx, on=["table", "check_name", "_row"], how="anti"),
                               gx.join(polars, on=["table", "check_name", "_row"], how="anti"))
    return polars.height


def test_every_expectation_of_the_suites_is_evaluated_by_polars():
    classes = {e.gx_class for suite in SUITES.values() for e in suite}
    assert classes <= set(UNEXPECTED)
    assert all(supported(e) for suite in SUITES.values() for e in suite)


def test_the_sample_and_its_defects(sample_path, sample_text):
    submissions = [parse_submission(sample_path)]
    for n, defect in enumerate(DEFECTS):
        submissions.append(parse_submission(Path(f"defect{n}-2024.txt"), data=defect.edit(sample_text).encode()))
    assert assert_same_failures(submissions) >= len(DEFECTS)  # every defect fails a row, in both engines


def test_the_real_corpus():
    files = sorted((CORPUS / "raw").glob("*.txt"))
    assert len(files) >= 16
    assert assert_same_failures([parse_submission(p) for p in files]) > 0


def test_a_damaged_generated_corpus(tmp_path):
    generate(Spec(departments=6, projects=5, years=2, seed=9, damage={k: 0.5 for k in DAMAGE_WARNINGS}),
             tmp_path, workers=1)
    files = sorted(tmp_path.glob("**/*.txt"))
    assert assert_same_failures([parse_submission(p) for p in files]) > 0


@pytest.fixture(scope="module")
def bases(tmp_path_factory, sample_path, sample_text):
    folder = tmp_path_factory.mktemp("bases")
    return {"text": sample_path.read_bytes(), "html": render_html(sample_text, folder).read_bytes(),
            ".xlsx": render_xlsx(sample_text, folder).read_bytes(), ".docx": render_docx(sample_text, folder).read_bytes()}


@pytest.mark.parametrize("seed", [1, 2])
def test_fuzzed_inputs(bases, seed):
    submissions = [parse_submission(Path(f"m{n}-{m.name}"), data=m.data) for n, m in enumerate(mutants(seed, 90, bases))]
    assert sum(1 for s in submissions if not s.error) >= 30
    assert_same_failures(submissions)
