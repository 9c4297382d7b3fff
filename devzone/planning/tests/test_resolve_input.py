"""人工补录/不计分 with an indicator id beyond a database integer (a tampered hidden field, an API client's) is a
message, never a 500 (``OverflowError`` on SQLite, ``NumericValueOutOfRange`` on PostgreSQL)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.core.errors import DomainError
from devzone.planning import services
from devzone.planning.choices import ValueKind
from devzone.testing.planning import scheme_of

pytestmark = pytest.mark.django_db
HUGE = "99999999999999999999"  # 10^20: beyond a 64-bit integer
BEYOND_CHECK_ID = 10**18  # within a 64-bit integer, beyond what ``core.errors.check_id`` takes for an id


@pytest.fixture
def draft(city_officer, zone_a):
    s = scheme_of(
        city_officer,
        category=zone_a.level,
        indicators=[
            {"name": "审批按时办结率", "weight": "50", "target": "95", "source": "approvals_on_time"},
            {"name": "亩均税收", "weight": "50", "target": "20", "source": "entered"},
        ],
    )
    e = str(s.indicators.get(source="entered").pk)
    return services.zone_score(
        actor=city_officer,
        scheme_id=s.pk,
        zone_id=zone_a.pk,
        entered={e: {"value": "20", "evidence": "税务"}},
    )


def test_a_huge_indicator_id_on_the_page_is_a_message_not_a_500(draft, city_officer, client_for):
    c = client_for(city_officer)
    c.raise_request_exception = False
    r = c.post(
        reverse("planning:value_resolve", args=[draft.pk]),
        {"indicator": HUGE, "value": "1", "evidence": "台账"},
    )
    assert r.status_code in (302, 400), r.status_code
    assert not draft.values.filter(kind=ValueKind.MANUAL).exists()


@pytest.mark.parametrize("indicator", [HUGE, int(HUGE), BEYOND_CHECK_ID, "x"])
def test_a_huge_indicator_id_given_to_the_service_is_refused(draft, city_officer, indicator):
    with pytest.raises(DomainError):
        services.value_resolve(
            actor=city_officer, assessment_id=draft.pk, indicator_id=indicator, value="1", evidence="台账"
        )


def test_a_huge_indicator_id_in_the_api_is_a_message_not_a_500(draft, city_officer, client_for):
    c = client_for(city_officer)
    c.raise_request_exception = False
    r = c.post_json(
        f"/api/v1/planning/assessments/{draft.pk}/resolve",
        {"indicator": BEYOND_CHECK_ID, "value": "1", "evidence": "台账"},
    )
    assert r.status_code in (400, 422), r.status_code
