"""The Dagster definitions: one partition per submission, added by the landing sensor; a run of
partitions loads exactly what `jixiao ingest` loads; rerunning a partition changes nothing; the
report follows each load."""

import dagster as dg
import duckdb
import polars as pl
from click.testing import CliRunner

from pipelines.assets import INGEST_ASSETS
from pipelines.cli import main
from pipelines.definitions import defs
from pipelines.landing import landing_sensor
from pipelines.partitions import SUBMISSIONS, partition_key
from pipelines.resources import LandingResource, WarehouseResource
from reliability_support import sample_variant
from warehouse.connection import published_path, write_lock
from warehouse.model import TABLES


def department_copy(sample_text: str, n: int) -> str:
    return sample_text.replace("吴川市", f"第{n}号吴川市")


def resources(landing, warehouse):
    return {"landing": LandingResource(folder=str(landing)), "warehouse": WarehouseResource(database=str(warehouse))}


def sensor_tick(instance, landing, warehouse, cursor=None):
    """One evaluation of the landing sensor, its new partitions added as the daemon would."""
    context = dg.build_sensor_context(instance=instance, cursor=cursor, resources=resources(landing, warehouse))
    result = landing_sensor(context)
    for request in result.dynamic_partitions_requests or []:
        instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))
    return result


def run(instance, request, landing, warehouse, raise_on_error=True):
    return dg.materialize(INGEST_ASSETS, instance=instance, partition_key=request.partition_key,
                          tags=request.tags, resources=resources(landing, warehouse), raise_on_error=raise_on_error)


