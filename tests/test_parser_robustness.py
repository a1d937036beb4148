"""Regressions found by the fuzz test (tests/test_fuzz.py): each input once made the parser raise or
run for minutes."""

from __future__ import annotations

import pytest

from sources.brackets import drop_notes, drop_trailing_note
from sources.submission import parse_submission
from sources.taxonomy import classify_label, clean_label


def _with_cell(sample_text: str, line: int, column: int, cell: str) -> bytes:
    lines = sample_text.split("\n")
    cells = lines[line - 1].split("\t")
    cells[column] = cell
    lines[line - 1] = "\t".join(cells)
    return "\n".join(lines).encode("utf-8")


@pytest.mark.timeout(60)
@pytest.mark.parametrize("cell", ["（" * 1_000_000, "9" * 1_000_000, "(" * 300_000 + "必填", "1-" * 300_000])
def test_a_huge_cell_is_parsed_in_linear_time(tmp_path, sample_text, parsed_sample, cell):
    """`[（(][^）)]*[）)]` and `\\d+\\s*-\\s*\\d+\\s*分` rescanned a 1 MB cell from every position."""
    lines = [table.indicators[-1].line for table in parsed_sample.tables[:2]]  # the unit's, a project's
    for line, column in [(line, column) for line in lines for column in (-1, -2, -3)]:  # value, name, label
        parsed = parse_submission(tmp_path / "huge-2024.txt", data=_with_cell(sample_text, line, column, cell))
        assert parsed.error is None or "internal error" not in parsed.error


def test_bracket_helpers_match_the_regular_expressions_they_replace():
    assert drop_trailing_note("拟投入的资金（万元）") == "拟投入的资金"
    assert drop_trailing_note("其他需完成的任务（可选填）") == "其他需完成的任务"
    assert drop_trailing_note("a（b）c") == "a（b）c" and drop_trailing_note("a（b（c）") == "a"
    assert drop_trailing_note("a)b(c)") == "a)b" and drop_trailing_note("（") == "（"
    assert drop_notes("评(扣)分标准") == "评分标准" and drop_notes("权重（%）") == "权重"
    assert drop_notes("a(b(c)d)e") == "ad)e" and drop_notes("a(b") == "a(b"


def test_a_long_cell_is_no_label():
    assert classify_label("数量指标（必填）") is not None
    long = "数量指标" + "（必填）" * 100
    assert clean_label(long) == long and classify_label(long) is None


def test_a_project_name_header_right_of_the_indicator_headers_is_no_project_list(tmp_path, sample_text):
    """Rows out of order put 项目名称 in a header row after 一级指标: split_project_list raised
    StopIteration looking for the project columns left of the indicators."""
    lines = sample_text.split("\n")
    header = next(i for i, line in enumerate(lines) if line.startswith("绩效指标\t一级指标") and i > 40)
    lines[header] = lines[header] + "\t项目名称"
    parsed = parse_submission(tmp_path / "shuffled-2024.txt", data="\n".join(lines).encode("utf-8"))
    assert parsed.error is None or "internal error" not in parsed.error
    assert parsed.error is None and len(parsed.tables) == 14
