"""``ogi findings`` (list data-quality findings) and ``ogi check`` (re-run the rules)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import duckdb
import typer
from rich.console import Console

from pipeline.check.engine import run_checks
from pipeline.check.findings import findings_summary, findings_table, list_findings
from pipeline.check.suites import validate

DEFAULT_DB = Path(os.environ.get("DUCKDB_DATABASE", "data/warehouse/ogi.duckdb"))


def _open(db: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    if not db.exists():
        Console(stderr=True).print(f"[red]no warehouse at {db}: run `ogi ingest` first[/red]")
        raise typer.Exit(1)
    return duckdb.connect(str(db), read_only=read_only)


DbOption = Annotated[Path, typer.Option("--db", help="DuckDB warehouse file")]


def findings(
    agency: Annotated[str | None, typer.Option("--agency", help="agency name or part of it")] = None,
    severity: Annotated[str | None, typer.Option("--severity", help="error or warning")] = None,
    rule: Annotated[str | None, typer.Option("--rule", help="rule id, e.g. row_sum")] = None,
    limit: Annotated[int, typer.Option("--limit")] = 200,
    db: DbOption = DEFAULT_DB,
) -> None:
    """List data-quality findings (errors first)."""
    con = _open(db, read_only=True)
    if "dq_findings" not in {r[0] for r in con.execute("show tables").fetchall()}:
        Console(stderr=True).print("[red]the warehouse has no dq_findings yet: run `ogi check`[/red]")
        raise typer.Exit(1)
    Console().print(findings_table(list_findings(con, agency, severity, rule, limit)))


def check(db: DbOption = DEFAULT_DB) -> None:
    """Run every data-quality rule, replace dq_findings and rebuild the GX Data Docs beside the DB."""
    con = _open(db, read_only=False)
    run = run_checks(con)
    docs = validate(con, db.resolve().parent / "data_docs")["docs_index"]
    Console().print(f"checked {run.reports} reports: {run.total} findings; Data Docs: {docs}")
    Console().print(findings_summary(con))


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the ``ogi`` app."""
    app.command("findings")(findings)
    app.command("check")(check)
