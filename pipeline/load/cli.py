"""``ogi dictionary``: the warehouse stage's command (``ogi ingest`` runs the job: `pipeline.defs.cli`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def dictionary_command(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    readme: Annotated[Path | None, typer.Option("--readme", help="Also refresh the dictionary section of this README.")] = None,
) -> None:
    """Print the data dictionary (Markdown) generated from the COMMENTs in sql/."""
    from pipeline.load.dictionary import dictionary_markdown, embed_in_readme

    text = dictionary_markdown()
    if readme:
        readme.write_text(embed_in_readme(readme.read_text(encoding="utf-8"), text), encoding="utf-8")
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        typer.echo(text, nl=False)


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the ``ogi`` app."""
    app.command("dictionary")(dictionary_command)
