"""Gunicorn's access log without the requests that must leave no trace (``core.secrecy``): `devzone serve` runs
gunicorn with ``--logger-class devzone.core.accesslog.AccessLogger``."""

from __future__ import annotations

from gunicorn.glogging import Logger

from devzone.core.secrecy import environ_is_no_trace


class AccessLogger(Logger):
    def access(self, resp, req, environ, request_time):
        if environ_is_no_trace(environ):
            return
        super().access(resp, req, environ, request_time)
