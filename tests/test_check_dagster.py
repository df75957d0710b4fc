"""Asset checks in a real in-process Dagster run over the samples (parse → load → views → findings)."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipeline.check.rules import CONCERNS
from pipeline.definitions import ALL_ASSETS
from pipeline.defs.checks import ASSET_CHECKS, duplicate_keys
from pipeline.defs.jobs import INGEST_SELECTION
from pipeline.defs.resources import make_resources

ASSET_CHECKS_NAMES = [k.name for c in ASSET_CHECKS for k in c.check_keys]
REPORTS = Path(__file__).parent / "fixtures" / "samples" / "reports"


@pytest.fixture(scope="module")
def result(tmp_path_factory) -> tuple[Path, dg.ExecuteInProcessResult]:
    tmp = tmp_path_factory.mktemp("dq")
    res = dg.materialize(
        [*ALL_ASSETS, *ASSET_CHECKS], selection=INGEST_SELECTION,
        resources=make_resources(tmp / "ogi_work.duckdb", tmp / "ogi.duckdb"),
        run_config={"ops": {"raw_report_files": {"config": {"paths": [str(REPORTS)]}}}},
    )
    return tmp, res


def evaluations(res: dg.ExecuteInProcessResult) -> dict[str, dg.AssetCheckEvaluation]:
    return {e.check_name: e for e in res.get_asset_check_evaluations()}


def test_one_check_per_concern_with_severity(result) -> None:
    _, res = result
    assert res.success
    ev = evaluations(res)
    assert len(ASSET_CHECKS) == len(CONCERNS) + 1 and set(ASSET_CHECKS_NAMES) <= set(ev)
    assert ev["warehouse_keys_unique"].passed and ev["dq_keys"].passed
    failing = {name: e.severity for name, e in ev.items() if not e.passed and name in ASSET_CHECKS_NAMES}
    assert {"dq_appeal_total": dg.AssetCheckSeverity.ERROR, "dq_completeness": dg.AssetCheckSeverity.WARN,
            "dq_implausible": dg.AssetCheckSeverity.WARN}.items() <= failing.items()
    # a check fails exactly when its concern has findings (the parser may add parse warnings)
    con = duckdb.connect(str(result[0] / "ogi.duckdb"), read_only=True)
    try:
        concerns = {f"dq_{c}" for (c,) in con.execute("select distinct concern from dq_findings").fetchall()}
    finally:
        con.close()
    assert set(failing) == concerns


def test_failing_check_names_report_and_cell(result) -> None:
    _, res = result
    e = evaluations(res)["dq_appeal_total"]
    md = e.metadata["failing_cells"].value
    assert "天津市东丽区人力资源和社会保障局" in md and "appeals.administrative_review.total" in md
    assert "表四 行政复议 · 总计" in md and "tianjin_dongli_hrss_2023.txt" in md and "line " in md
    assert e.metadata["findings"].value == 1
    assert e.metadata["findings_appeal_total"].value == 1
    assert evaluations(res)["dq_row_sum"].metadata["findings_row_sum"].value == 0


def test_findings_asset_metadata_and_published_table(result) -> None:
    tmp, res = result
    (mat,) = res.asset_materializations_for_node("dq_findings")
    meta = {k: v.value for k, v in mat.metadata.items()}
    assert (meta["reports_checked"], meta["errors"]) == (5, 1) and meta["warnings"] >= 3
    assert meta["gx_success"] is False and meta["gx_disagreements"] == []  # GX fails where the rules found
    docs = Path(meta["data_docs_path"])
    assert docs.exists() and docs.parent == tmp / "data_docs"
    assert meta["data_docs"].startswith("file://")
    con = duckdb.connect(str(tmp / "ogi.duckdb"), read_only=True)
    try:
        rows = con.execute("select agency, rule from dq_findings where severity = 'error'").fetchall()
        assert rows == [("天津市东丽区人力资源和社会保障局", "appeal_total")]
        assert con.execute("select sum(findings) from v_findings_summary").fetchone()[0] == meta["findings"]
    finally:
        con.close()


def test_duplicated_fact_row_fails_the_key_check(result) -> None:
    """Our own invariant: a fact cell loaded twice is caught before anything is published."""
    tmp, _ = result
    copy = tmp / "dup.duckdb"
    copy.write_bytes((tmp / "ogi.duckdb").read_bytes())
    con = duckdb.connect(str(copy))
    try:
        assert set(duplicate_keys(con).values()) == {0}
        con.execute("insert into fact_appeals select * from fact_appeals limit 1")
        assert duplicate_keys(con)["fact_appeals"] == 1
    finally:
        con.close()
