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
