"""Property 5, queries cannot harm: `jixiao sql` reads the published snapshot read-only, refuses
writes, ATTACH, COPY TO, INSTALL/LOAD and every file-reading table function, and binds parameters;
every query is bounded (timeout, Ctrl-C, memory limit) and streams its rows."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from pipelines.cli import main
from warehouse.connection import published_path, reader
from warehouse.query import Bound, QueryError, QueryTimedOut, run_query
from warehouse.sandbox import QueryLimits, QueryRefused, check_statements


def sql(warehouse, query, *extra):
    return CliRunner().invoke(main, ["sql", query, "--format", "csv", "--warehouse", str(warehouse), *extra])


@pytest.fixture(scope="module")
def secret(tmp_path_factory):
    folder = tmp_path_factory.mktemp("outside")
    path = folder / "secret.csv"
    path.write_text("password\nhunter2\n", encoding="utf-8")
    return path


def counts(warehouse):
    con = duckdb.connect(str(published_path(warehouse)), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("projects", "indicators")}
    finally:
        con.close()


HARMFUL = [
    "INSERT INTO projects (project_key) VALUES ('x')",
    "DELETE FROM indicators",
    "UPDATE projects SET project_name = 'x'",
    "DROP TABLE indicators",
    "CREATE TABLE evil AS SELECT 1",
    "CREATE TEMP TABLE evil AS SELECT 1",
    "ALTER TABLE projects ADD COLUMN evil INT",
    "ATTACH '{out}/other.duckdb' AS other",
    "COPY projects TO '{out}/stolen.csv'",
    "COPY (SELECT * FROM indicators) TO '{out}/stolen.parquet' (FORMAT parquet)",
    "EXPORT DATABASE '{out}/dump'",
    "INSTALL httpfs",
    "LOAD httpfs",
    "SET enable_external_access = true",
    "PRAGMA enable_profiling",
    "CHECKPOINT",
    "SELECT 1; DROP TABLE indicators",
]


@pytest.mark.parametrize("statement", HARMFUL)
def test_writes_and_escapes_are_refused(sample_warehouse, tmp_path, statement):
    before = counts(sample_warehouse)
    result = sql(sample_warehouse, statement.format(out=tmp_path))
    assert result.exit_code == 2, result.output
    assert "refused:" in result.output and "read-only queries only" in result.output
    assert list(tmp_path.iterdir()) == []  # nothing written anywhere
    assert counts(sample_warehouse) == before


FILE_READERS = [
    "SELECT * FROM read_csv('{secret}')",
    "SELECT * FROM read_csv_auto('{secret}')",
    "SELECT * FROM '{secret}'",
    "SELECT * FROM read_text('{secret}')",
    "SELECT * FROM read_blob('{secret}')",
    "SELECT * FROM read_json('{secret}')",
    "SELECT * FROM read_parquet('{secret}')",
    "SELECT * FROM sniff_csv('{secret}')",
    "SELECT * FROM glob('{folder}/*')",
    "SELECT * FROM read_csv('{folder}/*.csv')",
]


@pytest.mark.parametrize("statement", FILE_READERS)
def test_file_reading_table_functions_are_refused(sample_warehouse, secret, statement):
    result = sql(sample_warehouse, statement.format(secret=secret, folder=secret.parent))
    assert result.exit_code == 2
    assert "Permission Error" in result.output and "disabled by configuration" in result.output
    assert "hunter2" not in result.output and "secret.csv" not in result.output.replace(str(secret), "")


def test_the_connection_itself_is_sandboxed_without_the_statement_check(sample_warehouse, secret, tmp_path):
    """The DuckDB settings hold on their own: a caller that skipped check_statements still cannot
    read files, copy out, attach, or switch the settings back."""
    con = reader(sample_warehouse)
    try:
        for statement in (f"SELECT * FROM read_csv('{secret}')", f"COPY projects TO '{tmp_path}/x.csv'",
                          f"ATTACH '{tmp_path}/x.duckdb'", "LOAD httpfs"):
            with pytest.raises(duckdb.PermissionException):
                con.execute(statement)
        with pytest.raises(duckdb.InvalidInputException, match="configuration has been locked"):
            con.execute("SET enable_external_access = true")
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("DELETE FROM indicators")
        assert con.execute("SELECT current_setting('enable_external_access')").fetchone() == (False,)
    finally:
        con.close()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("query", [
    "SELECT count(*) FROM projects", "WITH a AS (SELECT 1 AS x) SELECT x FROM a", "FROM projects LIMIT 1",
    "DESCRIBE projects", "SHOW TABLES", "SUMMARIZE key_tasks", "EXPLAIN SELECT * FROM indicators", "VALUES (1)",
])
def test_queries_pass_the_check(sample_warehouse, query):
    con = reader(sample_warehouse)
    try:
        check_statements(con, query)
    finally:
        con.close()
    assert sql(sample_warehouse, query).exit_code == 0


def test_an_empty_query_is_refused(sample_warehouse):
    con = reader(sample_warehouse)
    try:
        with pytest.raises(QueryRefused, match="no statement"):
            check_statements(con, " ; ")
    finally:
        con.close()


def test_parameters_are_bound_not_formatted(sample_warehouse):
    hostile = "x' OR '1'='1'; DROP TABLE projects; --"
    result = sql(sample_warehouse, "SELECT count(*) AS n FROM projects WHERE project_name = $name",
                 "--param", f"name={hostile}")
    assert result.exit_code == 0 and result.output.splitlines() == ["n", "0"]
    echoed = sql(sample_warehouse, "SELECT $name AS v", "--param", f"name={hostile}")
    assert echoed.output.splitlines()[1] == hostile
    year = sql(sample_warehouse, "SELECT count(*) AS n FROM projects WHERE budget_year = $year", "--param", "year=2024")
    assert year.output.splitlines() == ["n", "13"]
    assert counts(sample_warehouse)["projects"] == 13


def test_a_param_without_a_value_is_a_usage_error(sample_warehouse):
    result = sql(sample_warehouse, "SELECT 1", "--param", "year")
    assert result.exit_code == 2 and "--param takes NAME=VALUE" in result.output


# Property 5, bounded: a query ends within its timeout or at Ctrl-C, holds a memory limit, and
# streams its rows (issue 17 item 3, issue 14 item 4)

RUNAWAY = "SELECT count(*) FROM range(100000000) a, range(100000000) b WHERE a.range+b.range=-1"
REPO = Path(__file__).resolve().parents[1]


def jixiao(*args: str) -> subprocess.Popen:
    """`jixiao ARGS` in its own process, from this checkout."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-c", "from pipelines.cli import main; main()", *args], cwd=REPO,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def has_open(pid: int, path: Path) -> bool:
    fds = Path(f"/proc/{pid}/fd")
    try:
        return any(os.readlink(fd) == str(path) for fd in fds.iterdir())
    except (FileNotFoundError, ProcessLookupError):
        return False


