"""The sources file: the shipped examples, and clear errors for bad entries."""

from __future__ import annotations

import pytest

from pipeline.acquire.sources import DEFAULT_SOURCES, SourcesConfigError, load_sources


def test_shipped_sources_are_examples_disabled_by_default():
    assert load_sources() == []
    every = load_sources(DEFAULT_SOURCES, only_enabled=False)
    assert len(every) >= 2
    assert all(".gov.cn/" in s.list_url and not s.enabled for s in every)


def test_entries_and_defaults(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(
        '[[source]]\nname = "A局"\nlist_url = "http://127.0.0.1:1/a/index.html"\nlink_pattern = "年度报告"\n'
        '[[source]]\nname = "B局"\nlist_url = "https://b.example/list.html"\nenabled = false\n',
        encoding="utf-8",
    )
    (a,) = load_sources(path)
    assert (a.name, a.link_pattern, a.enabled) == ("A局", "年度报告", True)
    assert [s.name for s in load_sources(path, only_enabled=False)] == ["A局", "B局"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[source]]\nname = "A"\nlist_url = "ftp://x/y"\n', "must be an http"),
        ('[[source]]\nlist_url = "http://x/y"\n', "missing 'name'"),
        ('[[source]]\nname = "A"\nlist_url = "http://x/"\nlink_pattern = "("\n', "bad 'link_pattern'"),
        ('[[source]]\nname = "A"\nlist_url = "http://x/"\nenabled = "yes"\n', "true or false"),
        ("[[source]\n", "not valid TOML"),
    ],
)
def test_bad_entries_fail_with_a_reason(tmp_path, text, message):
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourcesConfigError, match=message):
        load_sources(path)


def test_missing_file(tmp_path):
    with pytest.raises(SourcesConfigError, match="not found"):
        load_sources(tmp_path / "nope.toml")
