"""``PARSER_VERSION``: a hash of the code and data that turn bytes into facts.

The loader re-parses a file when its (sha256, parser version) pair is new, so any change to the
readers, the parser or the template — a keyword in a CSV included — re-parses every file on the next
run. The package version alone would not change with a fix.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline import __version__

_PACKAGE = Path(__file__).resolve().parent.parent
_INPUTS = ("read", "parse", "template")
_SINGLE_FILES = ("textnorm.py", "errors.py")
_SUFFIXES = (".py", ".csv", ".json")


def parser_version(package: Path = _PACKAGE) -> str:
    """``<package version>+<12 hex digits>`` over every reading, parsing and template file (read
    once at import by ``pipeline.parse.assemble.PARSER_VERSION``)."""
    digest = hashlib.sha256()
    files = sorted(
        p for sub in _INPUTS for p in (package / sub).rglob("*") if p.suffix in _SUFFIXES and p.is_file()
    )
    files += [package / name for name in _SINGLE_FILES if (package / name).is_file()]
    for path in files:
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return f"{__version__}+{digest.hexdigest()[:12]}"
