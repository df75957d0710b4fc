"""``ogi --help`` and ``ogi parse`` stay light: no Dagster, no great-expectations (issue 12, 13)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import COMMANDS, MODULES, app, registered_commands

ROOT = Path(__file__).resolve().parents[1]
PINGHU = ROOT / "tests" / "fixtures" / "samples" / "reports" / "pinghu_hrss_2023.txt"
HEAVY = ("dagster", "great_expectations")


def _modules_after(argv: list[str]) -> tuple[set[str], str]:
    """Run ``ogi ARGV`` in a fresh interpreter; the heavy modules it imported, and its stdout."""
    script = textwrap.dedent(f"""
        import sys
        from pipeline.cli import app
        try:
            app({argv!r}, standalone_mode=False)
        finally:
            sys.stdout.flush()
            print("\\nHEAVY:" + ",".join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    heavy = done.stderr.rsplit("HEAVY:", 1)[1].strip()
    return set(filter(None, heavy.split(","))), done.stdout


def test_help_imports_neither_dagster_nor_gx():
    heavy, out = _modules_after(["--help"])
    assert heavy == set()
    for name in COMMANDS:
        assert name in out


def test_parse_imports_neither_dagster_nor_gx():
    heavy, out = _modules_after(["parse", str(PINGHU)])
    assert heavy == set()
    assert "平湖市人力资源和社会保障局" in out


def test_parse_as_a_whole_process_is_quick():
    started = time.monotonic()
    done = subprocess.run([str(Path(sys.executable).parent / "ogi"), "parse", str(PINGHU)], cwd=ROOT,
                          capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 1.5


def test_the_command_table_is_what_the_modules_register():
    """The lazy table in pipeline/cli.py names every command, and each with its own module."""
    registered = {name: module for module in MODULES for name in registered_commands(module)}
    assert registered == {name: module for name, (module, _) in COMMANDS.items()}


def test_every_command_runs_through_the_lazy_group():
    runner = CliRunner()
    for name in COMMANDS:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)
        usage = " ".join(result.output.split())
        assert "Usage:" in usage and f" {name} [OPTIONS]" in usage, (name, usage[:200])
    unknown = runner.invoke(app, ["no-such-command"])
    assert unknown.exit_code == 2 and "No such command" in unknown.output
