"""What publishing the analysts' snapshot costs, and what the candidates for a publish in O(change)
would cost, on loaded warehouses (issue 15; docs/scale.md, "Publishing in O(change)"):

    python -m bench.publish_cost WAREHOUSE [WAREHOUSE ...] [--corpus DIR ...] [--replicate N] [--repeats 3]

Measured for each warehouse (median of `--repeats` runs; figures appended to bench/publish_cost.md
and recorded in bench/results.json, which bench/report.py renders under the add-one table):

- `copy`: today's `warehouse.connection.publish` (copy the closed file, fsync, rename) under the
  writer lock; `copy from database`: DuckDB's ATTACH + COPY FROM DATABASE into a new file.
- Parquet parts (candidate (a)): every table written as Parquet once (`full export`: a first
  publish); what one new file changes (its submission's rows, its department's in the tables keyed
  by department) found in the warehouse by key and written as one part per table (`change parts`;
  `key scans`: only finding the rows, which reads every table's key column), or as the hash bucket
  it falls in, one of 64 (`bucket parts`), or written from Arrow already in hand, as the loader holds
  it (`arrow parts`: no scan at all).
- the catalog readers would open (bench/parquet_catalog.py): views naming their files, rebuilt
  (`catalog build`) or updated per publish (`catalog update`), or views over file lists in
  variables, where a publish only swaps a manifest (`manifest swap`); opening each, and analyst
  queries on the Parquet catalog against the DuckDB snapshot.
- with `--corpus` (the corpus each warehouse was loaded from): adding one new department's file in
  a fresh process, median of 3 files, and its publish step (bench.run_ingest's `publish_seconds`).
- `--replicate N`: the last warehouse replaced by one N times its size, made in SQL (`replicate`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from bench.parquet_catalog import (
    build_catalog,
    definitions,
    manifest,
    open_catalog,
    swap_manifest,
    update_catalog,
)
from warehouse.temp_files import fsync_path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "publish_cost.md"
BUCKETS = 64
QUERIES = ("projects_by_type.sql", "indicator_classes.sql")


def _median(run, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return statistics.median(times)



def table_list(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, list[str]]]:
    rows = con.execute(
        "SELECT schema_name, table_name, list(column_name ORDER BY column_index) FROM duckdb_columns() "
        "WHERE database_name = current_database() AND (schema_name, table_name) IN "
        "(SELECT (schema_name, table_name) FROM duckdb_tables() WHERE database_name = current_database()) "
        "GROUP BY ALL ORDER BY ALL").fetchall()
    return [(s, t, c) for s, t, c in rows]


def change_filters(con: duckdb.DuckDBPyConnection, tables, bucketed: bool) -> dict[str, str]:
    """Per table, the filter selecting what one new file changes: its submission's rows, its
    department's rows where a table is keyed by department, the whole table otherwise; with
    `bucketed`, the hash bucket of that key instead."""
    submission, department = con.execute(
        "SELECT s.submission_key, any_value(d.department_key) FROM submissions s JOIN documents d USING (submission_key) "
        "WHERE d.department_key IS NOT NULL GROUP BY s.submission_key, s.loaded_at ORDER BY s.loaded_at DESC, 1 LIMIT 1"
    ).fetchall()[0]
    filters = {}
    for schema, table, columns in tables:
        for key, value in (("submission_key", submission), ("department_key", department)):
            if key in columns:
                literal = "'" + value.replace("'", "''") + "'"
                filters[f"{schema}.{table}"] = (f"hash({key}) % {BUCKETS} = hash({literal}) % {BUCKETS}" if bucketed
                                                else f"{key} = {literal}")
                break
        else:
            filters[f"{schema}.{table}"] = "true"
    return filters


def write_parts(con, filters: dict[str, str], out: Path) -> tuple[int, int]:
    """Each table's filtered rows to `out/<table>.parquet`; (files, bytes)."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for name, where in filters.items():
        con.execute(f"COPY (SELECT * FROM {name} WHERE {where}) TO '{out / name}.parquet' "
                    "(FORMAT parquet, COMPRESSION zstd)")
    for part in out.iterdir():
        fsync_path(part)
    return len(filters), sum(p.stat().st_size for p in out.iterdir())


def scan_keys(con, filters: dict[str, str]) -> None:
    for name, where in filters.items():  # only finding the rows
        con.execute(f"SELECT count(*) FROM {name} WHERE {where}").fetchall()












def arrow_parts(con, filters: dict[str, str]) -> dict:
    """The change as Arrow tables, as the loader holds it before inserting (not timed)."""
    return {name: con.sql(f"SELECT * FROM {name} WHERE {where}").to_arrow_table() for name, where in filters.items()}


