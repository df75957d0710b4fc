"""``ogi parse FILE``: print one report's contract JSON, or a one-line reason and exit 1."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from pipeline.errors import ReportError


def parse_command(
    file: Annotated[Path, typer.Argument(help="A report file: text, Markdown, HTML, DOCX or PDF.")],
    full: Annotated[bool, typer.Option("--full", help="Include provenance, warnings and prose figures.")] = False,
) -> None:
    """Parse one annual report and print its contract JSON."""
    from pipeline.parse import parse_file

    try:
        report = parse_file(file)
    except FileNotFoundError:
        typer.echo(f"{file}: no such file", err=True)
        raise typer.Exit(1) from None
    except IsADirectoryError:
        typer.echo(f"{file}: is a directory", err=True)
        raise typer.Exit(1) from None
    except ReportError as exc:
        typer.echo(f"{file}: {exc.code}: {exc}", err=True)
        raise typer.Exit(1) from None
    if not full:
        keep = ("agency", "agency_canonical", "year", "template_version", "proactive", "applications", "appeals", "warnings")
        report = {k: report[k] for k in keep}
    json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def register(app: typer.Typer) -> None:
    app.command("parse")(parse_command)
