"""The partitioned path (Parquet per hash bucket, then one merge) builds the same warehouse as the
single-process path, on the five real samples plus a duplicate and a broken file."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from dagster_duckdb import DuckDBResource

from pipeline.defs.partitioned import (
    BUCKETS,
    PARTITIONED_ASSETS,
    PARTITIONS,
    bucket_of,
    files_in_bucket,
    report_facts_parquet,
    warehouse_from_parquet,
)
from pipeline.load.batch import parse_batch, scan_files
from pipeline.load.parquet import FACT_TABLES, merge_parquet
from pipeline.load.store import load_batch

SAMPLES = Path(__file__).parent / "fixtures" / "samples" / "reports"
REPORT_COLUMNS = ("report_id", "agency", "year", "template_version", "source_name", "sha256", "format", "encoding",
                  "bytes", "parser_version", "status", "error_code", "version_seq", "is_current")


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("raw")
    for f in SAMPLES.iterdir():
        shutil.copy(f, root / f.name)
    (root / "sub").mkdir()
    shutil.copy(SAMPLES / "pinghu_hrss_2023.txt", root / "sub" / "pinghu_copy.txt")  # same bytes twice
    (root / "broken.txt").write_bytes(b"")  # fails with empty_file; the batch goes on
    return root


def _single(raw: Path, db: Path) -> None:
    with duckdb.connect(str(db)) as con:
        load_batch(con, parse_batch(scan_files([raw]), {}))


def _partitioned(raw: Path, parquet: Path, db: Path) -> None:
    config = {"paths": [str(raw)], "parquet_dir": str(parquet)}
    for key in PARTITIONS.get_partition_keys():
        result = dg.materialize([report_facts_parquet], partition_key=key,
                                run_config={"ops": {"report_facts_parquet": {"config": config}}})
        assert result.success
    result = dg.materialize(PARTITIONED_ASSETS, selection=[warehouse_from_parquet],
                            resources={"duckdb": DuckDBResource(database=str(db))},
                            run_config={"ops": {"warehouse_from_parquet": {"config": config}}})
    assert result.success


def _rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def both(raw: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    tmp = tmp_path_factory.mktemp("wh")
    single, part = tmp / "single.duckdb", tmp / "partitioned.duckdb"
    _single(raw, single)
    _partitioned(raw, tmp / "parquet", part)
    return single, part, tmp / "parquet"


def test_samples_spread_over_several_partitions(raw: Path) -> None:
    keys = {k for k in PARTITIONS.get_partition_keys() if files_in_bucket([raw], k)}
    assert len(keys) >= 3
    assert sum(len(files_in_bucket([raw], k)) for k in PARTITIONS.get_partition_keys()) == 7
    assert bucket_of("a/b.txt") == bucket_of("a/b.txt") and len(PARTITIONS.get_partition_keys()) == BUCKETS


def test_every_partition_wrote_its_parquet(both: tuple[Path, Path, Path]) -> None:
    _, _, parquet = both
    for table in ("reports", *FACT_TABLES):
        assert sorted(p.name for p in (parquet / table).glob("*.parquet")) == [
            f"part={k}.parquet" for k in PARTITIONS.get_partition_keys()]


@pytest.mark.parametrize("table", FACT_TABLES)
def test_fact_tables_equal_single_process(both: tuple[Path, Path, Path], table: str) -> None:
    single, part, _ = both
    a = _rows(single, f"select * from {table} order by all")
    b = _rows(part, f"select * from {table} order by all")
    assert a == b
    if table == "fact_applications":
        assert len(a) == 5 * 25 * 7  # five distinct reports; the copy and the broken file add none


def test_reports_and_dimensions_equal_single_process(both: tuple[Path, Path, Path]) -> None:
    single, part, _ = both
    every = "select * exclude (parsed_at) from reports order by report_id"  # every column but the clock
    a, b = _rows(single, every), _rows(part, every)
    assert a == b
    status = _rows(single, "select status from reports")
    assert [r[0] for r in status].count("failed") == 1 and len(a) == 6
    for table in ("dim_agency", "dim_application_category"):
        assert _rows(single, f"select * from {table} order by all") == _rows(part, f"select * from {table} order by all")


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
    assert (tmp_path / "parquet" / "reports" / f"part={key}.parquet").exists()
