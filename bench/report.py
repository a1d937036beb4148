"""bench/results.md from the raw figures in bench/results.json: medians, ratios, and each target
with its verdict. The section between the spark markers (written by bench.spark_check) is kept."""

from __future__ import annotations

import statistics
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPARK_BEGIN, SPARK_END = "<!-- spark:begin -->", "<!-- spark:end -->"

STAGES = ("read", "parse", "model", "validate", "load")
TARGET_RATE = 10_000  # project tables per second, end to end
TARGET_FLOOR_MULTIPLE = 10
TARGET_ADD_ONE = 1.0  # seconds, at 1M projects
TARGET_RSS = 1.5 * 2**30  # bytes, at 1M tables
TARGET_YOY = 0.5  # seconds, at 1M projects x 5 years
RSS_WHY = (": each worker process adds its own interpreter, Polars and a batch's frames (≈0.3 GB); the loading process grows "
           "≈75 MB per 100k tables outside DuckDB, not attributed (docs/scale.md)")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def workers_label(workers: int) -> str:
    return "in-process" if workers == 0 else f"{workers} worker{'s' if workers > 1 else ''}"


def summary(size: dict) -> dict:
    """The medians of one size, for the best worker count (highest median rate)."""
    expected = size["expected"]
    best: dict = {}
    per_workers = {}
    for workers, runs in size["runs"].items():
        seconds = median([r["seconds"] for r in runs])
        stages = {stage: median([r["stages"].get(stage, 0.0) for r in runs])
                  for stage in STAGES}
        row = {
            "workers": int(workers), "seconds": seconds, "runs": len(runs),
            "rate": expected["projects"] / seconds, "indicator_rate": expected["indicators"] / seconds,
            "stages": stages,
            "peak_rss": max(r["peak_rss"] for r in runs),
            "floor_multiple": seconds / size["floor_seconds"],
            "checked": [r["mismatches"] for r in runs if "mismatches" in r],
            "loadavg": median([r.get("loadavg_before", 0.0) for r in runs]),
        }
        per_workers[int(workers)] = row
        if not best or row["rate"] > best["rate"]:
            best = row
    adds = size.get("add_one", [])
    add = {"seconds": median([a["seconds"] for a in adds])}
    for stage in STAGES:
        add[stage] = median([a["stages"].get(stage, 0.0) for a in adds])
    add["publish_and_open"] = add["seconds"] - sum(add[stage] for stage in STAGES)
    timed = [a["publish_seconds"] for a in adds if "publish_seconds" in a]  # measured since issue 15
    add["publish"] = median(timed) if adds and len(timed) == len(adds) else float("nan")
    return {"best": best, "workers": per_workers, "add": add}


def fmt_seconds(value: float) -> str:
    if value != value:  # nan
        return "–"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def fmt_bytes(value: float) -> str:
    return f"{value / 2**20:.0f} MB" if value < 2**30 else f"{value / 2**30:.2f} GB"


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def publish_step(publish: dict, out) -> None:
    """The publish step measured apart (issue 15), if it was: by bench/publish_changes.py since the
    snapshot is brought up to date from the changes, by bench/publish_cost.py before (a copy)."""
    if not publish:
        return
    out("The publish step measured apart (`python -m bench.publish_changes`, bench/publish_changes.md; rows "
        "without `nothing changed`: `python -m bench.publish_cost`, bench/publish_cost.md, when every publish "
        "was a copy): a new department's file added in a fresh process (median of the files), the copy a write "
        "recording `everything` still makes, and a publish with nothing changed (the fixed cost of bringing the "
        "standby up to date); `replicated`: a loaded 100k warehouse repeated 10 times by SQL (`--replicate`), "
        "for what grows with the file.")
    out("")
    out("| warehouse (project tables) | warehouse file | add one file | of which publish | copy | publish, nothing changed "
        "| measured |")
    out("|---|---|---|---|---|---|---|")
    for row in sorted(publish.values(), key=lambda r: (r["date"], r["projects"])):
        kind = ", replicated" if row["replicated"] else ""
        out(f"| {row['projects']:,}{kind} | {fmt_bytes(row['bytes'])} | {fmt_seconds(row['add_one'] or float('nan'))} "
            f"| {fmt_seconds(row['add_one_publish'] or float('nan'))} | {fmt_seconds(row['copy'])} "
            f"| {fmt_seconds(row.get('nothing_changed', float('nan')))} "
            f"| {row['date']} at {row['commit']}, load average {row['loadavg']:.1f} |")
    out("")


