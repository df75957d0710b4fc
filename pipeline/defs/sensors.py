"""A sensor that starts an ingest run when files appear or change in the raw folder.

The cursor is the folder's state as JSON (relative name → [mtime_ns, size]); a run is requested
only when that state differs, with a run key derived from the changes so it never repeats. The run
is ``ingest_job`` from ``raw_report_files`` on (no crawl: the files are there), with every asset
check of those assets, like ``ogi ingest``.
"""

import hashlib
import json
from pathlib import Path

import dagster as dg

from pipeline.defs.constants import SENSOR_INTERVAL_SECONDS
from pipeline.defs.jobs import INGEST_SELECTION, ingest_job
from pipeline.load.paths import raw_dir


def folder_state(folder: Path) -> dict[str, list[int]]:
    """relative name → [mtime_ns, size] of every non-hidden file under ``folder``."""
    if not folder.is_dir():
        return {}
    return {
        str(f.relative_to(folder)): [f.stat().st_mtime_ns, f.stat().st_size]
        for f in sorted(folder.rglob("*"))
        if f.is_file() and not any(part.startswith(".") for part in f.relative_to(folder).parts)
    }


def changed_files(before: dict[str, list[int]], now: dict[str, list[int]]) -> list[str]:
    """Names that are new or whose mtime or size changed (deletions start no run)."""
    return sorted(name for name, sig in now.items() if before.get(name) != sig)


def ingest_asset_keys() -> list[dg.AssetKey]:
    """The assets of ``ingest_job`` from ``raw_report_files`` on (their checks come with them)."""
    from pipeline.definitions import defs

    return sorted(INGEST_SELECTION.resolve(defs.resolve_asset_graph()))


@dg.sensor(job=ingest_job, minimum_interval_seconds=SENSOR_INTERVAL_SECONDS,
           default_status=dg.DefaultSensorStatus.RUNNING,
           description="Starts ingest_job when files are added to or changed in data/raw/ (OGI_RAW_DIR).")
def raw_files_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult | dg.SkipReason:
    """A run of ``ingest_job`` from the raw files on, for every new or changed file."""
    folder = raw_dir()
    now = folder_state(folder)
    before = json.loads(context.cursor) if context.cursor else {}
    changed = changed_files(before, now)
    if not changed:
        return dg.SkipReason(f"no new or changed files in {folder}")
    key = hashlib.sha256(json.dumps({n: now[n] for n in changed}, sort_keys=True).encode()).hexdigest()[:16]
    context.log.info("%d new or changed files: %s", len(changed), ", ".join(changed[:10]))
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=key, asset_selection=ingest_asset_keys(),
                                    tags={"ogi/changed_files": str(len(changed)), "ogi/trigger": "sensor"})],
        cursor=json.dumps(now, sort_keys=True),
    )


SENSORS = [raw_files_sensor]
