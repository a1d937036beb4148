"""Two more budget years of the sample's department, built by code: GENERATED EXAMPLE DATA.

The real 2024 sample (吴川市人力资源和社会保障局) is turned into a 2025 and a 2026 submission by
the changes listed in YEARS, and by nothing else: besides them, each year only moves 起始年度 and
到期年度 to its own year. The tests (tests/test_yoy.py) assert that the year-over-year views report
exactly these changes; `make demo` writes the same files into data/examples/ to show a yoy query:

    python tests/example_years.py data/examples

2025, against 2024
- renamed (the identity matcher must follow them): 社保扩面征收工作经费 -> “社保扩面征收”工作经费
  (quotes); 劳动仲裁工作经费 -> 劳动仲裁经费 (工作经费/经费); 事业单位招聘招考工作经费 ->
  2025年事业单位招聘招考工作经费 (a year); 粤菜师傅和南粤家政、广东技工工程费 -> 粤菜师傅、南粤家政和
  广东技工工程费 (punctuation and word order: a similar name), also in the unit's 年度重点工作任务
- amounts (总金额 and 当年度金额, yuan): 劳动保障监察 270000 -> 300000; 源头治理欠薪工作经费
  640000 -> 600000
- targets (实施周期 and 当年度 alike): 劳动保障监察 拖欠农民工工资举报投诉案件结案率 98% -> 99%
  (raised, stronger); 劳动仲裁经费 企业或个人投诉率 不高于1% -> 不高于2% (raised, weaker: 反向);
  三支一扶高校毕业生工作生活补贴 资金发放准确率 100% -> 准确发放 (number to words, weaker)
- dropped: 社会保险基金监督举报奖励资金; added: 人力资源市场建设经费 (50000 yuan, a copy of the
  社会保险经办业务第三方机构审计经费 table)
- unit (万元): 基本支出 674.09 -> 690.50 and 财政拨款 1442.41 -> 1458.82 (the budget still balances)

2026, against 2025
- renamed: 人力资源市场建设经费 -> 人力资源市场建设工作经费; 2025年事业单位招聘招考工作经费 ->
  2026年事业单位招聘招考工作经费
- amounts: 居民养老工作经费 173200 -> 180000
- targets: “社保扩面征收”工作经费 社会公众对宣传满意度 较满意 -> ≥90% (words to number, stronger);
  2026年事业单位招聘招考工作经费 考试场数 大于等于两场 -> 大于等于三场 (raised, stronger); 劳动保障监察
  按时限答复12345政府服务热线诉求拟办单的比例 95%以上 -> 90%以上 (lowered, weaker)
- dropped: 流动人员人事档案数字影像信息化项目及采购设备经费; added: 就业见习补贴 (30000 yuan, a
  copy of the same template table)
- unit (万元): 基本支出 690.50 -> 700.00 and 财政拨款 1458.82 -> 1468.32

Every edit must match exactly once (sample_variants.edit_project), so a change to the sample fails
loudly here rather than quietly producing other years.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from sample_variants import _project_span, drop_project, edit_project

SAMPLE_YEAR = 2024
TEMPLATE_PROJECT = "社会保险经办业务第三方机构审计经费"
LABEL = "生成的示例数据：由真实样例按代码改写，不是真实报送。"  # no digits: it must not look like a year


@dataclass(frozen=True)
class TargetChange:
    project: str  # the project's name in the new year
    indicator: str
    before: str
    after: str
    value_change: str  # what v_indicator_target_yoy must call it
    strength_change: str


@dataclass(frozen=True)
class YearChanges:
    year: int
    # name the year before -> (name this year, how project_identity must match them)
    renamed: dict[str, tuple[str, str]]
    amounts: dict[str, tuple[int, int]]  # project (this year's name) -> (yuan the year before, yuan now)
    targets: tuple[TargetChange, ...]
    dropped: str
    added: tuple[str, int]  # (name, yuan): a copy of TEMPLATE_PROJECT
    unit_lines: dict[str, tuple[str, str]]  # category -> (万元 the year before, 万元 now), as printed


YEARS = (
    YearChanges(
        year=2025,
        renamed={
            "社保扩面征收工作经费": ("“社保扩面征收”工作经费", "normalized_name"),
            "劳动仲裁工作经费": ("劳动仲裁经费", "normalized_name"),
            "事业单位招聘招考工作经费": ("2025年事业单位招聘招考工作经费", "normalized_name"),
            "粤菜师傅和南粤家政、广东技工工程费": ("粤菜师傅、南粤家政和广东技工工程费", "similar_name"),
        },
        amounts={"劳动保障监察": (270000, 300000), "源头治理欠薪工作经费": (640000, 600000)},
        targets=(
            TargetChange("劳动保障监察", "拖欠农民工工资举报投诉案件结案率", "98%", "99%", "raised", "stronger"),
            TargetChange("劳动仲裁经费", "企业或个人投诉率", "不高于1%", "不高于2%", "raised", "weaker"),
            TargetChange("三支一扶高校毕业生工作生活补贴", "资金发放准确率", "100%", "准确发放",
                         "number_to_qualitative", "weaker"),
        ),
        dropped="社会保险基金监督举报奖励资金",
        added=("人力资源市场建设经费", 50000),
        unit_lines={"基本支出": ("674.09", "690.50"), "财政拨款": ("1442.41", "1458.82")},
    ),
    YearChanges(
        year=2026,
        renamed={
            "人力资源市场建设经费": ("人力资源市场建设工作经费", "normalized_name"),
            "2025年事业单位招聘招考工作经费": ("2026年事业单位招聘招考工作经费", "normalized_name"),
        },
        amounts={"居民养老工作经费": (173200, 180000)},
        targets=(
            TargetChange("“社保扩面征收”工作经费", "社会公众对宣传满意度", "较满意", "≥90%",
                         "qualitative_to_number", "stronger"),
            TargetChange("2026年事业单位招聘招考工作经费", "考试场数", "大于等于两场", "大于等于三场",
                         "raised", "stronger"),
            TargetChange("劳动保障监察", "按时限答复12345政府服务热线诉求拟办单的比例", "95%以上", "90%以上",
                         "lowered", "weaker"),
        ),
        dropped="流动人员人事档案数字影像信息化项目及采购设备经费",
        added=("就业见习补贴", 30000),
        unit_lines={"基本支出": ("690.50", "700.00"), "财政拨款": ("1458.82", "1468.32")},
    ),
)


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def _amount(yuan: int) -> str:
    return f"{yuan}.00元"


def project_copy(text: str, template: str, name: str, yuan: int) -> str:
    """The template project's table under another name and amount."""
    start, end = _project_span(text, template)
    block = text[start:end].rstrip("\n") + "\n"
    block = _replace_once(block, f"\t{template}\t", f"\t{name}\t")
    return re.sub(r"总金额\t[0-9.]+元\t当年度金额\t[0-9.]+元",
                  f"总金额\t{_amount(yuan)}\t当年度金额\t{_amount(yuan)}", block)


