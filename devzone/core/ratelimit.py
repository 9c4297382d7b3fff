"""Rate limits shared by every worker: counts in the ``shared`` cache (the database on the embedded default,
Redis when ``DEVZONE_REDIS_URL`` is set). The counted key (an address, an account) is stored only as a keyed
hash, so the cache names no one.

``Limit("vote", 30, 600)`` allows 30 counted events per key in ten minutes. Count only what an honest user
rarely does (a wrong code, a failed password), so that many honest users behind one NAT address never reach it
and one sender of junk locks out nobody but itself."""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches


def _cache():
    return caches["shared"]


@dataclass(frozen=True)
class Limit:
    """``per_source``: the values counted are client addresses, an IPv6 one counted for its whole /64
    (``core.clientip.source_key``), so that a new address per guess from one's own /64 counts all the same."""

    name: str
    max_events: int
    window_seconds: int
    per_source: bool = False

    def _key(self, value: str) -> str:
        if self.per_source:
            from devzone.core.clientip import source_key

            value = source_key(value)
        mac = hmac.new(settings.SECRET_KEY.encode(), f"{self.name}:{value}".encode(), hashlib.sha256)
        return f"rl:{self.name}:{mac.hexdigest()[:32]}"

    def count(self, value: str) -> int:
        return _cache().get(self._key(value), 0)

    def exceeded(self, value: str) -> bool:
        return self.count(value) >= self.max_events

    def reset(self, value: str) -> None:
        """Forget the events counted for ``value`` (an administrator lifting a limit; a test's fresh start)."""
        key = self._key(value)
        _cache().delete_many([key, f"{key}:since"])

    def hit(self, value: str) -> int:
        """Count one event for ``value``; returns the count in the current window, which opens at the first
        counted event and closes ``window_seconds`` later, however many follow."""
        cache, key = _cache(), self._key(value)
        now = time.time()
        cache.add(f"{key}:since", now, self.window_seconds)
        since = cache.get(f"{key}:since", now)
        left = max(1, math.ceil(since + self.window_seconds - now))
        cache.add(key, 0, left)
        try:
            counted = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, left)
            return 1
        # Redis keeps the key's expiry through INCR; the database cache's incr rewrites the entry with the
        # cache's default timeout (five minutes from now), which would shorten or stretch the window.
        cache.touch(key, left)
        return counted


def login_source() -> Limit:
    """Failed logins from one source over any accounts (password spraying), in 15 minutes; an IPv6 source is
    its /64."""
    return Limit("login-source", settings.DEVZONE_LOGIN_SOURCE_FAILURES, 15 * 60, per_source=True)


def refused(limit: Limit, request) -> bool:
    """True while the request's source is over ``limit`` (``core.clientip.address``; an IPv6 address counts for
    its /64, ``core.clientip.source_key``)."""
    from devzone.core.clientip import address, source_key

    return limit.exceeded(source_key(address(request)))


def count(limit: Limit, request) -> None:
    """Count one event of ``limit`` for the request's source (as ``refused``)."""
    from devzone.core.clientip import address, source_key

    limit.hit(source_key(address(request)))


#: what the audit trail records as the name of a failed login whose name is no account's (core.signals)
UNKNOWN_ACCOUNT = "（不存在的账号）"


def account_exists(name: str) -> bool:
    """Whether ``name`` is an account's user name, exactly as the login looks it up (``get_by_natural_key``)."""
    user_model = get_user_model()
    return bool(name) and user_model._default_manager.filter(**{user_model.USERNAME_FIELD: name}).exists()


def axes_username(request, credentials=None) -> str | None:
    """The name a login attempt is recorded and locked out under (django-axes' ``AXES_USERNAME_CALLABLE``, which
    axes calls for every lookup and record of an attempt: lockout check, failure, success): the name typed, cut
    to the longest a user name can be (150) and without NUL characters — axes stores it in a 255-character
    column, and a page of text typed as a name would otherwise fail the insert (a 503 on PostgreSQL).

    A name that is no account's is often a password typed into the 用户名 box: axes would keep it in clear in
    axes_accessattempt (the admin, every backup). Such a name is recorded as a keyed hash instead ("?" and 32
    hex digits): still one lockout per name typed, exactly as before — a shared placeholder would lock every
    unknown name from a source together and so tell an attacker which names exist."""
    name = (
        (credentials or {}).get("username")
        if credentials
        else getattr(request, "data", request.POST).get("username")
    )
    if name is None:
        return None
    name = str(name).replace("\x00", "")[:150]
    if account_exists(name):
        return name
    mac = hmac.new(settings.SECRET_KEY.encode(), f"axes-unknown-name:{name}".encode(), hashlib.sha256)
    return "?" + mac.hexdigest()[:32]
