"""Money becomes exact yuan (Decimal), never a float."""

from decimal import Decimal

import polars as pl
import pytest

from sources.money import looks_like_amount, parse_yuan, unit_in_header, yuan_expr


@pytest.mark.parametrize("raw,unit,expected", [
    ("674.09", "万元", "6740900.00"),
    ("1442.41", "万元", "14424100.00"),
    ("416.32", "万元", "4163200.00"),
    ("352", "万元", "3520000.00"),
    ("0", "万元", "0.00"),
    ("77000.00元", "元", "77000.00"),
    ("77000.00元", "万元", "77000.00"),  # the unit in the cell wins over the header's
    ("10000万元", "元", "100000000.00"),
    ("1,000,000.50", "元", "1000000.50"),
    ("０.０１万元", "元", "100.00"),
])
def test_amounts_to_exact_yuan(raw, unit, expected):
    value = parse_yuan(raw, unit)
    assert isinstance(value, Decimal) and value == Decimal(expected)


@pytest.mark.parametrize("raw", ["待定", "", "1.2.3", "约10万元", "abc元"])
def test_not_an_amount_is_null(raw):
    assert parse_yuan(raw, "元") is None
    assert not looks_like_amount(raw) or raw == ""


def test_vectorized_over_a_column_keeps_decimals_exact():
    frame = pl.DataFrame({"raw": ["0.1", "0.2", "0.3"], "unit": ["万元"] * 3})
    total = frame.select(yuan_expr(pl.col("raw"), pl.col("unit")).sum()).item()
    assert total == Decimal("6000.00")


def test_unit_in_header():
    assert unit_in_header("预算金额（万元）") == "万元"
    assert unit_in_header("拟投入的资金（万元）") == "万元"
    assert unit_in_header("总金额（元）") == "元"
    assert unit_in_header("名称") is None
