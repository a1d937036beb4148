"""Copies of the sample with one defect each, loaded in one batch with the sample itself: each copy
fails exactly the checks its defect breaks, is held in quarantine whole, and nothing of it reaches
the published tables, while the sample in the same batch loads."""

import duckdb
import polars as pl
import pytest

from sources.submission import file_sha256, parse_submission
from validation_defects import DEFECTS, SAMPLE_WARNINGS, Defect, file_name
from warehouse.connection import published_path
from warehouse.ingest import ingest
from warehouse.model import TABLES, build_frames


@pytest.fixture(scope="module")
def batch(tmp_path_factory, sample_path, sample_text):
    folder = tmp_path_factory.mktemp("defects")
    keys = {}
    for defect in DEFECTS:
        data = defect.edit(sample_text).encode("utf-8")
        (folder / file_name(defect)).write_bytes(data)
        keys[defect.name] = file_sha256(data)
    warehouse = folder / "w" / "jixiao.duckdb"
    report = ingest([folder, sample_path], warehouse)
    return report, warehouse, keys, file_sha256(sample_path.read_bytes())


@pytest.fixture(scope="module")
def published(batch):
    con = duckdb.connect(str(published_path(batch[1])), read_only=True)
    yield con
    con.close()


def test_the_sample_loads_and_every_defective_copy_is_held(batch, sample_path):
    report, _, keys, sample_key = batch
    assert [s.sha256 for s in report.loaded] == [sample_key]
    assert {s.sha256 for s in report.quarantined} == set(keys.values())
    assert not report.ok  # the command exits non-zero when something was held back


@pytest.mark.parametrize("defect", DEFECTS, ids=[d.name for d in DEFECTS])
def test_the_defect_fails_its_check_and_nothing_of_it_is_published(defect: Defect, batch, published):
    report, warehouse, keys, sample_key = batch
    folder, key = warehouse.parent.parent, keys[defect.name]
    results = report.findings.filter(pl.col("submission_key") == key)
    assert set(results.filter(pl.col("severity") == "error")["check_name"]) == defect.failing
    warnings = results.filter(pl.col("severity") == "warn").explode("details")
    assert {(c, d["subject"]) for c, d in warnings.select("check_name", "details").iter_rows()} == SAMPLE_WARNINGS

    row = results.filter(pl.col("check_name") == defect.check)["details"].to_list()[0][0]
    assert row["file"].endswith(file_name(defect))
    assert (row["subject"], row["line"]) == (defect.subject, defect.line)
    assert defect.found in row["found"]
    assert row["difference"] == defect.difference

    whole = build_frames([parse_submission(folder / file_name(defect))])  # every row the file gives
    for table in TABLES:
        if table != "departments":
            assert published.execute(f"SELECT count(*) FROM {table} WHERE submission_key = ?", [key]).fetchone() == (0,)
            held = published.execute(f"SELECT count(*) FROM quarantine.{table} WHERE submission_key = ?", [key])
            assert held.fetchone() == (whole[table].height,), table
    assert published.execute("SELECT status, failed_checks FROM quarantine.holds WHERE submission_key = ?",
                             [key]).fetchone() == ("held", sorted(defect.failing))
    # the sample of the same batch is there, whole
    assert published.execute("SELECT count(*) FROM documents WHERE submission_key = ?", [sample_key]).fetchone() == (14,)


def test_the_published_tables_hold_the_sample_only(batch, published):
    _, _, _, sample_key = batch
    for table in TABLES:
        if table != "departments":
            others = published.execute(f"SELECT count(*) FROM {table} WHERE submission_key <> ?", [sample_key]).fetchone()
            assert others == (0,), table
    assert published.execute("SELECT count(*), sum(total_amount_yuan) FROM projects").fetchone()[0] == 13
    quarantined = published.execute("SELECT count(DISTINCT submission_key) FROM quarantine.documents").fetchone()
    assert quarantined == (len(DEFECTS),)
