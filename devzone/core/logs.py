"""Logging filters: what the server log keeps of a request."""

from __future__ import annotations

import logging


class RefusalsWithoutTraceback(logging.Filter):
    """A 4xx answer (a refusal: 403, 404, 400) is logged as one line, without the exception's traceback; a
    traceback belongs to 5xx errors, where it helps to find a fault."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
