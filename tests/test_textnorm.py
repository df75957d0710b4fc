"""The fast NFKC path gives exactly what ``unicodedata`` gives, on every character that Chinese
reports print (and on the real regression corpus), alone and next to the characters around it."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from pipeline.textnorm import nfkc

REAL = Path(__file__).parent / "fixtures" / "real"
RANGES = [(0x20, 0x250), (0x300, 0x370), (0x2000, 0x3400), (0x4E00, 0x4F00), (0xF900, 0xFB00), (0xFE00, 0x10000)]


def test_nfkc_equals_unicodedata_on_each_character_in_context() -> None:
    wrong = []
    for lo, hi in RANGES:
        for cp in range(lo, hi):
            c = chr(cp)
            for text in (c, f"中{c}，", f"{c}\u0301", f"Ａ{c}", f"（{c}）\u3000"):
                if nfkc(text) != unicodedata.normalize("NFKC", text):
                    wrong.append(hex(cp))
    assert not wrong


def test_nfkc_equals_unicodedata_on_real_reports() -> None:
    files = [p for p in REAL.iterdir() if p.suffix in (".html", ".txt")]
    assert len(files) > 20
    for path in files:
        text = path.read_bytes().decode("utf-8", "replace")
        assert nfkc(text) == unicodedata.normalize("NFKC", text), path.name


def test_nfkc_maps_full_width_forms() -> None:
    assert nfkc("（一）１２，３％\u3000") == "(一)12,3% "
