"""Every check jixiao runs, with its default severity: the row-level expectations of the suites and
each reconciliation with its companion (the check that says when one of its sides is not printed).
A validation policy (expectations.policy) changes severities of this list; validate runs it."""

from __future__ import annotations

from expectations.checks import CheckSpec
from expectations.reconciliation import reconciliations
from expectations.suites import all_expectations


def default_checks() -> list[CheckSpec]:
    return [e.spec() for e in all_expectations()] + [c for r in reconciliations() for c in (r.spec, r.companion)]