def test_a_runaway_query_stops_at_the_timeout_with_one_line(sample_warehouse):
    result = sql(sample_warehouse, RUNAWAY, "--timeout", "1")
    assert result.exit_code == 2
    assert result.output == "error: query stopped after 1 s (--timeout)\n"
    from_env = CliRunner().invoke(main, ["sql", RUNAWAY, "--warehouse", str(sample_warehouse)],
                                  env={"JIXIAO_QUERY_TIMEOUT": "0.5"})
    assert (from_env.exit_code, from_env.output) == (2, "error: query stopped after 0.5 s (--timeout)\n")


def test_the_default_timeout_is_60_seconds_for_every_query_command(sample_warehouse, tmp_path, monkeypatch):
    timeouts = []
    original = Bound.__init__
    monkeypatch.setattr(Bound, "__init__", lambda self, timeout: (timeouts.append(timeout), original(self, timeout))[1])
    monkeypatch.delenv("JIXIAO_QUERY_TIMEOUT", raising=False)
    at = ["--warehouse", str(sample_warehouse)]
    for args in (["sql", "SELECT 1"], ["export", "projects", "--out", str(tmp_path / "p.csv")],
                 ["report", "--out", str(tmp_path / "r.html")], ["sql", "SELECT 1", "--timeout", "0"]):
        result = CliRunner().invoke(main, [*args, *at])
        assert result.exit_code == 0, result.output
    assert timeouts == [60, 60, 60, None]  # --timeout 0: no limit


def test_the_timeout_holds_off_the_main_thread(sample_warehouse):
    """Dagster runs assets in threads: no SIGINT handler there, the timeout still stops the query."""
    outcome = []

    def query():
        try:
            run_query(sample_warehouse, RUNAWAY, limits=QueryLimits(timeout=0.5))
        except QueryError as exc:
            outcome.append(exc)

    thread = threading.Thread(target=query)
    thread.start()
    thread.join(30)
    assert [type(e) for e in outcome] == [QueryTimedOut] and str(outcome[0]) == "query stopped after 0.5 s (--timeout)"


