"""A campaign the city runs for one zone is that zone's and the city's: another zone's staff do not find it in the
list nor in the API, its page and its rows (supplies, runs) are 404 to them, and so are its forms — they were
offered forms that could only end on "应急保障行动不存在". A city-wide campaign stays readable by every zone
(core.access, ``scope_city_zone_path``)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.emergency import services
from devzone.emergency.models import AllocationRun, Campaign, PriorityClass, Supply
from devzone.emergency.tests.conftest import run_on, start_masks_campaign, submit
from devzone.testing import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.isolation]
API = "/api/v1/emergency"


@pytest.fixture
def b_campaign(city_officer, zone_b, zone_b_leader):
    c = start_masks_campaign(city_officer, name="乙区防汛保障", zone_id=zone_b.pk)
    submit(zone_b_leader, c, f.EnterpriseFactory(zone=zone_b), quantity=10, rank=1)
    run_on(services.allocate(actor=city_officer, supply_id=c.supplies.get().pk))
    return c


def test_another_zone_does_not_see_a_zones_own_campaign(
    b_campaign, campaign, zone_a_leader, zone_b_leader, city_officer, enterprise_a, client_for
):
    leader = client_for(zone_a_leader)
    listed = leader.get(reverse("emergency:home")).content.decode()
    assert campaign.name in listed and b_campaign.name not in listed
    assert [c["id"] for c in leader.get(f"{API}/campaigns").json()["items"]] == [campaign.pk]
    assert leader.get(reverse("emergency:campaign", args=[b_campaign.pk])).status_code == 404
    assert leader.get(reverse("emergency:run", args=[b_campaign.runs.get().pk])).status_code == 404
    form = {
        "need-credit_code": enterprise_a.credit_code,
        "need-supply": b_campaign.supplies.get().pk,
        "need-quantity": "10",
        "need-use": "防护",
        "need-priority": b_campaign.classes.get(rank=1).pk,
        "need-evidence": "",
    }
    assert leader.post(reverse("emergency:staff_need", args=[b_campaign.pk]), form).status_code == 404
    # its rows follow the campaign
    for model in (Campaign, Supply, PriorityClass, AllocationRun):
        assert (
            not model.objects.for_user(zone_a_leader)
            .filter(
                pk__in=model.objects.filter(
                    **({"pk": b_campaign.pk} if model is Campaign else {"campaign": b_campaign})
                )
            )
            .exists()
        ), model
    # its own zone and the city read it, and the zone is offered its forms
    for user in (zone_b_leader, city_officer):
        page = client_for(user).get(reverse("emergency:campaign", args=[b_campaign.pk]))
        assert page.status_code == 200 and 'data-testid="staff-need"' in page.content.decode()
    assert {c["id"] for c in client_for(zone_b_leader).get(f"{API}/campaigns").json()["items"]} == {
        campaign.pk,
        b_campaign.pk,
    }