def write_arrow_parts(tables: dict, out: Path) -> None:
    """The change in hand written as one Parquet part per table, fsync'd: no scan of the warehouse."""
    import pyarrow.parquet as pq

    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for name, table in tables.items():
        pq.write_table(table, out / f"{name}.parquet", compression="zstd")
        fsync_path(out / f"{name}.parquet")










def query_seconds(con, repeats: int) -> dict[str, float]:
    out = {}
    for name in QUERIES:
        sql = (ROOT / "queries" / name).read_text(encoding="utf-8")
        out[name] = _median(lambda: con.sql(sql).to_arrow_table(), repeats)
    department = con.execute("SELECT max(department_key) FROM v_indicator_target_yoy").fetchall()[0][0]
    out["v_indicator_target_yoy, one department"] = _median(
        lambda: con.sql("SELECT * FROM v_indicator_target_yoy WHERE department_key = $d",
                        params={"d": department}).to_arrow_table(), repeats)
    return out


def measure(warehouse: Path, work: Path, repeats: int) -> dict:
    from warehouse.connection import publish, published_path, reader, write_lock

    work.mkdir(parents=True, exist_ok=True)
    figures: dict = {"warehouse": str(warehouse), "bytes": warehouse.stat().st_size}
    with write_lock(warehouse):
        figures["copy"] = _median(lambda: publish(warehouse), repeats)
    figures["copy from database"] = _median(lambda: copy_from_database(warehouse, work / "copy.duckdb"), 1)
    (work / "copy.duckdb").unlink()
    source = duckdb.connect(str(published_path(warehouse)), read_only=True)
    try:
        tables = table_list(source)
        names = [f"{s}.{t}" for s, t, _ in tables]
        figures["tables"] = len(names)
        figures["projects"] = source.execute("SELECT count(*) FROM projects").fetchall()[0][0]
        figures["replicated"] = source.execute(  # made by `replicate`, not loaded
            "SELECT count(*) > 0 FROM submissions WHERE submission_key LIKE '%~%'").fetchall()[0][0]
        whole = {name: "true" for name in names}
        full, began = work / "full", time.perf_counter()
        figures["full files"], figures["full bytes"] = write_parts(source, whole, full)
        figures["full export"] = time.perf_counter() - began
        for label, bucketed in (("change", False), ("bucket", True)):
            filters = change_filters(source, tables, bucketed)
            figures[f"{label} parts"] = _median(lambda: write_parts(source, filters, work / label), repeats)
            figures[f"{label} bytes"] = write_parts(source, filters, work / label)[1]
            figures[f"{label} key scans"] = _median(lambda: scan_keys(source, filters), repeats)
            if not bucketed:
                change = arrow_parts(source, filters)
                figures["arrow parts"] = _median(lambda: write_arrow_parts(change, work / "arrow"), repeats)
        statements = definitions(source)
        changed = [n for n, where in change_filters(source, tables, False).items() if where != "true"]
        figures["changed tables"] = len(changed)
        snapshot_queries = query_seconds(source, repeats)
    finally:
        source.close()
    catalog = work / "catalog.duckdb"
    figures["catalog build"] = _median(lambda: build_catalog(catalog, names, full, statements), repeats)
    figures["catalog bytes"] = catalog.stat().st_size
    figures["catalog update"] = _median(lambda: update_catalog(catalog, names, full), repeats)
    figures["catalog open"] = _median(lambda: open_catalog(catalog, full).close(), repeats)
    figures["snapshot open"] = _median(lambda: reader(warehouse).close(), repeats)
    variables, listed = work / "catalog-variables.duckdb", work / "manifest.json"
    build_catalog(variables, names, full, statements, by_variable=True)
    figures["manifest swap"] = _median(lambda: swap_manifest(listed, manifest(names, full)), repeats)
    figures["variable catalog open"] = _median(lambda: open_catalog(variables, full, listed).close(), repeats)
    con = open_catalog(variables, full, listed)
    try:
        catalog_queries = query_seconds(con, repeats)
    finally:
        con.close()
    figures["queries"] = {name: (snapshot_queries[name], catalog_queries[name]) for name in snapshot_queries}
    return figures


