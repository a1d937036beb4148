"""Chinese column headers for exports, taken from the column comments (warehouse/tables.toml).

Each comment starts with the form's term (`项目名称`, `预算金额 总金额, in yuan (元)`,
`文件哈希: sha256 of ...`); the label is that term. A view's columns take the terms of its own
comments (view_comments.sql); a query's columns have none, so a column named like a canonical one
(`budget_year`) takes the label of the tables' columns of that name; a column already named in
Chinese (the 中文视图) or without a known label keeps its name.
"""

from __future__ import annotations

import re
from collections import Counter

import duckdb

_CJK = re.compile(r"[\u4e00-\u9fff]")
# the label is what comes before the first ':' or ',' or ' (' of the comment ...
_HEAD = re.compile(r"^([^:：,，]*?)(?:\s+\(|[:：,，]|$)")
# ... less trailing English words ("财政供养人员数 as printed")
_TRAILING_ENGLISH = re.compile(r"(?:\s+[A-Za-z][A-Za-z0-9 ./'-]*)+$")


def label_from_comment(comment: str | None) -> str | None:
    """The form's term at the start of a column comment, or None when it has none."""
    if not comment:
        return None
    head = _HEAD.match(comment.strip())
    label = _TRAILING_ENGLISH.sub("", head.group(1) if head else "").strip()
    return label if _CJK.search(label) else None


def known_labels(con: duckdb.DuckDBPyConnection) -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """Labels of the commented columns: by (relation, column), and by column name alone (the most
    common label of that name across the warehouse's tables; views may give a name another sense)."""
    rows = con.execute(
        "SELECT table_name, column_name, comment, table_name IN (SELECT table_name FROM duckdb_tables() "
        "WHERE schema_name = 'main') FROM duckdb_columns() "
        "WHERE schema_name = 'main' AND comment IS NOT NULL AND NOT internal"
    ).fetchall()
    by_relation: dict[tuple[str, str], str] = {}
    by_name: dict[str, Counter] = {}
    for relation, column, comment, is_table in rows:
        label = label_from_comment(comment)
        if label:
            by_relation[(relation, column)] = label
            if is_table:
                by_name.setdefault(column, Counter())[label] += 1
    return by_relation, {name: counts.most_common(1)[0][0] for name, counts in by_name.items()}


def column_labels(con: duckdb.DuckDBPyConnection, columns: list[str], relation: str | None = None,
                  yuan_columns: frozenset[str] = frozenset()) -> list[str]:
    """One header per column: its Chinese label (with (元) for money columns), else its name;
    a label already used by an earlier column gets the column name after it, so headers are unique."""
    by_relation, by_name = known_labels(con)
    headers: list[str] = []
    for column in columns:
        if _CJK.search(column):
            label = column  # already the form's term (the 中文视图)
        else:
            label = by_relation.get((relation or "", column)) or by_name.get(column) or column
        if column in yuan_columns and "元" not in label:
            label += "(元)"
        if label in headers:
            label = f"{label} [{column}]"
        headers.append(label)
    return headers
