"""The words the forms print, shared by layout recovery and the template parser.

Tables reach us with their layout damaged, so cells are recognised by what they say: the field
labels of every template met so far and their synonyms, the money labels, goal labels, the headers
of the indicator columns, and the words that end a table. `as_label` is how any cell is compared
with these lists (NFKC, no whitespace, no `*` / `★` marks, no `?` left by a damaged mirror, no
trailing colon, no trailing bracketed note), so a vocabulary entry is written once, plainly.

Each list says what the parser does with the cell; `docs/formats.md` lists the templates they come
from. Adding a synonym here is how a new template is taught.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from sources.brackets import drop_notes, drop_trailing_note

_MARKS = re.compile(r"[*＊★☆?？\s]+")
# a level's department named with its sector: 区级林业主管部门, 县级水利主管部门 -> 区级主管部门
_SECTOR_DEPARTMENT = re.compile(r"^(省级|市级|州级|县级|区级|区县|市县|县\(区\)级?)[\u4e00-\u9fff]{1,4}主管部门$")
_LEADING_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）]|\(?[0-9]{1,2}[)）.．、])")


@lru_cache(maxsize=1 << 16)
def compact(text: str) -> str:
    """NFKC without any whitespace (str.split() and re's \\s agree on what whitespace is)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


@lru_cache(maxsize=1 << 16)
def as_label(text: str) -> str:
    """A cell as a label: `*部门名称:` -> 部门名称, `绩???效?目?标` -> 绩效目标,
    `拟投入的资金（万元）` -> 拟投入的资金, `一、预算资金:` -> 预算资金, `其中:财政拨款` -> 财政拨款."""
    text = _MARKS.sub("", unicodedata.normalize("NFKC", text))
    if len(text) > 60:
        return text
    text = text.rstrip(":：")
    text = drop_trailing_note(text).rstrip(":：")
    text = _LEADING_NUMBER.sub("", text)
    if text.startswith("其中"):
        text = _LEADING_NUMBER.sub("", text[2:].lstrip(":：")) or text  # 其中:1.中央资金 -> 中央资金
    return _SECTOR_DEPARTMENT.sub(r"\1主管部门", text)


@lru_cache(maxsize=4096)
def as_header(text: str) -> str:
    """A column header without marks or any bracketed part: 评(扣)分标准 -> 评分标准, 权重（%） -> 权重."""
    return drop_notes(_MARKS.sub("", unicodedata.normalize("NFKC", text))).rstrip(":：")


# --- fields: printed label -> canonical field name ------------------------------------------------
PROJECT_NAME = "项目名称"
DEPARTMENT = "主管部门"
IMPLEMENTER = "用款单位"
UNIT_DEPARTMENT = "部门名称"
UNIT_NAME = "下属单位名称"
START_YEAR, END_YEAR = "起始年度", "到期年度"
PERIOD = "实施期限"  # a period printed as one text (项目期 2022年3月-2023年11月)

FIELD_LABELS: dict[str, str] = {
    # the project
    "项目名称": PROJECT_NAME, "项目支出名称": PROJECT_NAME, "专项名称": PROJECT_NAME,
    "专项(项目)名称": PROJECT_NAME, "专项项目名称": PROJECT_NAME, "项目(专项)名称": PROJECT_NAME,
    "二级项目名称": PROJECT_NAME, "项目名": PROJECT_NAME, "专项资金名称": PROJECT_NAME, "资金名称": PROJECT_NAME,
    "一级项目名称": "一级项目名称", "一级项目": "一级项目名称",
    "项目类型": "项目类型", "项目类别": "项目类型",
    "项目属性": "项目属性", "专项属性": "项目属性", "项目分类": "项目分类", "资金用途": "资金用途",
    "资金性质": "资金性质",
    "项目等级": "项目等级", "项目级次": "项目等级",
    # who owns it: the department, then the unit that spends the money
    "主管部门": DEPARTMENT, "主管部门及代码": DEPARTMENT, "主管部门及其编码": DEPARTMENT,
    "主管部门及编码": DEPARTMENT, "项目主管部门": DEPARTMENT, "主管预算部门": DEPARTMENT,
    "主管部门(单位)名称": DEPARTMENT, "主管部门(单位)": DEPARTMENT, "主管单位": DEPARTMENT,
    "预算部门": DEPARTMENT, "实施部门": DEPARTMENT, "归口部门": DEPARTMENT,
    "区级主管部门": DEPARTMENT, "县级主管部门": DEPARTMENT, "市级主管部门": DEPARTMENT,
    "省级主管部门": DEPARTMENT, "县(区)级主管部门": DEPARTMENT, "区县主管部门": DEPARTMENT, "市县主管部门": DEPARTMENT,
    "中央主管部门": DEPARTMENT,
    "用款单位": IMPLEMENTER, "实施单位": IMPLEMENTER, "项目实施单位": IMPLEMENTER,
    "预算单位": IMPLEMENTER, "下达地方或单位": IMPLEMENTER, "项目单位": IMPLEMENTER,
    "承担单位": IMPLEMENTER, "执行单位": IMPLEMENTER, "项目执行单位": IMPLEMENTER, "项目承担单位": IMPLEMENTER,
    "资金使用单位": IMPLEMENTER, "使用单位": IMPLEMENTER, "项目申报单位": IMPLEMENTER, "预算单位名称": IMPLEMENTER,
    "项目主管单位": DEPARTMENT, "主管部门名称": DEPARTMENT, "业务主管部门": DEPARTMENT,
    "申报单位": DEPARTMENT, "具体实施单位": IMPLEMENTER,
    # what it is
    "项目概述": "项目概述", "项目概况": "项目概述", "专项概况": "项目概述", "项目总体情况": "项目概述",
    "项目简介": "项目概述", "基本情况": "项目概述", "项目基本情况": "项目概述", "项目内容": "项目概述",
    "项目总体概况": "项目概述", "项目概况及立项依据": "项目概述",
    # when: two years, or one period text
    "起始年度": START_YEAR, "开始年度": START_YEAR, "开始时间": START_YEAR, "项目开始日期": START_YEAR,
    "起始时间": START_YEAR, "开始日期": START_YEAR, "项目开始时间": START_YEAR,
    "到期年度": END_YEAR, "结束年度": END_YEAR, "完成时间": END_YEAR, "项目完成日期": END_YEAR,
    "结束时间": END_YEAR, "截止时间": END_YEAR, "完成日期": END_YEAR,
    "项目结束时间": END_YEAR, "结束日期": END_YEAR,
    "实施期限": PERIOD, "项目期": PERIOD, "项目期限": PERIOD, "项目支出实施期": PERIOD,
    "项目起止时间": PERIOD, "专项起止时间": PERIOD, "起止时间": PERIOD, "实施期": PERIOD,
    "项目实施期": PERIOD, "执行期限": PERIOD, "项目实施周期": PERIOD, "项目周期": PERIOD,
    "资金使用期限": PERIOD, "项目起止年限": PERIOD, "建设周期": PERIOD, "建设期限": PERIOD,
    # unit-level tables
    "部门名称": UNIT_DEPARTMENT, "部门(单位)名称": UNIT_DEPARTMENT, "部门": UNIT_DEPARTMENT,
    "下属单位名称": UNIT_NAME, "单位名称": UNIT_NAME,
    "财政供养人员数": "财政供养人员数",
}
# labels a form prints that the warehouse does not keep: known, so that they end the field before
# them instead of being read as its value
IGNORED_LABELS = frozenset({
    "项目负责人", "联系人", "联系电话", "项目负责人/联系电话", "联系人及电话", "专项负责人", "单位负责人",
    "项目经办人", "项目经办人电话", "部门编码", "单位编码", "项目编码", "项目代码", "单位信息", "归口科室",
    "填报单位", "填报人", "填表人", "填报日期", "审核人", "单位负责人签字", "项目责任人", "项目责任人(签字)",
    "单位(盖章)", "项目立项依据", "立项依据", "专项立项依据", "政策依据", "其他依据", "项目必要性说明",
    "项目可行性说明", "项目立项必要性", "保证项目实施的制度措施", "项目实施计划", "组织实施单位",
    "监督管理单位", "项目实施进度计划", "项目实施内容", "预算执行率权重", "部门职能职责概述",
    "单位已有的保证专项实施的制度、措施", "资金来源", "收入", "支出", "需要说明的其他问题",
    "项目支出上级资金", "该项目支出上级资金", "资金情况", "专项资金情况", "投入目标", "专项基本情况",
    "项目审批", "财政资金预算分类", "财政资金科目代码", "项目来源",
    # a transfer's 区域绩效目标表 names the finance bureau at each level beside the department, and the area
    "财政部门", "中央财政部门", "省级财政部门", "市级财政部门", "州级财政部门", "县级财政部门", "区级财政部门",
    "区县财政部门", "市县财政部门", "补助区域", "部门预算编码",
})
# labels that only introduce what follows on their row or below (no value of their own)
SECTION_LABELS = frozenset({
    "实施期限", "基本信息", "资金情况", "项目资金申请", "项目资金情况",
    "资金投入情况", "预算情况", "专项资金情况", "资金来源", "投入目标", "专项基本情况", "年度预算安排",
    "年度履职目标",
})

# --- money ----------------------------------------------------------------------------------------
TOTAL, CURRENT, PLAIN_TOTAL = "总金额", "当年度金额", "资金总额"
# project money: label -> category. 资金总额 is a total when the form also prints an annual amount,
# and the year's amount when it is the only one (the parser decides, see parse/fields.py)
PROJECT_AMOUNTS: dict[str, str] = {
    "总金额": TOTAL, "项目总金额": TOTAL, "项目总投资": TOTAL, "总投资": TOTAL, "中期资金总额": TOTAL,
    "项目资金总额": TOTAL, "实施期资金总额": TOTAL, "资金总额合计": TOTAL, "总预算": TOTAL,
    "资金总额": PLAIN_TOTAL, "项目资金": PLAIN_TOTAL, "项目金额": PLAIN_TOTAL, "金额": PLAIN_TOTAL,
    "当年度金额": CURRENT, "本年度金额": CURRENT, "年度金额": CURRENT, "年度资金总额": CURRENT,
    "年度预算金额": CURRENT, "年度本级预算金额": CURRENT, "本年度预算": CURRENT, "预算申报数": CURRENT,
    "本年度预计投入": CURRENT, "年初安排金额": CURRENT, "项目预算金额": CURRENT, "本年预算数": CURRENT,
    "全年预算数": CURRENT, "全年(程)预算数": CURRENT, "本年度资金": CURRENT, "当年资金": CURRENT,
    "当年预算": CURRENT, "年度预算": CURRENT, "本年度预算金额": CURRENT, "申请金额": CURRENT,
    "预算数": CURRENT, "下达中央预算内投资": CURRENT, "本年度资金总额": CURRENT, "年度资金": CURRENT,
    "当年金额": CURRENT, "预算金额(当年)": CURRENT, "本年安排": CURRENT, "当年度预算": CURRENT,
    "年度预算数": CURRENT, "本年度预算数": CURRENT, "年度预算资金": CURRENT, "当年预算数": CURRENT,
    "项目总预算": TOTAL, "预算资金总额": PLAIN_TOTAL, "项目预算": PLAIN_TOTAL, "预算金额": PLAIN_TOTAL,
    # Guangdong 批复表 (中期市财政预算 / 本年度申请市财政预算资金), Chongqing 审批表 (当年年度预算), NDRC (本次下达)
    "中期市财政预算": TOTAL, "中期财政预算": TOTAL, "中期预算资金总额": TOTAL,
    "本年度申请市财政预算资金": CURRENT, "本年度申请财政预算资金": CURRENT, "本年度申请资金": CURRENT,
    "当年年度预算": CURRENT, "当年资金总额": CURRENT, "年度预算资金总额": CURRENT,
    "本次下达中央预算内投资": CURRENT,
    # 兵团 申报表: 项目资金总额 (the project's) | 1500 | 年度资金申请总额 | 1500 (this year's request, 万元)
    "年度资金申请总额": CURRENT, "本年度资金申请总额": CURRENT, "年度申请资金总额": CURRENT,
}
# where a project's money comes from: kept as budget lines of group 资金来源
FUNDING_SOURCES = frozenset({
    "财政拨款", "财政拨款数", "财政资金", "财政拨款小计", "一般公共预算", "一般公共预算资金", "一般公共预算拨款",
    "政府性基金", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "社保基金", "上年结转资金", "上年结转",
    "其他资金", "其他", "自有资金", "单位自筹", "自筹资金", "预算资金", "中央补助安排", "省级财政安排",
    "市级财政安排", "县级财政安排", "中央", "省级", "市级", "市级资金", "县级", "本级", "中央资金", "省级资金",
    "本级财政", "上级补助", "上级资金", "事业收入", "经营收入", "国有资本金", "其它资金", "其它", "区级", "区级资金",
    "县级资金", "本级资金", "中央补助", "中央补助资金", "省级补助", "市级补助", "县级补助", "地方资金", "地方财政资金",
    "自有资金小计", "其他收入", "经营性收入",
})

# --- goals: printed label -> scope (总体 for unit tables, 实施周期, 当年度) --------------------------
GOAL_LABELS: dict[str, str] = {
    "总体绩效目标": "总体", "年度绩效总目标": "总体", "整体目标": "总体", "绩效目标": "总体",
    "总体目标": "总体", "项目绩效目标": "总体", "年度总体绩效目标": "当年度",
    "实施期绩效目标": "实施周期", "实施周期总目标": "实施周期", "实施周期目标": "实施周期",
    "中长期目标": "实施周期", "长期目标": "实施周期", "中长期绩效目标": "实施周期", "中期目标": "实施周期",
    "实施期目标": "实施周期", "项目中长期目标": "实施周期", "项目总体目标": "总体",
    "本年度绩效目标": "当年度", "年度绩效目标": "当年度", "年度目标": "当年度", "当年度目标": "当年度",
    "年度总体目标": "当年度", "本年度目标": "当年度", "当年目标": "当年度", "项目年度目标": "当年度",
    "年度绩效指标目标": "当年度", "年度主要目标和成果": "当年度", "年度主要目标": "当年度",
}

# --- the indicator table --------------------------------------------------------------------------
LEVEL_HEADERS = {"一级指标": 1, "一级": 1, "二级指标": 2, "二级": 2}
# headers of the indicator name column (三级指标 in most templates)
NAME_HEADERS = frozenset({"三级指标", "三级", "三级指标名称", "指标名称", "绩效指标名称", "三级指标内容",
                          "指标内容", "三级指标(指标内容)", "具体指标", "绩效指标内容"})
# a header that names the whole indicator block, or a tree's single label column
BLOCK_HEADERS = frozenset({"绩效指标", "年度绩效指标", "本年度绩效指标", "专项年度绩效指标", "项目绩效指标",
                           "绩效指标体系", "绩效目标指标", "指标", "年度指标", "绩效项目指标表", "绩效指标表"})
# columns after the indicator name that describe it rather than give a target: printed -> canonical
ATTRIBUTE_COLUMNS: dict[str, str] = {
    "度量单位": "度量单位", "计量单位": "度量单位", "单位": "度量单位", "指标单位": "度量单位",
    "指标方向": "指标方向", "指标方向性": "指标方向", "方向": "指标方向",
    "权重": "权重", "指标权重": "权重", "分值": "分值", "指标分值": "分值", "权重分值": "分值",
    "评分标准": "评(扣)分标准", "扣分标准": "评(扣)分标准", "评扣分标准": "评(扣)分标准",
    "评分规则": "评(扣)分标准", "评分方法": "评(扣)分标准", "计分方法": "评(扣)分标准",
    "指标解释": "指标解释", "指标说明": "指标解释", "指标值说明": "指标解释", "指标定义": "指标解释",
    "绩效标准": "绩效标准", "指标值设定依据": "绩效标准", "标准": "绩效标准", "评价标准": "绩效标准",
    "指标标准或依据": "绩效标准", "指标标准": "绩效标准",
    "指标性质": "指标性质", "指标值类型": "指标性质", "指标类型": "指标性质", "比较符": "指标性质",
    "运算符": "指标性质", "计算符号": "指标性质", "符号": "指标性质", "定性/定量": "指标性质",
    "备注": "备注", "数据来源": "数据来源", "考核方式": "数据来源", "佐证材料": "数据来源",
    "绩效金额": "绩效金额", "金额": "绩效金额", "资金": "绩效金额", "对应资金": "绩效金额",
    "核心指标": "核心指标", "是否核心指标": "核心指标",
    "指标内容": "指标解释",  # beside a 三级指标 column it describes the indicator (alone it is the name)
}
OPERATOR_COLUMN, UNIT_COLUMN, DIRECTION_COLUMN = "指标性质", "度量单位", "指标方向"

# rows that add up other rows: never a project, a budget category or an indicator
SUBTOTAL_LABELS = frozenset({"合计", "小计", "总计", "共计", "汇总"})
# cells that end a table: what forms print below the indicators
TABLE_END_LABELS = frozenset({
    "其他需说明的问题", "其他说明的问题", "其他说明", "需要说明的其他问题", "财政部门审核意见", "审核意见",
    "主管部门审核意见", "财政审核意见", "填表人", "填报人", "填报日期", "单位负责人签字", "备注说明",
})
# a signature line below a table: 财政资金管理科室(盖章) 年 月 日, 单位负责人（签字）
_SIGNATURE = re.compile(r"[(（]\s*(?:盖章|签字|签章|公章)\s*[)）]|年\s+月\s+日")
_REVIEW = ("审核意见", "初审意见", "审批意见", "复核意见", "审查意见")


@lru_cache(maxsize=1 << 16)
def ends_table(text: str) -> bool:
    """A cell that ends the indicators, given raw or as a label: a label printed below them (审核意见,
    填表人), any office's review box (财政部门支出股室初审意见, 区扶贫办审核意见) or a signature line
    (财政资金管理科室(盖章) 年 月 日)."""
    label = as_label(text)
    return (label in TABLE_END_LABELS or (len(label) <= 20 and label.endswith(_REVIEW))
            or bool(_SIGNATURE.search(text)))
