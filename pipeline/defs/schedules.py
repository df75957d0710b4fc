"""The nightly run, at 02:00 Beijing time (reports are published during the Chinese working day).

It runs the whole ``ingest_job``: crawl, then parse, load, check and publish.
"""

import dagster as dg

from pipeline.defs.constants import NIGHTLY_CRON, TIMEZONE
from pipeline.defs.jobs import ingest_job

nightly_schedule = dg.ScheduleDefinition(
    name="nightly_schedule", job=ingest_job, cron_schedule=NIGHTLY_CRON, execution_timezone=TIMEZONE,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every night at 02:00 Asia/Shanghai: the whole ingest_job, crawl included.")

SCHEDULES = [nightly_schedule]
