"""Errors raised while reading or parsing a submission, always naming where it happened."""

from __future__ import annotations


class SourceError(Exception):
    """A file (or a table in it) that cannot be read or understood.

    The message is one line a person can act on: the file, the table and line when known, and
    what was found versus what was expected.
    """

    def __init__(self, file: str, reason: str, *, table: str | None = None, line: int | None = None):
        self.file = file
        self.reason = reason
        self.table = table
        self.line = line
        super().__init__(self.describe())

    def describe(self) -> str:
        where = self.file
        if self.table:
            where += f", table {self.table}"
        if self.line is not None:
            where += f", line {self.line}"
        return f"{where}: {self.reason}"
