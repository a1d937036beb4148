"""The renderings of the real corpus (tests.fixtures.corpus_render) are right, whatever the parser makes
of them: read back by the project's readers, every gold string of a table is a cell, the structured
files carry the merges the form draws, and tab text writes a merged label once, then empty cells."""

from __future__ import annotations

import pytest

from sources.readers import DOCX, HTML, TEXT, XLSX, detect_format, read_grids
from sources.readers.text import decode_text
from tests.fixtures.corpus_render import CORPUS, FORMATS, _runs, documents, field_items, indicator_rows, main, norm

pytestmark = pytest.mark.skipif(not (CORPUS / "gold").is_dir(), reason=f"no corpus at {CORPUS}")
EXPECTED_FORMATS = {"html": HTML, "xlsx": XLSX, "docx": DOCX, "tsv": TEXT, "gb18030.txt": TEXT}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    assert main([str(out)]) == 0
    return out, documents()


def _cells(path) -> list[str]:
    return [norm(cell) for grid in read_grids(path) for row in grid.rows for cell in row.cells]


def _gold_texts(gold: dict) -> list[str]:
    texts = [text for item in field_items(gold) for text in item] + list(gold["goals"]) + list(gold["value_columns"])
    for indicator in gold["indicators"]:
        texts += [indicator["name"], indicator["level1"], indicator["level2"] or ""]
        texts += list((indicator.get("values") or {}).values())
        texts += [text for pair in (indicator.get("attributes") or {}).items() for text in pair]
    return [text for text in texts if text.strip()]


def test_the_output_folder_is_a_corpus_the_scorer_reads(corpus):
    out, docs = corpus
    assert sorted(p.name for p in (out / "gold").iterdir()) == sorted(p.name for p in (CORPUS / "gold").iterdir())
    assert len(list((out / "raw").glob("*.txt"))) == len(docs) == 16
    for number, _, _ in docs:
        for fmt in FORMATS:
            path = out / "rendered" / f"{number}.{fmt}"
            assert path.name.split(".", 1)[1] == fmt  # the scorer's format: the suffix after the first dot
            assert detect_format(str(path), path.read_bytes()) == EXPECTED_FORMATS[fmt]
        data = (out / "rendered" / f"{number}.gb18030.txt").read_bytes()
        assert decode_text(data, "x")[1] == "gb18030"


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_gold_string_reads_back_as_a_cell(corpus, fmt):
    out, docs = corpus
    missing = []
    for number, gold, _ in docs:
        cells = set(_cells(out / "rendered" / f"{number}.{fmt}"))
        missing += [(number, text) for text in _gold_texts(gold) if norm(text) not in cells]
    assert not missing


@pytest.mark.parametrize("fmt", ["html", "xlsx", "docx"])
def test_structured_files_carry_the_forms_merges(corpus, fmt):
    out, docs = corpus
    for number, gold, document in docs:
        grid = max(read_grids(out / "rendered" / f"{number}.{fmt}"), key=lambda grid: len(grid.rows))
        top = len(document.above) if fmt == "xlsx" else 0  # a sheet holds the paragraphs above as rows
        found = sorted((m.first_row - top, m.first_col, m.last_row - top, m.last_col) for m in grid.merges)
        assert found == sorted(document.table.merges), number
        assert any(r2 > r1 for r1, _, r2, _ in found) or len(gold["indicators"]) == 1, number  # labels merged down


@pytest.mark.parametrize("fmt", ["tsv", "gb18030.txt"])
def test_tab_text_writes_a_merged_label_once(corpus, fmt):
    out, docs = corpus
    for number, gold, _ in docs:
        rows = indicator_rows(gold)
        labels = [rows[first]["level1"] for first, _ in _runs([row["level1"] for row in rows])]
        labels += [rows[first]["level2"] for first, _ in _runs([(row["level1"], row["level2"]) for row in rows])]
        cells = _cells(out / "rendered" / f"{number}.{fmt}")
        for label in set(labels):
            assert cells.count(norm(label)) == labels.count(label), (number, label)
