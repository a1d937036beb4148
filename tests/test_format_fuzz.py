"""Format-level fuzzing (tests/format_mutations.py): seeded mutants of the sample's .xlsx, .xls,
.docx, .html and .pdf renderings, loaded in batches mixed with good files of every format. Every
batch completes (no crash of the loader, no traceback), every good file of every batch loads, and
every mutant ends loaded, held by validation, reported as a copy, or rejected with one line naming
it; none by a parser bug ("internal error"). Mutants that crash, hang or exhaust the reader process
are rejected by the isolation (warehouse/isolated_read.py) and counted.

CI tries 20 mutants per format (seed 5); `make test-stress` 500 per format (seed 13). The first
batch is loaded with a worker process, the others in process.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from reliability_support import count, sample_variant
from tests.fixtures.render import render_docx, render_html, render_pdf, render_xls, render_xlsx
from tests.format_mutations import FORMATS, KINDS, format_mutants, uncompressed_pdf
from warehouse.ingest import ingest
from warehouse.isolated_read import ReadIsolation

PER_FORMAT = count("format_fuzz", 20)
SEED = count("format_fuzz_seed", 5)
PER_BATCH = 5  # mutants of each format in a batch, beside one good file of each format
ISOLATION = ReadIsolation(memory_bytes=2**30, timeout_seconds=15)
RENDER = {"xlsx": render_xlsx, "xls": render_xls, "docx": render_docx, "html": render_html, "pdf": render_pdf}


def _rendered(text: str, fmt: str, folder: Path, name: str) -> Path:
    made = RENDER[fmt](text, folder)
    return made.rename(folder / f"{name}{made.suffix}")


@pytest.fixture(scope="module")
def bases(tmp_path_factory, sample_text) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("format-bases")
    found = {fmt: _rendered(sample_text, fmt, folder, f"base-{fmt}").read_bytes() for fmt in FORMATS}
    found["pdf"] = uncompressed_pdf(found["pdf"])
    return found


def _outcome(error: str | None) -> str:
    if error is None:
        return "loaded"
    return "reader process" if "in a fresh reader process" in error else "refused"


@pytest.mark.timeout(7200)
def test_format_mutants_in_batches_with_good_files(tmp_path, bases, sample_text, capfd):
    mutants = list(format_mutants(SEED, PER_FORMAT, bases))
    warehouse = tmp_path / "w.duckdb"
    outcomes: dict[str, Counter] = {fmt: Counter() for fmt in FORMATS}
    kinds: Counter = Counter()
    isolated: list[str] = []
    batches = 0
    for batches, first in enumerate(range(0, len(mutants), PER_BATCH * len(FORMATS)), start=1):
        folder = tmp_path / f"batch{batches:03d}"
        folder.mkdir()
        fmt_of = {}
        for n, mutant in enumerate(mutants[first:first + PER_BATCH * len(FORMATS)], start=first):
            path = folder / f"m{n:05d}-{mutant.kind}-2024.{mutant.fmt}"
            path.write_bytes(mutant.data)
            fmt_of[path.name] = mutant.fmt
            kinds[mutant.kind] += 1
        good = {_rendered(sample_variant(sample_text, 1000 + batches), fmt, folder, f"good-{batches}-2024").name
                for fmt in FORMATS}
        workers = 1 if batches == 1 else 0
        report = ingest([folder], warehouse, workers=workers, batch_size=8 if workers else None, isolation=ISOLATION)
        assert not report.skipped
        loaded = {Path(s.path).name for s in report.loaded}
        assert good <= loaded, f"batch {batches}: good files not loaded: {good - loaded}"
        assert len(report.loaded) + len(report.rejected) + len(report.quarantined) + len(report.unchanged) == report.files
        for submission in report.rejected:
            error = submission.error
            assert error.startswith(f"{submission.path}: ") or error.startswith(f"{submission.path}, ")
            assert "\n" not in error and len(error) < 2000 and "internal error" not in error, error[:300]
            outcomes[fmt_of[Path(submission.path).name]][_outcome(error)] += 1
            if _outcome(error) == "reader process":
                isolated.append(error.split(": ", 1)[1])
        for name in loaded - good:
            outcomes[fmt_of[name]]["loaded"] += 1
        for submission in report.quarantined:
            outcomes[fmt_of[Path(submission.path).name]]["quarantined"] += 1
        for path, _ in report.unchanged:
            outcomes[fmt_of[Path(path).name]]["same content as an earlier mutant"] += 1
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err
    assert set(kinds) == {kind.__name__ for kinds_ in KINDS.values() for kind in kinds_}
    assert all(sum(c.values()) == PER_FORMAT for c in outcomes.values())
    with capfd.disabled():
        print(f"\nformat fuzz: {PER_FORMAT} mutants per format (seed {SEED}) in {batches} batches, each with "
              f"{len(FORMATS)} good files (all loaded): {', '.join(f'{fmt} {dict(c)}' for fmt, c in outcomes.items())}; "
              f"batch crashes 0, tracebacks 0; rejected by the reader process: {Counter(isolated)}", file=sys.stderr)
