"""Variants of the sample reports in other layouts and wordings parse to the same truth.

Each variant changes one thing a real publisher changes: labels wrapped or reworded, rows in
another order, extra prose, other whitespace and digits, other encodings, tables repeated in an
appendix or quoted twice, pipe tables, one proceeding per row in table 四, a 小计 column.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import cell_diffs, load_truth, sample_path

from pipeline.parse import parse_file

WORD_EXPORTS = ["pinghu_hrss_2023", "tianjin_dongli_hrss_2023", "wuhan_donghu_hrss_2023"]


def _text(name: str) -> str:
    return sample_path(name).read_text(encoding="utf-8")


def _parse(tmp_path: Path, text: str, suffix: str = ".txt", encoding: str = "utf-8") -> dict:
    path = tmp_path / f"variant{suffix}"
    path.write_bytes(text.encode(encoding))
    return parse_file(path)


def _assert_truth(report: dict, name: str) -> None:
    assert cell_diffs(report, load_truth(name)) == []


@pytest.mark.parametrize("name", WORD_EXPORTS)
def test_labels_wrapped_inside_cells(tmp_path: Path, name: str) -> None:
    text = _text(name)
    text = text.replace("（二）部分公开（区分处理的", "（二）部分公开\n（区分处理的")
    text = text.replace("本年新收政府信息公开申请数量", "本年新收政府信息\n公开申请数量")
    text = text.replace("5.要求行政机关确认或重新出具已获取信息", "5.要求行政机关确认或重新\n出具已获取信息")
    _assert_truth(_parse(tmp_path, text), name)


@pytest.mark.parametrize("name", WORD_EXPORTS + ["zezhou_hrss_2023", "meizhou_hrss_2023"])
def test_labels_reworded(tmp_path: Path, name: str) -> None:
    text = _text(name)
    for old, new in [
        ("属于国家秘密", "涉及国家秘密"),
        ("“三安全一稳定”", '"三安全一稳定"'),
        ("本年新收政府信息公开申请数量", "本年新收政府信息公开申请数"),
        ("没有现成信息需要另行制作", "没有现成信息，需要另行制作"),
        ("1.", "1、"),
        ("2.", "2．"),
        ("行政规范性文件", "规范性文件"),
    ]:
        text = text.replace(old, new)
    _assert_truth(_parse(tmp_path, text, sample_path(name).suffix), name)


def test_rows_reordered_in_tab_rows(tmp_path: Path) -> None:
    """Zezhou has one row per line: shuffle rows of table 三 and table 二 and parse the same cells."""
    lines = _text("zezhou_hrss_2023").split("\n")
    idx = {key: next(i for i, ln in enumerate(lines) if key in ln) for key in
           ("一、本年新收", "二、上年结转", "4. 保护第三方", "7. 属于行政执法案卷", "规章\t", "行政许可\t")}
    for a, b in (("一、本年新收", "二、上年结转"), ("4. 保护第三方", "7. 属于行政执法案卷")):
        lines[idx[a]], lines[idx[b]] = lines[idx[b]], lines[idx[a]]
    _assert_truth(_parse(tmp_path, "\n".join(lines), ".md"), "zezhou_hrss_2023")


@pytest.mark.parametrize("name", WORD_EXPORTS + ["meizhou_hrss_2023"])
def test_extra_prose_between_and_before_tables(tmp_path: Path, name: str) -> None:
    text = _text(name)
    prose = "\n本年度，我局共办理行政许可事项若干件，具体情况见下表。各项数据均经核对。\n"
    text = re.sub(r"(\n\s*二、主动公开政府信息情况\n)", r"\1" + prose.replace("\\", ""), text, count=1)
    text = re.sub(r"(\n\s*三、收到和处理政府信息公开申请情况\n)", r"\1" + prose, text, count=1)
    text = text.replace("五、存在的主要问题", "（注：表中数据统计口径与上年一致。）\n\n五、存在的主要问题", 1)
    _assert_truth(_parse(tmp_path, text), name)


@pytest.mark.parametrize("name", WORD_EXPORTS + ["meizhou_hrss_2023"])
def test_other_whitespace_digits_and_line_endings(tmp_path: Path, name: str) -> None:
    full_width = str.maketrans("0123456789", "０１２３４５６７８９")
    lines = []
    for line in _text(name).split("\n"):
        stripped = line.strip()
        if re.fullmatch(r"\d+", stripped):
            line = line.replace(stripped, "\u3000" + stripped.translate(full_width) + " ")
        lines.append(line)
    _assert_truth(_parse(tmp_path, "\r\n".join(lines)), name)


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8-sig"])
def test_legacy_encodings(tmp_path: Path, encoding: str) -> None:
    text = _text("pinghu_hrss_2023").replace("\u2002", " ").replace("\xa0", " ")
    _assert_truth(_parse(tmp_path, text, encoding=encoding), "pinghu_hrss_2023")


def _table_three(text: str) -> str:
    start = text.index("三、收到和处理政府信息公开申请情况")
    end = text.index("四、政府信息公开行政复议")
    return text[start:end]


@pytest.mark.parametrize("name", WORD_EXPORTS)
def test_table_repeated_in_appendix(tmp_path: Path, name: str) -> None:
    text = _text(name)
    text += "\n\n附件：\n" + _table_three(text).replace("三、收到和处理政府信息公开申请情况", "附表 收到和处理政府信息公开申请情况")
    report = _parse(tmp_path, text)
    _assert_truth(report, name)
    assert not [w for w in report["warnings"] if w["code"] == "table_conflict"]


def test_two_different_tables_three_warn_and_keep_the_first(tmp_path: Path) -> None:
    text = _text("pinghu_hrss_2023")
    quoted = _table_three(text).replace("\t7\n", "\t9\n")
    text = text.replace("四、政府信息公开行政复议", quoted.replace("三、收到和处理政府信息公开申请情况", "上年度同期情况：") + "\n\n四、政府信息公开行政复议", 1)
    report = _parse(tmp_path, text)
    _assert_truth(report, "pinghu_hrss_2023")
    assert [w for w in report["warnings"] if w["code"] == "table_conflict" and w["location"] == "applications"]


def test_markdown_pipe_tables(tmp_path: Path) -> None:
    lines = []
    for line in _text("zezhou_hrss_2023").split("\n"):
        if "\t" in line:
            cells = line.split("\t")
            line = "| " + " | ".join(cells) + " |"
            if cells[0].startswith("第二十条"):
                line += "\n|" + "---|" * len(cells)
        lines.append(line)
    _assert_truth(_parse(tmp_path, "\n".join(lines), ".md"), "zezhou_hrss_2023")


def test_appeals_one_proceeding_per_row(tmp_path: Path) -> None:
    text = _text("zezhou_hrss_2023")
    start = text.index("## 四、政府信息公开行政复议")
    end = text.index("## 五、")
    table = (
        "## 四、政府信息公开行政复议、行政诉讼情况\n\n"
        "\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n"
        "行政复议\t1\t1\t0\t0\t2\n"
        "行政诉讼（未经复议直接起诉）\t9\t4\t0\t4\t17\n"
        "行政诉讼（复议后起诉）\t0\t0\t0\t0\t0\n\n"
    )
    _assert_truth(_parse(tmp_path, text[:start] + table + text[end:], ".md"), "zezhou_hrss_2023")


def test_subtotal_column_is_accepted_not_expected(tmp_path: Path) -> None:
    lines = []
    for line in _text("zezhou_hrss_2023").split("\n"):
        cells = line.split("\t")
        if "法律服务机构" in line:
            cells.insert(cells.index("其他") + 1, "小计")
        elif len(cells) >= 8 and sum(c.strip().isdigit() for c in cells) == 7:
            nums = [i for i, c in enumerate(cells) if c.strip().isdigit()]
            subtotal = sum(int(cells[i]) for i in nums[1:6])
            cells.insert(nums[5] + 1, str(subtotal))
        lines.append("\t".join(cells))
    report = _parse(tmp_path, "\n".join(lines), ".md")
    _assert_truth(report, "zezhou_hrss_2023")
    assert any(w["code"] == "extra_column" for w in report["warnings"])


def test_row_with_a_missing_cell_is_left_empty_not_shifted(tmp_path: Path) -> None:
    """Web-page text loses empty cells: six numbers where seven belong must not be placed."""
    text = _text("meizhou_hrss_2023")
    start = text.index("一、本年新收政府信息公开申请数量")
    head, tail = text[:start], text[start:]
    tail = tail.replace("\n\n0\n", "\n", 1)  # drop one cell of the first row
    report = _parse(tmp_path, head + tail)
    assert set(report["applications"]["new_received"].values()) == {None}
    assert any(w["code"] == "row_cells_mismatch" and w["location"] == "applications.new_received" for w in report["warnings"])


LAYOUT = Path(__file__).parent / "fixtures" / "formats" / "layout"


@pytest.mark.parametrize("path", sorted(LAYOUT.glob("*.layout.txt")), ids=lambda p: p.name.split(".")[0])
def test_column_layout_text_with_wrapped_labels(path: Path) -> None:
    """``pdftotext -layout`` of the PDF fixtures: labels wrap over several lines, the numbers sit on
    the line of the label's first fragment, and the group and row label columns interleave."""
    _assert_truth(parse_file(path), path.name.split(".")[0])
