"""Files built by code from the real sample, for the analysts' tests (review, exports, report).

`previous_year` turns the 2024 sample into a plausible 2023 submission of the same department,
with known differences (stricter targets, a changed amount, a project that is new in 2024, one
that was dropped, a 实施周期/当年度 contradiction); `hostile` plants text that spreadsheets would
run as formulas. Every edit must match exactly once, so a change to the sample fails loudly here.
"""

from __future__ import annotations

import re

PROJECT_TITLE = "项目支出绩效目标表"


def _project_span(text: str, project: str) -> tuple[int, int]:
    """Start and end offsets of the project table named `project` (title to the next title)."""
    marker = re.search(rf"^项目名称\t+{re.escape(project)}\t", text, flags=re.M)
    assert marker, f"no project {project} in the sample"
    start = text.rfind(PROJECT_TITLE, 0, marker.start())
    end = text.find(PROJECT_TITLE, marker.end())
    return start, len(text) if end < 0 else end


def edit_project(text: str, project: str, old: str, new: str, times: int = 1) -> str:
    """Replace `old` by `new` inside one project's table, where it must occur exactly `times` times."""
    start, end = _project_span(text, project)
    block = text[start:end]
    assert block.count(old) == times, f"{old!r} occurs {block.count(old)} times in {project}"
    return text[:start] + block.replace(old, new) + text[end:]


def edit_unit(text: str, old: str, new: str) -> str:
    """Replace `old` by `new` in the unit-level table (before the first project table), once."""
    end = text.index(PROJECT_TITLE)
    assert text[:end].count(old) == 1, f"{old!r} occurs {text[:end].count(old)} times in the unit table"
    return text[:end].replace(old, new) + text[end:]


def drop_project(text: str, project: str) -> str:
    start, end = _project_span(text, project)
    return text[:start] + text[end:]


# what previous_year changes, for the tests to check against
WEAKENED_IN_2024 = {
    ("劳动保障监察", "受益群众满意率（%）"),  # 2023 98% -> 2024 95%
    ("劳动仲裁工作经费", "企业或个人投诉率"),  # 2023 不高于0.5% -> 2024 不高于1%
    ("社保扩面征收工作经费", "城乡养老保险参保任务完成率（%）"),  # 2023 100% -> 2024 按湛江下达的任务
}
RAISED_IN_2024 = {("就业创业政策性补贴和专项服务补助", "实际资金支出率")}  # 2023 90%以上 -> 2024 95%以上
NEW_IN_2024 = "源头治理欠薪工作经费"
DROPPED_IN_2024 = "劳动力资源调查经费"  # in 2023 in place of 流动人员人事档案数字影像信息化项目及采购设备经费
RENAMED_PROJECT = "流动人员人事档案数字影像信息化项目及采购设备经费"
CHANGED_AMOUNT = ("劳动保障监察", 250000, 270000)  # (project, 2023 yuan, 2024 yuan)
CONFLICT_2023 = ("创业担保贷款贴息", "实际资金支出率")  # 实施周期 95%以上, 当年度 90%以上; 总金额 > 当年度金额, one year
PLACEHOLDER_2023 = ("劳动仲裁工作经费", "劳动人事争议调解成功率（%）", "≥**%")  # a template left unfilled
UNIT_BASIC_2023 = 6500000  # 基本支出 in yuan (2024: 6740900); 财政拨款 is lower by as much


def previous_year(sample: str) -> str:
    """The sample as its department's 2023 submission (save it as wuchuan-hrss-2023.txt)."""
    text = re.sub(r"(起始年度|到期年度)\t2024", r"\1\t2023", sample)
    text = edit_unit(text, "基本支出\t674.09\t财政拨款\t1442.41", "基本支出\t650\t财政拨款\t1418.32")
    text = edit_project(text, "劳动保障监察", "受益群众满意率（%）\t95%\t95%", "受益群众满意率（%）\t98%\t98%")
    text = edit_project(text, "劳动保障监察", "总金额\t270000.00元\t当年度金额\t270000.00元",
                        "总金额\t250000.00元\t当年度金额\t250000.00元")
    text = edit_project(text, "劳动仲裁工作经费", "不高于1%\t不高于1%", "不高于0.5%\t不高于0.5%")
    text = edit_project(text, "社保扩面征收工作经费", "（%）\t按湛江下达的任务\t按湛江下达的任务", "（%）\t100%\t100%")
    text = edit_project(text, "就业创业政策性补贴和专项服务补助", "实际资金支出率\t95%以上\t95%以上",
                        "实际资金支出率\t90%以上\t90%以上")
    text = edit_project(text, "创业担保贷款贴息", "实际资金支出率\t95%以上\t95%以上", "实际资金支出率\t95%以上\t90%以上")
    text = edit_project(text, "创业担保贷款贴息", "总金额\t100000.00元", "总金额\t120000.00元")
    text = edit_project(text, "劳动仲裁工作经费", "调解成功率（%）\t75%\t75%", "调解成功率（%）\t≥**%\t≥**%")
    text = edit_project(text, RENAMED_PROJECT, f"\t{RENAMED_PROJECT}\t", f"\t{DROPPED_IN_2024}\t")
    return drop_project(text, NEW_IN_2024)


# cells a spreadsheet would run as formulas, planted by `hostile`
HOSTILE_PROJECT = '=HYPERLINK("http://example.invalid","点我")'
HOSTILE_VALUE = "@SUM(1+1)"
HOSTILE_GOAL = "+1+1 目标"
HOSTILE_OVERVIEW = "-2+3 概述"


def hostile(sample: str) -> str:
    """The sample with a project name, a target value, a goal and an overview that start like formulas."""
    text = edit_project(sample, "劳动仲裁工作经费", "\t劳动仲裁工作经费\t", f"\t{HOSTILE_PROJECT}\t")
    text = edit_project(text, HOSTILE_PROJECT, "50人\t50人", f"{HOSTILE_VALUE}\t{HOSTILE_VALUE}")
    text = edit_project(text, HOSTILE_PROJECT, "目标1：主要用于", f"目标1：{HOSTILE_GOAL}主要用于", times=2)
    text = edit_project(text, HOSTILE_PROJECT, "项目概述\t根据", f"项目概述\t{HOSTILE_OVERVIEW}根据")
    return text