def add_one(warehouse: Path, corpus: Path, work: Path, files: int = 3) -> dict[str, float]:
    """A new department's file loaded into the warehouse, as `make bench` measures it (a fresh
    process each, median of `files` different files): the whole, and its publish step alone."""
    from bench.__main__ import run_ingest
    from bench.generate import LAST_YEAR, Spec, write_submission

    spec = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))["spec"]
    spec = Spec(spec["departments"], spec["projects"], spec["years"], spec["seed"])
    runs = []
    for n in range(files):
        path, _ = write_submission(spec, work / "extra" / str(n), spec.departments + n, LAST_YEAR)
        runs.append(run_ingest([path], warehouse, 0, 0, check=False))
    return {"add one": statistics.median(r["seconds"] for r in runs),
            "add one publish": statistics.median(r["publish_seconds"] for r in runs)}


def copy_from_database(warehouse: Path, out: Path) -> None:
    """DuckDB's own way to a second file: ATTACH a new database and COPY FROM DATABASE into it
    (every row written again), then checkpointed and fsync'd."""
    out.unlink(missing_ok=True)
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    try:
        con.execute(f"ATTACH '{warehouse}' AS source (READ_ONLY)")
        con.execute(f"ATTACH '{out}' AS copy")
        con.execute("COPY FROM DATABASE source TO copy")
        con.execute("CHECKPOINT copy")
    finally:
        con.close()
    fsync_path(out)


