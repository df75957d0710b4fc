"""Names and times the Dagster modules share, in one place."""

from __future__ import annotations

WRITER_POOL = "duckdb_writer"  # concurrency pool (limit 1 in .dagster_home/dagster.yaml): one DB writer at a time
INGEST_GROUP = "ingest"
WAREHOUSE_GROUP = "warehouse"
PARTITIONED_GROUP = "partitioned"  # the bulk path (pipeline/defs/partitioned.py), not part of ingest_job
INGEST_JOB = "ingest_job"  # the one job of the pipeline: CLI, make run, sensor and schedule
NIGHTLY_CRON = "0 2 * * *"
TIMEZONE = "Asia/Shanghai"
SENSOR_INTERVAL_SECONDS = 60
PREVIEW_ROWS = 10