def test_ctrl_c_interrupts_the_query_with_exit_130(sample_warehouse):
    process = jixiao("sql", RUNAWAY, "--warehouse", str(sample_warehouse))
    snapshot = published_path(sample_warehouse)
    for _ in range(600):  # up to 60 s for the interpreter to start and open the snapshot
        if has_open(process.pid, snapshot) or process.poll() is not None:
            break
        time.sleep(0.1)
    time.sleep(0.5)  # the query is running now
    assert process.poll() is None, process.communicate()
    process.send_signal(signal.SIGINT)
    try:
        stdout, stderr = process.communicate(timeout=2)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        pytest.fail("jixiao sql still running 2 s after SIGINT")
    assert process.returncode == 130
    assert (stdout, stderr) == ("", "error: query interrupted (Ctrl-C)\n")


def test_an_export_stopped_by_the_timeout_writes_nothing(sample_warehouse, tmp_path):
    result = CliRunner().invoke(main, ["export", "--query", f"SELECT * FROM ({RUNAWAY})", "--out",
                                       str(tmp_path / "x.csv"), "--timeout", "1", "--warehouse", str(sample_warehouse)])
    assert (result.exit_code, result.output) == (2, "error: query stopped after 1 s (--timeout)\n")
    assert list(tmp_path.iterdir()) == []


def test_a_report_past_its_timeout_writes_nothing(sample_warehouse, tmp_path):
    out = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["report", "--out", str(out), "--timeout", "0.001",
                                       "--warehouse", str(sample_warehouse)])
    assert (result.exit_code, result.output) == (2, "error: query stopped after 0.001 s (--timeout)\n")
    assert list(tmp_path.iterdir()) == []
    assert CliRunner().invoke(main, ["report", "--out", str(out), "--warehouse", str(sample_warehouse)]).exit_code == 0


def test_readers_have_a_memory_limit_and_spill(sample_warehouse):
    setting = "SELECT current_setting('memory_limit') AS m"
    assert sql(sample_warehouse, setting).output.splitlines() == ["m", "1.8 GiB"]  # 2GB
    assert sql(sample_warehouse, setting, "--memory-limit", "500MB").output.splitlines() == ["m", "476.8 MiB"]
    from_env = CliRunner().invoke(main, ["sql", setting, "--format", "csv", "--warehouse", str(sample_warehouse)],
                                  env={"JIXIAO_QUERY_MEMORY": "300MB"})
    assert from_env.output.splitlines() == ["m", "286.1 MiB"]
    # a window over 6M rows needs more than 100MB: it spills to the temporary folder instead of failing
    spilled = sql(sample_warehouse, "SELECT count(DISTINCT rn) AS n FROM (SELECT row_number() OVER "
                  "(ORDER BY hash(range)) rn, range || 'xxxxxxxxxxxxxxxxxxxxxxxx' s FROM range(6000000))",
                  "--memory-limit", "100MB")
    assert spilled.exit_code == 0 and spilled.output.splitlines() == ["n", "6000000"]
    bad = sql(sample_warehouse, "SELECT 1", "--memory-limit", "lots")
    assert bad.exit_code == 2 and bad.output.startswith("error: --memory-limit 'lots': ") and bad.output.count("\n") == 1
    con = reader(sample_warehouse)
    try:
        with pytest.raises(duckdb.InvalidInputException, match="configuration has been locked"):
            con.execute("SET memory_limit = '100GB'")
    finally:
        con.close()


# the command, reporting on stderr the peak resident memory of its own image (VmHWM: the process's
# rusage would count the pytest process it was forked from)
PEAK_RSS = """
import atexit, sys
atexit.register(lambda: sys.stderr.write(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]))
from pipelines.cli import main
main()
"""


def peak_rss_kib(*args: str) -> int:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", PEAK_RSS, *args], cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, check=True)
    return int(done.stderr)


def test_a_query_past_the_memory_limit_spills_instead_of_growing(sample_warehouse):
    """DISTINCT over 20M long strings: about 2 GB resident without a limit (3 GB for 30M; an
    analyst's query reached 10.8 GB); within --memory-limit 300MB it spills and stays under 800 MB,
    the interpreter's own ~200 MB included."""
    query = ("SELECT count(*) AS n FROM (SELECT DISTINCT range || 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' "
             "FROM range(20000000))")
    peak = peak_rss_kib("sql", query, "--memory-limit", "300MB", "--timeout", "0", "--format", "csv",
                        "--warehouse", str(sample_warehouse))
    assert peak < 800 * 1024, peak


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_rows_stream_to_stdout_without_being_held(sample_warehouse, fmt):
    """2M rows to standard output cost no more memory than one row: nothing holds them all
    (before, every row was held: +350 MB here, 7 GB for 30M rows)."""
    base = ("--format", fmt, "--warehouse", str(sample_warehouse))
    one = peak_rss_kib("sql", "SELECT range AS n FROM range(1)", *base)
    many = peak_rss_kib("sql", "SELECT range AS n FROM range(2000000)", *base)
    assert many - one < 100 * 1024, (one, many)


