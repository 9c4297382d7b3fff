"""Annual tasks' quarterly progress (季度进度): the cumulative completion at each quarter's end, never falling
back; ``done`` follows the latest quarter; an edit of the plan keeps what was reported; the page and the API keep
to the caller's reach."""

from decimal import Decimal

import pytest
from django.urls import reverse

from devzone.core.errors import DomainError
from devzone.planning import services
from devzone.planning.models import PlanTarget
from devzone.testing.planning import plan_of

pytestmark = [pytest.mark.django_db, pytest.mark.isolation]
D = Decimal


def plan(officer, zone, done="0"):
    return plan_of(
        officer,
        zone,
        targets=[{"year": 2026, "metric": "output", "target": "1000", "owner": "经发局", "done": done}],
    )


def test_quarters_accumulate_and_done_follows_the_latest(city_officer, zone_a):
    target = plan(city_officer, zone_a).targets.get()
    services.target_progress(actor=city_officer, target_id=target.pk, quarter=1, done="180")
    services.target_progress(actor=city_officer, target_id=target.pk, quarter=3, done="640.5")
    target.refresh_from_db()
    assert (target.quarters, target.done) == ([D("180"), None, D("640.50"), None], D("640.50"))
    with pytest.raises(DomainError, match="不能低于之前季度"):
        services.target_progress(actor=city_officer, target_id=target.pk, quarter=4, done="600")
    with pytest.raises(DomainError, match="不能高于之后季度"):
        services.target_progress(actor=city_officer, target_id=target.pk, quarter=2, done="700")
    for quarter, done, message in ((5, "1", "季度须为1–4"), (2, "-1", "不小于0"), (2, "很多", "数字")):
        with pytest.raises(DomainError, match=message):
            services.target_progress(actor=city_officer, target_id=target.pk, quarter=quarter, done=done)
    services.target_progress(actor=city_officer, target_id=target.pk, quarter=2, done="400")
    plan(city_officer, zone_a)  # the plan edited again: the quarters reported stay
    again = PlanTarget.objects.get()
    assert again.quarters == [D("180"), D("400"), D("640.50"), None] and again.done == D("640.50")


def test_the_page_and_the_api_keep_to_the_callers_reach(city_officer, zone_a, zone_a_leader, client_for):
    target = plan(city_officer, zone_a).targets.get()
    home = client_for(city_officer).get(reverse("planning:home")).content.decode()
    assert 'data-testid="progress-form"' in home
    page = client_for(city_officer).post(
        reverse("planning:target_progress"), {"target": target.pk, "quarter": "1", "done": "100"}
    )
    assert page.status_code == 302
    assert client_for(city_officer).post(
        reverse("planning:target_progress"), {"target": "x", "quarter": "1", "done": "1"}
    ).status_code in (302, 404)
    leader = client_for(zone_a_leader).post(
        reverse("planning:target_progress"), {"target": target.pk, "quarter": "2", "done": "200"}
    )
    assert leader.status_code in (302, 403)
    url = f"/api/v1/planning/targets/{target.pk}/progress"
    api = client_for(city_officer).post(url, {"quarter": 2, "done": "300"}, content_type="application/json")
    assert api.status_code == 200 and api.json()["quarters"][:2] == ["100.00", "300.00"]
    refused = client_for(zone_a_leader).post(
        url, {"quarter": 3, "done": "400"}, content_type="application/json"
    )
    assert refused.status_code in (403, 404)
    assert PlanTarget.objects.get().quarters == [D("100"), D("300"), None, None]
    bad = client_for(city_officer).post(url, {"quarter": 9, "done": "1"}, content_type="application/json")
    assert bad.status_code in (400, 422)