def year_after(text: str, previous_year: int, changes: YearChanges) -> str:
    """The submission of `changes.year`, from the one of `previous_year`."""
    text = re.sub(rf"(起始年度|到期年度)(\t+){previous_year}(?!\d)", rf"\g<1>\g<2>{changes.year}", text)
    for before, (after, _) in changes.renamed.items():
        text = edit_project(text, before, f"\t{before}\t", f"\t{after}\t")
        if f"\t{before}\t" in text:  # the unit's 年度重点工作任务 names the project too
            text = _replace_once(text, f"\t{before}\t", f"\t{after}\t")
    for project, (before, after) in changes.amounts.items():
        text = edit_project(text, project, f"总金额\t{_amount(before)}\t当年度金额\t{_amount(before)}",
                            f"总金额\t{_amount(after)}\t当年度金额\t{_amount(after)}")
    for target in changes.targets:
        text = edit_project(text, target.project, f"{target.indicator}\t{target.before}\t{target.before}",
                            f"{target.indicator}\t{target.after}\t{target.after}")
    for category, (before, after) in changes.unit_lines.items():
        text = _replace_once(text, f"\t{category}\t{before}", f"\t{category}\t{after}")
    added = project_copy(text, TEMPLATE_PROJECT, *changes.added)
    text = drop_project(text, changes.dropped)
    return text.rstrip("\n") + "\n\n" + added


def file_name(year: int) -> str:
    return f"generated-example-wuchuan-hrss-{year}.txt"


def example_years(sample: str) -> dict[int, str]:
    """The text of each generated year, labelled as generated example data."""
    texts: dict[int, str] = {}
    text, year = sample, SAMPLE_YEAR
    for changes in YEARS:
        text = year_after(text, year, changes)
        year = changes.year
        texts[year] = text
    return {year: f"{LABEL}\n\n{body}" for year, body in texts.items()}


def write_example_years(sample: str, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for year, text in example_years(sample).items():
        path = folder / file_name(year)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[1]
    sample = (root / "data" / "samples" / "wuchuan-hrss-2024.txt").read_text(encoding="utf-8")
    for written in write_example_years(sample, Path(sys.argv[1] if len(sys.argv) > 1 else "data/examples")):
        print(f"wrote {written} (generated example data, not a real submission)")
