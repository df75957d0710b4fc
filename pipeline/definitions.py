"""Everything Dagster loads (``dagster dev`` finds it via ``[tool.dagster]`` in pyproject.toml)."""

import dagster as dg

from pipeline.defs.acquire import crawled_reports
from pipeline.defs.assets import WAREHOUSE_ASSETS
from pipeline.defs.checks import ASSET_CHECKS
from pipeline.defs.jobs import JOBS
from pipeline.defs.partitioned import PARTITIONED_ASSETS, PARTITIONED_JOBS
from pipeline.defs.quality import QUALITY_ASSETS
from pipeline.defs.resources import RESOURCES
from pipeline.defs.schedules import SCHEDULES
from pipeline.defs.sensors import SENSORS

ALL_ASSETS = [crawled_reports, *WAREHOUSE_ASSETS, *QUALITY_ASSETS]

defs = dg.Definitions(
    assets=[*ALL_ASSETS, *PARTITIONED_ASSETS],
    asset_checks=ASSET_CHECKS,
    jobs=[*JOBS, *PARTITIONED_JOBS],
    schedules=SCHEDULES,
    sensors=SENSORS,
    resources=RESOURCES,
)