def replicate(source: Path, target: Path, times: int) -> Path:
    """A warehouse `times` the size of a loaded one, without loading: every row of every table with
    key columns repeated with `~n` appended to each `*_key` value (so keys stay unique and joins
    hold), the copies' departments named and placed as in a generated corpus of that size
    (`_name_copies_as_generated`), then checkpointed. For measuring what grows with the file (a
    copy, key scans, queries), not for its answers."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    con = duckdb.connect(str(target))
    con.execute("SET enable_progress_bar = false")
    try:
        con.execute(f"ATTACH '{source}' AS original (READ_ONLY)")
        for schema, table, columns in table_list(con):
            types = dict(con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = ? "
                                     "AND table_name = ? AND database_name = current_database()",
                                     [schema, table]).fetchall())
            keys = [c for c in columns if c.endswith("_key") and types[c] == "VARCHAR"]
            for n in range(1, times) if keys else ():
                select = ", ".join(f"\"{c}\" || '~{n}'" if c in keys else f'"{c}"' for c in columns)
                con.execute(f'INSERT INTO "{schema}"."{table}" SELECT {select} FROM original."{schema}"."{table}"')
        con.execute("DETACH original")
        _name_copies_as_generated(con, times)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return target


def _name_copies_as_generated(con: duckdb.DuckDBPyConnection, times: int) -> None:
    """When the warehouse was loaded from a bench.generate corpus of D departments: copy n of
    department i named as the generator names department n·D + i, and every copy placed again
    (province, prefecture ...), so the departments and their provinces are those of a corpus `times`
    the size (10 copies of 100k: 广东省 300 departments and no other province; a 1M corpus: 广东省
    360, 浙江省 60, 江苏省 30), which the queries per province measure. Other warehouses: left as copied."""
    from bench.corpus_tables import department
    from warehouse.regions import update_regions

    originals = con.execute("SELECT department_key, department_name FROM departments "
                            "WHERE department_key NOT LIKE '%~%'").fetchall()
    index = {department(i)[1]: i for i in range(len(originals))}
    if set(index) != {name for _, name in originals}:
        return
    renamed = [(f"{key}~{n}", department(n * len(originals) + index[name])[1])
               for key, name in originals for n in range(1, times)]
    con.execute("CREATE TEMP TABLE renamed (department_key VARCHAR, department_name VARCHAR)")
    con.executemany("INSERT INTO renamed VALUES (?, ?)", renamed)
    con.execute("UPDATE departments SET department_name = r.department_name, region_gazetteer = NULL "
                "FROM renamed r WHERE departments.department_key = r.department_key")
    con.execute("DROP TABLE renamed")
    update_regions(con)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 1 else f"{seconds:,.2f} s"


def markdown(results: list[dict], repeats: int) -> str:
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"## {stamp}, median of {repeats} runs, load average {os.getloadavg()[0]:.1f} at the end", "",
             "What one new file costs to publish, by mechanism (the change: one submission's rows, and its "
             "department's in the tables keyed by department):", "",
             "| projects | warehouse file | copy (today) | COPY FROM DATABASE | change found by key scans, written as parts | of which key scans "
             f"| its hash buckets (1/{BUCKETS}) rewritten | change in hand (Arrow) written as parts | catalog of views "
             "naming files: update | catalog of views over variables: manifest swap |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for f in results:
        lines.append(
            f"| {f['projects']:,} | {f['bytes'] / 2**20:,.0f} MiB | {_ms(f['copy'])} | {_ms(f['copy from database'])} "
            f"| {_ms(f['change parts'])} "
            f"({f['changed tables']} of {f['tables']} tables filtered, {f['change bytes'] / 2**10:,.0f} KiB) "
            f"| {_ms(f['change key scans'])} | {_ms(f['bucket parts'])} ({f['bucket bytes'] / 2**20:,.1f} MiB; "
            f"key scans {_ms(f['bucket key scans'])}) | {_ms(f['arrow parts'])} | {_ms(f['catalog update'])} "
            f"| {_ms(f['manifest swap'])} |")
    adds = [f for f in results if "add one" in f]
    if adds:
        lines += ["", "Adding one new department's file (21 tables), a fresh process each, median of 3 files "
                  "(as `make bench`), today's publish:", "", "| projects | add one file | of which publish |", "|---|---|---|"]
        lines += [f"| {f['projects']:,} | {_ms(f['add one'])} | {_ms(f['add one publish'])} |" for f in adds]
    lines += ["", "Once per warehouse (a first publish, or a definitions change), and per reader:", "",
              "| projects | every table as Parquet | catalog build | reader open: DuckDB snapshot | "
              "reader open: catalog naming files | reader open: catalog over variables |",
              "|---|---|---|---|---|---|"]
    for f in results:
        lines.append(
            f"| {f['projects']:,} | {_ms(f['full export'])} ({f['full bytes'] / 2**20:,.1f} MiB, {f['full files']} files) "
            f"| {_ms(f['catalog build'])} | {_ms(f['snapshot open'])} | {_ms(f['catalog open'])} "
            f"| {_ms(f['variable catalog open'])} |")
    lines += ["", "| projects | query | DuckDB snapshot | Parquet catalog over variables |", "|---|---|---|---|"]
    for f in results:
        for name, (snapshot, catalog) in f["queries"].items():
            lines.append(f"| {f['projects']:,} | {name} | {_ms(snapshot)} | {_ms(catalog)} |")
    return "\n".join(lines) + "\n"


def record(results: list[dict], path: Path) -> None:
    """The publish figures into bench/results.json ("publish", by project tables), where
    bench/report.py renders them under the add-one table of bench/results.md."""
    record_publish(path, [{"projects": f["projects"], "bytes": f["bytes"], "copy": f["copy"],
                           "replicated": f["replicated"], "add_one": f.get("add one"),
                           "add_one_publish": f.get("add one publish")} for f in results])


def record_publish(path: Path, entries: list[dict]) -> None:
    """Publish figures, one entry per warehouse size, stamped with date, commit and load average,
    into the "publish" figures of bench/results.json (if there is one)."""
    from bench.__main__ import machine

    if not path.exists():
        return
    store = json.loads(path.read_text(encoding="utf-8"))
    stamp = machine()
    for entry in entries:
        store.setdefault("publish", {})[str(entry["projects"])] = {
            **entry, "date": stamp["date"], "commit": stamp["commit"], "loadavg": os.getloadavg()[0]}
    path.write_text(json.dumps(store, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.publish_cost", description=__doc__.split("\n\n")[0])
    parser.add_argument("warehouses", nargs="+", type=Path, help="loaded warehouses (each already published)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--corpus", nargs="*", type=Path, default=[],
                        help="the corpus each warehouse was loaded from (bench.generate): also add one new file to it")
    parser.add_argument("--replicate", type=int, default=0, metavar="N",
                        help="measure instead a warehouse N times the last one given (see `replicate`)")
    args = parser.parse_args(argv)
    if args.replicate:
        source = args.warehouses.pop()
        args.warehouses.append(replicate(source, source.with_name(f"x{args.replicate}-{source.name}"), args.replicate))
    results = []
    with tempfile.TemporaryDirectory(prefix="jixiao-publish-cost-") as tmp:
        for n, warehouse in enumerate(args.warehouses):
            print(f"  {warehouse} ...", file=sys.stderr, flush=True)
            results.append(measure(warehouse, Path(tmp) / str(n), args.repeats))
            if n < len(args.corpus):
                results[-1].update(add_one(warehouse, args.corpus[n], Path(tmp) / str(n)))
    text = markdown(results, args.repeats)
    record(results, HERE / "results.json")
    append_section(RESULTS, "# What publishing costs (bench/publish_cost.py)", text)
    return 0


def append_section(path: Path, title: str, text: str) -> None:
    """Add a run's section to a results file (the title first, in a new one), and print it."""
    with path.open("a", encoding="utf-8") as out:
        if out.tell() == 0:
            out.write(title + "\n\n")
        out.write(text + "\n")
    print(text)


if __name__ == "__main__":
    raise SystemExit(main())
