"""The policy documents a table cites: 文件号 such as 湛人社函〔2019〕613号 or 财预〔2021〕101号, and
titles in 《…》, as analysts group projects and money by them.

A citation is a document number (issuer prefix, year, number), a title, or both when the number
follows its title in brackets: 《关于…的通知》（湛人社函〔2019〕613号）. Pure functions on text.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from sources.parsed import ParsedTable


class Citation(NamedTuple):
    reference: str | None  # the document number as one writes it: 湛人社函〔2019〕613号
    issuer: str | None  # the issuer's prefix: 湛人社函, 财预, 粤府令
    year: int | None  # the year in the brackets
    number: int | None  # the number before 号
    title: str | None  # the title without 《》

    @property
    def identity(self) -> str:
        """What tells two citations of one document apart: its number, else its title."""
        return self.reference or f"《{self.title}》"


# the prefix of a document number: CJK characters right before the bracketed year (or before 第N号)
_ISSUER = r"([\u4e00-\u9fff]{1,12})"
_YEAR_NUMBER = re.compile(_ISSUER + r"\s*[〔\[［【(（]\s*((?:19|20)\d\d)\s*[〕\]］】)）]\s*第?\s*(\d{1,5})\s*号")
_ORDER_NUMBER = re.compile(_ISSUER + r"\s*第\s*(\d{1,5})\s*号")  # 粤府令第301号: an order without a year
_TITLE = re.compile(r"《([^《》]{2,120})》")
# words that come before a document number but are not its issuer's: 根据粤人社明电〔2020〕60号
_LEAD_WORDS = ("根据", "依据", "依照", "按照", "参照", "遵照", "贯彻", "落实", "执行", "对照", "结合", "文件", "通知",
               "规定", "要求", "精神", "印发", "同时", "以及", "严格", "认真", "全面", "进一步", "省", "和", "及", "与",
               "暨", "的", "是", "为", "按", "据", "照", "见", "再", "并", "又", "还", "也", "即", "经", "由", "在",
               "将", "对", "以", "从", "于")
# an order number's issuer ends in 令 (粤府令, 国务院令); other 第N号 are not documents (第1号 of a list)
_ORDER_ISSUER = re.compile(r"令$")


def _issuer(run: str) -> str | None:
    """The issuer prefix at the end of a run of CJK characters: the run without the words before it."""
    issuer = run[-8:] if len(run) > 8 else run
    changed = True
    while changed and issuer:
        changed = False
        for word in _LEAD_WORDS:
            if issuer.startswith(word) and len(issuer) > len(word) + 1:
                issuer = issuer[len(word):]
                changed = True
    return issuer or None


def _numbers(text: str) -> list[tuple[int, int, Citation]]:
    """(start, end, citation) of each document number in `text`."""
    found: list[tuple[int, int, Citation]] = []
    for match in _YEAR_NUMBER.finditer(text):
        issuer = _issuer(match.group(1))
        year, number = int(match.group(2)), int(match.group(3))
        found.append((match.start(1) + len(match.group(1)) - len(issuer or ""), match.end(),
                      Citation(f"{issuer}〔{year}〕{number}号", issuer, year, number, None)))
    for match in _ORDER_NUMBER.finditer(text):
        issuer = _issuer(match.group(1))
        if issuer and _ORDER_ISSUER.search(issuer) and not any(s <= match.start(1) < e for s, e, _ in found):
            number = int(match.group(2))
            found.append((match.end() - len(match.group(0)) + len(match.group(1)) - len(issuer), match.end(),
                          Citation(f"{issuer}第{number}号", issuer, None, number, None)))
    return sorted(found)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


# every citation holds 号 (a number) or 《 (a title) once normalized, and NFKC makes 号 of 号 alone and
# 《 of 《 or ︽ alone (tests/test_policy_refs.py checks it over all of Unicode): a text holding none
# of these cites nothing, and is neither normalized nor searched (most goals and tasks cite nothing)
CITATION_MARKS = ("号", "《", "\ufe3d")


def find_citations(text: str | None) -> list[Citation]:
    """Every policy document `text` cites, in the order it cites them, each once. A title directly
    followed by a bracketed document number is one citation with both."""
    if not text or not any(mark in text for mark in CITATION_MARKS):
        return []
    text = unicodedata.normalize("NFKC", text)
    numbers = _numbers(text)
    used: set[int] = set()
    citations: list[tuple[int, Citation]] = []
    for match in _TITLE.finditer(text):
        title = _clean(match.group(1))
        paired = next((i for i, (start, _, _) in enumerate(numbers)
                       if i not in used and re.fullmatch(r"\s*[(（]?\s*", text[match.end():start]) is not None
                       and 0 <= start - match.end() <= 4), None)
        if paired is not None:
            used.add(paired)
            citations.append((match.start(), numbers[paired][2]._replace(title=title)))
        else:
            citations.append((match.start(), Citation(None, None, None, None, title)))
    citations += [(start, citation) for i, (start, _, citation) in enumerate(numbers) if i not in used]
    return _first_of_each([citation for _, citation in sorted(citations, key=lambda pair: pair[0])])


def _first_of_each(items: list, citation=lambda item: item) -> list:
    """The items of the first citation of each document (`citation` finds it in an item)."""
    seen: set[str] = set()
    first = []
    for item in items:
        identity = citation(item).identity
        if identity not in seen:
            seen.add(identity)
            first.append(item)
    return first


def table_citations(table: ParsedTable) -> list[tuple[str, int, Citation]]:
    """(where, line, citation) of each policy document a table cites in its 项目概述, goals and key
    tasks; a document cited in several places is listed once, where it is first cited."""
    texts: list[tuple[str, int, str]] = []
    overview = table.fields.get("项目概述")
    if overview:
        texts.append(("项目概述", overview.line, overview.value))
    texts += [("绩效目标", goal.line, goal.text) for goal in table.goals]
    texts += [("重点工作任务", task.line, f"{task.name} {task.content} {task.expected_result}") for task in table.key_tasks]
    cited = [(where, line, citation) for where, line, text in texts for citation in find_citations(text)]
    return _first_of_each(cited, citation=lambda item: item[2])
