"""Money amounts as exact yuan (DECIMAL(18,2), never floats).

Printed amounts look like `77000.00元`, `674.09` under a `（万元）` header, `1,000万元`. The
conversion is one vectorized Polars expression (`yuan_expr`), so a million amounts convert in one
pass; `parse_yuan` applies the same expression to a single value.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

import polars as pl

YUAN = "元"
WAN_YUAN = "万元"
YUAN_DTYPE = pl.Decimal(18, 2)
# the largest amount DECIMAL(18,2) holds: 16 digits of yuan before the fen
MAX_YUAN_DIGITS = 16
MAX_YUAN_TEXT = "9,999,999,999,999,999.99元"

# the number, its unit (`854万`, or bracketed: `30(万元)`), and a bracketed note after it that details
# the amount (`854万(高标准农田建设400万元,示范建设295万元,畅通工程159万元)`: the 854 is the amount)
_AMOUNT = r"^(-?[0-9]+(?:\.[0-9]+)?|-?\.[0-9]+)(?:(万元|元|万)|[(（](万元|元)[)）])?(?:[(（][^()（）]*[)）])?$"
_AMOUNT_RE = re.compile(_AMOUNT)


def unit_in_header(text: str) -> str | None:
    """The money unit a header states: `预算金额（万元）` -> 万元, `总金额（元）` -> 元."""
    if "万元" in text:
        return WAN_YUAN
    if "元" in text:
        return YUAN
    return None


def _clean(text: str) -> str:
    return re.sub(r"[\s,，]", "", unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=4096)
def looks_like_amount(raw: str) -> bool:
    """True for `674.09`, `77000.00元`, `1,000万元`, `854万(其中…)`; false for text."""
    return bool(_AMOUNT_RE.match(_clean(raw)))


def yuan_printed_expr(raw: pl.Expr, default_unit: pl.Expr) -> pl.Expr:
    """The printed amount in yuan before rounding to the fen (DECIMAL(24,6)), or null for text.

    The unit in the cell wins over `default_unit`. Validation compares it with `yuan_expr` to find
    amounts with more than two decimals in yuan (a fraction of a fen would be lost).
    """
    parts, unit, fits = _amount_parts(raw, default_unit)
    number = pl.when(fits).then(parts.struct.field("1")).cast(pl.Decimal(24, 6), strict=False)
    factor = pl.when(unit.is_in([WAN_YUAN, "万"])).then(pl.lit(10000)).otherwise(pl.lit(1))
    return number * factor.cast(pl.Decimal(24, 6))


def _amount_parts(raw: pl.Expr, default_unit: pl.Expr) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """(number and unit groups, unit, whether the amount fits DECIMAL(18,2) in yuan)."""
    text = raw.str.normalize("NFKC").str.replace_all(r"[\s,，]", "")
    parts = text.str.extract_groups(_AMOUNT)
    unit = pl.coalesce(parts.struct.field("2"), parts.struct.field("3"), default_unit)
    whole = parts.struct.field("1").str.replace(r"^-?0*", "").str.replace(r"\..*$", "")
    scale = pl.when(unit.is_in([WAN_YUAN, "万"])).then(pl.lit(4)).otherwise(pl.lit(0))
    return parts, unit, (whole.str.len_chars() + scale) <= MAX_YUAN_DIGITS


def out_of_range_expr(raw: pl.Expr, default_unit: pl.Expr) -> pl.Expr:
    """True for a printed amount that is a number but more than DECIMAL(18,2) holds in yuan
    (`99999999999999999万元`): an error of its file, never a failed cast."""
    parts, _, fits = _amount_parts(raw, default_unit)
    return parts.struct.field("1").is_not_null() & ~fits


def yuan_expr(raw: pl.Expr, default_unit: pl.Expr) -> pl.Expr:
    """Exact yuan from a printed amount column; the unit in the cell wins over `default_unit`.

    Text that is not an amount gives null (callers report it with its line).
    """
    return yuan_printed_expr(raw, default_unit).round(2).cast(YUAN_DTYPE)


def parse_yuan(raw: str, default_unit: str = YUAN) -> Decimal | None:
    """`yuan_expr` on one value: parse_yuan('674.09', '万元') == Decimal('6740900.00')."""
    frame = pl.DataFrame({"raw": [raw], "unit": [default_unit]})
    return frame.select(yuan_expr(pl.col("raw"), pl.col("unit"))).item()
