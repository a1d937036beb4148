"""A target that is a signed change (下降5%, 提高3个百分点) is no level: the % range check leaves it alone
and year over year does not compare it with a level."""

import duckdb
import pytest

from expectations.validate import validate_frames
from sample_variants import edit_project
from sources.submission import parse_submission
from warehouse.ingest import ingest
from warehouse.model import build_frames

PROJECT = "劳动保障监察"
INDICATOR = "劳动保障监察监管信息上线率"


def _with_target(sample_text, tmp_path, name, year, target):
    path = tmp_path / f"wuchuan-hrss-{year}-{name}.txt"
    path.write_text(edit_project(sample_text, PROJECT, f"{INDICATOR}\t70%\t70%", f"{INDICATOR}\t{target}\t{target}")
                    .replace("2024", str(year)), encoding="utf-8")
    return path


def test_a_decrease_in_percent_is_not_a_rate_below_zero(sample_text, tmp_path):
    path = _with_target(sample_text, tmp_path, "down", 2024, "下降5%")
    frames = build_frames([parse_submission(path)])
    value = frames["indicator_values"].filter(frames["indicator_values"]["value_raw"] == "下降5%").row(0, named=True)
    assert (value["number"], value["unit"], value["is_change"]) == (-5, "%", True)
    results = validate_frames(frames).results
    percent = results.filter(results["check_name"] == "indicator_values.percent_within_0_100")
    assert percent["passed"].to_list() == [True]


@pytest.mark.parametrize("before, after, expected", [
    ("70%", "提高5%", "not_comparable"),      # a level, then a change
    ("下降5%", "下降10%", "lowered"),          # two changes compare: -10 < -5
    ("70%", "75%", "raised"),                  # two levels, as ever
])
def test_year_over_year_compares_a_change_only_with_a_change(sample_text, tmp_path, before, after, expected):
    files = [_with_target(sample_text, tmp_path, "a", 2024, before), _with_target(sample_text, tmp_path, "b", 2025, after)]
    warehouse = tmp_path / "w.duckdb"
    assert ingest(files, warehouse).ok
    con = duckdb.connect(str(warehouse), read_only=True)
    row = con.execute("SELECT value_change, number_change FROM v_indicator_target_yoy WHERE indicator_name = ?",
                      [INDICATOR]).fetchone()
    con.close()
    assert row[0] == expected
    assert (row[1] is None) == (expected == "not_comparable")
