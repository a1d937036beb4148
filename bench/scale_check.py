"""Beyond one machine: the Parquet export read back by DuckDB and by Spark gives the warehouse's
own aggregates.

    python -m bench.scale_check --warehouse W.duckdb --parquet DIR [--spark] [--record bench/results.md]

The same SQL runs on three sources: the warehouse (each table with the export's year/province
columns), the Parquet folders through DuckDB, and (with --spark) the Parquet folders through
PySpark in local mode. `make test-scale` builds a corpus, loads, exports and runs this with Spark.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from bench.aggregates import AGGREGATES, normal
from warehouse.export import WAREHOUSE_TABLES, _partitioned_select

ROOT = Path(__file__).resolve().parents[1]

def _run(execute) -> dict[str, list[tuple]]:
    return {name: [tuple(normal(v) for v in row) for row in execute(sql)] for name, sql in AGGREGATES.items()}


def warehouse_aggregates(warehouse: Path) -> dict[str, list[tuple]]:
    """The aggregates computed in the warehouse itself."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for table in WAREHOUSE_TABLES:
            sql, _ = _partitioned_select(con, table)
            con.execute(f"CREATE TEMP VIEW x_{table} AS {sql}")
        return _run(lambda sql: con.execute(sql).fetchall())
    finally:
        con.close()


def duckdb_aggregates(parquet: Path) -> dict[str, list[tuple]]:
    """The aggregates DuckDB computes from the Parquet folders."""
    con = duckdb.connect()
    try:
        for table in WAREHOUSE_TABLES:
            con.execute(f"CREATE VIEW x_{table} AS SELECT * FROM read_parquet('{parquet / table}/**/*.parquet', "
                        "hive_partitioning = true)")
        return _run(lambda sql: con.execute(sql).fetchall())
    finally:
        con.close()


def spark_aggregates(parquet: Path, python: str) -> tuple[dict[str, list[tuple]], dict]:
    """The aggregates Spark computes from the Parquet folders, in a process of `python` (a
    virtualenv with pyspark: kept out of the project's, where it changes how GX imports)."""
    done = subprocess.run([python, str(ROOT / "bench" / "spark_read.py"), str(parquet)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"spark_read failed:\n{done.stderr[-3000:]}")
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    found = {name: [tuple(row) for row in rows] for name, rows in answer.pop("aggregates").items()}
    return found, answer


def compare(expected: dict, found: dict) -> list[str]:
    return [f"{name}: warehouse {expected[name]} != {found.get(name)}" for name in expected if found.get(name) != expected[name]]


def record(results: Path, text: str) -> None:
    """Put `text` between the spark markers of results.md (bench.report keeps it on re-renders)."""
    from bench.report import SPARK_BEGIN, SPARK_END

    block = f"{SPARK_BEGIN}\n{text.rstrip()}\n{SPARK_END}"
    current = results.read_text(encoding="utf-8") if results.exists() else ""
    if SPARK_BEGIN in current and SPARK_END in current:
        current = current[:current.index(SPARK_BEGIN)] + block + current[current.index(SPARK_END) + len(SPARK_END):]
    else:
        current = current.rstrip() + "\n\n" + block + "\n"
    results.write_text(current, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale_check")
    parser.add_argument("--warehouse", type=Path, help="a loaded warehouse (or use --build)")
    parser.add_argument("--parquet", type=Path, help="the export folder (default: beside the warehouse)")
    parser.add_argument("--export", action="store_true", help="export the warehouse to --parquet first")
    parser.add_argument("--build", metavar="SIZE", help="generate SIZE project tables (bench sizes: 10k ...), load "
                        "them into a fresh warehouse in --workdir and export it")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/jixiao-bench"))
    parser.add_argument("--spark", metavar="PYTHON", help="also read back with PySpark (local mode), run by this "
                        "python (e.g. .venv-scale/bin/python, a virtualenv with pyspark)")
    parser.add_argument("--record", type=Path, help="write the outcome into this results.md")
    args = parser.parse_args(argv)
    if args.build:
        args.warehouse, args.export = build(args.build, args.workdir), True
    if args.warehouse is None:
        parser.error("give --warehouse or --build")
    args.parquet = args.parquet or args.warehouse.parent / "parquet"

    lines = ["## Beyond one machine: Parquet export read back by DuckDB and Spark", ""]
    if args.export:
        from warehouse.export import export_parquet

        exported = export_parquet(args.warehouse, args.parquet)
        size = sum(p.stat().st_size for p in args.parquet.rglob("*.parquet"))
        lines.append(f"- `export_parquet`: {sum(exported.rows.values()):,} rows in {exported.seconds:.2f} s, "
                     f"{size / 2**20:.0f} MB of Parquet (zstd), Hive folders `<table>/year=/province=`")
    expected = warehouse_aggregates(args.warehouse)
    began = time.perf_counter()
    by_duckdb = duckdb_aggregates(args.parquet)
    duck_seconds = time.perf_counter() - began
    problems = compare(expected, by_duckdb)
    rows = dict(expected["rows_per_table"])
    lines.append(f"- warehouse: {rows['projects']:,} projects, {rows['indicators']:,} indicators, "
                 f"{rows['indicator_values']:,} indicator values")
    lines.append(f"- DuckDB on the Parquet: {len(AGGREGATES)} aggregates in {duck_seconds:.2f} s: "
                 + ("**differ**: " + "; ".join(problems) if problems else "identical to the warehouse"))
    if args.spark:
        by_spark, info = spark_aggregates(args.parquet, args.spark)
        spark_problems = compare(expected, by_spark)
        problems += spark_problems
        lines.append(f"- PySpark {info['spark']} (local[*], Java {java_version()}): session start "
                     f"{info['startup_seconds']:.1f} s, the {len(AGGREGATES)} aggregates in "
                     f"{info['query_seconds']:.1f} s: "
                     + ("**differ**: " + "; ".join(spark_problems) if spark_problems else "identical to the warehouse and DuckDB"))
    lines.append(f"- aggregates compared: {', '.join(AGGREGATES)} (exact: counts, yuan sums as DECIMAL, "
                 "means to 4 places)")
    lines.append(f"- checked {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    text = "\n".join(lines)
    print(text)
    print(json.dumps({"problems": problems}, ensure_ascii=False), file=sys.stderr)
    if args.record:
        record(args.record, text)
    return 1 if problems else 0


def build(size: str, workdir: Path) -> Path:
    """A fresh warehouse of the bench corpus of `size` project tables (generated if missing)."""
    import shutil

    from bench.__main__ import corpus, parse_size
    from warehouse.ingest import ingest

    _, folder, _ = corpus(workdir, parse_size(size), seed=1)
    target = workdir / f"scale-{size}"
    shutil.rmtree(target, ignore_errors=True)
    warehouse = target / "jixiao.duckdb"
    report = ingest([folder], warehouse, batch_size=250, workers=2)
    print(f"loaded {report.tables:,} tables into {warehouse} in {report.seconds:.1f} s", file=sys.stderr)
    return warehouse


def java_version() -> str:
    done = subprocess.run(["java", "-version"], capture_output=True, text=True)
    first = (done.stderr or done.stdout).splitlines()[:1]
    return first[0].split('"')[1] if first and '"' in first[0] else "?"


if __name__ == "__main__":
    raise SystemExit(main())
