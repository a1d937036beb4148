"""Spark's side of the scale check: `python bench/spark_read.py PARQUET_DIR` (a python with
pyspark, Java 17+) reads the Hive-partitioned export in local mode and prints the aggregates of
bench/aggregates.py as one JSON line."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.aggregates import AGGREGATES, TABLES, normal  # noqa: E402


def main() -> int:
    from pyspark.sql import SparkSession

    parquet = Path(sys.argv[1])
    started = time.perf_counter()
    spark = (SparkSession.builder.master("local[*]").appName("jixiao-scale-check")
             .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
             .config("spark.driver.memory", "2g").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    try:
        ready = time.perf_counter()
        for table in TABLES:
            spark.read.option("basePath", str(parquet / table)).parquet(str(parquet / table)) \
                .createOrReplaceTempView(f"x_{table}")
        found = {name: [[normal(v) for v in row] for row in spark.sql(sql).collect()]
                 for name, sql in AGGREGATES.items()}
        print(json.dumps({"aggregates": found, "spark": spark.version, "startup_seconds": ready - started,
                          "query_seconds": time.perf_counter() - ready}, ensure_ascii=False))
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
