"""The live server the browser tests talk to, answering without Nagle's delay.

Django's test server (``wsgiref``) writes a response in several small pieces: the status line, then the
headers, then the body. With Nagle's algorithm on, the kernel holds each piece until the browser acknowledges
the one before, and the browser delays its acknowledgement by up to 40 ms: every page, redirect and file of a
browser test paid about 40 ms of waiting for nothing. Production does not run this server (``devzone serve``
is gunicorn); the tests only stop waiting."""

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


def install() -> None:
    """Make ``pytest-django``'s ``live_server`` (a ``LiveServerThread``) run ``PromptWSGIServer``."""
    LiveServerThread.server_class = PromptWSGIServer
