"""A retried creating request (the connection dropped after the first committed) with the same
``Idempotency-Key`` gets the first answer and stores nothing twice; the key cannot be reused for another body."""

from __future__ import annotations

import json

import pytest

from devzone.services.models import ServiceRequest

pytestmark = pytest.mark.django_db
URL = "/api/v1/services/requests"


def body(title: str) -> str:
    return json.dumps({"category": "utilities", "title": title, "description": "新厂房需要增容"})


def test_a_retry_with_the_same_key_gets_the_first_answer_and_creates_nothing(client_for, side_a):
    c = client_for(side_a.company)
    first = c.post(URL, body("用电增容"), content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = c.post(URL, body("用电增容"), content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert ServiceRequest.objects.filter(title="用电增容").count() == 1
    other = c.post(URL, body("用水"), content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert other.status_code == 422 and "另一个请求" in other.json()["title"]
    # without a key, or with a new one, each request creates
    assert c.post(URL, body("用电增容"), content_type="application/json").status_code == 201
    assert (
        c.post(URL, body("用电增容"), content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-2").status_code
        == 201
    )
    assert ServiceRequest.objects.filter(title="用电增容").count() == 3


def test_a_key_belongs_to_the_credential_that_sent_it(client_for, side_a):
    first = client_for(side_a.company).post(
        URL, body("甲"), content_type="application/json", HTTP_IDEMPOTENCY_KEY="same"
    )
    other_user = client_for(side_a.head).post(
        URL, body("甲"), content_type="application/json", HTTP_IDEMPOTENCY_KEY="same"
    )
    assert (
        first.status_code == 201 and other_user.status_code == 403
    )  # staff cannot raise requests: its own answer
