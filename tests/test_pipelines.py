"""The Dagster definitions load, and a materialization fills a temp warehouse like the CLI does."""

import duckdb
import dagster as dg

from pipelines.assets import INGEST_ASSETS
from pipelines.definitions import defs
from pipelines.resources import WarehouseResource
from warehouse.connection import published_path, write_lock


def test_definitions_load():
    repository = defs.get_repository_def()
    keys = {key.to_user_string() for key in repository.asset_graph.get_all_asset_keys()}
    assert keys == {"raw_submissions", "parsed_tables", "normalized_frames", "batch_validation", "warehouse_tables",
                    "analyst_report"}
    assert defs.resolve_job_def("ingest_job") is not None


def _materialize(tmp_path, sample_path, instance):
    return dg.materialize(
        INGEST_ASSETS,
        instance=instance,
        resources={"warehouse": WarehouseResource(database=str(tmp_path / "w.duckdb"))},
        run_config={"ops": {"raw_submissions": {"config": {"paths": [str(sample_path)]}},
                            "parsed_tables": {"config": {"paths": [str(sample_path)]}}}},
    )


def test_materialize_into_a_temp_warehouse(tmp_path, sample_path):
    with dg.DagsterInstance.ephemeral() as instance:
        result = _materialize(tmp_path, sample_path, instance)
        assert result.success
        parsed_meta = result.asset_materializations_for_node("parsed_tables")[0].metadata
        assert parsed_meta["project_tables"].value == 13 and parsed_meta["indicators"].value == 84
        loaded_meta = result.asset_materializations_for_node("warehouse_tables")[0].metadata
        assert loaded_meta["written_indicators"].value == 84
        con = duckdb.connect(str(published_path(tmp_path / "w.duckdb")), read_only=True)
        assert con.execute("SELECT count(*), sum(total_amount_yuan) FROM projects").fetchone()[0] == 13
        con.close()
        # a second run finds nothing new and writes nothing
        again = _materialize(tmp_path, sample_path, instance)
        assert again.success
        assert again.asset_materializations_for_node("raw_submissions")[0].metadata["unchanged"].value == 1
        assert "written_indicators" not in again.asset_materializations_for_node("warehouse_tables")[0].metadata


def test_locked_warehouse_fails_the_run_at_once(tmp_path, sample_path):
    with dg.DagsterInstance.ephemeral() as instance, write_lock(tmp_path / "w.duckdb"):
        result = dg.materialize(
            INGEST_ASSETS, instance=instance, raise_on_error=False,
            resources={"warehouse": WarehouseResource(database=str(tmp_path / "w.duckdb"))},
            run_config={"ops": {"raw_submissions": {"config": {"paths": [str(sample_path)]}}}},
        )
    assert not result.success
    failure = [e for e in result.all_events if e.event_type_value == "STEP_FAILURE"][0]
    assert "is being written by pid" in failure.event_specific_data.error.to_string()
