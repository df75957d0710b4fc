"""Bad input gets a specific error with a stable code, never a traceback; `ogi parse` exits 1."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import sample_path

from pipeline.errors import (
    EmptyFileError,
    NotAReportError,
    ReportError,
    TruncatedReportError,
    UnreadableFileError,
    UnsupportedTemplateError,
)
from pipeline.parse import parse_bytes

PINGHU = sample_path("pinghu_hrss_2023").read_text(encoding="utf-8")
OGI = [sys.executable, "-m", "pipeline.cli"]


@pytest.mark.parametrize(
    ("data", "error", "needle"),
    [
        (b"", EmptyFileError, "empty"),
        (b"  \n\t\n ", EmptyFileError, "whitespace"),
        (bytes(range(256)) * 20, UnreadableFileError, "binary"),
        ("这是一篇新闻：今天天气很好。".encode() * 50, NotAReportError, "no annual report"),
        ("\n".join(["政府信息公开年报", "2023年度报告列表", "下一页"]).encode(), NotAReportError, "no annual report"),
        (b"\x80\x80\xff" * 100, UnreadableFileError, "Chinese text encoding"),
    ],
)
def test_bad_input_raises_specific_error(data: bytes, error: type[ReportError], needle: str) -> None:
    with pytest.raises(error, match=needle):
        parse_bytes(data, "bad.txt")


def test_truncated_inside_table_three() -> None:
    cut = PINGHU[: PINGHU.index("（五）不予处理")]
    with pytest.raises(TruncatedReportError, match="三"):
        parse_bytes(cut.encode(), "cut.txt")


def test_truncated_after_table_two() -> None:
    cut = PINGHU[: PINGHU.index("（本列数据的勾稽关系")]
    with pytest.raises(TruncatedReportError, match="truncated"):
        parse_bytes(cut.encode(), "cut.txt")


def test_title_without_tables_is_not_a_report() -> None:
    text = PINGHU[: PINGHU.index("二、主动公开政府信息情况")]
    with pytest.raises(NotAReportError, match="平湖市人力资源和社会保障局"):
        parse_bytes(text.encode(), "prose-only.txt")


def test_2019_signature_selects_the_2019_template() -> None:
    """Table 二 headed 本年新制作数量… is read with the 2019 template's measures, never the 2021 ones."""
    text = PINGHU.replace("本年制发件数", "本年新制作数量").replace("本年废止件数", "本年新公开数量")
    text = text.replace("现行有效件数", "对外公开总数量")
    report = parse_bytes(text.encode(), "old.txt")
    assert report["template_version"] == "2019"
    assert report["proactive"]["rules"]["issued"] is None
    assert report["proactive"]["rules"]["new_made"] is not None


def test_pre_2019_report_is_named() -> None:
    text = "某某局2017年政府信息公开工作年度报告\n一、主动公开情况\n二、依申请公开情况\n同意公开 5\n不同意公开 1\n"
    with pytest.raises(UnsupportedTemplateError, match="pre-2019"):
        parse_bytes(text.encode(), "old.txt")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*OGI, *args], capture_output=True, text=True, timeout=60, check=False)


def test_cli_prints_contract_json() -> None:
    done = _run("parse", str(sample_path("tianjin_dongli_hrss_2023")))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["agency"] == "天津市东丽区人力资源和社会保障局"
    assert report["appeals"]["administrative_review"]["corrected"] == 1


def test_cli_one_line_reason_and_exit_1(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    for target in (empty, tmp_path / "missing.txt"):
        done = _run("parse", str(target))
        assert done.returncode == 1
        assert done.stdout == ""
        assert len(done.stderr.strip().splitlines()) == 1
        assert "Traceback" not in done.stderr
