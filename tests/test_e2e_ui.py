"""End to end: ``ogi ingest`` (what ``make run`` does), start the Dagster UI, see its run and the failing
checks in Chromium: a run of ingest_job, a publisher's error (dq_appeal_total) and a file we could not parse
(parse_failures), with every check evaluated.

Needs Debian's chromium (``tests/setup/ensure_debian.sh chromium chromium`` installs it; the Makefile's test target
runs it). Every wait is bounded.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TIANJIN = "天津市东丽区人力资源和社会保障局"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium: run tests/setup/ensure_debian.sh chromium chromium"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, timeout: float, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"dagster-webserver exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} not up after {timeout}s")


def dismiss_welcome_dialog(page) -> None:
    """The UI may open a one-time community/newsletter dialog over the page: skip it if it shows."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.get_by_role("button", name="Skip").click(timeout=5_000)
    except PlaywrightTimeout:
        page.keyboard.press("Escape")


@pytest.fixture
def dagster_env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(ROOT / ".dagster_home" / "dagster.yaml", home / "dagster.yaml")
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "tests" / "fixtures" / "samples" / "reports", raw)
    (raw / "broken.txt").write_bytes(b"")  # fails to parse: empty_file
    return {**os.environ, "DAGSTER_HOME": str(home), "OGI_RAW_DIR": str(raw),
            "OGI_WORK_DB": str(tmp_path / "ogi_work.duckdb"), "OGI_WAREHOUSE": str(tmp_path / "ogi.duckdb"),
            "PYTHONPATH": str(ROOT), "DAGSTER_DISABLE_TELEMETRY": "1"}


def test_failing_check_and_report_visible_in_ui(tmp_path: Path, dagster_env: dict[str, str]) -> None:
    from playwright.sync_api import expect, sync_playwright

    done = subprocess.run([str(BIN / "ogi"), "ingest"], cwd=ROOT, env={**dagster_env, "COLUMNS": "200"},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "broken.txt" in done.stdout

    port = free_port()
    web = subprocess.Popen(
        [str(BIN / "dagster-webserver"), "-m", "pipeline.definitions", "-h", "127.0.0.1", "-p", str(port)],
        cwd=ROOT, env=dagster_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/server_info", 120, web)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=60_000)
            try:
                page = browser.new_page(viewport={"width": 1600, "height": 1200})
                page.set_default_timeout(60_000)
                page.goto(f"{base}/assets/dq_findings?view=checks", timeout=60_000)
                expect(page.get_by_text("dq_appeal_total").first).to_be_visible(timeout=60_000)
                dismiss_welcome_dialog(page)
                page.get_by_text("dq_appeal_total").first.click()
                expect(page.get_by_text("Failed").first).to_be_visible(timeout=60_000)
                expect(page.get_by_text(TIANJIN).first).to_be_visible(timeout=60_000)
                body = page.inner_text("body")
                assert "dq_appeal_total" in body and "failing_cells" in body
                assert "Not evaluated" not in body

                page.goto(f"{base}/assets/warehouse_tables?view=checks", timeout=60_000)
                expect(page.get_by_text("parse_failures").first).to_be_visible(timeout=60_000)
                page.get_by_text("parse_failures").first.click()
                expect(page.get_by_text("Failed").first).to_be_visible(timeout=60_000)
                expect(page.get_by_text("broken.txt (empty_file)").first).to_be_visible(timeout=60_000)
                assert "Not evaluated" not in page.inner_text("body")
                page.screenshot(path=str(tmp_path / "parse_failures.png"), full_page=True)

                page.goto(f"{base}/runs", timeout=60_000)
                expect(page.get_by_text("ingest_job").first).to_be_visible(timeout=60_000)
                assert "__ephemeral_asset_job__" not in page.inner_text("body")
            finally:
                browser.close()
    finally:
        os.killpg(web.pid, signal.SIGTERM)
        try:
            web.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(web.pid, signal.SIGKILL)
            web.wait(timeout=10)
