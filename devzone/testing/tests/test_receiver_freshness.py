"""The exchange's test receiver (``devzone.testing.receiver``) checks a delivery as the sandbox does
(``signing.verify_fresh``): a correctly signed body whose timestamp is a day old is a replay, answered 401 and not
applied; the same body signed now is taken. It checked the signature alone, so the replay was taken (failed before
the fix)."""

from __future__ import annotations

import http.client
import json
import time

from devzone.exchange import signing
from devzone.testing.receiver import Receiver

SECRET = "接收方密钥"


def _post(receiver: Receiver, stamp: str, key: str) -> int:
    body = json.dumps({"kind": "services.rating.given", "n": key}).encode()
    connection = http.client.HTTPConnection(*receiver.server.server_address[:2], timeout=5)
    try:
        connection.request(
            "POST",
            "/events",
            body=body,
            headers={
                "Content-Type": "application/json",
                "X-DevZone-Timestamp": stamp,
                "X-DevZone-Signature": signing.signature(SECRET, stamp, body),
                "Idempotency-Key": key,
            },
        )
        return connection.getresponse().status
    finally:
        connection.close()


def test_a_signed_body_stamped_a_day_ago_is_refused_as_a_replay():
    with Receiver(secret=SECRET) as receiver:
        stale = _post(receiver, str(int(time.time()) - 86400), "old")
        fresh = _post(receiver, str(int(time.time())), "new")
    assert stale == 401 and fresh == 200
    assert [r["signed"] for r in receiver.requests] == [False, True]
    assert [d["n"] for d in receiver.applied] == ["new"]


def test_a_timestamp_that_is_not_unix_seconds_is_refused():
    with Receiver(secret=SECRET) as receiver:
        assert _post(receiver, "", "blank") == 401
        assert _post(receiver, f"{time.time():.3f}", "fraction") == 401
    assert receiver.applied == []
