"""The resources, configured in one place from the environment.

``OGI_WORK_DB`` names the working database the pipeline writes (default
``data/warehouse/ogi_work.duckdb``), ``OGI_WAREHOUSE`` the published snapshot analysts open.
"""

from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipeline.load.paths import duckdb_config, published_path, work_path


class PublishedWarehouse(dg.ConfigurableResource):
    """Where ``published_warehouse`` writes the read-only snapshot for analysts."""

    path: str

    def target(self) -> Path:
        return Path(self.path)


def make_resources(work: str | Path | None = None, published: str | Path | None = None) -> dict[str, object]:
    """Resources for a working and a published path (defaults from the environment)."""
    work = Path(work) if work else work_path()
    published = Path(published) if published else published_path()
    work.parent.mkdir(parents=True, exist_ok=True)
    return {
        "duckdb": DuckDBResource(database=str(work), connection_config=duckdb_config()),
        "warehouse": PublishedWarehouse(path=str(published)),
    }


RESOURCES = make_resources()
