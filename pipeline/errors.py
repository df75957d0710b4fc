"""Errors a report can fail with. Each names one specific reason a person can act on.

The pipeline records ``code`` and ``str(error)`` against the file in the warehouse's ``reports``
table; ``ogi parse`` prints the message on one line and exits 1.
"""

from __future__ import annotations


class ReportError(Exception):
    """Base class: a file that cannot become a parsed report, with a stable ``code``."""

    code = "report_error"


class EmptyFileError(ReportError):
    code = "empty_file"


class UnreadableFileError(ReportError):
    """Bytes that no reader can decode (binary junk, wrong encoding, corrupt container)."""

    code = "unreadable"


class UnsupportedFormatError(ReportError):
    """A real format we recognise but cannot read here (e.g. .doc without LibreOffice, a scan)."""

    code = "unsupported_format"


class FileTooLargeError(ReportError):
    code = "too_large"


class NotAReportError(ReportError):
    """Readable text that holds no annual report (a list page, an unrelated article)."""

    code = "not_a_report"


class UnsupportedTemplateError(ReportError):
    """A report on the 2019 trial template or a pre-2019 free-form report."""

    code = "unsupported_template"


class TruncatedReportError(ReportError):
    """A table that stops part-way because the document itself ends there."""

    code = "truncated"


class AgencyNotFoundError(ReportError):
    """A report whose issuing body cannot be named from its title, body or signature."""

    code = "agency_not_found"


class YearNotFoundError(ReportError):
    """A report whose year cannot be read from its title or its statistics period."""

    code = "year_not_found"
