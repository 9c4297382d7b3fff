"""How a delivery is signed and retried: plain Python, free of Django.

The receiver checks ``X-DevZone-Signature: sha256=<hex>``, the HMAC-SHA256 under the shared secret of
``<X-DevZone-Timestamp>.<body>`` (the timestamp in the signed text stops a replay of an old body: ``verify_fresh``
refuses one further than ``FRESHNESS_TOLERANCE_S`` from the receiver's clock), and keeps ``Idempotency-Key`` (the
event's UUID) to take each event once: a delivery that timed out on our side may have arrived, and is sent again.
The key and the kind's header are not signed, the body's ``id`` and ``kind`` are: ``verify_delivery`` checks that
they agree and gives the signed ``id`` to keep."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets

SCHEME = "sha256"
# Attempts, and the wait before each retry: 1 min, 2, 4, 8, 16, 32, then 60 min (capped); dead after the 10th.
MAX_ATTEMPTS = 10
FIRST_DELAY_S = 60
MAX_DELAY_S = 3600
# How far a delivery's timestamp may be from the receiver's clock, either way, for the receiver to take it
# (``verify_fresh``): a replayed body older than this is refused. Our recommendation to receivers (and what the
# sandbox applies), not a rule of law: a receiver whose clock drifts may allow more.
FRESHNESS_TOLERANCE_S = 300


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"{SCHEME}={mac.hexdigest()}"


def verify(secret: str, timestamp: str, body: bytes, header: str) -> bool:
    """Whether ``header`` is the signature of ``<timestamp>.<body>``. Compared as bytes: ``compare_digest`` raises
    on a text with a character outside ASCII, which a header may carry (a 500 otherwise); such a header is
    simply not the signature."""
    try:
        given = (header or "").encode("ascii")
    except UnicodeEncodeError:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body).encode("ascii"), given)


def verify_fresh(
    secret: str, timestamp: str, body: bytes, header: str, now: float, tolerance: int = FRESHNESS_TOLERANCE_S
) -> bool:
    """Whether ``header`` signs ``<timestamp>.<body>`` *and* the timestamp — Unix seconds, digits only — lies within
    ``tolerance`` seconds of ``now`` (either way: clocks differ). A signed body replayed later than that is refused;
    the idempotency key catches a replay within it."""
    if not (timestamp and timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
        return False
    if abs(int(timestamp) - now) > tolerance:
        return False
    return verify(secret, timestamp, body, header)


def verify_delivery(
    secret: str, headers, body: bytes, now: float, tolerance: int = FRESHNESS_TOLERANCE_S
) -> str | None:
    """The whole receiver's check of one delivery: the event id to keep against a replay, or None to answer 401.

    ``verify_fresh`` covers the timestamp and the body only; ``Idempotency-Key`` and ``X-DevZone-Event`` are
    headers nobody signed, so a captured delivery replayed within the tolerance with a new key would pass a check
    of the key alone. The signed body carries both (``id``, ``kind``): the headers must say the same, and the key
    a receiver keeps is the signed ``id``. ``headers``: any mapping with ``get`` (Django's ``request.headers``)."""
    if not verify_fresh(
        secret,
        headers.get("X-DevZone-Timestamp") or "",
        body,
        headers.get("X-DevZone-Signature") or "",
        now=now,
        tolerance=tolerance,
    ):
        return None
    try:
        document = json.loads(body)
    except ValueError:  # not JSON, or not UTF-8
        return None
    if not isinstance(document, dict):
        return None
    event, kind = document.get("id"), document.get("kind")
    if not (isinstance(event, str) and event and isinstance(kind, str)):
        return None
    if headers.get("Idempotency-Key") != event or headers.get("X-DevZone-Event") != kind:
        return None
    return event


def retry_delay(attempts: int) -> int | None:
    """Seconds to wait after the ``attempts``-th failed attempt; None when that was the last (dead letter)."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return min(FIRST_DELAY_S * 2 ** (attempts - 1), MAX_DELAY_S)
