"""A non-editable install works: the wheel ships sql/ and expectations/ inside the package, leaves the
benchmark out, and ``ogi ingest`` from it loads, checks and publishes a real report."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "fixtures" / "samples" / "reports" / "pinghu_hrss_2023.txt"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                    "-w", str(tmp / "dist"), str(ROOT)], check=True, capture_output=True)
    (wheel,) = (tmp / "dist").glob("*.whl")
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(tmp / "site"),
                    str(wheel)], check=True, capture_output=True)
    return tmp


def test_wheel_holds_the_runtime_only(installed: Path) -> None:
    (wheel,) = (installed / "dist").glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "pipeline/_shipped/sql/ddl/001_reports.sql" in names
    assert any(n.startswith("pipeline/_shipped/sql/rules/") for n in names)
    assert any(n.startswith("pipeline/_shipped/expectations/") for n in names)
    assert "pipeline/template/2019/application_rows.csv" in names
    assert not [n for n in names if n.startswith(("bench/", "tests/"))]


def test_ingest_from_the_installed_package(installed: Path) -> None:
    work = installed / "somewhere"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(installed / "site"), "DAGSTER_HOME": str(installed / "dagster_home")}
    env.pop("OGI_WAREHOUSE", None)
    probe = subprocess.run(
        [sys.executable, "-c", "import pipeline, pipeline.load.paths as p, pipeline.settings as s; "
                               "print(pipeline.__file__); print(p.DDL_DIR.is_dir()); print(s.PROJECT_ROOT)"],
        cwd=work, env=env, capture_output=True, text=True, check=True).stdout.split("\n")
    assert probe[0].startswith(str(installed / "site")) and probe[1] == "True"
    assert Path(probe[2]) == work.resolve()  # relative defaults (data/, .dagster_home) in the user's folder
    out = subprocess.run([sys.executable, "-c", "from pipeline.cli import app; app()", "ingest", str(SAMPLE)],
                         cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    published = work / "data" / "warehouse" / "ogi.duckdb"
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("select count(*) from fact_applications").fetchall() == [(25 * 7,)]
        assert con.execute("select count(*) from dq_rules").fetchall()[0][0] > 10
    assert (work / "data" / "warehouse" / "dq_report.html").exists()
