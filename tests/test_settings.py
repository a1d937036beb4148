"""Settings at the edge: one module reads the environment (sources/settings.py); every variable a
module names is one it lists, and every one it lists is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sources.settings import VARIABLES, setting

ROOT = Path(__file__).parents[1]
PACKAGES = ("sources", "warehouse", "expectations", "pipelines")
# GX reads its own variable: telling it not to phone home is setting a third party's switch
ALLOWED = {("expectations/gx_runner.py", 'os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")')}


def source_files():
    return [p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))]


def test_only_the_settings_module_reads_the_environment():
    readers = []
    for path in source_files():
        name = path.relative_to(ROOT).as_posix()
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.search(r"os\.environ|os\.getenv|getenv\(", line) and name != "sources/settings.py" \
                    and (name, line.strip()) not in ALLOWED:
                readers.append(f"{name}: {line.strip()}")
    assert readers == []


def test_every_variable_named_is_listed_and_documented():
    named = {v for p in source_files() for v in re.findall(r"JIXIAO_[A-Z_]+", p.read_text(encoding="utf-8"))}
    assert named <= set(VARIABLES), named - set(VARIABLES)
    docs = (ROOT / "README.md").read_text(encoding="utf-8") + "".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md"))
    assert [v for v in VARIABLES if v not in docs] == []


def test_a_setting_is_read_when_asked_and_an_unknown_name_is_refused(monkeypatch):
    monkeypatch.setenv("JIXIAO_LANDING", "/tmp/inbox")
    monkeypatch.setenv("JIXIAO_ARCHIVE", "")
    assert setting("JIXIAO_LANDING") == "/tmp/inbox" and setting("JIXIAO_ARCHIVE") is None
    with pytest.raises(KeyError, match="JIXIAO_LANDNG is not a jixiao setting"):
        setting("JIXIAO_LANDNG")
