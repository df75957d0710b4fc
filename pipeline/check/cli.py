"""``ogi findings`` (list and export data-quality findings) and ``ogi check`` (re-run the checks).

great-expectations is imported inside ``check`` only: ``ogi --help``, ``ogi parse`` and
``ogi findings`` never pay its import time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import duckdb
import typer
from rich.console import Console

from pipeline.check.export import FORMATS, write
from pipeline.check.findings import (
    Filters,
    UnknownFilterError,
    check_filters,
    findings_summary,
    findings_table,
    list_findings,
)
from pipeline.load.paths import connect, published_path, work_path_for

DQ_REPORT_NAME = "dq_report.html"


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


def _fail(message: str, code: int = 2) -> typer.Exit:
    Console(stderr=True).print(f"[red]{message}[/red]")
    return typer.Exit(code)


DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="A DuckDB file to use as it is "
                              "(default: the published warehouse, OGI_WAREHOUSE)."),
]


def findings(
    agency: Annotated[str | None, typer.Option("--agency", help="agency name or part of it (机关)")] = None,
    year: Annotated[int | None, typer.Option("--year", help="reporting year (年度)")] = None,
    rule: Annotated[str | None, typer.Option("--rule", help="rule id, e.g. appeal_total (规则)")] = None,
    severity: Annotated[str | None, typer.Option("--severity", help="error or warning (严重程度)")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"output: {', '.join(FORMATS)}")] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o",
                                                help="write to this file (xlsx needs one)")] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="at most this many (default: 200 in the table, "
                                                             "all in exports)")] = None,
    db: DbOption = None,
) -> None:
    """List data-quality findings (errors first), or export them with Chinese column headers."""
    if fmt not in FORMATS:
        raise _fail(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    if fmt == "xlsx" and output is None:
        raise _fail("--format xlsx writes a file: give it with --output FILE.xlsx")
    with _open(db or published_path(), read_only=True) as con:
        if "dq_findings" not in {r[0] for r in con.execute("show tables").fetchall()}:
            raise _fail("the warehouse has no dq_findings yet: run `ogi check`", 1)
        filters = Filters(agency, year, rule, severity)
        try:
            check_filters(con, filters)
        except UnknownFilterError as exc:
            raise _fail(str(exc)) from None
        rows = list_findings(con, agency, severity, rule, limit or (200 if fmt == "table" else None), year)
    if fmt == "table":
        Console().print(findings_table(rows))
        return
    text = write(rows, fmt, output)
    if text is not None:
        typer.echo(text, nl=False)
    else:
        Console(stderr=True).print(f"{len(rows)} findings written to {output}")


def check(db: DbOption = None) -> None:
    """Run every data-quality rule and the GX suites, replace dq_findings, write the data-quality report.

    Without ``--db`` the pipeline's working database is checked and the snapshot re-published, so
    analysts never see a half-written dq_findings. The report (dq_report.html) and GX Data Docs are
    written beside the database.
    """
    from pipeline.check.engine import run_checks
    from pipeline.check.gx_run import validate
    from pipeline.check.report import write_dq_report

    target = db or work_path_for(published_path())
    with _open(target, read_only=False) as con:
        run = run_checks(con)
        gx = validate(con, target.resolve().parent / "data_docs")
        verdict = "passed" if gx["success"] else "failed"
        Console().print(f"checked {run.reports} reports: {run.total} findings; "
                        f"great-expectations: {verdict}; Data Docs: {gx['docs_index']}")
        for d in gx["disagreements"]:
            Console(stderr=True).print(f"[red]GX and dq_findings disagree: {d}[/red]")
        Console().print(findings_summary(con))
    published = target if db else published_path()
    if db is None:
        from pipeline.load.publish import publish

        publish(target, published)
    report = write_dq_report(published, published.resolve().parent / DQ_REPORT_NAME)
    Console().print(f"data-quality report: {report}")


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the ``ogi`` app."""
    app.command("findings")(findings)
    app.command("check")(check)
