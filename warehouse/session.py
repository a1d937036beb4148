"""The engine of `jixiao shell`: one read-only, sandboxed connection to the published snapshot,
kept open between statements, with a per-statement timeout and the names a completer offers.

The connection is the one `jixiao sql` uses (warehouse.connection.reader: read-only, no file,
network or extension access, configuration locked) and every statement passes the same check
(warehouse.sandbox.check_statements), so the shell can do nothing `jixiao sql` cannot. It reads the
snapshot as it was when opened (a load publishing a new one does not disturb it); `reopen` moves on
to the newest.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

import duckdb

from warehouse.connection import reader
from warehouse.query import QueryError, QueryResult, list_relations, query_errors
from warehouse.relations import analyst_names
from warehouse.sandbox import check_statements

DEFAULT_TIMEOUT = 60.0  # seconds a statement may run before it is stopped
PLAIN_NAME = re.compile(r"^[A-Za-z_\u4e00-\u9fff][A-Za-z0-9_\u4e00-\u9fff]*$")  # usable unquoted


class Session:
    def __init__(self, warehouse: Path, timeout: float | None = DEFAULT_TIMEOUT):
        self.warehouse = warehouse
        self.timeout = timeout or None
        self.con = reader(warehouse)
        self._columns: dict[str, list[str]] | None = None
        self._keywords: list[str] | None = None

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Session":
        return self

    def __exit__(self, *_) -> None:
        self.close()

    def reopen(self) -> None:
        """Read the newest published snapshot from now on."""
        self.con.close()
        self.con = reader(self.warehouse)
        self._columns = None

    def run(self, sql: str) -> QueryResult:
        """Run the statements of `sql` (queries only; the last one's rows are returned), stopped
        with a QueryError when one runs longer than the timeout."""
        with query_errors(self.con):
            check_statements(self.con, sql)
            timer = threading.Timer(self.timeout, self.con.interrupt) if self.timeout else None
            if timer:
                timer.start()
            try:
                cursor = self.con.execute(sql)
                rows = cursor.fetchall() if cursor.description is not None else []
            except (duckdb.InterruptException, KeyboardInterrupt, RuntimeError) as exc:
                # Ctrl-C makes DuckDB raise RuntimeError('Query interrupted'); the timer, an InterruptException
                if isinstance(exc, RuntimeError) and "interrupted" not in str(exc).lower():
                    raise
                if timer and not timer.is_alive():
                    raise QueryError(f"stopped: the statement ran longer than {self.timeout:g} s "
                                     "(.timeout SECONDS, or --timeout, changes the limit)") from None
                raise QueryError("interrupted") from None
            finally:
                if timer:
                    timer.cancel()
        if cursor.description is None:
            return QueryResult([], [])
        return QueryResult([d[0] for d in cursor.description], rows)

    def interrupt(self) -> None:
        self.con.interrupt()

    def relations(self) -> list[tuple[str, str, str]]:
        """(name, kind, comment) of the analyst-facing tables and views."""
        relations = list_relations(self.con)
        offered = set(analyst_names(relations))
        return [row for row in relations if row[0] in offered]

    def describe(self, name: str) -> tuple[str, list[tuple[str, str, str]]] | None:
        """A relation's comment and its (column, type, comment) rows; None when there is no such
        table or view."""
        comments = {relation: comment for relation, _, comment in list_relations(self.con)}
        if name not in comments:
            return None
        columns = self.con.execute(
            "SELECT column_name, data_type, coalesce(comment, '') FROM duckdb_columns() "
            "WHERE schema_name = 'main' AND table_name = ? ORDER BY column_index", [name]).fetchall()
        return comments[name], columns

    def columns(self) -> dict[str, list[str]]:
        """Every analyst-facing relation and its column names (read once per connection)."""
        if self._columns is None:
            offered = {name for name, _, _ in self.relations()}
            self._columns = {}
            for relation, column in self.con.execute(
                    "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'main' "
                    "ORDER BY table_name, column_index").fetchall():
                if relation in offered:
                    self._columns.setdefault(relation, []).append(column)
        return self._columns

    def keywords(self) -> list[str]:
        if self._keywords is None:
            self._keywords = [k.upper() for (k,) in self.con.execute(
                "SELECT keyword_name FROM duckdb_keywords() WHERE keyword_category = 'reserved' "
                "OR keyword_name IN ('describe', 'summarize', 'show', 'explain')").fetchall()]
        return self._keywords

    def completions(self, text: str, quoted: bool = False) -> list[str]:
        """What may complete `text`: after `relation.`, that relation's columns; otherwise table,
        view and column names and SQL keywords. Names that need double quotes (`总金额(元)`) get
        them, or only the closing one when the text follows an opening quote (`quoted`)."""
        columns = self.columns()
        relation, dot, part = text.rpartition(".")
        if dot:
            names = columns.get(relation.strip('"'), [])
            return [f"{relation}.{_quoted(c, False)}" for c in names if c.startswith(part)]
        names = list(columns) + sorted({c for cs in columns.values() for c in cs})
        found = [_quoted(n, quoted) for n in dict.fromkeys(names) if n.lower().startswith(text.lower())]
        if not quoted:
            found += [k for k in self.keywords() if k.startswith(text.upper()) and text]
        return found


def _quoted(name: str, after_quote: bool) -> str:
    if after_quote:
        return name + '"'
    return name if PLAIN_NAME.match(name) else '"' + name.replace('"', '""') + '"'