def test_csv_on_stdout_is_guarded_against_formulas_unless_raw(sample_warehouse):
    query = "SELECT '=1+1' AS \"=x\", '+SUM(A1)' AS w, '@cmd' AS a, 'plain' AS p, -5 AS n"
    assert sql(sample_warehouse, query).output.splitlines() == ["'=x,w,a,p,n", "'=1+1,'+SUM(A1),'@cmd,plain,-5"]
    assert sql(sample_warehouse, query, "--raw").output.splitlines() == ["=x,w,a,p,n", "=1+1,+SUM(A1),@cmd,plain,-5"]


@pytest.mark.parametrize("args", [["--file", "-"], ["-"]])
def test_the_query_can_come_from_stdin(sample_warehouse, args):
    result = CliRunner().invoke(main, ["sql", *args, "--format", "csv", "--warehouse", str(sample_warehouse)],
                                input="SELECT count(*) AS n\nFROM projects\nWHERE budget_year = 2024;\n")
    assert result.exit_code == 0 and result.output.splitlines() == ["n", "13"]
    empty = CliRunner().invoke(main, ["sql", *args, "--warehouse", str(sample_warehouse)], input="  \n")
    assert empty.exit_code == 2 and "give a query" in empty.output


def table(warehouse, query, *extra):
    return CliRunner().invoke(main, ["sql", query, "--warehouse", str(warehouse), *extra])


def body_rows(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("│")]


def test_the_table_stops_at_max_rows(sample_warehouse):
    default = table(sample_warehouse, "SELECT range AS n FROM range(1500)")
    assert default.exit_code == 0 and len(body_rows(default.output)) == 1000
    assert default.output.splitlines()[-1] == "showing 1,000 of more rows; use --max-rows or --format csv"
    five = table(sample_warehouse, "SELECT range AS n FROM range(1500)", "--max-rows", "5")
    assert [r.strip("│ ") for r in body_rows(five.output)] == ["0", "1", "2", "3", "4"]
    assert five.output.splitlines()[-1] == "showing 5 of more rows; use --max-rows or --format csv"
    exact = table(sample_warehouse, "SELECT budget_year FROM projects", "--max-rows", "13")
    assert len(body_rows(exact.output)) == 13 and exact.output.splitlines()[-1] == "13 row(s)"
    every = sql(sample_warehouse, "SELECT range AS n FROM range(1500)")
    assert len(every.output.splitlines()) == 1501  # csv: every row unless --max-rows
    capped = sql(sample_warehouse, "SELECT range AS n FROM range(1500)", "--max-rows", "3")
    assert capped.output.splitlines() == ["n", "0", "1", "2"]


def test_the_table_right_aligns_numbers_with_separators_and_shares_as_percentages(sample_warehouse):
    result = table(sample_warehouse, 'SELECT 项目名称, "总金额(元)", 占部门项目金额比例, 指标数, 1234567 AS big, 年度 '
                   "FROM 项目预算 WHERE 项目名称 = '社保扩面征收工作经费'")
    assert result.exit_code == 0
    [row] = body_rows(result.output)
    cells = row.split("│")[1:-1]
    assert cells[0] == " 社保扩面征收工作经费 "  # text left-aligned
    assert [c.strip() for c in cells[1:]] == ["77,000.00", "1.39%", "6", "1,234,567", "2024"]
    assert all(c.startswith("  ") or c.endswith("│") for c in cells[1:3])  # padded on the left: right-aligned
    raw = sql(sample_warehouse, "SELECT 占部门项目金额比例 AS s FROM 项目预算 WHERE 项目名称 = '社保扩面征收工作经费'")
    assert float(raw.output.splitlines()[1]) == pytest.approx(0.0139, abs=5e-5)  # csv keeps the fraction


def test_json_streams_the_layout_of_one_document(sample_warehouse):
    query = 'SELECT 项目名称, "总金额(元)", 年度 FROM 项目预算 ORDER BY 1 LIMIT 3'
    result = CliRunner().invoke(main, ["sql", query, "--format", "json", "--warehouse", str(sample_warehouse)])
    expected = run_query(sample_warehouse, query)
    records = [dict(zip(expected.columns, (str(v) if isinstance(v, Decimal) else v for v in row)))
               for row in expected.rows]
    assert result.output == json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    none = CliRunner().invoke(main, ["sql", "SELECT 1 AS x WHERE false", "--format", "json",
                                     "--warehouse", str(sample_warehouse)])
    assert none.output == "[]\n"
