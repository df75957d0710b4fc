"""The nightly run, at 02:00 Beijing time (reports are published during the Chinese working day)."""

import dagster as dg

from pipeline.defs.constants import NIGHTLY_CRON, TIMEZONE
from pipeline.defs.jobs import nightly_job

nightly_schedule = dg.ScheduleDefinition(
    name="nightly_schedule", job=nightly_job, cron_schedule=NIGHTLY_CRON, execution_timezone=TIMEZONE,
    default_status=dg.DefaultScheduleStatus.RUNNING)

SCHEDULES = [nightly_schedule]
