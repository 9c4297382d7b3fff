"""The idempotency key and the event kind travel in headers that the signature does not cover
(``X-DevZone-Signature`` signs ``<timestamp>.<body>``). A receiver told to "keep the idempotency keys it has
taken" (the secret's page, the sandbox) took a captured delivery replayed within the freshness window a second
time: the replayer only had to write a new ``Idempotency-Key`` — or another ``X-DevZone-Event`` for a receiver
that routes by it. The signed body holds both (``id``, ``kind``): a delivery whose headers differ from its signed
body is refused (``signing.verify_delivery``, which the sandbox applies), and the key to keep is the body's
``id``."""

from __future__ import annotations

import json
import time

import pytest
from django.test import Client
from django.urls import reverse

from devzone.exchange import signing
from devzone.exchange.services import subscriber_create

pytestmark = pytest.mark.django_db
KIND = "services.rating.given"
EVENT = "6f1c8a52-8d0e-4a57-9f43-0c1f6f3b9b11"


@pytest.fixture
def sandbox_sub(settings, sysadmin):
    settings.DEVZONE_EXCHANGE_SANDBOX = True
    return subscriber_create(actor=sysadmin, name="演示", url="https://x.example.gov.cn/in", kinds=[KIND])


def captured(secret: str) -> tuple[bytes, dict]:
    """A delivery as DevZone sends it (exchange.delivery._send): the body and its headers."""
    body = json.dumps({"id": EVENT, "kind": KIND, "data": {"level": 1}}, sort_keys=True).encode()
    stamp = str(int(time.time()))
    return body, {
        "HTTP_X_DEVZONE_EVENT": KIND,
        "HTTP_X_DEVZONE_TIMESTAMP": stamp,
        "HTTP_X_DEVZONE_SIGNATURE": signing.signature(secret, stamp, body),
        "HTTP_IDEMPOTENCY_KEY": EVENT,
    }


def test_it_refuses_a_replay_whose_idempotency_key_was_rewritten(sandbox_sub):
    sub, secret = sandbox_sub
    body, headers = captured(secret)
    url = reverse("exchange:sandbox", args=[sub.pk])
    c = Client()
    assert c.post(url, body, content_type="application/json", **headers).status_code == 204
    replay = {**headers, "HTTP_IDEMPOTENCY_KEY": "00000000-0000-4000-8000-000000000000"}
    assert c.post(url, body, content_type="application/json", **replay).status_code == 401
    rerouted = {**headers, "HTTP_X_DEVZONE_EVENT": "approvals.certificate.revoked"}
    assert c.post(url, body, content_type="application/json", **rerouted).status_code == 401


def test_verify_delivery_gives_the_signed_key_to_keep():
    body, h = captured("密钥")
    headers = {
        "X-DevZone-Event": KIND,
        "X-DevZone-Timestamp": h["HTTP_X_DEVZONE_TIMESTAMP"],
        "X-DevZone-Signature": h["HTTP_X_DEVZONE_SIGNATURE"],
        "Idempotency-Key": EVENT,
    }
    now = time.time()
    assert signing.verify_delivery("密钥", headers, body, now=now) == EVENT
    assert signing.verify_delivery("密钥", {**headers, "Idempotency-Key": "x"}, body, now=now) is None
    assert signing.verify_delivery("别的密钥", headers, body, now=now) is None
    assert signing.verify_delivery("密钥", headers, body, now=now + 3600) is None  # stale
    # a signed body that is not a delivery document is not one either (no 500)
    stamp = headers["X-DevZone-Timestamp"]
    for other in (b"[]", b"\xff", b'{"id": 1}'):
        signed = {**headers, "X-DevZone-Signature": signing.signature("密钥", stamp, other)}
        assert signing.verify_delivery("密钥", signed, other, now=now) is None
