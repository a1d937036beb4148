"""The 一级/二级指标 labels in force while the indicator rows are read: a merged label is printed
once, on its first row, and the rows below inherit it."""

from __future__ import annotations

from dataclasses import dataclass

from sources import taxonomy


@dataclass
class Levels:
    """The level labels in force: canonical and as printed."""

    level1: str | None = None
    level1_label: str | None = None
    level2: str | None = None
    level2_label: str | None = None

    def set_level1(self, level1: str | None, printed: str) -> None:
        self.level1, self.level1_label = level1, printed
        self.level2 = self.level2_label = None

    def set_level2(self, match: taxonomy.LabelMatch) -> None:
        if match.level1 is not None:
            self.level1 = match.level1
        self.level2 = match.level2 or taxonomy.clean_label(match.printed)
        self.level2_label = match.printed
