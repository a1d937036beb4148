"""Refresh from the landing folder: the sensor (one run per batch of new files, nothing for files
seen before or merely touched), the daily schedule, the run they start, and budget_year.toml."""

from __future__ import annotations

import hashlib
import os
from contextlib import nullcontext
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.assets import INGEST_ASSETS
from pipelines.definitions import defs
from pipelines.landing import landing_schedule, landing_sensor
from pipelines.partitions import partition_key
from pipelines.resources import LandingResource, WarehouseResource
from sources.year_override import YearOverrideError
from warehouse.archive import archived_path
from warehouse.discover import discover
from warehouse.folders import archive_folder
from warehouse.ingest import parse_pending, read_pending
from warehouse.landing import decode_seen


def department_copy(sample_text: str, n: int) -> str:
    """The sample for another department: different content, its own keys."""
    return sample_text.replace("吴川市", f"第{n}号吴川市")


@pytest.fixture()
def landing(tmp_path, sample_text):
    folder = tmp_path / "landing"
    (folder / "2024").mkdir(parents=True)
    (folder / "2024" / "a.txt").write_text(sample_text, encoding="utf-8")
    (folder / "2024" / "b.txt").write_text(department_copy(sample_text, 1), encoding="utf-8")
    return folder


def evaluate(landing, tmp_path, cursor=None, max_files_per_run=200, instance=None):
    resources = {"landing": LandingResource(folder=str(landing), max_files_per_run=max_files_per_run),
                 "warehouse": WarehouseResource(database=str(tmp_path / "w.duckdb"))}
    with dg.DagsterInstance.ephemeral() if instance is None else nullcontext(instance) as current:
        context = dg.build_sensor_context(instance=current, cursor=cursor, resources=resources)
        result = landing_sensor(context)
        for request in result.dynamic_partitions_requests or []:
            current.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))
        return result


def content_key(path: Path) -> str:
    return partition_key(hashlib.sha256(path.read_bytes()).hexdigest())


def batch_keys(result) -> list[list[str]]:
    """The partitions each run asks for, in the order the sensor added them."""
    [added] = result.dynamic_partitions_requests
    order = list(added.partition_keys)
    runs = []
    for request in result.run_requests:
        if request.partition_key:
            runs.append([request.partition_key])
        else:
            first, last = (order.index(request.tags[f"dagster/asset_partition_range_{end}"]) for end in ("start", "end"))
            runs.append(order[first:last + 1])
    return runs


def test_definitions_have_the_sensors_and_the_schedule():
    assert defs.resolve_sensor_def("landing_sensor").job_name == "ingest_job"
    schedule = defs.resolve_schedule_def("landing_schedule")
    assert schedule.job_name == "ingest_job" and schedule.cron_schedule == "0 6 * * *"
    assert defs.resolve_sensor_def("report_after_loads") is not None


def test_sensor_asks_one_run_for_the_batch_then_nothing(tmp_path, landing):
    first = evaluate(landing, tmp_path)
    assert len(first.run_requests) == 1
    assert batch_keys(first) == [[content_key(landing / "2024" / "a.txt"), content_key(landing / "2024" / "b.txt")]]
    assert set(decode_seen(first.cursor)) == {"2024/a.txt", "2024/b.txt"}

    again = evaluate(landing, tmp_path, first.cursor)
    assert again.run_requests == [] and again.skip_reason.skip_message == f"no new or changed files in {landing}"

    # touched: a new mtime, the same content -> no reload, and the cursor learns the new mtime
    touched = landing / "2024" / "a.txt"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    after_touch = evaluate(landing, tmp_path, again.cursor)
    assert after_touch.run_requests == []
    assert decode_seen(after_touch.cursor)["2024/a.txt"].mtime_ns == touched.stat().st_mtime_ns
    assert evaluate(landing, tmp_path, after_touch.cursor).run_requests == []


def test_sensor_sees_changed_content_and_ignores_copies(tmp_path, landing, sample_text):
    seen = evaluate(landing, tmp_path).cursor
    (landing / "2024" / "copy-of-a.txt").write_bytes((landing / "2024" / "a.txt").read_bytes())
    (landing / "2024" / "b.txt").write_text(department_copy(sample_text, 2), encoding="utf-8")
    result = evaluate(landing, tmp_path, seen)
    assert batch_keys(result) == [[content_key(landing / "2024" / "b.txt")]]
    # the same file with new content again is a new run key, never confused with the first one
    first_key = evaluate(landing, tmp_path).run_requests[0].run_key
    assert result.run_requests[0].run_key != first_key


def test_sensor_batches_many_files(tmp_path, landing, sample_text):
    for n in range(2, 7):
        (landing / f"d{n}.txt").write_text(department_copy(sample_text, n), encoding="utf-8")
    result = evaluate(landing, tmp_path, max_files_per_run=3)
    assert [len(keys) for keys in batch_keys(result)] == [3, 3, 1]
    assert len({r.run_key for r in result.run_requests}) == 3


