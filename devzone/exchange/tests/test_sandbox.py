"""Bad input on 数据交换's pages and on the sandbox receiver: a clear refusal, never a 500 — among them a signature
header with a character outside ASCII, which ``hmac.compare_digest`` refuses to compare as text."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from devzone.exchange import signing
from devzone.exchange.services import subscriber_create

pytestmark = pytest.mark.django_db
HUGE = "9" * 25
KIND = "services.rating.given"


@pytest.fixture
def sandbox_sub(settings, sysadmin):
    settings.DEVZONE_EXCHANGE_SANDBOX = True
    return subscriber_create(actor=sysadmin, name="演示", url="https://x.example.gov.cn/in", kinds=[KIND])


def test_the_sandbox_answers_a_non_ascii_signature_header_with_401(sandbox_sub):
    sub, _secret = sandbox_sub
    r = Client(raise_request_exception=False).post(
        f"/exchange/sandbox/{sub.pk}/",
        b"{}",
        content_type="application/json",
        HTTP_X_DEVZONE_TIMESTAMP="1",
        HTTP_X_DEVZONE_SIGNATURE="sha256=\u00e9",
    )
    assert r.status_code == 401


def test_a_signature_is_verified_as_bytes():
    good = signing.signature("密钥", "1", b"{}")
    assert signing.verify("密钥", "1", b"{}", good)
    assert not signing.verify("密钥", "1", b"{}", good[:-1] + "é")
    assert not signing.verify("密钥", "时间", b"{}", "签名")


def test_the_sandbox_answers_bad_ids_and_missing_headers_without_a_500(sandbox_sub):
    sub, _secret = sandbox_sub
    c = Client(raise_request_exception=False)
    huge = c.post(f"/exchange/sandbox/{HUGE}/", b"{}", content_type="application/json")
    bare = c.post(f"/exchange/sandbox/{sub.pk}/", b"{}", content_type="application/json")
    assert (huge.status_code, bare.status_code) == (404, 401)


def test_pages_answer_bad_ids_and_filters_without_a_500(client_for, sysadmin):
    sub, _ = subscriber_create(actor=sysadmin, name="省平台", url="https://x.example.gov.cn/in", kinds=[KIND])
    c = client_for(sysadmin)
    c.raise_request_exception = False
    detail = reverse("exchange:subscriber_detail", args=[sub.pk])
    answers = {
        "detail huge": c.get(f"/exchange/{HUGE}/").status_code,
        "replay huge": c.post(f"/exchange/deliveries/{HUGE}/replay/").status_code,
        "rotate huge": c.post(f"/exchange/{HUGE}/rotate/").status_code,
        "filters": c.get(
            detail, {"status": "x\x00", "kind": "<b>", "q": "a" * 100000, "page": "-1"}
        ).status_code,
        "rotate bad version": c.post(
            reverse("exchange:subscriber_rotate", args=[sub.pk]), {"version": HUGE}
        ).status_code,
        "update nul": c.post(
            detail,
            {"name": "a\x00", "url": "https://y.example.gov.cn/\x00", "kinds": [KIND], "version": HUGE},
        ).status_code,
    }
    assert all(s < 500 for s in answers.values()), answers
