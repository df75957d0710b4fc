"""Parsing into Parquet parts on a pool of processes gives the same warehouse as in one process."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import samples_with_duplicate_and_empty

from pipeline.load.batch import list_files
from pipeline.load.parquet import TABLES, merge_parquet
from pipeline.load.stage import stage_files
from pipeline.parse import PARSER_VERSION


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # the copy sorts last, so with two files a part it lands in another part than its original
    return samples_with_duplicate_and_empty(tmp_path_factory.mktemp("raw"), "zz_pinghu_copy.txt", "empty.txt")


def _warehouse(raw: Path, tmp: Path, name: str, **kw) -> tuple[Path, object]:
    stats = stage_files(list_files([raw]), {}, tmp / name, **kw)
    db = tmp / f"{name}.duckdb"
    with duckdb.connect(str(db)) as con:
        merge_parquet(con, tmp / name)
    return db, stats


def _dump(db: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {t: con.execute(f"select * exclude (parsed_at) from {t} order by all" if t == "reports"
                               else f"select * from {t} order by all").fetchall() for t in TABLES}


def test_pool_of_two_equals_one_process(raw: Path, tmp_path: Path) -> None:
    serial, one = _warehouse(raw, tmp_path, "serial", workers=1)
    pooled, two = _warehouse(raw, tmp_path, "pooled", workers=2, chunk=2)
    assert (one.workers, two.workers) == (1, 2)
    assert len(list((tmp_path / "pooled" / "reports").glob("part=*.parquet"))) == 4  # 7 files, 2 a part
    assert _dump(serial) == _dump(pooled)
    assert (two.files, two.failed, dict(two.failure_codes)) == (7, 1, {"empty_file": 1})
    assert len(_dump(pooled)["reports"]) == 6  # the copy in another part is kept once


def test_loaded_files_are_read_but_not_parsed(raw: Path, tmp_path: Path) -> None:
    db, _ = _warehouse(raw, tmp_path, "first", workers=1)
    with duckdb.connect(str(db)) as con:
        loaded = dict(con.execute("select report_id, parser_version from reports").fetchall())
    assert set(loaded.values()) == {PARSER_VERSION}
    again = stage_files(list_files([raw]), loaded, tmp_path / "again", workers=2, chunk=3)
    assert (again.files, again.parsed, again.failed, again.skipped) == (7, 0, 0, 7)


def test_a_file_gone_since_listing_does_not_stop_the_batch(raw: Path, tmp_path: Path) -> None:
    files = list_files([raw])
    stats = stage_files([*files[:2], raw / "gone.txt", *files[2:]], {}, tmp_path / "p", workers=1)
    assert (stats.files, stats.unreadable, stats.parsed + stats.failed + stats.skipped) == (8, 1, 7)
