"""The budget years the warehouse accepts, in one place: a year outside them is a typing error
(the validation suites quarantine it; an override or alias file naming one is refused)."""

FIRST_YEAR, LAST_YEAR = 2000, 2100


def is_budget_year(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR
