"""Jobs: the whole pipeline (nightly) and the part from raw files on (sensor, ``ogi ingest``)."""

import dagster as dg

INGEST_SELECTION = dg.AssetSelection.assets("raw_report_files").downstream()

ingest_job = dg.define_asset_job(
    "ingest_job", selection=INGEST_SELECTION,
    description="Parse new or changed files in data/raw/, load the warehouse, check it, publish it.")

nightly_job = dg.define_asset_job(
    "nightly_job", selection=dg.AssetSelection.all() - dg.AssetSelection.groups("partitioned"),
    description="Crawl, then ingest, check and publish.")

JOBS = [ingest_job, nightly_job]
