"""What a write changed, recorded before it commits, so that a publish copies only that.

Every write to the warehouse replaces whole groups of rows, each group named by one key: a load
replaces a submission's rows in every fact table (submission_key), the derived steps rewrite a
department's project identity and year-over-year rows (department_key) and an owner's table
versions (owner_key). A writer lists the keys it replaced in a `Changes` and appends them to the
warehouse's `.unpublished` marker *before* its transaction commits (warehouse.publish reads them):
a kill after the append and before the commit leaves keys whose rows did not change, which costs a
publish a few rows copied for nothing and is never wrong. A write that does not say what it changed
(a definitions change, a restore, a re-match) records `everything`, and the next publish copies the
whole file as before.

Which key a table is replaced by is `replace_key`: the few small bookkeeping tables are copied whole
at every publish; a table not known here but carrying submission_key is replaced by it, so a new fact
table written per submission needs nothing here (one written otherwise must be in REPLACED_BY).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

KEY_COLUMNS = ("submission_key", "department_key", "owner_key")

# tables rewritten by a key other than submission_key (or that have none)
REPLACED_BY = {
    "departments": "department_key",  # regions are filled in place per department
    "document_versions": "owner_key",  # history renumbers every version of an owner (history_refresh.sql)
    "project_identity": "department_key",  # warehouse/identity.py, per department
    "indicator_target_yoy": "department_key",  # and the other precomputed yoy tables, per department
    "project_budget_yoy": "department_key",
    "unit_budget_yoy": "department_key",
    "indicator_class_yoy": "department_key",
}
# small bookkeeping tables, rewritten whole by the writes that touch them: copied whole every time
COPIED_WHOLE = ("schema_fingerprint", "derived_fingerprints", "derived_pending", "project_aliases")


def replace_key(table: str, columns: Iterable[str]) -> str | None:
    """The key column a publish replaces `table`'s rows by; None: the table is copied whole."""
    if table in REPLACED_BY:
        return REPLACED_BY[table]
    if table in COPIED_WHOLE:
        return None
    return "submission_key" if "submission_key" in set(columns) else None


@dataclass
class Changes:
    """Keys of the row groups a write replaced, per key column; `everything` when it cannot say."""

    keys: dict[str, set[str]] = field(default_factory=lambda: {column: set() for column in KEY_COLUMNS})
    everything: bool = False

    @classmethod
    def all(cls) -> "Changes":
        return cls(everything=True)

    def add(self, column: str, keys: Iterable[str | None]) -> "Changes":
        self.keys[column].update(k for k in keys if k is not None)
        return self

    def merge(self, other: "Changes") -> "Changes":
        for column in KEY_COLUMNS:
            self.keys[column] |= other.keys[column]
        self.everything = self.everything or other.everything
        return self

    def size(self) -> int:
        return sum(len(keys) for keys in self.keys.values())

    def to_line(self) -> str:
        if self.everything:
            return json.dumps({"everything": True})
        return json.dumps({column: sorted(keys) for column, keys in self.keys.items() if keys}, ensure_ascii=False)


def append_changes(path: Path, changes: Changes | None) -> None:
    """Add one write's changes (None: everything) to the record at `path`, on disk before returning."""
    line = (changes if changes is not None else Changes.all()).to_line()
    if path.exists() and path.stat().st_size == 0:  # an older jixiao's marker: it meant everything
        line = Changes.all().to_line() + "\n" + line
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def read_changes(path: Path) -> Changes:
    """Everything recorded at `path`. A record that is missing, empty (a marker of an older jixiao:
    only its presence was meant) or damaged (a write killed mid-line) means everything."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Changes.all()
    changes = Changes()
    lines = text.splitlines()
    if not lines or not text.endswith("\n"):
        return Changes.all()
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            return Changes.all()
        if isinstance(record, dict) and set(record) == {"files"}:
            continue  # which files a publish left (warehouse.publish)
        if not isinstance(record, dict) or record.get("everything") or not set(record) <= set(KEY_COLUMNS):
            return Changes.all()
        for column, keys in record.items():
            changes.add(column, keys)
    return changes
