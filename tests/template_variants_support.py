"""The fixtures of the template-variant tests (tests/test_template_variants.py, tests/test_template_tables.py):
a small project table's fields and indicator header, written as tab-separated text and parsed."""

from __future__ import annotations

from sources.submission import parse_submission

PROJECT_FIELDS = [
    ["项目名称", "测试项目"],
    ["主管部门", "某某局", "用款单位", "某某中心"],
    ["实施期限", "起始年度", "2024", "到期年度", "2024"],
    ["预算金额", "总金额", "1000.00元", "当年度金额", "800.00元"],
]
HEADER = ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"]


def write_text(path, rows, title="项目支出绩效目标表"):
    lines = ([title] if title else []) + ["\t".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def parse(tmp_path, rows, title="项目支出绩效目标表", name="variant-2024.txt"):
    parsed = parse_submission(write_text(tmp_path / name, rows, title))
    assert parsed.error is None, parsed.error
    return parsed


def one_table(tmp_path, rows, **kwargs):
    parsed = parse(tmp_path, rows, **kwargs)
    assert len(parsed.tables) == 1
    return parsed.tables[0]
