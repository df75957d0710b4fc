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
    assert schedule.job_name == "nightly_job"
