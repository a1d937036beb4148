"""A page cut short: stored copies of web pages stop at a byte count, often inside the indicator
table's last row. A pipe layout closes each row (or cell) with `|`, so a last line that does not is
cut, and the row ending there is not loaded, even with a value (`补助标准 | 15` of `1500元/学期`): a
wrong number is worse than none. Text that closes nothing (spaces, tabs, one cell per line) may just
lack its last line break, so its last row is kept. On the real corpus: files 12 and 13 stop inside
a row; 01 stops after a closed one; 05 is complete and ends without a line break."""

from __future__ import annotations

import pytest

from corpus_gold import raw_path
from sources.layout import ends_inside_a_row
from sources.submission import parse_submission


def _indicators(path):
    parsed = parse_submission(path)
    assert parsed.error is None, parsed.error
    (table,) = parsed.tables
    return table


@pytest.mark.parametrize("number, kept_last, dropped", [
    ("12", "就学补助及时发放率", "补助标准"),  # `| 成本指标 | 补助标准 | 15` (1500 元/学期 in the goals)
    ("13", "飞机增雨作业航时", "围绕农业生产、生态环境修复、改善空气质量等需求"),  # its 年度 value stops at 解
])
def test_the_row_a_cut_page_stops_inside_is_not_loaded(number, kept_last, dropped):
    table = _indicators(raw_path(number))
    assert table.indicators[-1].name == kept_last
    assert dropped not in {row.name for row in table.indicators}
    (warning,) = [w for w in table.warnings if w.code == "truncated_row"]
    assert warning.message.startswith(f"「{dropped[:40]}」, the table's last row, is where the text stops")


@pytest.mark.parametrize("number, last", [("01", "工资发放准确性(%)"), ("05", "公众对食品安全满意度")])
def test_a_page_ending_after_a_closed_row_or_without_pipes_keeps_its_last_row(number, last):
    assert not raw_path(number).read_text(encoding="utf-8").endswith("\n")  # neither ends with a line break
    table = _indicators(raw_path(number))
    assert table.indicators[-1].name == last
    assert not [w for w in table.warnings if w.code == "truncated_row"]


@pytest.mark.parametrize("lines, cut", [
    (["| 项目名称 | 甲 |", "| 产出指标 | 数量指标 | 培训人数 | ≥100人 |", "| 质量指标 | 合格率 | 95% |",
      "| 时效指标 | 完成时间 | 12"], True),
    (["| 项目名称 | 甲 |", "| 产出指标 | 数量指标 | 培训人数 | ≥100人 |", "| 质量指标 | 合格率 | 95% |",
      "| 时效指标 | 完成时间 | 12月 |"], False),
    (["|", "数量指标", "|", "培训人数", "|", "≥100人", "|", "合格", "|", "9"], True),
    (["产出指标\t数量指标\t培训人数\t≥100人", "质量指标\t合格率\t95%"], False),  # tabs close nothing
    (["产出指标 数量指标 培训人数 ≥100人", "质量指标 合格率 95%"], False),
    (["| 项目名称 | 甲 |", "| 质量指标 | 合格率 | 95% |", ""], False),  # ends with a line break
])
def test_only_a_layout_that_closes_its_rows_says_where_a_text_was_cut(lines, cut):
    assert ends_inside_a_row(lines) is cut
