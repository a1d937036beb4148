"""`jixiao shell` on the sample, through its non-interactive path (statements on standard input)
and its engine (warehouse.session): queries run and print as `jixiao sql` prints them, anything
else is refused with one line and writes nothing, completion offers a view's columns."""

import duckdb
import pytest
from click.testing import CliRunner

from pipelines.cli import main
from pipelines.cli.shell import history_path
from warehouse.connection import published_path
from warehouse.query import QueryError
from warehouse.session import Session


def shell(warehouse, statements, *extra):
    return CliRunner().invoke(main, ["shell", "--warehouse", str(warehouse), *extra], input=statements)


def sql(warehouse, query, *extra):
    return CliRunner().invoke(main, ["sql", query, "--warehouse", str(warehouse), *extra])


@pytest.fixture()
def session(sample_warehouse):
    with Session(sample_warehouse, timeout=10) as opened:
        yield opened


def test_a_select_prints_as_jixiao_sql_prints_it(sample_warehouse):
    query = 'SELECT 项目名称, "当年度金额(元)" FROM 项目预算 ORDER BY 2 DESC LIMIT 3'
    result = shell(sample_warehouse, query.replace(" FROM", "\nFROM") + ";\n")  # over two lines
    assert result.exit_code == 0, result.output
    assert result.output == sql(sample_warehouse, query).output
    assert "│ 就业创业政策性补贴和专项服务补助   │   1,700,000.00 │" in result.output and "3 row(s)" in result.output


def test_formats_and_several_statements(sample_warehouse):
    result = shell(sample_warehouse, ".format csv\nSELECT count(*) AS n FROM 绩效指标;\n"
                                     "SELECT 得分 FROM 审核得分 ORDER BY 得分 LIMIT 1\n")  # the last without its ;
    assert result.exit_code == 0 and result.output == "n\n84\n得分\n66\n"


WRITES = [
    "CREATE TABLE evil AS SELECT 1",
    "INSERT INTO projects (project_key) VALUES ('x')",
    "ATTACH '{out}/other.duckdb' AS other",
    "COPY projects TO '{out}/stolen.csv'",
    "SELECT 1; DROP TABLE indicators",
]


@pytest.mark.parametrize("statement", WRITES)
def test_a_write_is_refused_with_one_line(sample_warehouse, tmp_path, statement):
    before = published_path(sample_warehouse).stat().st_mtime_ns
    result = shell(sample_warehouse, statement.format(out=tmp_path) + ";\nSELECT count(*) AS projects FROM projects;\n",
                   "--format", "csv")
    lines = result.output.splitlines()
    assert result.exit_code == 2  # piped: a failed statement fails the run
    kind = statement.split()[0] if ";" not in statement else "DROP"
    assert len(lines) == 3 and lines[0].startswith(f"error: refused: {'an' if kind[0] in 'AI' else 'a'} {kind} statement")
    assert "`jixiao shell` run read-only queries only" in lines[0]
    assert lines[1:] == ["projects", "13"]  # the shell goes on after a refusal
    assert list(tmp_path.iterdir()) == [] and published_path(sample_warehouse).stat().st_mtime_ns == before


def test_the_engine_connection_itself_is_read_only_and_sandboxed(session, tmp_path):
    """Past the statement check, DuckDB itself refuses: the connection is read-only, with no file access."""
    with pytest.raises(duckdb.Error, match="read-only"):
        session.con.execute("CREATE TABLE evil (a INTEGER)")
    with pytest.raises(duckdb.PermissionException):
        session.con.execute(f"SELECT * FROM read_csv('{published_path(tmp_path / 'x.duckdb')}')")
    assert session.run("SELECT count(*) FROM projects").rows == [(13,)]


def test_completion_offers_a_views_columns(session):
    columns = [f"项目预算.{c}" for c in ("年度", "主管部门", "地区", "地区代码", "项目名称", "项目类型", "项目等级",
                                        "用款单位", "起始年度", "到期年度")]
    offered = session.completions("项目预算.")
    assert offered[:10] == columns and len(offered) == 18
    assert offered[10:12] == ['项目预算."总金额(元)"', '项目预算."当年度金额(元)"']  # quoted where SQL needs it
    assert session.completions("项目预算.当年") == ['项目预算."当年度金额(元)"']
    assert '"当年度金额(元)"' in session.completions("当年度")
    assert "当年度金额(元)\"" in session.completions("当年度", quoted=True)  # after an opening quote
    assert {"项目预算", "项目预算同比"} <= set(session.completions("项目"))
    assert "SELECT" in session.completions("sel") and "schema_fingerprint" not in session.completions("schema")


def test_a_statement_running_past_the_timeout_is_stopped(sample_warehouse):
    with Session(sample_warehouse, timeout=0.2) as s:
        with pytest.raises(QueryError, match=r"stopped: the statement ran longer than 0.2 s"):
            s.run("SELECT count(*) FROM range(1000000) a, range(1000000) b")
        assert s.run("SELECT 1 AS one").rows == [(1,)]  # the session goes on


def test_dot_commands(sample_warehouse):
    result = shell(sample_warehouse, ".tables\n.schema 项目预算\n.schema nothing\n.frobnicate\n.quit\nSELECT 1;\n")
    out = result.output
    assert "项目预算同比" in out and "v_indicator_review" in out and "schema_fingerprint" not in out
    assert "│ 占部门项目金额比例 │ DOUBLE        │ 占部门项目金额比例：本项目当年度金额占该部门" in out
    assert "error: no table or view named 'nothing'; .tables lists them" in out
    assert "error: .frobnicate: not a shell command; .help lists them" in out
    assert "1 row(s)" not in out and result.exit_code == 2  # nothing after .quit runs


def test_history_lives_in_the_users_data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert history_path() == tmp_path / "jixiao" / "shell_history"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert history_path() == tmp_path / ".local" / "share" / "jixiao" / "shell_history"


def test_no_warehouse_is_one_line(tmp_path):
    result = shell(tmp_path / "none.duckdb", "SELECT 1;\n")
    assert result.exit_code == 2 and result.output.count("\n") == 1 and "no warehouse at" in result.output


def test_on_a_terminal_tab_completes_and_the_history_is_kept(sample_warehouse, tmp_path):
    """The interactive path, in a pseudo-terminal: readline's Tab completes a view's name, and the
    statement is in the history file when the shell ends."""
    import os
    import pty
    import select
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path), "PYTHONPATH": str(root), "TERM": "dumb"}
    pid, fd = pty.fork()
    if pid == 0:  # the child: the shell
        os.execve(sys.executable, [sys.executable, "-c", "from pipelines.cli import main; main()", "shell",
                                   "--warehouse", str(sample_warehouse)], env)
    seen = b""

    def until(text: str) -> str:
        nonlocal seen
        while text.encode() not in seen:
            ready, _, _ = select.select([fd], [], [], 60)
            assert ready, f"no {text!r} in {seen.decode(errors='replace')!r}"
            seen += os.read(fd, 65536)
        shown, seen = seen.decode(errors="replace"), b""
        return shown

    try:
        until("jixiao> ")
        # Tab completes 项目预 as far as 项目预算 and 项目预算同比 agree; readline takes the keys in order
        os.write(fd, "SELECT count(*) AS n FROM 项目预".encode() + b"\t;\r")
        assert "│ 13 │" in until("jixiao> ")
        os.write(fd, b".quit\r")
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0
    history = (tmp_path / "jixiao" / "shell_history").read_text(encoding="utf-8").splitlines()
    assert history == ["SELECT count(*) AS n FROM 项目预算;", ".quit"]
