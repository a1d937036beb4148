"""Page chrome: the lines a web page or a document viewer prints around a table.

Text copied from a government site carries the site's furniture: publication time, hit counts,
source and author lines, font-size and share widgets, breadcrumbs, footers (主办, ICP备…, 网站标识码),
"附件N" lines, viewer banners (还剩1页未读). None of it is the table; kept, it would be read as rows.
`strip_chrome` blanks those lines (their numbers are kept, so rows still point at the file's lines)
and cuts `附件：` in front of a title. Patterns are anchored on words no table cell starts with.
"""

from __future__ import annotations

import re

_CHROME = re.compile(
    r"^\s*[-•·]?\s*(?:"
    r"(?:发布|发文|印发|成文|更新)(?:时间|日期)\s*[:：]"
    r"|(?:信息)?来源\s*[:：]|作者\s*[:：]|编辑\s*[:：]|责任编辑|浏览(?:次数|量)|点击(?:数|率|量)|访问量|阅读(?:次数|量)"
    r"|字号|【\s*大\s*中\s*小\s*】|打印(?:本页|此页)?\s*$|关闭(?:窗口|本页)?\s*$|分享到|收藏本页"
    r"|扫一扫|相关解读|相关链接|全部留言|评论\s*$|有用\s*[(（]|/\s*$"
    r"|当前位置|您所在的位置|您现在的位置|首页\s*[>＞]|网站地图|本网站支持|长者模式|无障碍|适老化"
    r"|还剩\s*\d+\s*页未读|继续阅读|文本内容\s*[:：]|logo\s*$|Overview\s*$"
    r"|附件\s*\d*\s*[:：]?\s*$"
    r"|索\s*引\s*号|发布机构|公开方式|公开范围|有效性\s*\||主题分类|文\s*号\s*\|"
    r"|文件下载\s*$|政策咨询\s*$|如果您对该政策文件有疑问|标签\s*[:：]\s*$|(?:\[\s*(?:下载|打印|关闭)\s*\]\s*)+$"
    r")", re.I)
# a footer line, or a page's byline (`某某局 xx.gov.cn 发布时间:2023-10-13 19:49`)
_FOOTER = re.compile(r"(?:发布|更新)时间\s*[:：]\s*(?:19|20)\d{2}|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:gov|com|org|net)\.cn\b|ICP备|公网安备|网站标识码|版权所有|Copyright|©|技术支持\s*[:：]|主办\s*[:：]?.*承办|"
                     r"内容保障|公务邮箱|网站监督电话|网站纠错|政府网站标识", re.I)
_ATTACHMENT_PREFIX = re.compile(r"^\s*附件\s*\d*\s*[:：.、]\s*(?=\S.*绩效目标)")


def is_chrome(line: str) -> bool:
    return bool(_CHROME.match(line)) or bool(_FOOTER.search(line))


def strip_chrome(lines: list[str]) -> list[str]:
    """The lines with page chrome blanked: the same count, so each keeps its number."""
    kept: list[str] = []
    for line in lines:
        if "\t" in line or not line.strip():
            kept.append(line)
        elif is_chrome(line):
            kept.append("")
        else:
            kept.append(_ATTACHMENT_PREFIX.sub("", line) if "附件" in line else line)
    return kept
