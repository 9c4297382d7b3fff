"""Logging filters: what the server log keeps of a request."""

from __future__ import annotations

import logging

from devzone.core.secrecy import environ_is_no_trace


class RefusalsWithoutTraceback(logging.Filter):
    """A 4xx answer (a refusal: 403, 404, 400) is logged as one line, without the exception's traceback; a
    traceback belongs to 5xx errors, where it helps to find a fault."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True


class NoTraceFilter(logging.Filter):
    """Drop every record about a request to a no-trace view (``core.secrecy``): the secret ballot and the
    anonymous survey answer leave no line in the server log, not even a refused one."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        environ = getattr(request, "environ", None)
        return not (environ and environ_is_no_trace(environ))
