"""The loader on real sample reports and the real parser: idempotent, versioned, atomic."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from pipeline.load.batch import parse_batch, scan_files
from pipeline.load.store import ALL_TABLES, SimulatedCrash, load_batch, loaded_versions
from pipeline.parse import PARSER_VERSION, parse_file

SAMPLES = Path(__file__).parent / "fixtures" / "samples"
REPORTS = sorted((SAMPLES / "reports").iterdir())


def ingest(con: duckdb.DuckDBPyConnection, paths: list[Path], parse=parse_file, version: str = PARSER_VERSION,
           **kw):
    batch = parse_batch(scan_files(paths), loaded_versions(con), parse, version)
    return batch, load_batch(con, batch, **kw)


def dump(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    """Every row of every table, sorted, for exact before/after comparisons."""
    return {t: sorted(con.execute(f"select * from {t}").fetchall(), key=repr) for t in ALL_TABLES}


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    for f in REPORTS:
        shutil.copy(f, folder / f.name)
    return folder


@pytest.fixture
def con(tmp_path: Path):
    c = duckdb.connect(str(tmp_path / "work.duckdb"))
    yield c
    c.close()


def test_same_files_twice_change_nothing(con, raw):
    _, first = ingest(con, [raw])
    before = dump(con)
    batch, second = ingest(con, [raw])
    assert (first.parsed, first.failed, first.facts) == (5, 0, 5 * (10 + 175 + 15))
    assert len(batch.skipped) == 5 and not batch.outcomes
    assert (second.parsed, second.facts) == (0, 0)
    assert dump(con) == before


def test_parsed_once_per_hash_and_parser_version(con, raw):
    calls: list[str] = []

    def counting(path: str) -> dict:
        calls.append(Path(path).name)
        return parse_file(path)

    ingest(con, [raw], counting)
    ingest(con, [raw], counting)
    assert len(calls) == 5
    ingest(con, [raw], counting, version="next")
    assert len(calls) == 10
    assert con.execute("select count(*) from reports").fetchall() == [(5,)]
    assert con.execute("select count(*) from fact_applications").fetchall() == [(875,)]


def test_republished_report_is_new_current_version(con, raw):
    ingest(con, [raw])
    f = raw / "pinghu_hrss_2023.txt"
    f.write_text(f.read_text(encoding="utf-8").replace("\t38\n", "\t39\n", 1), encoding="utf-8")
    ingest(con, [raw])
    versions = con.execute(
        "select r.is_current, f.value from reports r join fact_proactive f using (report_id) "
        "where r.agency like '平湖市%' and f.item = 'normative_documents' and f.measure = 'in_force' "
        "order by r.version_seq").fetchall()
    assert versions == [(False, 38.0), (True, 39.0)]
    current = con.execute("select count(*) from reports where is_current").fetchall()
    assert current == [(5,)]


def test_failed_parse_beside_good_ones(con, raw):
    (raw / "empty.txt").write_bytes(b"")
    (raw / "notes.txt").write_text("会议纪要：今天讨论了食堂菜单。\n" * 20, encoding="utf-8")
    batch, stats = ingest(con, [raw])
    assert (stats.parsed, stats.failed) == (5, 2)
    failed = dict(con.execute(
        "select source_name, error_code from reports where status = 'failed'").fetchall())
    assert failed == {"empty.txt": "empty_file", "notes.txt": "not_a_report"}
    assert con.execute("select count(*) from reports where status='failed' and error_message is null"
                       ).fetchall() == [(0,)]
    assert con.execute("select count(*) from fact_applications").fetchall() == [(875,)]


def test_failed_new_version_keeps_loaded_facts(con, raw):
    ingest(con, [raw])
    facts = dump(con)["fact_applications"]
    (raw / "pinghu_hrss_2023.txt").write_bytes(b"\x00\x01\x02junk" * 100)
    _, stats = ingest(con, [raw])
    assert stats.failed == 1
    assert dump(con)["fact_applications"] == facts
    assert con.execute("select is_current from reports where agency like '平湖市%'").fetchall() == [(True,)]


def test_internal_error_is_recorded_not_raised(con, raw):
    def broken(path: str) -> dict:
        if "meizhou" in path:
            raise KeyError("boom")
        return parse_file(path)

    _, stats = ingest(con, [raw], broken)
    assert (stats.parsed, stats.failed) == (4, 1)
    row = con.execute("select error_code, error_message from reports where status = 'failed'").fetchall()
    assert row == [("internal_error", "KeyError: 'boom'")]


def test_crash_mid_load_leaves_warehouse_unchanged(con, raw):
    ingest(con, sorted(raw.iterdir())[:2])
    before = dump(con)
    with pytest.raises(SimulatedCrash):
        ingest(con, [raw], crash=True)
    assert dump(con) == before
    _, stats = ingest(con, [raw])
    assert stats.parsed == 3


def _truth(name: str) -> dict:
    return json.loads((SAMPLES / "truth" / f"{name}.json").read_text(encoding="utf-8"))


def test_facts_equal_truth_files(con, raw):
    ingest(con, [raw])
    sections = {"fact_proactive": ("proactive", "item", "measure", "value"),
                "fact_applications": ("applications", "category", "applicant_type", "count"),
                "fact_appeals": ("appeals", "proceeding", "outcome", "count")}
    for f in REPORTS:
        truth = _truth(f.stem)
        (rid, agency, year), = con.execute(
            "select report_id, agency, year from reports where source_name = ?", [f.name]).fetchall()
        assert (agency, year) == (truth["agency"], truth["year"])
        for table, (section, row_col, col_col, value_col) in sections.items():
            got = {(r, c): v for r, c, v in con.execute(
                f"select {row_col}, {col_col}, {value_col} from {table} where report_id = ?", [rid]).fetchall()}
            want = {(r, c): v for r, cols in truth[section].items() for c, v in cols.items()}
            assert got == want, f"{f.name} {table}"
            nulls = {k for k, v in got.items() if v is None}
            assert nulls == {k for k, v in want.items() if v is None}


def test_a_new_parser_version_reparses_every_file_without_duplicates(con, raw):
    """After a parser change the next ingest re-parses what is loaded; facts are replaced, not added."""
    ingest(con, [raw], version="0.1.0+aaaaaaaaaaaa")
    before = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in ("reports", "fact_applications")}
    batch, _ = ingest(con, [raw], version="0.1.0+bbbbbbbbbbbb")
    assert len(batch.outcomes) == len(REPORTS) and not batch.skipped
    after = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in ("reports", "fact_applications")}
    assert after == before
    versions = {r[0] for r in con.execute("select distinct parser_version from reports").fetchall()}
    assert versions == {PARSER_VERSION}  # the parse records the version of the code that ran


def test_parser_version_follows_the_code_and_template(tmp_path):
    from pipeline.parse.version import parser_version

    package = Path(__file__).resolve().parents[1] / "pipeline"
    copy = tmp_path / "pipeline"
    for sub in ("read", "parse", "template"):
        shutil.copytree(package / sub, copy / sub)
    for name in ("textnorm.py", "errors.py"):
        shutil.copy(package / name, copy / name)
    first = parser_version(copy)
    assert first == parser_version(package)
    csv = copy / "template" / "2021" / "application_rows.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("本年新收|", "本年新收|本年度新收|"), encoding="utf-8")
    assert parser_version(copy) != first
