"""The ``ogi`` command line: one sub-command per pipeline stage.

Each stage's package contributes its commands through a ``register(app)`` function, so this module
stays a table of contents.
"""

from __future__ import annotations

import typer

from pipeline.acquire import cli as acquire_cli
from pipeline.bench import cli as bench_cli
from pipeline.check import cli as check_cli
from pipeline.load import cli as load_cli
from pipeline.parse import cli as parse_cli

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)

for module in (acquire_cli, parse_cli, load_cli, check_cli, bench_cli):
    module.register(app)


if __name__ == "__main__":
    app()