def render(store: dict) -> tuple[str, str]:
    machine = store["machine"]
    sizes = store["sizes"]
    order = sorted(sizes, key=lambda name: sizes[name]["tables"])
    lines: list[str] = []
    out = lines.append

    out("# Benchmark results")
    out("")
    out("Written by `python -m bench` (`make bench`); raw figures in `bench/results.json`. Re-run to refresh.")
    out("")
    out(f"- machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gb']} GB RAM, {machine['os']}")
    versions = ", ".join(f"{k} {v}" for k, v in machine["versions"].items())
    out(f"- software: Python {machine['python']}, {versions}")
    runs = ", ".join(f"{name} at {sizes[name].get('commit', machine['commit'])} ({sizes[name].get('date', machine['date'])})"
                     for name in order)
    out(f"- measured: {runs}")
    settings = store.get("settings", {})
    out(f"- corpus: bench.generate, {settings.get('projects_per_department')} project tables per department and "
        f"year plus one unit table, {settings.get('years')} budget years, seed {settings.get('seed')}, default damage; "
        f"ingest streams {settings.get('batch_files')} files ({settings.get('batch_files', 0) * 21:,} tables) "
        "per transaction")
    out("- times are medians of the runs (the `runs` column: 100k and 1M ran once), each in a fresh process and "
        "a fresh warehouse; interpreter start-up and imports of the loading process excluded, worker "
        "processes' start-up (imports) included; a load evaluates the suites as Polars expressions and never "
        "imports GX (earlier runs set GX up in the loading process, outside the clock, adding ≈190 MB "
        "to its resident set). The machine is shared (other sessions "
        "ran tests during the runs: see the load average column), so treat single figures as ±30%.")
    out("")

    out("## Ingest, end to end")
    out("")
    out("| project tables | workers | runs | wall | project tables/s | indicator rows/s | read | parse | model "
        "| validate | load | peak RSS | floor | × floor | counts = manifest | load avg |")
    out("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    summaries = {name: summary(sizes[name]) for name in order}
    for name in order:
        size = sizes[name]
        for workers, row in sorted(summaries[name]["workers"].items()):
            st = row["stages"]
            checked = "yes" if row["checked"] and not any(row["checked"]) else ("**no**" if row["checked"] else "–")
            out(f"| {size['expected']['projects']:,} | {workers} | {row['runs']} | {fmt_seconds(row['seconds'])} "
                f"| {row['rate']:,.0f} | {row['indicator_rate']:,.0f} | {fmt_seconds(st['read'])} "
                f"| {fmt_seconds(st['parse'])} | {fmt_seconds(st['model'])} | {fmt_seconds(st['validate'])} "
                f"| {fmt_seconds(st['load'])} "
                f"| {fmt_bytes(row['peak_rss'])} | {fmt_seconds(size['floor_seconds'])} "
                f"| {row['floor_multiple']:.0f}× | {checked} | {row['loadavg']:.1f} |")
    out("")
    out("Stages: `read` (files read and hashed, in the loading process), `parse`, `model` and `validate` (the "
        "Great Expectations suites and SQL reconciliations, per batch) are summed over the worker processes: with "
        "workers they overlap each other and the load (`workers` 0: all in the loading process, one after the "
        "other); `load` (DuckDB: insert, quarantine, derived tables, "
        "commit, final checkpoint). The wall time also holds lock, archive, worker start-up and "
        "publish (the snapshot copy). `floor`: DuckDB `read_csv` of the same files as one text column. "
        "`counts = manifest`: documents, projects, units, indicators, values, goals, tasks, budget lines, money "
        "totals, indicators per 一级指标 and warnings per code all equal the generator's manifest (first run).")
    out("")

    peer = store.get("peer")
    if peer:
        out("## The naive peer")
        out("")
        points = ", ".join(f"{p['tables']} tables in {fmt_seconds(p['seconds'])} "
                           f"(parse {fmt_seconds(p['stages']['parse'])}, pandas row appends "
                           f"{fmt_seconds(p['stages']['model'])}, executemany {fmt_seconds(p['stages']['load'])})"
                           for p in peer["points"])
        out(f"Same parser, rows appended one at a time to pandas frames, `executemany` inserts, four tables only "
            f"(bench/peer.py): {points}. Time grows as tables^{peer['exponent']:.2f} between the two; extrapolated "
            f"with exponent {max(1.0, peer['exponent']):.2f} (never below linear):")
        out("")
        out("| project tables | peer (extrapolated) | ingest (best) | peer ÷ ingest |")
        out("|---|---|---|---|")
        base = peer["points"][-1]
        for name in order:
            tables = sizes[name]["expected"]["projects"]
            estimate = base["seconds"] * (tables / base["tables"]) ** max(1.0, peer["exponent"])
            best = summaries[name]["best"]["seconds"]
            out(f"| {tables:,} | {fmt_seconds(estimate)} ({estimate / 3600:.1f} h) | {fmt_seconds(best)} "
                f"| {estimate / best:,.0f}× |")
        out("")

    out("## Adding one file to a loaded warehouse")
    out("")
    out("A new department's file (21 tables) loaded into the warehouse the runs above built, in a fresh "
        "process, median of 3 different files. `of which publish`: "
        "`warehouse.connection.publish` alone (the snapshot copy; – for runs measured before it was timed).")
    out("")
    out("| warehouse (project tables) | warehouse file | add one file | parse + model | validate | load "
        "| open, checkpoint, publish | of which publish |")
    out("|---|---|---|---|---|---|---|---|")
    for name in order:
        add = summaries[name]["add"]
        out(f"| {sizes[name]['expected']['projects']:,} | {fmt_bytes(sizes[name].get('warehouse_bytes', 0))} "
            f"| {fmt_seconds(add['seconds'])} | {fmt_seconds(add['parse'] + add['model'])} "
            f"| {fmt_seconds(add['validate'])} | {fmt_seconds(add['load'])} | {fmt_seconds(add['publish_and_open'])} "
            f"| {fmt_seconds(add['publish'])} |")
    out("")
    publish_step(store.get("publish", {}), out)

    largest = order[-1] if order else None
    if largest:
        size = sizes[largest]
        out(f"## Queries at {size['expected']['projects']:,} project tables × {settings.get('years')} years")
        out("")
        out("Fetched in full (to Arrow) from the published snapshot, median of 5. Kind `yoy fetch`: a yoy result "
            "of more than 100,000 rows, a transfer rather than a query, judged by its rows per second and not "
            "against the 0.5 s target.")
        out("")
        query_table(size["queries"], out)

    replicated_queries(store.get("replicated_queries", {}), out)
    out("## Targets")
    out("")
    out("\n".join(filter(None, (target_lines(sizes, summaries, order),
                                 replicated_target(store.get("replicated_queries", {}))))))
    out("")
    markdown = "\n".join(lines) + "\n"
    previous = HERE / "results.md"
    if previous.exists():
        text = previous.read_text(encoding="utf-8")
        if SPARK_BEGIN in text and SPARK_END in text:
            markdown += "\n" + text[text.index(SPARK_BEGIN):text.index(SPARK_END) + len(SPARK_END)] + "\n"
    console = "\n".join(line for line in lines if line.startswith("|") or line.startswith("#"))
    return console, markdown


def query_table(queries: list[dict], out) -> None:
    out("| query | kind | rows | latency | rows/s |")
    out("|---|---|---|---|---|")
    for q in queries:
        rate = q.get("rows_per_second")
        out(f"| `{q['name']}` | {q['kind']} | {q['rows']:,} | {fmt_seconds(q['seconds'])} "
            f"| {f'{rate:,.0f}' if rate else '–'} |")
    out("")


def _yoy(queries: list[dict]) -> list[dict]:
    return [q for q in queries if q["kind"] == "yoy"]


def replicated_queries(runs: dict, out) -> None:
    """The query latencies measured by `python -m bench.queries` on a warehouse made by
    `bench.publish_cost --replicate` (not loaded), each run with its date, commit and load average."""
    for label, run in sorted(runs.items()):
        out(f"## Queries at {run['projects']:,} project tables × {run['years']} years, replicated ({label})")
        out("")
        out(f"`python -m bench.queries` on a loaded warehouse of {run['source_projects']:,} project tables repeated "
            f"{run['projects'] // run['source_projects']} times in SQL (`bench.publish_cost --replicate`: distinct "
            "keys, the row counts, departments and provinces of a load of that size), from its published snapshot, "
            f"median of {run['repeats']}; measured {run['date']} at {run['commit']}, load average "
            f"{run['loadavg'][0]:.1f} before and {run['loadavg'][1]:.1f} after. Kinds as above.")
        out("")
        query_table(run["queries"], out)


def replicated_target(runs: dict) -> str:
    rows = []
    for label, run in sorted(runs.items()):
        yoy = _yoy(run["queries"])
        slowest = max(yoy, key=lambda q: q["seconds"])
        within = sum(1 for q in yoy if q["seconds"] <= TARGET_YOY)
        rows.append(f"| yoy views ≤ {TARGET_YOY} s (at {run['projects']:,}, replicated: {label}) | slowest "
                    f"`{slowest['name']}` {fmt_seconds(slowest['seconds'])}; {within} of {len(yoy)} yoy queries "
                    f"within | {verdict(slowest['seconds'] <= TARGET_YOY)} |")
    return "\n".join(rows)


def target_lines(sizes: dict, summaries: dict, order: list[str]) -> str:
    if not order:
        return ""
    largest = order[-1]
    rows = ["| target | measured | verdict |", "|---|---|---|"]
    for name in order:
        best = summaries[name]["best"]
        per_k = {stage: 1000 * seconds / sizes[name]["expected"]["projects"]
                 for stage, seconds in best["stages"].items() if seconds}
        why = ", ".join(f"{stage} {value:.2f}" for stage, value in sorted(per_k.items(), key=lambda kv: -kv[1]))
        rows.append(f"| ≥ {TARGET_RATE:,} project tables/s end to end ({name}) | {best['rate']:,.0f}/s "
                    f"({workers_label(best['workers'])}) | {verdict(best['rate'] >= TARGET_RATE)}: "
                    f"{best['rate'] / TARGET_RATE:.0%} of the target; seconds per 1,000 tables by stage: {why} |")
    for name in order:
        best = summaries[name]["best"]
        floor_rate = sizes[name]["expected"]["projects"] / sizes[name]["floor_seconds"]
        parse_multiple = best["stages"]["parse"] / sizes[name]["floor_seconds"]
        rows.append(f"| within {TARGET_FLOOR_MULTIPLE}× the floor ({name}) | {best['floor_multiple']:.0f}× "
                    f"| {verdict(best['floor_multiple'] <= TARGET_FLOOR_MULTIPLE)}: the floor reads "
                    f"{floor_rate:,.0f} tables/s; the Python parse alone is {parse_multiple:.0f}× it |")
    add = summaries[largest]["add"]
    at = f"{sizes[largest]['expected']['projects']:,}"
    rows.append(f"| add one file ≤ {TARGET_ADD_ONE:.0f} s (at {at}; target is at 1M) | {fmt_seconds(add['seconds'])} "
                f"| {verdict(add['seconds'] <= TARGET_ADD_ONE)}: validate {fmt_seconds(add['validate'])} (a fixed "
                f"cost per batch), open+publish {fmt_seconds(add['publish_and_open'])} (opening, checkpointing, publishing) |")
    by_config = sorted(summaries[largest]["workers"].items())
    rss = min(row["peak_rss"] for _, row in by_config)
    measured = "; ".join(f"{fmt_bytes(row['peak_rss'])} ({workers_label(w)})" for w, row in by_config)
    rows.append(f"| peak RSS ≤ 1.5 GB (at {at}; target is at 1M) | {measured} | {verdict(rss <= TARGET_RSS)}"
                f"{'' if rss <= TARGET_RSS else RSS_WHY} |")
    yoy = _yoy(sizes[largest]["queries"])
    if yoy:
        slowest = max(yoy, key=lambda q: q["seconds"])
        within = sum(1 for q in yoy if q["seconds"] <= TARGET_YOY)
        rows.append(f"| yoy views ≤ {TARGET_YOY} s (at {at}; target is at 1M × 5 years) | slowest "
                    f"`{slowest['name']}` {fmt_seconds(slowest['seconds'])}; {within} of {len(yoy)} yoy queries within "
                    f"| {verdict(slowest['seconds'] <= TARGET_YOY)} |")
    return "\n".join(rows)
