"""Secrets at rest (review H): the answer kept for an ``Idempotency-Key`` (core_idempotentanswer, a day, and every
backup of the database) must not hold a secret shown once — a new API token, a one-time link to set a password.
Such an answer is sent once, with ``Cache-Control: no-store``; a retry with the same key is told that the request
was done and gets no secret (409), and creates nothing."""

from __future__ import annotations

import json

import pytest

from devzone.core.choices import Role
from devzone.core.models import ApiToken, Profile
from devzone.core.models.idempotency import IdempotentAnswer
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db


def _kept() -> bytes:
    return b"".join(bytes(a.body) for a in IdempotentAnswer.objects.all())


def _post(client, url: str, body: dict, key: str):
    return client.post(url, json.dumps(body), content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)


def test_a_token_created_with_an_idempotency_key_is_not_kept_and_not_sent_again(client_for, zone_a_leader):
    c = client_for(zone_a_leader)
    body = {"name": "对接系统", "days_valid": 30}
    first = _post(c, "/api/v1/core/tokens", body, "retry-1")
    assert first.status_code == 201, first.content
    raw = first.json()["token"]
    assert raw.encode() not in _kept(), (
        "the raw API token is stored in core_idempotentanswer (and every backup)"
    )
    assert "no-store" in first["Cache-Control"]

    again = _post(c, "/api/v1/core/tokens", body, "retry-1")
    assert again.status_code == 409, again.content
    assert "一次性凭据" in again.json()["title"] and raw not in again.content.decode()
    assert again["Idempotent-Replayed"] == "true"
    assert ApiToken.objects.filter(user=zone_a_leader, name="对接系统").count() == 1
    # the same key for another request is still refused as such
    assert _post(c, "/api/v1/core/tokens", {**body, "name": "另一个"}, "retry-1").status_code == 422


def test_the_one_time_password_links_are_not_kept(client_for, zone_a_leader, zone_a, zone_a_department):
    f.StaffFactory(zone=zone_a, department=zone_a_department, employee_no="JB0111", name="甲职员")
    c = client_for(zone_a_leader)
    body = {"username": "a_clerk", "role": Role.WINDOW_CLERK, "staff_no": "JB0111"}
    created = _post(c, "/api/v1/core/people", body, "person-1")
    assert created.status_code == 201, created.content
    pk, link = created.json()["person"]["id"], created.json()["password_link"]
    reset = _post(c, f"/api/v1/core/people/{pk}/password", {"reason": "忘记密码"}, "reset-1")
    assert reset.status_code == 200, reset.content
    deactivated = _post(c, f"/api/v1/core/people/{pk}/deactivate", {"reason": "离职"}, "leave-1")
    assert deactivated.status_code == 200, deactivated.content
    back = _post(c, f"/api/v1/core/people/{pk}/reactivate", {"reason": "返岗"}, "back-1")
    assert back.status_code == 200, back.content

    kept = _kept()
    for answer in (created, reset, back):
        token = answer.json()["password_link"].rstrip("/").rsplit("/", 1)[-1]
        assert token.encode() not in kept, "a one-time set-password link is stored in clear"
    assert link.encode() not in kept
    retried = _post(c, "/api/v1/core/people", body, "person-1")
    assert retried.status_code == 409 and "password_link" not in retried.json()
    assert Profile.objects.filter(user__username="a_clerk").count() == 1
    # an answer without a secret is kept as before: the retry gets it again
    assert _post(c, f"/api/v1/core/people/{pk}/deactivate", {"reason": "离职"}, "leave-1").json() == (
        deactivated.json()
    )
