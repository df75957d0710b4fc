"""Why a URL could not become a raw file. Each error names one reason an operator can act on.

They subclass :class:`pipeline.errors.ReportError` so the crawl records ``code`` and the message
against the URL in the manifest and the summary, and the rest of the crawl goes on.
"""

from __future__ import annotations

from pipeline.errors import ReportError


class FetchError(ReportError):
    """A URL we could not fetch or would not keep."""

    code = "fetch_failed"


class UnsupportedSchemeError(FetchError):
    """Only http(s) is fetched: no ``file:``, ``ftp:``, ``javascript:`` or ``mailto:``."""

    code = "unsupported_scheme"


class RobotsDisallowedError(FetchError):
    code = "robots_disallowed"


class HttpStatusError(FetchError):
    """A final status that is neither 2xx nor 304 (404, 403, a 5xx that did not recover)."""

    code = "http_error"

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class ServerError(HttpStatusError):
    """A 5xx: worth retrying with backoff."""

    code = "server_error"


class FetchTimeoutError(FetchError):
    code = "timeout"


class ConnectionFailedError(FetchError):
    code = "connection_failed"


class RedirectError(FetchError):
    """A redirect loop, too many redirects, or a redirect without a usable Location."""

    code = "redirect_error"


class ResponseTooLargeError(FetchError):
    code = "too_large"


class ContentMismatchError(FetchError):
    """The bytes are not what the link promised (an HTML error page served as a .pdf)."""

    code = "bad_content"


class NotAReportPageError(FetchError):
    """A page linked as an annual report that holds neither the report nor a report attachment."""

    code = "not_a_report"
