"""Options several `jixiao` commands share: the warehouse, the validation policy that applies, and
the bounds of a query (timeout, memory)."""

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
