"""`jixiao shell`: an interactive SQL shell on the published snapshot, read-only.

On a terminal it reads statements with readline: Tab completes table, view and column names
(`项目预算.` then Tab lists that view's columns) and SQL keywords; history is kept in
`$XDG_DATA_HOME/jixiao/shell_history` (default ~/.local/share/jixiao/). Piped, it runs the
statements of its standard input, prints each result, and exits 2 if one failed. A statement ends
with `;`; results print as `jixiao sql` prints them. The engine, and why it can write nothing:
warehouse.session.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterable

import click
from rich.table import Table

from pipelines.cli.options import warehouse_option
from pipelines.cli.results import print_rows
from pipelines.cli.terminal import console, errors, fail
from sources.settings import user_data_dir
from warehouse.connection import warehouse_path
from warehouse.query import QueryError
from warehouse.session import DEFAULT_TIMEOUT, Session

FORMATS = ("table", "csv", "json", "markdown")
HELP = """\
Statements end with ; and may span lines. Only queries run (SELECT, WITH, FROM, DESCRIBE, SHOW,
SUMMARIZE, EXPLAIN) on the published snapshot; the warehouse is loaded by `jixiao ingest`.
  .tables            the tables and views analysts query, with what each holds
  .schema NAME       a table's or view's columns, types and comments
  .format FORMAT     table (default), csv, json or markdown
  .timeout SECONDS   stop a statement running longer (0: never)
  .reopen            read the newest published snapshot (after a load)
  .help              this text
  .quit              leave (also .exit, Ctrl-D)
Tab completes table, view and column names (after NAME. the columns of NAME) and keywords."""
# readline splits words at these; not at `.`, so `项目预算.` completes the view's columns
WORD_DELIMITERS = " \t\n`~!@#$%^&*()-=+[{]}\\|;:',<>/?\""


def history_path() -> Path:
    """Where the shell keeps its history: the user's data dir ($XDG_DATA_HOME or ~/.local/share)."""
    return user_data_dir() / "jixiao" / "shell_history"


class Shell:
    """Lines in, results out: the same for a terminal and a pipe (`feed` one line at a time)."""

    def __init__(self, session: Session, fmt: str = "table"):
        self.session = session
        self.fmt = fmt
        self.buffer: list[str] = []
        self.failures = 0
        self.done = False

    @property
    def prompt(self) -> str:
        return "   ...> " if self.buffer else "jixiao> "

    def feed(self, line: str) -> None:
        stripped = line.strip()
        if not self.buffer and stripped.startswith("."):
            self.command(stripped)
            return
        if stripped:
            self.buffer.append(line)
        if stripped.endswith(";"):
            self.flush()

    def flush(self) -> None:
        """Run what the buffer holds (at a `;`, or at the end of the input)."""
        sql, self.buffer = "\n".join(self.buffer).strip(), []
        if not sql:
            return
        try:
            result = self.session.run(sql)
        except (QueryError, KeyboardInterrupt) as exc:
            self.error(exc if isinstance(exc, QueryError) else "interrupted")
            return
        print_rows(result.columns, result.rows, self.fmt)

    def error(self, message: object) -> None:
        self.failures += 1
        errors.print(f"error: {message}", markup=False)

    def command(self, text: str) -> None:
        name, _, argument = text.partition(" ")
        argument = argument.strip()
        if name in (".quit", ".exit"):
            self.done = True
        elif name == ".help":
            console.print(HELP, markup=False, highlight=False)
        elif name == ".tables":
            self.print_relations()
        elif name == ".schema" and argument:
            self.print_schema(argument.strip('"'))
        elif name == ".format" and argument in FORMATS:
            self.fmt = argument
        elif name == ".timeout" and _is_number(argument):
            self.session.timeout = float(argument) or None
        elif name == ".reopen":
            self.session.reopen()
        else:
            self.error(f"{text}: not a shell command; .help lists them")

    def print_relations(self) -> None:
        table = Table("name", "kind", "comment")
        for row in self.session.relations():
            table.add_row(*row)
        console.print(table)

    def print_schema(self, name: str) -> None:
        described = self.session.describe(name)
        if described is None:
            self.error(f"no table or view named {name!r}; .tables lists them")
            return
        comment, columns = described
        title = comment if comment.startswith(name) else f"{name}: {comment}".rstrip(": ")
        table = Table("column", "type", "comment", title=title)
        for row in columns:
            table.add_row(*row)
        console.print(table)

    def run_lines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.feed(line.rstrip("\n"))
            if self.done:
                return
        self.flush()  # a last statement without its `;`


def _is_number(text: str) -> bool:
    try:
        return float(text) >= 0
    except ValueError:
        return False


def interactive(shell: Shell) -> None:
    """Read lines from the terminal with readline: completion and a history file."""
    import readline

    history = history_path()
    history.parent.mkdir(parents=True, exist_ok=True)
    if history.exists():
        readline.read_history_file(history)
    readline.set_history_length(2000)
    readline.set_completer_delims(WORD_DELIMITERS)
    readline.set_completer(_completer(shell.session))
    readline.parse_and_bind("tab: complete")
    console.print(f"jixiao shell on {_shown(shell.session.warehouse)} (read-only); .help for help, .quit to leave",
                  markup=False, highlight=False)
    try:
        while not shell.done:
            try:
                shell.feed(input(shell.prompt))
            except KeyboardInterrupt:  # Ctrl-C drops the statement being typed
                shell.buffer = []
                console.print()
            except EOFError:
                console.print()
                shell.flush()
                break
    finally:
        readline.write_history_file(history)


def _shown(path: Path) -> Path:
    """The warehouse as the user would type it: relative to the working directory when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _completer(session: Session):
    import readline

    matches: list[str] = []

    def complete(text: str, state: int) -> str | None:
        if state == 0:
            line, start = readline.get_line_buffer(), readline.get_begidx()
            quoted = start > 0 and line[start - 1] == '"'
            try:
                matches[:] = session.completions(text, quoted)
            except Exception:  # a completer must never raise into readline
                matches[:] = []
        return matches[state] if state < len(matches) else None

    return complete


@click.command("shell")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="How results print (as `jixiao sql --format`); `.format` changes it in the shell.")
@click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT, show_default=True,
              help="Stop a statement running longer than this many seconds (0: never).")
@warehouse_option
def shell_command(fmt: str, timeout: float, warehouse: str | None) -> None:
    """An interactive, read-only SQL shell on the published warehouse (completion, history)."""
    try:
        session = Session(warehouse_path(warehouse), timeout)
    except FileNotFoundError as exc:
        fail(exc, 2)
    shell = Shell(session, fmt)
    try:
        if sys.stdin.isatty():
            interactive(shell)
        else:
            shell.run_lines(sys.stdin)
    finally:
        session.close()
    if shell.failures and not sys.stdin.isatty():
        sys.exit(2)
