"""Requests that must leave no trace: the secret ballot and the anonymous survey answer.

A module names such views once (``no_trace("performance:vote", "api:performance_ballot_cast")`` in its
``access.py``). For them the idle-timeout middleware neither reads nor writes the session, the
``Idempotency-Key`` middleware keeps no answer row (``core.idempotency``), the server log keeps no
line (``core.logs.NoTraceFilter``) and the access log keeps no line (``core.accesslog.AccessLogger`` reads the flag
this module leaves in the WSGI environ). What remains is documented in docs/security.md."""

from __future__ import annotations

from django.urls import Resolver404, resolve

ENVIRON_KEY = "devzone.no_trace"
REDACTED_PATH_KEY = "devzone.redacted_path"
_VIEWS: set[str] = set()


def no_trace(*view_names: str) -> None:
    """Declare views (by their namespaced URL name) as leaving no trace."""
    _VIEWS.update(view_names)


def is_no_trace(request, match=None) -> bool:
    """Whether this request goes to a no-trace view (its ``resolver_match``, or ``match``); marks the WSGI environ
    for the access log if so."""
    match = match or getattr(request, "resolver_match", None)
    if match is None or match.view_name not in _VIEWS:
        return False
    request.environ[ENVIRON_KEY] = True
    return True


def path_is_no_trace(request) -> bool:
    """``is_no_trace`` for a middleware that runs before the URL is resolved (its ``__call__``, around the
    view): resolves the request's path itself. A path that resolves to nothing is not a no-trace view."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return False
    return is_no_trace(request, match)


def environ_is_no_trace(environ) -> bool:
    return bool(environ.get(ENVIRON_KEY))


def redact_path(request, shown: str) -> None:
    """Log this request under ``shown`` instead of its path: the URL itself carries a live secret (the one-time
    set-password link). The access log keeps the line, without the secret (``core.accesslog.AccessLogger``)."""
    request.environ[REDACTED_PATH_KEY] = shown
