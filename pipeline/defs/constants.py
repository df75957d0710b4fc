"""Names and times the Dagster modules share, in one place."""

from __future__ import annotations

WRITER_POOL = "duckdb_writer"  # concurrency pool (limit 1 in .dagster_home/dagster.yaml): one DB writer at a time
INGEST_GROUP = "ingest"
WAREHOUSE_GROUP = "warehouse"
NIGHTLY_CRON = "0 2 * * *"
TIMEZONE = "Asia/Shanghai"
SENSOR_INTERVAL_SECONDS = 60
PREVIEW_ROWS = 10
