"""Parse stage: a `Document` → the contract JSON of one annual report (see docs/INTERFACES.md)."""

from pipeline.parse.assemble import PARSER_VERSION, parse_bytes, parse_document, parse_file

__all__ = ["PARSER_VERSION", "parse_bytes", "parse_document", "parse_file"]
