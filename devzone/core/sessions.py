"""The session store: Django's database sessions, with the one read every request makes (the session by its key)
compiled once (``core.prepared``). Everything else (saving, rotating, expiry, clearing) is Django's own."""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from devzone.core.prepared import Prepared

SESSION_BY_KEY = Prepared(lambda key: Session.objects.filter(session_key=key), str)


class SessionStore(DatabaseStore):
    def _get_session_from_db(self):
        # Django asks for ``expire_date > now`` in SQL; the same test here keeps the statement's shape fixed.
        session = SESSION_BY_KEY.first(self.session_key)
        if session is None or session.expire_date <= timezone.now():
            self._session_key = None
            return None
        return session
