"""Command-line entry points of the benchmark (placeholder until it lands)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the benchmark's commands to the ``ogi`` app."""
