"""One job for the whole pipeline: ``ingest_job``, with every asset check, in one process.

The schedule runs all of it (crawl first); ``ogi ingest`` / ``make run`` and the raw-folder sensor
run its ``raw_report_files`` part (``INGEST_SELECTION``: the files are already there). Every path is
a run of the same named job in the project's Dagster instance, and every asset check of the
selected assets runs with it: ``warehouse_keys_unique`` (blocking) gates ``published_warehouse``.

The executor is the in-process one: the steps share one DuckDB file behind a pool of one, so they
run one after the other anyway, and the multiprocess executor would only import the whole package
again for every step (minutes per run). The partitioned bulk path keeps the multiprocess executor.
"""

import dagster as dg

from pipeline.defs.constants import INGEST_JOB, PARTITIONED_GROUP

JOB_SELECTION = dg.AssetSelection.all() - dg.AssetSelection.groups(PARTITIONED_GROUP)
"""crawled_reports → raw_report_files → … → published_warehouse, and their checks."""

INGEST_SELECTION = dg.AssetSelection.assets("raw_report_files").downstream()
"""The part of ``ingest_job`` from the raw files on: what ``ogi ingest`` and the sensor run."""

ingest_job = dg.define_asset_job(
    INGEST_JOB, selection=JOB_SELECTION, executor_def=dg.in_process_executor,
    description="Crawl (scheduled runs only), parse new or changed files in data/raw/, load the warehouse, "
                "run every asset check, publish the snapshot. `ogi ingest` and the raw-folder sensor run "
                "it from raw_report_files on.")

JOBS = [ingest_job]
