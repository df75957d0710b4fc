"""Shared test helpers: the bundled sample reports and their hand-checked truth."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from bench.score import cell_diffs  # noqa: F401  (re-exported for the tests)

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = FIXTURES / "samples"
SAMPLE_NAMES = sorted(p.stem for p in (SAMPLES / "truth").glob("*.json"))
SECTIONS = ("proactive", "applications", "appeals")


def load_truth(name: str) -> dict:
    return json.loads((SAMPLES / "truth" / f"{name}.json").read_text(encoding="utf-8"))


def sample_path(name: str) -> Path:
    return SAMPLES / "reports" / load_truth(name)["file"]


def samples_with_duplicate_and_empty(root: Path, duplicate: str, empty: str) -> Path:
    """The five samples in ``root``, plus the bytes of one of them again under ``duplicate`` (a path
    relative to ``root``) and an empty file ``empty`` (it fails with empty_file; the batch goes on)."""
    for f in (SAMPLES / "reports").iterdir():
        shutil.copy(f, root / f.name)
    (root / duplicate).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(SAMPLES / "reports" / "pinghu_hrss_2023.txt", root / duplicate)
    (root / empty).write_bytes(b"")
    return root


@pytest.fixture(params=SAMPLE_NAMES)
def sample_name(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="session", autouse=True)
def dagster_home(tmp_path_factory: pytest.TempPathFactory):
    """Every test runs against its own Dagster instance, never the project's ``.dagster_home``.

    A temporary DAGSTER_HOME with the project's dagster.yaml (same pool limits), for this process
    and every subprocess a test starts.
    """
    home = tmp_path_factory.mktemp("dagster_home")
    shutil.copy(ROOT / ".dagster_home" / "dagster.yaml", home / "dagster.yaml")
    before = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(home)
    yield home
    if before is None:
        os.environ.pop("DAGSTER_HOME", None)
    else:
        os.environ["DAGSTER_HOME"] = before
