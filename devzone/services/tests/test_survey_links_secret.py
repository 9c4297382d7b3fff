"""The survey's one-use links are held by nobody but the enterprises (reviews H and C): opened through the API with
an ``Idempotency-Key``, the answer holds no link, so nothing usable is kept in core_idempotentanswer (nor any backup
of it), and a retry is told the same."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from devzone.core.models.idempotency import IdempotentAnswer
from devzone.services.models import SurveyLink
from devzone.services.services.surveys import token_hash
from devzone.testing.services import today

pytestmark = pytest.mark.django_db


def test_a_survey_opened_with_an_idempotency_key_keeps_no_link(client_for, side_a):
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
    assert [row["enterprise"] for row in first.json()["delivery"]] == [side_a.enterprise.pk]
    kept = b"".join(bytes(a.body) for a in IdempotentAnswer.objects.all()).decode()
    assert "/services/s/" not in first.content.decode() and "/services/s/" not in kept
    hashes = set(SurveyLink.objects.values_list("token_hash", flat=True))
    assert not [word for word in kept.replace('"', " ").split() if token_hash(word) in hashes]
    again = c.post(
        "/api/v1/services/surveys", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="s-1"
    )
    assert again.status_code in (201, 409) and "/services/s/" not in again.content.decode()
