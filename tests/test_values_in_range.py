"""Every printed value in range or refused: an amount, a year, a count or a target beyond what the
warehouse types hold is that file's error (or, for a target, text with a warning), named with the
cell and the limit — never a traceback, never a silently empty column."""

from __future__ import annotations

from pathlib import Path

import pytest

from sources.submission import parse_submission
from warehouse.ingest import ingest
from warehouse.model import build_frames

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "samples" / "wuchuan-hrss-2024.txt"


def variant(tmp_path, name, old, new):
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def warnings_of(path):
    frames = build_frames([parse_submission(path)])
    return [(w["code"], w["severity"], w["message"]) for w in frames["parse_warnings"].to_dicts()], frames


@pytest.mark.parametrize("printed", ["99999999999999999万元", "123456789012345678901234567890元",
                                     "10000000000000000.00元"])
def test_an_amount_beyond_decimal_18_2_is_an_error_naming_the_cell(tmp_path, printed):
    path = variant(tmp_path, "big-2024.txt", "总金额\t77000.00元", f"总金额\t{printed}")
    warned, frames = warnings_of(path)
    assert ("amount_out_of_range", "error",
            f"总金额 「{printed}」: more than the warehouse holds (at most 9,999,999,999,999,999.99元)") in warned
    assert frames["projects"]["total_amount_yuan"][0] is None


def test_the_largest_amount_the_warehouse_holds_loads(tmp_path):
    path = variant(tmp_path, "max-2024.txt", "总金额\t77000.00元", "总金额\t9999999999999999.99元")
    warned, frames = warnings_of(path)
    assert not [w for w in warned if w[0].startswith("amount")]
    assert str(frames["projects"]["total_amount_yuan"][0]) == "9999999999999999.99"


@pytest.mark.parametrize("old,new,label", [("起始年度\t2024", "起始年度\t99999999999", "起始年度"),
                                           ("\t75\t", "\t9999999999999\t", "财政供养人员数"),
                                           ("起始年度\t2024", "起始年度\t二〇二四", "起始年度")])
def test_a_year_or_count_that_is_no_integer_is_an_error(tmp_path, old, new, label):
    warned, _ = warnings_of(variant(tmp_path, "count-2024.txt", old, new))
    assert [(code, severity) for code, severity, message in warned if message.startswith(label)] == [
        ("number_not_numeric", "error")]


def test_a_target_number_beyond_any_target_is_text_with_a_warning(tmp_path):
    warned, frames = warnings_of(variant(tmp_path, "target-2024.txt", "100%", "1" + "0" * 400 + "%"))
    (row,) = [r for r in frames["indicator_values"].to_dicts() if len(r["value_raw"]) > 100]
    assert (row["number"], row["is_qualitative"]) == (None, True)
    assert [code for code, _, message in warned if "0000000000" in message] == ["value_not_understood"]


def test_a_folder_with_an_out_of_range_file_loads_the_good_one_and_holds_the_other(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good-2024.txt").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    variant(folder, "bad-2024.txt", "总金额\t77000.00元", "总金额\t99999999999999999万元")
    report = ingest([folder], tmp_path / "w.duckdb")
    assert [Path(s.path).name for s in report.loaded] == ["good-2024.txt"]
    assert [Path(s.path).name for s in report.quarantined] == ["bad-2024.txt"]
    assert not report.ok


@pytest.mark.parametrize("printed", ["abc", "1e9"])
def test_a_unit_budget_cell_that_is_no_amount_is_warned_naming_it(tmp_path, printed):
    path = variant(tmp_path, "unit-2024.txt", "\t其他资金\t0\n", f"\t其他资金\t{printed}\n")
    warned, frames = warnings_of(path)
    assert ("amount_not_read", "warn", f"其他资金 「{printed}」: not an amount; not loaded") in warned
    assert "其他资金" not in frames["budget_lines"]["category"].to_list()
