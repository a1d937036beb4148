"""Options several `jixiao` commands share: the warehouse, and the validation policy that applies."""

from __future__ import annotations

import click

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
