"""The partitioned path (Parquet per hash bucket, then one merge) builds the same warehouse as the
single-process path, on the five real samples plus a duplicate and a broken file."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import pytest
from conftest import samples_with_duplicate_and_empty
from dagster_duckdb import DuckDBResource

from pipeline.defs.ingest import run_ingest_job
from pipeline.defs.partitioned import (
    BUCKETS,
    PARTITIONED_ASSETS,
    PARTITIONS,
    bucket_of,
    files_in_bucket,
    report_facts_parquet,
    warehouse_from_parquet,
)
from pipeline.load.parquet import TABLES, merge_parquet


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return samples_with_duplicate_and_empty(tmp_path_factory.mktemp("raw"), "sub/pinghu_copy.txt", "broken.txt")


def _nightly(raw: Path, work: Path, published: Path) -> None:
    """The nightly path: ``ingest_job`` over the raw folder, checks and publish included."""
    with dg.instance_for_test() as instance:
        assert run_ingest_job([raw], work, published, instance).success


def _partitioned(raw: Path, parquet: Path, work: Path, published: Path) -> None:
    """The bulk path: every partition parsed to Parquet, one merge, then ``ingest_job`` over the same
    folder (every file unchanged, so it parses nothing) for the views, the checks and the snapshot."""
    config = {"paths": [str(raw)], "parquet_dir": str(parquet)}
    for key in PARTITIONS.get_partition_keys():
        result = dg.materialize([report_facts_parquet], partition_key=key,
                                run_config={"ops": {"report_facts_parquet": {"config": config}}})
        assert result.success
    result = dg.materialize(PARTITIONED_ASSETS, selection=[warehouse_from_parquet],
                            resources={"duckdb": DuckDBResource(database=str(work))},
                            run_config={"ops": {"warehouse_from_parquet": {"config": config}}})
    assert result.success
    with dg.instance_for_test() as instance:
        result = run_ingest_job([raw], work, published, instance)
        assert result.success
        assert result.asset_materializations_for_node("parsed_reports")[-1].metadata["reports_parsed"].value == 0


def _rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def _tables(db: Path) -> list[str]:
    """Every table and view of the snapshot (the views are what analysts query)."""
    return [r[0] for r in _rows(db, "select table_name from duckdb_tables() where schema_name = 'main' union all "
                                    "select view_name from duckdb_views() where not internal and schema_name = 'main' "
                                    "order by 1")]


@pytest.fixture(scope="module")
def both(raw: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    tmp = tmp_path_factory.mktemp("wh")
    nightly, part = tmp / "nightly.duckdb", tmp / "partitioned.duckdb"
    _nightly(raw, tmp / "nightly_work.duckdb", nightly)
    _partitioned(raw, tmp / "parquet", tmp / "partitioned_work.duckdb", part)
    return nightly, part, tmp / "parquet"


def test_samples_spread_over_several_partitions(raw: Path) -> None:
    keys = {k for k in PARTITIONS.get_partition_keys() if files_in_bucket([raw], k)}
    assert len(keys) >= 3
    assert sum(len(files_in_bucket([raw], k)) for k in PARTITIONS.get_partition_keys()) == 7
    assert bucket_of("a/b.txt") == bucket_of("a/b.txt") and len(PARTITIONS.get_partition_keys()) == BUCKETS


def test_every_partition_wrote_its_parquet(both: tuple[Path, Path, Path], raw: Path) -> None:
    _, _, parquet = both
    for table in TABLES:
        assert sorted(p.name for p in (parquet / table).glob("*.parquet")) == [
            f"part={k}-000000.parquet" for k in PARTITIONS.get_partition_keys() if files_in_bucket([raw], k)]


def test_same_warehouse_every_table_every_column(both: tuple[Path, Path, Path]) -> None:
    """The published snapshots of the two paths hold the same tables, column for column, row for row;
    only reports.parsed_at (the clock) may differ."""
    nightly, part, _ = both
    assert _tables(nightly) == _tables(part)
    assert {"reports", "fact_applications", "dim_agency", "dq_findings", "dq_rules"} <= set(_tables(nightly))
    for table in _tables(nightly):
        cols = [r[0] for r in _rows(nightly, f"select column_name from (describe {table})")]
        exclude = " exclude (parsed_at)" if "parsed_at" in cols else ""
        a = _rows(nightly, f"select *{exclude} from {table} order by all")
        b = _rows(part, f"select *{exclude} from {table} order by all")
        assert a == b, table
        assert a or table.startswith(("dq_", "v_", "current_")), f"{table} is empty"


def test_duplicate_and_broken_file_once_each(both: tuple[Path, Path, Path]) -> None:
    nightly, _, _ = both
    status = [r[0] for r in _rows(nightly, "select status from reports")]
    assert status.count("failed") == 1 and len(status) == 6
    assert _rows(nightly, "select count(*) from fact_applications") == [(5 * 25 * 7,)]


def test_merge_again_replaces_not_duplicates(both: tuple[Path, Path, Path]) -> None:
    _, part, parquet = both
    before = _rows(part, "select count(*) from fact_applications")
    with duckdb.connect(str(part)) as con:
        merge_parquet(con, parquet)
    assert _rows(part, "select count(*) from fact_applications") == before
    assert _rows(part, "select count(*) from reports where is_current") == [(5,)]


def test_merge_without_parts_is_a_clear_error(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "x.duckdb")) as con, pytest.raises(FileNotFoundError, match="no Parquet"):
        merge_parquet(con, tmp_path / "nothing")


def test_definitions_load_with_the_partitioned_jobs() -> None:
    from pipeline.definitions import defs

    dg.Definitions.validate_loadable(defs)
    nightly = {k.to_user_string() for k in defs.resolve_job_def("ingest_job").asset_layer.selected_asset_keys}
    parse = {k.to_user_string() for k in defs.resolve_job_def("partitioned_parse_job").asset_layer.selected_asset_keys}
    assert "report_facts_parquet" not in nightly and parse == {"report_facts_parquet"}
    assert defs.resolve_job_def("partitioned_parse_job").partitions_def == PARTITIONS


def test_partitioned_job_under_the_multiprocess_executor(raw: Path, tmp_path: Path) -> None:
    """partitioned_parse_job as a deployment runs it: its own executor (multiprocess, which celery and
    k8s replace), the job rebuilt in a step process, a persistent instance; same Parquet as in-process."""
    from pipeline.definitions import defs

    job = defs.resolve_job_def("partitioned_parse_job")
    assert job.executor_def.name == "multiprocess"
    recon = dg.build_reconstructable_job("pipeline.definitions", "job_def", ("partitioned_parse_job",))
    config = {"paths": [str(raw)], "parquet_dir": str(tmp_path / "parquet")}
    key = next(k for k in PARTITIONS.get_partition_keys() if files_in_bucket([raw], k))
    with dg.instance_for_test() as instance:
        result = dg.execute_job(recon, instance=instance, tags={"dagster/partition": key},
                                run_config={"ops": {"report_facts_parquet": {"config": config}}})
        assert result.success
        assert instance.get_run_by_id(result.run_id).job_name == "partitioned_parse_job"
        engine = [e.message for e in instance.all_logs(result.run_id) if e.message and "multiprocess" in e.message]
        assert engine, "the run did not use the multiprocess executor"
        (mat,) = result.asset_materializations_for_node("report_facts_parquet")
        assert mat.partition == key
        assert mat.metadata["files"].value == len(files_in_bucket([raw], key))
    assert (tmp_path / "parquet" / "reports" / f"part={key}-000000.parquet").exists()
