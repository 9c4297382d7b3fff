"""Django test clients for every test: middleware and URL routing as in production (ninja's TestClient skips
both), one shared request handler, and a record of which pages and API operations the isolation tests
requested (``devzone.testing.isolation``)."""

from __future__ import annotations

import time

from django.conf import settings
from django.test import Client
from django.test.client import ClientHandler

from devzone.core.backends import ACCOUNT_BACKEND as MODEL_BACKEND
from devzone.core.middleware import SESSION_KEY as LAST_SEEN
from devzone.testing import isolation

_handlers: dict[tuple, ClientHandler] = {}


def make_client(user=None) -> Client:
    """A Django test client (middleware, URL routing, CSRF exempt) logged in as ``user``; anonymous when
    ``user`` is None or anonymous.

    The clients share one request handler per middleware list: a new handler loads the middleware again,
    and WhiteNoise's scan of every static file (node_modules included) costs more than a second each time.
    The handler keeps no state between requests."""
    client = RecordingClient()
    key = tuple(settings.MIDDLEWARE)
    client.handler = _handlers.setdefault(key, client.handler)
    if user is not None and user.is_authenticated:
        client.force_login(user, backend=MODEL_BACKEND)
        verify_session(client, user)
        # seen just now, as after a login page: the first request does not rewrite the session (which the
        # idle-timeout middleware does at most once a minute), so query counts compare request for request
        session = client.session
        session[LAST_SEEN] = int(time.time())
        session.save()
    return client


def verify_session(client: Client, user) -> None:
    """Mark the client's session as past the second factor, as ``django_otp.login`` does after a code
    (the session holds the device's persistent id), for a user of an OTP role (core.otp). Tests of the
    real flow (core/tests/test_otp.py) use a plain ``Client`` and ``client.login``."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from devzone.core.otp import needs_second_factor

    if not needs_second_factor(user):
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="test", confirmed=True
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


class RecordingClient(Client):
    """A ``Client`` that tells ``isolation.record`` what each request resolved to."""

    def post_json(self, path: str, body=None, **extra):
        """POST ``body`` (a dict or list; ``{}`` when None) as JSON, as an API caller does."""
        return self.post(path, {} if body is None else body, content_type="application/json", **extra)

    def request(self, **request):
        response = super().request(**request)
        match = getattr(response, "resolver_match", None)
        if match is not None:
            isolation.record(match, request.get("REQUEST_METHOD", "GET"))
        return response
