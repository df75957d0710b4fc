"""The benchmark's synthetic warehouse carries the samples' defects over, in proportion (no timing here)."""

from __future__ import annotations

from bench.checks import bench_validation


def test_bench_synthesizes_and_validates() -> None:
    result = bench_validation(30, data_docs=False)
    assert result["n_reports"] == 30
    assert result["application_cells"] == 30 * 175
    per_rule = result["findings_per_rule"]
    # every 5th synthetic report copies Tianjin Dongli (appeal total) and Zezhou (appeals, omitted row)
    assert per_rule["appeal_total"] == 6
    assert per_rule["appeals_without_applications"] == 6
    assert per_rule["completeness_row"] == 12  # Wuhan's empty row and Zezhou's omitted one
    assert not {"row_sum", "column_sum", "balance"} & set(per_rule)
    assert {"validation_s", "rules_s", "gx_s", "seconds_per_step"} <= set(result)
