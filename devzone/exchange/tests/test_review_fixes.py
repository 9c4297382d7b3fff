"""Defects a review proved, kept as regressions: the sandbox receiver took a correctly signed body stamped a day
ago (a replay), and the pages showing a new or rotated signing secret could be kept by the browser or a proxy."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse

from devzone.exchange import signing
from devzone.exchange.services import subscriber_create

pytestmark = pytest.mark.django_db
KIND = "services.rating.given"


@pytest.fixture
def sandbox_sub(settings, sysadmin):
    settings.DEVZONE_EXCHANGE_SANDBOX = True
    return subscriber_create(actor=sysadmin, name="演示", url="https://x.example.gov.cn/in", kinds=[KIND])


def _post(sub, secret, stamp: str, body: bytes = b'{"id": "x", "kind": "services.rating.given"}'):
    """A delivery as DevZone sends it: its key and kind's headers say what its signed body says."""
    return Client(raise_request_exception=False).post(
        f"/exchange/sandbox/{sub.pk}/",
        body,
        content_type="application/json",
        HTTP_X_DEVZONE_TIMESTAMP=stamp,
        HTTP_X_DEVZONE_SIGNATURE=signing.signature(secret, stamp, body),
        HTTP_IDEMPOTENCY_KEY="x",
        HTTP_X_DEVZONE_EVENT=KIND,
    )


def test_the_sandbox_refuses_a_replayed_old_delivery(sandbox_sub):
    """A correctly signed body stamped a day ago is a replay: 401 (signing.verify_fresh)."""
    sub, secret = sandbox_sub
    assert _post(sub, secret, str(int(time.time()) - 86400)).status_code == 401
    assert _post(sub, secret, str(int(time.time()))).status_code == 204


def test_the_sandbox_refuses_a_timestamp_from_the_future_or_not_of_digits(sandbox_sub):
    sub, secret = sandbox_sub
    now = int(time.time())
    answers = {
        "an hour ahead": _post(sub, secret, str(now + 3600)).status_code,
        "signed": _post(sub, secret, f"+{now}").status_code,
        "spaces": _post(sub, secret, f" {now}").status_code,
        "huge": _post(sub, secret, "9" * 5000).status_code,  # int() of it would raise: never a 500
        "empty": _post(sub, secret, "").status_code,
    }
    assert set(answers.values()) == {401}, answers


def test_verify_fresh_keeps_to_its_tolerance():
    body, now = b"{}", 1_800_000_000
    for offset, fresh in ((0, True), (300, True), (-300, True), (301, False), (-301, False)):
        stamp = str(now + offset)
        header = signing.signature("密钥", stamp, body)
        assert signing.verify_fresh("密钥", stamp, body, header, now=now) is fresh, offset
    stamp = str(now - 600)
    header = signing.signature("密钥", stamp, body)
    assert signing.verify_fresh(
        "密钥", stamp, body, header, now=now, tolerance=900
    )  # a receiver may allow more
    assert not signing.verify_fresh(
        "密钥", str(now), body, signing.signature("别的", str(now), body), now=now
    )
    assert not signing.verify_fresh("密钥", "١٢٣", body, signing.signature("密钥", "١٢٣", body), now=123)


def test_the_page_showing_a_new_secret_is_never_cached(client_for, sysadmin):
    c = client_for(sysadmin)
    r = c.post(
        reverse("exchange:subscriber_new"),
        {"name": "省平台", "url": "https://x.example.gov.cn/in", "kinds": [KIND]},
    )
    assert r.status_code == 200 and b"data-secret" in r.content
    assert "no-store" in r.get("Cache-Control", ""), r.get("Cache-Control")


def test_the_page_showing_a_rotated_secret_is_never_cached(client_for, sysadmin, sandbox_sub):
    sub, _secret = sandbox_sub
    c = client_for(sysadmin)
    r = c.post(reverse("exchange:subscriber_rotate", args=[sub.pk]), {"version": sub.version})
    assert r.status_code == 200 and b"data-secret" in r.content
    assert "no-store" in r.get("Cache-Control", ""), r.get("Cache-Control")
