"""The data-quality rules, read from ``sql/rules/*.sql``: one file per rule is its only definition.

A rule file starts with ``-- key: value`` header lines (rule, severity, concern, description and
message in English and Chinese, optional ``requires``), then one query. The query returns a row per
violation with the columns ``report_id, location, expected, actual`` and optionally ``detail`` (or
``detail_zh`` and ``detail_en``) and ``source_where``. The same text is run by the engine to write
``dq_findings``, by great-expectations as an ``UnexpectedRowsExpectation`` and is stored in the
``dq_rules`` table, so an analyst reads exactly what ran. The queries read the staged tables of
``pipeline.check.staging`` (``dq_cells``, ``dq_reports``, …) besides the warehouse's own.

Messages are templates with ``{label}`` (the cell's label path), ``{location}`` (contract path),
``{expected}``, ``{actual}``, ``{detail}`` and ``{file}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.load.paths import SQL_DIR

RULES_DIR = SQL_DIR / "rules"
SEVERITIES = ("error", "warning")
_HEADER = re.compile(r"^--\s*(\w+):\s*(.*?)\s*$")
_REQUIRED = ("rule", "severity", "concern", "description_en", "description_zh", "message_en", "message_zh")


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str  # "error" (broken identity, impossible value) or "warning" (implausible)
    concern: str  # one Dagster asset check and one GX suite per concern
    description_en: str
    description_zh: str
    message_en: str
    message_zh: str
    sql: str  # the whole file: header comments and the query
    requires: tuple[str, ...] = ()  # warehouse tables the rule reads beyond the facts
    path: str = ""

    @property
    def description(self) -> str:
        return self.description_en

    @property
    def query(self) -> str:
        """The query without its header lines (what is wrapped as a sub-query)."""
        lines = self.sql.splitlines()
        while lines and (_HEADER.match(lines[0]) or not lines[0].strip()):
            lines.pop(0)
        return "\n".join(lines).strip().rstrip(";")


class RuleFileError(ValueError):
    """A rule file is missing a header or has an unknown severity."""


def parse_rule(path: Path) -> Rule:
    """One rule from its SQL file."""
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    for line in text.splitlines():
        m = _HEADER.match(line)
        if not m:
            break
        header[m.group(1)] = m.group(2)
    missing = [k for k in _REQUIRED if k not in header]
    if missing:
        raise RuleFileError(f"{path.name}: header lacks {', '.join(missing)}")
    if header["severity"] not in SEVERITIES:
        raise RuleFileError(f"{path.name}: severity must be one of {SEVERITIES}")
    requires = tuple(t.strip() for t in header.get("requires", "").split(",") if t.strip())
    return Rule(header["rule"], header["severity"], header["concern"], header["description_en"],
                header["description_zh"], header["message_en"], header["message_zh"], text.strip() + "\n",
                requires, str(path.relative_to(SQL_DIR.parent)))


@cache
def load_rules(directory: Path = RULES_DIR) -> tuple[Rule, ...]:
    """Every rule, in file-name order (which is also the order of the concerns)."""
    rules = tuple(parse_rule(p) for p in sorted(directory.glob("*.sql")))
    ids = [r.id for r in rules]
    if len(set(ids)) != len(ids):
        raise RuleFileError(f"duplicate rule ids in {directory}")
    return rules


RULES: tuple[Rule, ...] = load_rules()
RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}
CONCERNS: tuple[str, ...] = tuple(dict.fromkeys(r.concern for r in RULES))
