"""Gunicorn's access log without the requests that must leave no trace, and without the secret in a path that
carries one (``core.secrecy``): `devzone serve` runs gunicorn with
``--logger-class devzone.core.accesslog.AccessLogger``."""

from __future__ import annotations

from gunicorn.glogging import Logger

from devzone.core.secrecy import REDACTED_PATH_KEY, environ_is_no_trace


class AccessLogger(Logger):
    def access(self, resp, req, environ, request_time):
        if environ_is_no_trace(environ):
            return
        super().access(resp, req, environ, request_time)

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        if shown := environ.get(REDACTED_PATH_KEY):
            atoms["U"] = shown
            atoms["r"] = f"{environ.get('REQUEST_METHOD', '-')} {shown} {environ.get('SERVER_PROTOCOL', '-')}"
        return atoms
