"""``ogi findings`` (list data-quality findings) and ``ogi check`` (re-run the rules)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import duckdb
import typer
from rich.console import Console

from pipeline.check.engine import run_checks
from pipeline.check.findings import findings_summary, findings_table, list_findings
from pipeline.check.suites import validate
from pipeline.load.paths import connect, published_path, work_path_for
from pipeline.load.publish import publish


@contextmanager
def _open(db: Path, read_only: bool) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection that is closed on exit, so a later command in the same process can reopen the file."""
    if not db.exists():
        Console(stderr=True).print(f"[red]no warehouse at {db}: run `ogi ingest` first[/red]")
        raise typer.Exit(1)
    con = connect(db, read_only=read_only)
    try:
        yield con
    finally:
        con.close()


DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="A DuckDB file to use as it is (default: the published warehouse, OGI_WAREHOUSE)."),
]


def findings(
    agency: Annotated[str | None, typer.Option("--agency", help="agency name or part of it")] = None,
    severity: Annotated[str | None, typer.Option("--severity", help="error or warning")] = None,
    rule: Annotated[str | None, typer.Option("--rule", help="rule id, e.g. row_sum")] = None,
    limit: Annotated[int, typer.Option("--limit")] = 200,
    db: DbOption = None,
) -> None:
    """List data-quality findings (errors first)."""
    with _open(db or published_path(), read_only=True) as con:
        if "dq_findings" not in {r[0] for r in con.execute("show tables").fetchall()}:
            Console(stderr=True).print("[red]the warehouse has no dq_findings yet: run `ogi check`[/red]")
            raise typer.Exit(1)
        Console().print(findings_table(list_findings(con, agency, severity, rule, limit)))


def check(db: DbOption = None) -> None:
    """Run every data-quality rule, replace dq_findings and rebuild the GX Data Docs beside the DB.

    Without ``--db`` the pipeline's working database is checked and the snapshot re-published, so
    analysts never see a half-written dq_findings.
    """
    target = db or work_path_for(published_path())
    with _open(target, read_only=False) as con:
        run = run_checks(con)
        docs = validate(con, target.resolve().parent / "data_docs")["docs_index"]
        Console().print(f"checked {run.reports} reports: {run.total} findings; Data Docs: {docs}")
        Console().print(findings_summary(con))
    if db is None:
        publish(target, published_path())


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the ``ogi`` app."""
    app.command("findings")(findings)
    app.command("check")(check)