def tables(warehouse) -> dict[str, pl.DataFrame]:
    """Every warehouse table, sorted, without the load's timestamps."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        frames = {}
        for table in TABLES:
            frame = con.sql(f"SELECT * FROM {table}").pl()
            frame = frame.drop([c for c in frame.columns if c.endswith("_at")])
            frames[table] = frame.sort(frame.columns, nulls_last=True)
        return frames
    finally:
        con.close()


def test_definitions_load():
    graph = defs.resolve_asset_graph()
    assert {key.to_user_string() for key in graph.get_all_asset_keys()} == {"submissions", "analyst_report"}
    assert graph.get(dg.AssetKey("submissions")).partitions_def == SUBMISSIONS
    assert len(list(graph.asset_check_keys)) == 17  # one per table's suite, one per reconciliation
    assert defs.resolve_job_def("ingest_job").partitions_def == SUBMISSIONS


def test_partitions_load_what_the_cli_loads_and_a_rerun_changes_nothing(tmp_path, sample_text):
    landing = tmp_path / "landing"
    landing.mkdir()
    for n in range(3):
        (landing / f"dept{n}-2024.txt").write_text(department_copy(sample_text, n), encoding="utf-8")
    warehouse = tmp_path / "dagster" / "jixiao.duckdb"
    with dg.DagsterInstance.ephemeral() as instance:
        tick = sensor_tick(instance, landing, warehouse)
        assert len(tick.run_requests) == 1  # one batch: a range over the three new partitions
        keys = instance.get_dynamic_partitions("submission")
        assert len(keys) == 3 and tick.run_requests[0].tags["dagster/asset_partition_range_start"] == keys[0]
        result = run(instance, tick.run_requests[0], landing, warehouse)
        assert result.success
        assert instance.get_materialized_partitions(dg.AssetKey("submissions")) == set(keys)
        [meta] = [m.metadata for m in result.asset_materializations_for_node("submissions")][:1]
        assert meta["loaded"].value == 3 and meta["indicators"].value == 3 * 84
        first = tables(warehouse)

        again = run(instance, dg.RunRequest(partition_key=keys[1]), landing, warehouse)  # rerun one partition
        assert again.success
        meta = again.asset_materializations_for_node("submissions")[0].metadata
        assert meta["unchanged"].value == 1 and meta["loaded"].value == 0
        assert all(tables(warehouse)[t].equals(first[t]) for t in TABLES)
        assert sensor_tick(instance, landing, warehouse, tick.cursor).run_requests == []

    cli = tmp_path / "cli" / "jixiao.duckdb"
    assert CliRunner().invoke(main, ["ingest", str(landing), "--warehouse", str(cli)]).exit_code == 0
    by_cli = tables(cli)
    assert [t for t in TABLES if not first[t].equals(by_cli[t])] == []
    assert first["indicators"].height == 3 * 84


def test_checks_show_the_quarantine_and_warnings(tmp_path, sample_text):
    landing = tmp_path / "landing"
    landing.mkdir()
    # 基本支出 674.09 → 675.09: the unit budget no longer balances, an ERROR, the file held back
    (landing / "bad-2024.txt").write_text(sample_text.replace("\t基本支出\t674.09\t", "\t基本支出\t675.09\t", 1),
                                          encoding="utf-8")
    # another department's 起始年度 2025 after 到期年度 2024: both years withheld, the file loads
    (landing / "years-2024.txt").write_text(sample_variant(sample_text, 1).replace("起始年度\t2024", "起始年度\t2025", 1),
                                            encoding="utf-8")
    warehouse = tmp_path / "jixiao.duckdb"
    with dg.DagsterInstance.ephemeral() as instance:
        requests = sensor_tick(instance, landing, warehouse).run_requests
        assert len(requests) == 1 and len(instance.get_dynamic_partitions("submission")) == 2
        result = run(instance, requests[0], landing, warehouse)
    checks = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert len(checks) == 17
    warned = [c for c in checks.values() if not c.passed and c.severity == dg.AssetCheckSeverity.WARN]
    assert warned  # the sample's missing 满意度指标 and repeated 指标6 are warnings, not failures
    metadata = result.asset_materializations_for_node("submissions")[0].metadata
    assert (metadata["quarantined"].value, metadata["loaded"].value) == (1, 1)
    balance = checks["reconcile_unit_budget_balances"]
    assert not balance.passed and balance.severity == dg.AssetCheckSeverity.ERROR
    assert "| bad-2024.txt | 吴川市人力资源和社会保障局 | 9 |" in balance.metadata["failing_rows_first"].value
    projects = checks["suite_projects"]  # withheld, not held: a warning
    assert not projects.passed and projects.severity == dg.AssetCheckSeverity.WARN
    assert "| years-2024.txt | 社保扩面征收工作经费 | 31 | 起始年度 ≤ 到期年度 |" in projects.metadata["failing_rows_first"].value
    assert projects.metadata["submissions_withholding_fields"].value == 1


def test_a_moved_file_fails_its_partition_with_the_reason(tmp_path, sample_path):
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / sample_path.name).write_bytes(sample_path.read_bytes())
    with dg.DagsterInstance.ephemeral() as instance:
        [request] = sensor_tick(instance, landing, tmp_path / "w.duckdb").run_requests
        (landing / sample_path.name).unlink()
        result = run(instance, request, landing, tmp_path / "w.duckdb", raise_on_error=False)
    assert not result.success
    failure = [e for e in result.all_events if e.event_type_value == "STEP_FAILURE"][0]
    assert f"holds the content of partition(s) {request.partition_key}" in failure.event_specific_data.error.to_string()


def test_locked_warehouse_fails_the_run_at_once(tmp_path, sample_path):
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / sample_path.name).write_bytes(sample_path.read_bytes())
    with dg.DagsterInstance.ephemeral() as instance, write_lock(tmp_path / "w.duckdb"):
        [request] = sensor_tick(instance, landing, tmp_path / "w.duckdb").run_requests
        result = run(instance, request, landing, tmp_path / "w.duckdb", raise_on_error=False)
    assert not result.success
    failure = [e for e in result.all_events if e.event_type_value == "STEP_FAILURE"][0]
    assert "is being written by pid" in failure.event_specific_data.error.to_string()


def test_the_report_follows_a_load(tmp_path, sample_path):
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / sample_path.name).write_bytes(sample_path.read_bytes())
    warehouse = tmp_path / "w.duckdb"
    with dg.DagsterInstance.ephemeral() as instance:
        [request] = sensor_tick(instance, landing, warehouse).run_requests
        before = dg.evaluate_automation_conditions(defs=defs, instance=instance)
        assert before.total_requested == 0  # nothing loaded yet: no report
        assert run(instance, request, landing, warehouse).success
        after = dg.evaluate_automation_conditions(defs=defs, instance=instance, cursor=before.cursor)
        assert after.get_num_requested(dg.AssetKey("analyst_report")) == 1 and after.total_requested == 1
    con = duckdb.connect(str(published_path(warehouse)), read_only=True)
    assert partition_key(con.execute("SELECT submission_key FROM submissions").fetchone()[0]) == request.partition_key
    con.close()
