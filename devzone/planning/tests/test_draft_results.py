"""A zone's draft (评分中) result — score, rank, the values entered — is the city's work in progress: shown to
those who score and publish (the right to change assessments), not to every reader with the city's reach. The
system administrator, a technical role that neither scores nor publishes, reads published results only, on the
page and in the API, as a zone's people do; the city officer still works on the drafts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from devzone.planning import selectors, services
from devzone.testing.planning import TAX, scheme_of

pytestmark = pytest.mark.django_db
API = "/api/v1/planning"


@pytest.fixture
def draft(city_officer, zone_a):
    s = scheme_of(city_officer, category=zone_a.level, indicators=[{**TAX, "target": "20"}])
    ind = str(s.indicators.get().pk)
    a = services.zone_score(
        actor=city_officer,
        scheme_id=s.pk,
        zone_id=zone_a.pk,
        entered={ind: {"value": "13.57", "evidence": "税务局"}},
    )
    assert a.status == "draft" and a.score == Decimal("67.85")
    return a


def _statuses(client) -> list[str]:
    return [r["status"] for r in client.get(f"{API}/assessments").json()["items"]]


def test_the_sysadmin_reads_no_draft_score_on_the_page_or_in_the_api(sysadmin, draft, client_for):
    c = client_for(sysadmin)
    assert _statuses(c) == []
    assert list(selectors.assessments(sysadmin)) == []
    html = c.get(reverse("planning:scheme_detail", args=[draft.scheme_id])).content.decode()
    assert "13.57" not in html and "67.85" not in html


def test_the_sysadmin_reads_the_result_once_published(sysadmin, city_officer, draft, client_for):
    services.publish(actor=city_officer, scheme_id=draft.scheme_id)
    assert _statuses(client_for(sysadmin)) == ["published"]


def test_the_city_officer_still_works_on_the_drafts(city_officer, draft, client_for):
    c = client_for(city_officer)
    assert _statuses(c) == ["draft"]
    assert "67.85" in c.get(reverse("planning:scheme_detail", args=[draft.scheme_id])).content.decode()
