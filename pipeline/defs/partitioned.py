"""The partitioned path: parse anywhere, one partition per hash bucket of the file path, merge once.

``report_facts_parquet`` is partitioned into ``BUCKETS`` static buckets; a partition lists the raw
files, keeps those whose path (relative to the folder given) hashes into its bucket, parses them in
chunks and writes ``<parquet_dir>/<table>/part=<bucket>-<chunk>.parquet`` by the same code as the
nightly job (`pipeline.load.stage`). Partitions share nothing, so
Dagster's celery or k8s executors can run them on as many machines as there are buckets (see
docs/scaling.md). ``warehouse_from_parquet`` then reads every part with DuckDB and merges them
into the warehouse tables, a commit per 20 parts: the warehouse keeps its single writer.
"""


import hashlib
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipeline.defs.constants import PARTITIONED_GROUP, WRITER_POOL
from pipeline.load.parquet import merge_parquet
from pipeline.load.paths import raw_dir
from pipeline.load.stage import stage_files
from pipeline.settings import settings

BUCKETS = 8
PARTS_PER_COMMIT = 20  # the bulk merge commits every 20 parts (2,000 files): its memory stays flat
PARTITIONS = dg.StaticPartitionsDefinition([f"{i:02d}" for i in range(BUCKETS)])


def default_parquet_dir() -> str:
    """``OGI_PARQUET_DIR``, else ``data/warehouse/parquet`` beside the warehouse."""
    return str(settings().parquet_path)


class PartitionedConfig(dg.Config):
    """Raw files or folders (default the raw folder) and where the Parquet parts go."""

    paths: list[str] = []
    parquet_dir: str = ""

    def roots(self) -> list[Path]:
        return [Path(p) for p in self.paths] or [raw_dir()]

    def parquet_root(self) -> Path:
        return Path(self.parquet_dir or default_parquet_dir())


def bucket_of(relative_path: str, buckets: int = BUCKETS) -> str:
    """The partition key of a file: a stable hash of its path relative to the folder scanned."""
    digest = hashlib.sha1(relative_path.encode("utf-8")).digest()  # noqa: S324 - bucketing, not security
    return f"{int.from_bytes(digest[:4], 'big') % buckets:02d}"


def files_in_bucket(roots: list[Path], key: str, buckets: int = BUCKETS) -> list[Path]:
    """The regular, non-hidden files under ``roots`` that belong to partition ``key``, in path order."""
    out: list[Path] = []
    for root in roots:
        if root.is_file():
            candidates = [(root, root.name)]
        elif root.is_dir():
            candidates = [(f, f.relative_to(root).as_posix()) for f in sorted(root.rglob("*"))
                          if f.is_file() and not any(part.startswith(".") for part in f.relative_to(root).parts)]
        else:
            candidates = []
        out += [f for f, rel in candidates if bucket_of(rel, buckets) == key]
    return out


def clear_partition(root: Path, key: str) -> None:
    """Remove a partition's parts from an earlier materialization: a re-run replaces, never adds."""
    for part in root.glob(f"*/part={key}-*.parquet"):
        part.unlink()


@dg.asset(partitions_def=PARTITIONS, group_name=PARTITIONED_GROUP, kinds={"parquet"},
          description="The facts of one hash bucket of raw files, parsed and written as Parquet parts.")
def report_facts_parquet(context: dg.AssetExecutionContext, config: PartitionedConfig) -> dg.MaterializeResult:
    key = context.partition_key
    files = files_in_bucket(config.roots(), key)
    root = config.parquet_root()
    clear_partition(root, key)
    # one process per partition: the executor spreads the partitions over processes or machines
    stats = stage_files(files, {}, root, workers=1, prefix=f"{key}-")
    context.log.info("partition %s: %d files, %d parsed, %d failed", key, len(files), stats.parsed, stats.failed)
    return dg.MaterializeResult(metadata={"files": len(files), "reports_parsed": stats.parsed,
                                          "reports_failed": stats.failed, "rows": stats.rows,
                                          "parquet_dir": str(root)})


@dg.asset(deps=[report_facts_parquet], group_name=PARTITIONED_GROUP, pool=WRITER_POOL, kinds={"duckdb"},
          description="Every Parquet part merged into the warehouse tables (a commit per partition, one writer).")
def warehouse_from_parquet(context: dg.AssetExecutionContext, config: PartitionedConfig,
                           duckdb: DuckDBResource) -> dg.MaterializeResult:
    with duckdb.get_connection() as con:
        inserted = merge_parquet(con, config.parquet_root(), parts_per_commit=PARTS_PER_COMMIT)
    return dg.MaterializeResult(metadata={"rows_inserted": inserted, "parquet_dir": str(config.parquet_root())})


PARTITIONED_ASSETS: list = [report_facts_parquet, warehouse_from_parquet]

PARTITIONED_JOBS: list = [
    # multiprocess (the executor celery and k8s replace): a run per partition, spread over workers
    dg.define_asset_job("partitioned_parse_job", selection=[report_facts_parquet],
                        executor_def=dg.multiprocess_executor,
                        description="Parse one hash bucket of raw files into Parquet (run one per partition)."),
    dg.define_asset_job("parquet_merge_job", selection=[warehouse_from_parquet],
                        description="Merge every Parquet part into the warehouse tables."),
]
