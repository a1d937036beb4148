"""What the reliability tests share: batches built from the sample, a fingerprint of every
warehouse table, the `jixiao` command line, and the counts CI and `make test-stress` use."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import duckdb

from warehouse.model import TABLES

PROJECT_ROOT = Path(__file__).resolve().parents[1]
JIXIAO = [sys.executable, "-c", "from pipelines.cli import main; main()"]
# columns that record when, not what: a reload of the same content changes only these
WHEN_COLUMNS = {"submissions": ("loaded_at",)}


def count(name: str, ci: int) -> int:
    """How many of something a test tries: `ci` in CI, $JIXIAO_STRESS_<NAME> under `make test-stress`."""
    return int(os.environ.get(f"JIXIAO_STRESS_{name.upper()}", ci))


def sample_variant(sample_text: str, n: int) -> str:
    """The sample for another department (its own names, so its own keys and rows)."""
    return sample_text.replace("吴川市", f"第{n}号吴川市")


def write_batch(folder: Path, sample_text: str, files: int, start: int = 0) -> list[Path]:
    """`files` distinct submissions shaped like the sample, named with their budget year."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + files):
        path = folder / f"unit{n:04d}-2024.txt"
        path.write_text(sample_variant(sample_text, n), encoding="utf-8")
        paths.append(path)
    return paths


def table_state(path: Path, read_only: bool = True) -> dict[str, tuple[int, int]]:
    """Per table, in every schema (main, quarantine, whoever added it): (rows, sum of row hashes
    without the timestamp columns, which record when, not what). Equal states mean equal tables,
    duplicates included (a duplicated row changes both numbers)."""
    con = duckdb.connect(str(path), read_only=read_only)
    try:
        columns = con.execute(
            "SELECT schema_name, table_name, list(column_name ORDER BY column_index) "
            "FILTER (data_type NOT LIKE 'TIMESTAMP%') FROM duckdb_columns() "
            "WHERE database_name = current_database() AND (schema_name, table_name) IN "
            "(SELECT (schema_name, table_name) FROM duckdb_tables() WHERE database_name = current_database()) "
            "GROUP BY ALL ORDER BY ALL"
        ).fetchall()
        state = {}
        for schema, table, names in columns:
            selected = ", ".join(f'"{name}"' for name in names)
            rows, total = con.execute(
                f'SELECT count(*), coalesce(sum(hash(r)::HUGEINT), 0) FROM (SELECT {selected} FROM "{schema}"."{table}") r'
            ).fetchone()
            state[table if schema == "main" else f"{schema}.{table}"] = (rows, int(total))
        assert set(TABLES) <= set(state)
        return state
    finally:
        con.close()


def jixiao_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIXIAO_")}
    for name, value in (("JIXIAO_VERIFY_PUBLISH", "1"), ("JIXIAO_PUBLISH_COPY_BELOW", "0")):  # tests/conftest.py
        env[name] = os.environ.get(name, value)
    env["PYTHONPATH"] = str(PROJECT_ROOT)
    env.update(extra)
    return env
