"""The Dagster definitions load, validate and wire the pipeline as docs/INTERFACES.md says."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg

from pipeline.definitions import defs
from pipeline.defs.constants import WRITER_POOL

ROOT = Path(__file__).resolve().parents[1]


def test_definitions_validate():
    dg.Definitions.validate_loadable(defs)


def test_asset_graph_matches_interfaces():
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert {"crawled_reports", "raw_report_files", "parsed_reports", "warehouse_tables", "warehouse_views",
            "dq_findings", "published_warehouse"} <= keys

    def parents(key: str) -> set[str]:
        return {p.to_user_string() for p in graph.get(dg.AssetKey(key)).parent_keys}

    assert parents("raw_report_files") == {"crawled_reports"}
    assert parents("parsed_reports") == {"raw_report_files"}
    assert parents("warehouse_tables") == {"parsed_reports"}
    assert parents("warehouse_views") == {"warehouse_tables"}
    assert {"warehouse_views", "dq_findings"} <= parents("published_warehouse")


def test_every_database_asset_is_in_the_writer_pool():
    for key in ("parsed_reports", "warehouse_tables", "warehouse_views", "published_warehouse"):
        assets_def = defs.resolve_assets_def(key)
        assert assets_def.op.pool == WRITER_POOL, key
        assert "duckdb" in assets_def.specs_by_key[dg.AssetKey(key)].kinds


def test_project_instance_limits_the_pool_to_one(tmp_path, monkeypatch):
    shutil.copy(ROOT / ".dagster_home" / "dagster.yaml", tmp_path / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    instance = dg.DagsterInstance.from_config(str(tmp_path))
    try:
        assert instance.get_concurrency_config().pool_config.default_pool_limit == 1
        assert Path(instance.root_directory) == tmp_path
        assert type(instance.run_storage).__name__ == "SqliteRunStorage"
    finally:
        instance.dispose()


def test_nightly_schedule_is_2am_shanghai():
    schedule = defs.resolve_schedule_def("nightly_schedule")
    assert schedule.cron_schedule == "0 2 * * *"
    assert schedule.execution_timezone == "Asia/Shanghai"
    assert schedule.job_name == "ingest_job"


def test_one_job_on_every_path_with_every_check():
    """Schedule and sensor start ingest_job; it holds every asset and check but the partitioned ones."""
    assert defs.resolve_sensor_def("raw_files_sensor").job_name == "ingest_job"
    job = defs.resolve_job_def("ingest_job")
    assets = {k.to_user_string() for k in job.asset_layer.selected_asset_keys}
    assert assets == {"crawled_reports", "raw_report_files", "parsed_reports", "warehouse_tables", "warehouse_views",
                      "dq_findings", "published_warehouse"}
    all_checks = {k.name for k in defs.resolve_asset_graph().asset_check_keys}
    assert {"parse_failures", "warehouse_keys_unique", "dq_appeal_total"} <= all_checks
    assert {k.name for k in job.asset_layer.asset_graph.asset_check_keys} == all_checks
    assert [j.name for j in defs.resolve_all_job_defs() if not j.name.startswith("__")] == [
        "ingest_job", "parquet_merge_job", "partitioned_parse_job"]


def test_executors_in_process_for_ingest_multiprocess_for_the_bulk_path():
    """ingest_job's steps share one DuckDB file (pool of one): a process per step only costs imports."""
    assert defs.resolve_job_def("ingest_job").executor_def.name == "in_process"
    assert defs.resolve_job_def("partitioned_parse_job").executor_def.name == "multiprocess"


def test_the_blocking_check_gates_publication():
    graph = defs.resolve_asset_graph()
    (keys_check,) = [k for k in graph.asset_check_keys if k.name == "warehouse_keys_unique"]
    assert keys_check.asset_key == dg.AssetKey("warehouse_tables")
    assert defs.resolve_job_def("ingest_job").asset_layer.asset_graph.get_check_spec(keys_check).blocking
