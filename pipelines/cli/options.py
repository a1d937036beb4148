"""Options several `jixiao` commands share: the warehouse, the validation policy that applies, the
bounds of a query (timeout, memory) and how the binary formats are read."""

from __future__ import annotations

import functools

import click

from warehouse.sandbox import DEFAULT_MEMORY_LIMIT, DEFAULT_TIMEOUT, QueryLimits

warehouse_option = click.option(
    "--warehouse", "warehouse", envvar="JIXIAO_WAREHOUSE", type=click.Path(dir_okay=False),
    default=None, help="Warehouse file (env JIXIAO_WAREHOUSE; default data/warehouse/jixiao.duckdb).",
)

policy_option = click.option(
    "--policy", "policy_file", type=click.Path(dir_okay=False), default=None,
    help="Validation policy: a TOML file of check severities (env JIXIAO_POLICY; default "
         "validation_policy.toml beside the warehouse if there is one, else the built-in ones; docs/validation.md).",
)

follow_links_option = click.option(
    "--follow-links", is_flag=True,
    help="Follow symlinks wherever they lead (default: a symlink given by name, or leading out of the "
         "folder given, is passed over with a line saying so).",
)


def limits_options(command):
    """--timeout and --memory-limit, the bounds of an analyst's query (warehouse.sandbox.QueryLimits);
    the command gets them as one `limits` argument."""
    timeout = click.option(
        "--timeout", "timeout", envvar="JIXIAO_QUERY_TIMEOUT", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT,
        show_default=f"{DEFAULT_TIMEOUT:g}", metavar="SECONDS",
        help="Stop the query after this many seconds, its rows fetched included; 0 for no limit "
             "(env JIXIAO_QUERY_TIMEOUT).")
    memory = click.option(
        "--memory-limit", "memory_limit", envvar="JIXIAO_QUERY_MEMORY", default=DEFAULT_MEMORY_LIMIT,
        show_default=True, metavar="SIZE",
        help="DuckDB's memory limit for the query, e.g. 2GB or 500MB; bigger sorts and joins spill to "
             "a temporary folder (env JIXIAO_QUERY_MEMORY).")

    @functools.wraps(command)
    def with_limits(*args, timeout: float, memory_limit: str, **kwargs):
        return command(*args, limits=QueryLimits(timeout or None, memory_limit), **kwargs)

    return timeout(memory(with_limits))


def isolation_options(command):
    """--read-timeout, --read-memory and --in-process-readers: how the binary formats are read
    (warehouse/isolated_read.py); the command gets `isolation`, a ReadIsolation."""
    from sources.limits import parse_size
    from warehouse.isolated_read import DEFAULT_ISOLATION, ReadIsolation

    def memory(ctx: click.Context, param: click.Parameter, value: str | None) -> int:
        if value is None:
            return DEFAULT_ISOLATION.memory_bytes
        try:
            return parse_size(value, "--read-memory")
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None

    def wrapped(*args, read_timeout: float, read_memory: int, in_process_readers: bool, **kwargs):
        kwargs["isolation"] = ReadIsolation(not in_process_readers, read_memory, read_timeout)
        return command(*args, **kwargs)

    wrapped = functools.wraps(command)(wrapped)  # with the options already declared on it
    for option in reversed([
        click.option("--read-timeout", type=click.FloatRange(min=0.1), default=DEFAULT_ISOLATION.timeout_seconds,
                     show_default=True, help="Seconds one .xlsx/.xls/.docx/.html/.pdf may take in the reader "
                                             "process before it is stopped (the file is retried alone once, then rejected)."),
        click.option("--read-memory", callback=memory, default=None,
                     help="Address-space limit of the reader process (default 2GiB; a unit as in 512MiB)."),
        click.option("--in-process-readers", is_flag=True,
                     help="Read the binary formats in this process (a crashing file then ends the command)."),
    ]):
        wrapped = option(wrapped)
    return wrapped
