"""great-expectations is imported only where checks run: not by pipeline.check's package, its CLI
module, the findings listing or the report (GX alone costs seconds to import)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import dq_fixture as fx

from pipeline.check.engine import run_checks

ROOT = Path(__file__).resolve().parents[1]


def _heavy_after(code: str) -> list[str]:
    script = code + "\nimport sys\nprint('HEAVY:' + ','.join(m for m in ('great_expectations', 'dagster') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return [m for m in done.stdout.rsplit("HEAVY:", 1)[1].strip().split(",") if m]


def test_check_modules_do_not_import_gx() -> None:
    assert _heavy_after("import pipeline.check, pipeline.check.cli, pipeline.check.findings, pipeline.check.engine, "
                        "pipeline.check.report, pipeline.check.export, pipeline.check.rules") == []


def test_ogi_findings_does_not_import_gx_but_ogi_check_does(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    con = fx.warehouse(db, fx.all_truths())
    run_checks(con)
    con.close()
    run = textwrap.dedent("""
        from pipeline.cli import app
        app({argv!r}, standalone_mode=False)
    """)
    assert _heavy_after(run.format(argv=["findings", "--db", str(db), "--format", "json"])) == []
    assert "great_expectations" in _heavy_after(run.format(argv=["check", "--db", str(db)]))