def test_the_sensors_run_loads_the_batch(tmp_path, landing):
    warehouse = tmp_path / "w.duckdb"
    with dg.DagsterInstance.ephemeral() as instance:
        request = evaluate(landing, tmp_path, instance=instance).run_requests[0]
        result = dg.materialize(INGEST_ASSETS, instance=instance, tags=request.tags,
                                resources={"warehouse": WarehouseResource(database=str(warehouse)),
                                           "landing": LandingResource(folder=str(landing))})
        assert result.success
        assert len(instance.get_materialized_partitions(dg.AssetKey("submissions"))) == 2
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT count(*), count(DISTINCT department_key) FROM current_projects").fetchone() == (26, 2)
    files = con.execute("SELECT file_path, submission_key FROM submissions").fetchall()
    con.close()
    # both raw files archived by content beside the warehouse
    assert sorted(Path(path).name for path, _ in files) == ["a.txt", "b.txt"]
    assert all(archived_path(archive_folder(warehouse), key, ".txt").read_bytes() == Path(path).read_bytes()
               for path, key in files)


def test_schedule_asks_for_what_has_no_materialized_partition(tmp_path, landing):
    resources = {"landing": LandingResource(folder=str(landing)),
                 "warehouse": WarehouseResource(database=str(tmp_path / "w.duckdb"))}
    keys = sorted(content_key(landing / "2024" / name) for name in ("a.txt", "b.txt"))
    with dg.instance_for_test() as instance:  # a schedule's context needs a persistent instance
        requests = landing_schedule(dg.build_schedule_context(instance=instance, resources=resources))
        assert sorted(r.partition_key for r in requests) == keys
        assert sorted(instance.get_dynamic_partitions("submission")) == keys
        assert dg.materialize(INGEST_ASSETS, instance=instance, partition_key=keys[0], resources=resources).success
        again = landing_schedule(dg.build_schedule_context(instance=instance, resources=resources))
        assert [r.partition_key for r in again] == [keys[1]]  # the loaded one is not asked again
        assert sorted(instance.get_dynamic_partitions("submission")) == keys
    missing = {**resources, "landing": LandingResource(folder=str(tmp_path / "nowhere"))}
    assert isinstance(landing_schedule(dg.build_schedule_context(resources=missing)), dg.SkipReason)


def test_landing_folder_defaults_beside_the_warehouse(tmp_path, monkeypatch):
    monkeypatch.delenv("JIXIAO_LANDING", raising=False)
    assert LandingResource().path(tmp_path / "data" / "warehouse" / "jixiao.duckdb") == (tmp_path / "data" / "landing").resolve()
    monkeypatch.setenv("JIXIAO_LANDING", str(tmp_path / "inbox"))
    assert LandingResource().path(tmp_path / "w.duckdb") == (tmp_path / "inbox").resolve()


def years_of(landing, budget_year=None):
    files, passed_over = discover([landing])
    assert passed_over == []  # the override files are not submissions
    return {Path(sub.path).name: (sub.budget_year, sub.year_source)
            for sub in parse_pending(read_pending(files), budget_year)}


def test_budget_year_override_files(landing, sample_text):
    (landing / "budget_year.toml").write_text("budget_year = 2023\n", encoding="utf-8")
    (landing / "2024" / "budget_year.toml").write_text('[files]\n"b.txt" = 2022\n', encoding="utf-8")
    (landing / "c.txt").write_text(department_copy(sample_text, 3), encoding="utf-8")
    assert years_of(landing) == {
        "a.txt": (2023, f"override {landing / 'budget_year.toml'}"),  # 2024/ has no say on a.txt: the folder above
        "b.txt": (2022, f"override {landing / '2024' / 'budget_year.toml'} [files] b.txt"),
        "c.txt": (2023, f"override {landing / 'budget_year.toml'}"),
    }
    # --year (budget_year of the Dagster config) still wins over every file
    assert set(years_of(landing, 2021).values()) == {(2021, "explicit")}


def test_a_broken_override_file_stops_the_load_naming_it(landing):
    override = landing / "budget_year.toml"
    override.write_text("year = 2023\n", encoding="utf-8")
    with pytest.raises(YearOverrideError, match=f"^{override}: unknown key\\(s\\) year"):
        years_of(landing)
    override.write_text('budget_year = "2023"\n', encoding="utf-8")
    with pytest.raises(YearOverrideError, match="budget_year: 「2023」 is not a budget year"):
        years_of(landing)
    override.write_text("budget_year = 2023\n", encoding="utf-8")  # fixed: the files are read with it
    assert {year for year, _ in years_of(landing).values()} == {2023}
