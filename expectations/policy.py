"""The validation policy: which checks quarantine (error), which load the table without the fields
they contradict (withhold: only the checks that name such fields) and which only annotate (warn).

The defaults are the severities written beside each check (expectations/suites.py, the headers of
expectations/sql/*.sql; the table in docs/validation.md). A bureau makes a check stricter or looser
without code changes, in a TOML file:

    [severity]
    "projects.current_year_amount_present" = "error"   # our tables always print 当年度金额
    "reconcile.unit_budget_balances" = "warn"

Which file applies is decided once, at the edge (the CLI and the Dagster resource call
`resolve_policy`): `--policy FILE`, else $JIXIAO_POLICY, else `validation_policy.toml` in the
warehouse's folder when there is one, else none (the defaults). What is resolved is a `Policy`,
passed down to `expectations.validate.validate_frames`; nothing below reads the environment.
A file naming a check that does not exist, a severity other than error / withhold / warn, or withhold
for a check that names no field to leave empty, is refused with the file and the key.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from expectations.checks import SEVERITIES, WITHHOLD, CheckSpec
from expectations.catalogue import default_checks
from warehouse.folders import chosen_path

POLICY_FILE = "validation_policy.toml"  # beside the warehouse file
POLICY_VARIABLE = "JIXIAO_POLICY"
SECTION = "severity"


class PolicyError(ValueError):
    """A policy file that cannot be used: it names the file and the key at fault."""


@dataclass(frozen=True)
class Policy:
    """Severities that differ from the defaults, by check name; `source` is the file they came from."""

    severities: tuple[tuple[str, str], ...] = ()
    source: str | None = None

    def apply(self, checks: list[CheckSpec]) -> list[CheckSpec]:
        chosen = dict(self.severities)
        return [replace(c, severity=chosen[c.name]) if chosen.get(c.name, c.severity) != c.severity else c
                for c in checks]

    def changes(self) -> list[str]:
        """`name: warn → error` for every check whose severity the policy changes."""
        defaults = {c.name: c.severity for c in default_checks()}
        return [f"{name}: {defaults[name]} → {severity}" for name, severity in self.severities
                if defaults[name] != severity]

    def describe(self) -> str | None:
        """One line for the CLI, None when the defaults apply."""
        if self.source is None:
            return None
        changes = self.changes()
        return (f"validation policy {self.source}: " + ("; ".join(changes) if changes else "no severity changed"))


DEFAULT_POLICY = Policy()


def load_policy(path: str | Path) -> Policy:
    """The policy of a TOML file (see the module docstring); PolicyError when it cannot be used."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PolicyError(f"validation policy {path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"validation policy {path}: cannot be read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"validation policy {path}: not valid TOML: {exc}") from None
    unknown = sorted(set(data) - {SECTION})
    if unknown:
        raise PolicyError(f"validation policy {path}: unknown key {unknown[0]!r}; the file has one table, [{SECTION}]")
    table = data.get(SECTION, {})
    if not isinstance(table, dict):
        raise PolicyError(f"validation policy {path}: {SECTION} must be a table: [{SECTION}] then "
                          '"check.name" = "error", "withhold" or "warn" lines')
    defaults = {c.name: c for c in default_checks()}
    known = list(defaults)
    severities = []
    for name, value in table.items():
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else " (the checks are listed in docs/validation.md)"
            raise PolicyError(f"validation policy {path}: [{SECTION}] {name!r}: no such check{hint}")
        severity = value.strip().lower() if isinstance(value, str) else value
        if severity not in SEVERITIES:
            raise PolicyError(f"validation policy {path}: [{SECTION}] {name!r} = {value!r}: "
                              f"a severity is {' or '.join(map(repr, SEVERITIES))}")
        if severity == WITHHOLD and not defaults[name].withholds:
            able = ", ".join(n for n, c in defaults.items() if c.withholds)
            raise PolicyError(f"validation policy {path}: [{SECTION}] {name!r} = {value!r}: this check names no "
                              f"field to leave empty; only these can withhold: {able}")
        severities.append((name, severity))
    return Policy(tuple(sorted(severities)), str(path))


def policy_path(explicit: str | Path | None, warehouse: Path | None) -> Path | None:
    """The policy file that applies: explicit, else $JIXIAO_POLICY, else validation_policy.toml in
    the warehouse's folder if it exists, else None (the defaults)."""
    beside = warehouse.parent / POLICY_FILE if warehouse is not None else None
    return chosen_path(explicit, POLICY_VARIABLE, beside if beside is not None and beside.is_file() else None)


def resolve_policy(explicit: str | Path | None, warehouse: Path | None) -> Policy:
    """The policy for a load into (or a check for) `warehouse`; call it at the edge, once."""
    path = policy_path(explicit, warehouse)
    return load_policy(path) if path is not None else DEFAULT_POLICY
