"""Everything Dagster loads (``dagster dev`` finds it via ``[tool.dagster]`` in pyproject.toml).

``ingest_job`` is the one job of the pipeline: the schedule, the raw-folder sensor and ``ogi ingest``
(``make run``) all run it, with every asset check, in the project's Dagster instance.
"""

import dagster as dg

from pipeline.defs.acquire import crawled_reports
from pipeline.defs.assets import WAREHOUSE_ASSETS
from pipeline.defs.checks import ASSET_CHECKS
from pipeline.defs.jobs import JOBS
from pipeline.defs.parse_checks import PARSE_CHECKS
from pipeline.defs.partitioned import PARTITIONED_ASSETS, PARTITIONED_JOBS
from pipeline.defs.quality import QUALITY_ASSETS
from pipeline.defs.resources import RESOURCES
from pipeline.defs.schedules import SCHEDULES
from pipeline.defs.sensors import SENSORS

ALL_ASSETS = [crawled_reports, *WAREHOUSE_ASSETS, *QUALITY_ASSETS]
ALL_CHECKS = [*PARSE_CHECKS, *ASSET_CHECKS]

defs = dg.Definitions(
    assets=[*ALL_ASSETS, *PARTITIONED_ASSETS],
    asset_checks=ALL_CHECKS,
    jobs=[*JOBS, *PARTITIONED_JOBS],
    schedules=SCHEDULES,
    sensors=SENSORS,
    resources=RESOURCES,
)


def job_def(name: str) -> dg.JobDefinition:
    """A job by name, for ``dg.build_reconstructable_job("pipeline.definitions", "job_def", (name,))``:
    runs under an executor that starts processes (multiprocess, celery, k8s) rebuild it this way."""
    return defs.resolve_job_def(name)
