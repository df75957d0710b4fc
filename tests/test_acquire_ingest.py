"""``ogi crawl`` then ``ogi ingest``: crawled reports reach the warehouse, with their source URLs."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipeline.acquire import manifest
from pipeline.acquire.crawl import crawl
from pipeline.acquire.fetch import FetchConfig
from pipeline.defs.ingest import ingest

pytestmark = pytest.mark.timeout(120)

import fixtures.portal.portal as portal_mod  # noqa: E402  (tests/ is on sys.path)

FAST = FetchConfig(delay=0.005, timeout=0.5, retries=2, backoff=0.01, backoff_max=0.05, max_bytes=200_000)
#: What the parser makes of each crawled file.
PARSED = {
    "/files/report.pdf": ("泽州县人力资源和社会保障局", 2023),
    "/art/2024/pinghu.html": ("平湖市人力资源和社会保障局", 2023),
    "/art/2024/tianjin-gbk.html": ("天津市东丽区人力资源和社会保障局", 2023),
    "/art/2024/flaky.html": ("武汉东湖新技术开发区人力资源局", 2023),
    "/files/meizhou-2023.docx": ("梅州市人力资源和社会保障局", 2023),
}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """Crawl the portal once, ingest the raw folder once; the tests read the result."""
    run = portal_mod._portal_fixture()
    portal = next(run)
    try:
        tmp = tmp_path_factory.mktemp("crawl_ingest")
        raw, db = tmp / "raw", tmp / "wh" / "ogi.duckdb"
        crawl([portal.list_url], raw, FAST)
        summary = ingest([raw], db)
        assert summary.success, summary.errors
        yield portal, raw, db
    finally:
        next(run, None)


def _rows(db: Path, columns: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(f"select {columns} from reports order by source_path").fetchall()


def test_crawled_reports_land_in_the_warehouse(crawled):
    portal, raw, db = crawled
    url_of = {
        str((raw / r.file).resolve()): r.source_url.removeprefix(portal.base)
        for r in manifest.read_records(raw)
        if r.file
    }
    rows = _rows(db, "source_path, agency, year, status")
    assert len(rows) == len(portal_mod.EXPECTED_FILES)  # the manifest is not taken for a report
    parsed = {url_of[str(Path(p).resolve())]: (a, y) for p, a, y, s in rows if s == "parsed"}
    assert parsed == PARSED


def test_reports_carry_their_source_url(crawled):
    _, raw, db = crawled
    expected = {str((raw / r.file).resolve()): r.source_url for r in manifest.read_records(raw) if r.file}
    rows = _rows(db, "source_path, source_url")
    assert {str(Path(p).resolve()): u for p, u in rows} == expected
