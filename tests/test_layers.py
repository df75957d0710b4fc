"""Dependencies point one way: acquire → read → parse → load → check, orchestration (defs) on top.

A stage imports only the shared base (errors, settings, textnorm, formats, template) and the stages
before it; the orchestration may import every stage, no stage the orchestration.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline"
LAYER = {"errors": 0, "settings": 0, "textnorm": 0, "formats": 0, "template": 0, "acquire": 1, "read": 2,
         "parse": 3, "load": 4, "check": 5, "defs": 6, "definitions": 6, "cli": 7, "__init__": 7}


def _imports(path: Path) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pipeline."):
            out.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.startswith("pipeline.")]
    return out


def test_every_module_is_in_a_layer() -> None:
    stages = {p.relative_to(PACKAGE).with_suffix("").parts[0] for p in PACKAGE.rglob("*.py")}
    assert stages <= set(LAYER), stages - set(LAYER)


def test_no_import_points_back_up_the_flow() -> None:
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        stage = path.relative_to(PACKAGE).with_suffix("").parts[0]
        for line, module in _imports(path):
            target = module.split(".")[1]
            if LAYER[target] > LAYER[stage]:
                upward.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {module}")
    assert not upward, "\n".join(upward)
