"""A tiny progress channel from the assets to whoever runs them in-process (``ogi ingest``).

Dagster runs the assets; the CLI owns the terminal. The asset announces each file it handles
here and the CLI, if listening, advances its rich progress bar. Nobody listening = no output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

Listener = Callable[[str, str, int], None]  # (event, name, total): "start"/"advance"
_listeners: list[Listener] = []


@contextmanager
def listening(fn: Listener) -> Iterator[None]:
    _listeners.append(fn)
    try:
        yield
    finally:
        _listeners.remove(fn)


def notify(event: str, name: str = "", total: int = 0) -> None:
    for fn in list(_listeners):
        fn(event, name, total)
