"""Entry point of one benchmark stage in a fresh interpreter: ``python -m bench.child``.

A fresh interpreter (not a multiprocessing spawn, which re-imports the ``ogi`` command and with it
Dagster and GX, ~280 MB) so a stage's peak RSS is its own. Reads ``{"fn": ..., "kwargs": ...}``
from the JSON file named by argv[1] and writes ``[ok, result, peak_rss_mb]`` to argv[2].
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

from bench import stages
from bench.memory import peak_rss_mb

log = logging.getLogger("bench")


def main(request: str, response: str) -> None:
    logging.basicConfig(level=logging.WARNING)
    job = json.loads(Path(request).read_text(encoding="utf-8"))
    try:
        result, ok = getattr(stages, job["fn"])(**job["kwargs"]), True
    except Exception as e:  # noqa: BLE001 - reported to the runner as the stage's error
        log.exception("bench stage %s failed", job["fn"])
        result, ok = f"{type(e).__name__}: {e}", False
    Path(response).write_text(json.dumps([ok, result, round(peak_rss_mb(), 1)], ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
