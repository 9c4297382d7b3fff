"""The session store: Django's database sessions, with two changes.

- ``django_session.session_key`` holds a keyed hash of the session's key (``stored_key``: HMAC-SHA256 with the
  secret key, 40 hex digits, the column's width), never the key itself, which is the cookie: whoever reads the
  table (a dump, a replica, a backup) finds no cookie to log in with. The store computes the hash wherever
  Django's store names a key (read, exists, save, delete); the key in the cookie and in ``session_key`` is the
  key itself, as before. Anything else that looks a session row up by key goes through ``stored_key`` too
  (``core.services.people.end_sessions``).
- The one read every request makes (the session by its key) is compiled once (``core.prepared``): the same single
  statement per request as before, with the hash as its parameter.

Saving, rotating, expiry and clearing are otherwise Django's own. Sessions stored before the hash (their rows hold
the key itself) are no longer found: everyone logs in again once after the upgrade (docs/operations.md)."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from devzone.core.prepared import Prepared

SESSION_BY_KEY = Prepared(lambda key: Session.objects.filter(session_key=key), str)


def stored_key(session_key: str) -> str:
    """What ``django_session.session_key`` holds for the session whose key (the cookie) is ``session_key``."""
    mac = hmac.new(settings.SECRET_KEY.encode(), b"devzone-session:" + session_key.encode(), hashlib.sha256)
    return mac.hexdigest()[:40]


class SessionStore(DatabaseStore):
    def _get_session_from_db(self):
        if not self.session_key:
            self._session_key = None
            return None
        # Django asks for ``expire_date > now`` in SQL; the same test here keeps the statement's shape fixed.
        session = SESSION_BY_KEY.first(stored_key(self.session_key))
        if session is None or session.expire_date <= timezone.now():
            self._session_key = None
            return None
        return session

    async def _aget_session_from_db(self):
        from asgiref.sync import sync_to_async

        return await sync_to_async(self._get_session_from_db)()

    def exists(self, session_key):
        return self.model.objects.filter(session_key=stored_key(session_key)).exists()

    async def aexists(self, session_key):
        return await self.model.objects.filter(session_key=stored_key(session_key)).aexists()

    def create_model_instance(self, data):
        obj = super().create_model_instance(data)
        obj.session_key = stored_key(obj.session_key)
        return obj

    async def acreate_model_instance(self, data):
        obj = await super().acreate_model_instance(data)
        obj.session_key = stored_key(obj.session_key)
        return obj

    def delete(self, session_key=None):
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        self.model.objects.filter(session_key=stored_key(session_key)).delete()

    async def adelete(self, session_key=None):
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        await self.model.objects.filter(session_key=stored_key(session_key)).adelete()
