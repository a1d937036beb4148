"""The naive peer: the same parse, then the rows gathered one at a time into pandas frames
(`pd.concat` per row, the usual replacement for the removed `DataFrame.append`) and written with
`executemany` INSERTs: what a first script usually looks like. It writes the four largest tables
(documents, projects, indicators, indicator_values: more than 90% of the rows), so it does less
than `ingest` and its time is a lower bound for the peer.
"""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
import pandas as pd

from sources.submission import parse_submission

TABLES = {
    "documents": ("document_key", "submission_key", "kind", "subject_name", "department_name", "budget_year"),
    "projects": ("document_key", "project_name", "project_type", "total_amount", "current_amount"),
    "indicators": ("indicator_key", "document_key", "level1", "level2", "indicator_name", "value_raw"),
    "indicator_values": ("indicator_key", "value_column", "value_raw"),
}


def _append(frames: dict[str, pd.DataFrame], table: str, row: tuple) -> None:
    frames[table] = pd.concat([frames[table], pd.DataFrame([row], columns=TABLES[table])], ignore_index=True)


def run_peer(files: list[Path], warehouse: Path) -> dict:
    """Parse, gather row by row, insert row by row; return seconds per stage and row counts."""
    stages = {"parse": 0.0, "model": 0.0, "load": 0.0}
    frames = {table: pd.DataFrame(columns=columns) for table, columns in TABLES.items()}
    for path in files:
        began = time.perf_counter()
        submission = parse_submission(path, data=path.read_bytes())
        stages["parse"] += time.perf_counter() - began
        began = time.perf_counter()
        for table in submission.tables:
            doc = f"{submission.sha256[:16]}:{table.index}"
            department = table.field_value("主管部门") or table.field_value("部门名称") or ""
            _append(frames, "documents", (doc, submission.sha256, table.kind, table.subject, department,
                                          submission.budget_year))
            if table.kind == "project":
                amounts = {line.category: line.amount_raw for line in table.budget_lines}
                _append(frames, "projects", (doc, table.subject, table.field_value("项目类型"),
                                             amounts.get("总金额"), amounts.get("当年度金额")))
            for row in table.indicators:
                key = f"{doc}:i{row.order}"
                _append(frames, "indicators", (key, doc, row.level1, row.level2, row.name,
                                               row.values[-1][1] if row.values else None))
                for column, raw in row.values:
                    _append(frames, "indicator_values", (key, column, raw))
        stages["model"] += time.perf_counter() - began
    began = time.perf_counter()
    con = duckdb.connect(str(warehouse))
    try:
        for table, columns in TABLES.items():
            con.execute(f"CREATE OR REPLACE TABLE {table} ({', '.join(c + ' VARCHAR' for c in columns)})")
            rows = [tuple(None if pd.isna(v) else str(v) for v in row)
                    for row in frames[table].itertuples(index=False, name=None)]
            con.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' for _ in columns)})", rows)
    finally:
        con.close()
    stages["load"] += time.perf_counter() - began
    return {"stages": stages, "rows": {table: len(frame) for table, frame in frames.items()}}
