"""The live server the browser tests talk to, answering without Nagle's delay and serving static files as
production does.

Django's test server (``wsgiref``) writes a response in several small pieces: the status line, then the
headers, then the body. With Nagle's algorithm on, the kernel holds each piece until the browser acknowledges
the one before, and the browser delays its acknowledgement by up to 40 ms: every page, redirect and file of a
browser test paid about 40 ms of waiting for nothing. Production does not run this server (``devzone serve``
is gunicorn); the tests only stop waiting.

pytest-django wraps the server's application in Django's ``StaticFilesHandler``, which answers ``/static/``
from the finders and knows nothing of collected, hashed names (``core.staticfiles``): a page naming
``app.5b1fc9a265d4.css`` got a 404. The live server leaves ``/static/`` to WhiteNoise, as gunicorn does."""

from __future__ import annotations

import socket

from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread


class PromptWSGIServer(ThreadedWSGIServer):
    """Django's threaded test server with ``TCP_NODELAY`` on every connection it accepts."""

    def get_request(self):
        connection, address = super().get_request()
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection, address


def _as_it_is(application):
    return application


def install() -> None:
    """Make ``pytest-django``'s ``live_server`` (a ``LiveServerThread``) run ``PromptWSGIServer``, its static
    files served by the application's own middleware (WhiteNoise)."""
    LiveServerThread.server_class = PromptWSGIServer
    original = LiveServerThread.__init__

    def __init__(self, host, static_handler, *args, **kwargs):
        original(self, host, _as_it_is, *args, **kwargs)

    LiveServerThread.__init__ = __init__
