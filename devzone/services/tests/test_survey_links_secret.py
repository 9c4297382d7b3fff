"""The survey's one-use links are shown once (review H): opened through the API with an ``Idempotency-Key``, the
answer (every enterprise's link) is not kept in core_idempotentanswer, nor in any backup of it; a retry is told
the survey was opened and gets no link again."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from devzone.core.models.idempotency import IdempotentAnswer
from devzone.testing.services import today

pytestmark = pytest.mark.django_db


def test_the_links_of_a_survey_opened_with_an_idempotency_key_are_not_kept(client_for, side_a):
    side_a.request("answered")
    on = today()
    body = json.dumps(
        {
            "year": on.year,
            "quarter": (on.month - 1) // 3 + 1,
            "closes_on": str(on + dt.timedelta(days=10)),
            "departments": [side_a.department.pk],
        }
    )
    c = client_for(side_a.leader)
    first = c.post(
        "/api/v1/services/surveys", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="s-1"
    )
    assert first.status_code == 201, first.content
    links = [link["url"] for link in first.json()["links"]]
    assert links and "no-store" in first["Cache-Control"]
    kept = b"".join(bytes(a.body) for a in IdempotentAnswer.objects.all())
    assert not any(url.rsplit("/", 2)[-2].encode() in kept for url in links)
    again = c.post(
        "/api/v1/services/surveys", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="s-1"
    )
    assert again.status_code == 409 and not any(url in again.content.decode() for url in links)
