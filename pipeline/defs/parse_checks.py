"""The ``parse_failures`` asset check: files we could not parse are red on the dashboard.

A file that fails to parse is recorded in ``reports`` (status failed, error_code, error_message)
and loads no facts; the run itself succeeds, so the failure must not hide in an asset's metadata.
This check reads the open failures from ``reports`` (``pipeline.load.failures``): it fails with
severity ERROR on every run until the file changes, also when ingest skipped the file as
unchanged. It does not block publishing: the other reports are fine and a failed parse never
removes facts already loaded.
"""

from __future__ import annotations

from collections import Counter

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipeline.load.failures import ParseFailure, open_failures

MAX_LISTED = 50


def _md(failures: list[ParseFailure]) -> str:
    out = ["| file | code | reason | path |", "|---|---|---|---|"]
    out += ["| " + " | ".join(str(v).replace("|", "\\|").replace("\n", " ")
                             for v in (f.file, f.code, f.reason, f.source_path)) + " |"
            for f in failures[:MAX_LISTED]]
    if len(failures) > MAX_LISTED:
        out.append(f"| … {len(failures) - MAX_LISTED} more | | | |")
    return "\n".join(out)


def parse_failures_result(failures: list[ParseFailure]) -> dg.AssetCheckResult:
    """Failed when any file failed to parse; metadata lists file, code and reason."""
    codes = Counter(f.code for f in failures)
    metadata: dict[str, object] = {
        "failed_files": len(failures),
        "files": dg.MetadataValue.text("; ".join(f"{f.file} ({f.code})" for f in failures[:MAX_LISTED]) or "none"),
        "failure_codes": dg.MetadataValue.json(dict(sorted(codes.items()))),
        "failures": dg.MetadataValue.json([f.as_dict() for f in failures[:MAX_LISTED]]),
    }
    if failures:
        metadata["failed_files_table"] = dg.MetadataValue.md(_md(failures))
    return dg.AssetCheckResult(passed=not failures, severity=dg.AssetCheckSeverity.ERROR, metadata=metadata)


@dg.asset_check(
    asset="warehouse_tables",
    name="parse_failures",
    blocking=False,
    description="Every file in the warehouse parses: a file that failed (reports.status = 'failed', "
    "with its error_code and reason) fails this check on every run until the file is changed or removed.",
)
def parse_failures(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    with duckdb.get_connection() as con:
        return parse_failures_result(open_failures(con))


PARSE_CHECKS: list = [parse_failures]
