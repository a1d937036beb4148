"""Layout independence: each real table of the corpus, once recovered, written again in every
layout raw text comes in (tabs, pipe rows, pipe cells, one cell per line, spaces) and read back: the
reading must not depend on how the table was pasted."""

from __future__ import annotations

import pytest

from corpus_gold import FILES, compare, gold, raw_path
from sources.layout import recover
from sources.submission import parse_submission
from warehouse.model import build_frames

LAYOUTS = ("tabs", "pipe_rows", "pipe_cells", "lines", "spaces")


def render(rows, layout: str) -> str:
    """The recovered rows as text of one layout (empty cells left out, as most copies do)."""
    out: list[str] = []
    for row in rows:
        cells = [c.strip() for c in row.cells if c.strip()]
        if not cells:
            continue
        if layout == "tabs":
            out.append("\t".join(cells))
        elif layout == "pipe_rows":
            out.append("| " + " | ".join(cells) + " |")
        elif layout == "pipe_cells":
            out += [c + " |" for c in cells] + ["|"]
        elif layout == "lines":
            out += [part for c in cells for part in (c, "")]
        else:
            out.append(" ".join(cells))
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_corpus_table_reads_the_same_in_every_layout(layout, tmp_path):
    scored = wrong = 0
    spurious = 0
    for number in FILES:
        path = raw_path(number)
        rows = recover(path.read_text(encoding="utf-8"), str(path)).rows
        copy = tmp_path / f"{number}-{layout}.txt"
        copy.write_text(render(rows, layout), encoding="utf-8")
        parsed = parse_submission(copy)
        assert parsed.error is None, (number, parsed.error)
        assert parsed.tables[0].layout == layout or (layout, parsed.tables[0].layout) == ("spaces", "lines")
        misses, extra, fields = compare(gold(number), build_frames([parsed]))
        scored, wrong, spurious = scored + fields, wrong + len(misses), spurious + len(extra)
    # tab text with its empty cells collapsed is a copy no editor makes: its columns are trusted, so
    # a few cells of 05 land one column left; every other layout reads all but one field right
    assert (scored - wrong) / scored >= (0.985 if layout == "tabs" else 0.995), (layout, wrong, scored, misses)
    assert spurious <= 4
