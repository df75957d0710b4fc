"""The ``ogi`` command line: one sub-command per pipeline stage.

Each stage's package contributes its commands through a ``register(app)`` function. Registration
is lazy: ``COMMANDS`` below names the module of every command and the one line ``ogi --help``
shows, and a stage's module is imported only when one of its commands runs. So ``ogi --help`` and
``ogi parse`` never import Dagster or great-expectations (``tests/test_cli_lazy.py`` holds this
table equal to what the modules register).
"""

from __future__ import annotations

import importlib

import click
import typer
from typer.core import TyperGroup

# command → (module whose register(app) adds it, the line `ogi --help` shows)
COMMANDS: dict[str, tuple[str, str]] = {
    "crawl": ("pipeline.acquire.cli", "Download annual reports (inline pages and attachments) politely and incrementally."),
    "parse": ("pipeline.parse.cli", "Parse one annual report and print its contract JSON."),
    "ingest": ("pipeline.defs.cli", "Parse new or changed reports, load the warehouse, check it and publish the snapshot."),
    "dictionary": ("pipeline.load.cli", "Print the data dictionary (Markdown) generated from the COMMENTs in sql/."),
    "findings": ("pipeline.check.cli", "List data-quality findings (errors first); export CSV, JSON or XLSX."),
    "check": ("pipeline.check.cli", "Run the data-quality rules and GX, replace dq_findings, write dq_report.html."),
}
MODULES: tuple[str, ...] = tuple(dict.fromkeys(module for module, _ in COMMANDS.values()))


def registered_commands(module: str) -> dict[str, click.Command]:
    """The click commands a stage's module registers, by name (imports the module)."""
    sub = typer.Typer(add_completion=False)
    importlib.import_module(module).register(sub)
    group = typer.main.get_group(sub)
    return dict(group.commands)


class LazyGroup(TyperGroup):
    """A group that imports a command's module only when the command is used."""

    _listing = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._loaded: dict[str, click.Command] = {}
        self._modules_loaded: set[str] = set()

    def _load(self, module: str) -> None:
        if module not in self._modules_loaded:
            self._loaded.update(registered_commands(module))
            self._modules_loaded.add(module)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*COMMANDS, *(n for n in self._loaded if n not in COMMANDS)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self._loaded:
            return self._loaded[cmd_name]
        if cmd_name in COMMANDS:
            module, help_line = COMMANDS[cmd_name]
            if self._listing:  # `ogi --help`: the line from the table, no import
                return click.Command(cmd_name, short_help=help_line, help=help_line)
            self._load(module)
            return self._loaded.get(cmd_name)
        if self._listing:
            return None
        for module in MODULES:  # a command a module added but the table does not name yet
            self._load(module)
        return self._loaded.get(cmd_name)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


app = typer.Typer(cls=LazyGroup, add_completion=False, no_args_is_help=True)


@app.callback(help="ogi-warehouse: acquire, parse, load and check 政府信息公开工作年度报告 (one sub-command per stage).")
def main() -> None:
    """The app itself has no options; see the sub-commands."""


if __name__ == "__main__":
    app()
