"""When zone B merges into zone A (开发区整合), B's firms take their emergency rows with them: A's staff read and
keep the moved firm's plan (一企一策) and needs, its allocations and deliveries stay with it, and the firm's own
user still finds the campaigns that reach it (those of its firm's zone, now A)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from devzone.core.choices import AuditAction
from devzone.core.models import AuditEvent
from devzone.core.services.zones import zone_merge
from devzone.emergency import selectors, services
from devzone.emergency.models import Allocation, Campaign, Delivery, FirmPlan, Need
from devzone.emergency.tests.conftest import run_on, set_plan, start_masks_campaign, submit
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db
MERGED_ON = dt.date(2025, 1, 1)


def test_the_target_zone_keeps_the_moved_firms_plan_and_needs(
    campaign, firms, city_officer, zone_a, zone_b, zone_a_leader, zone_b_leader, client_for
):
    firm_b = firms["b"]
    plan = set_plan(city_officer, campaign, firm_b, text="协调原材料", contact="王")
    need = submit(zone_b_leader, campaign, firm_b, quantity=400, rank=1)
    run_on(services.allocate(actor=city_officer, supply_id=campaign.supplies.get().pk))
    allocation = Allocation.objects.get(need=need)
    services.deliver(actor=city_officer, allocation_id=allocation.pk, quantity=100, delivered_on="2020-02-04")

    moved = zone_merge(actor=city_officer, sources=[zone_b], target=zone_a, merged_on=MERGED_ON)

    assert {k: v for k, v in moved.items() if k.startswith("emergency")} == {
        "emergency_campaigns": 0,
        "emergency_needs": 1,
        "emergency_allocations": 1,
        "emergency_deliveries": 1,
        "emergency_plans": 1,
    }
    for model in (Need, Allocation, Delivery, FirmPlan):
        assert set(model.objects.values_list("zone_id", flat=True)) == {zone_a.pk}, model
    assert AuditEvent.objects.filter(
        action=AuditAction.BULK_UPDATE, object_id=str(plan.pk), content_type__model="firmplan"
    ).get().changes == {"zone_id": [zone_b.pk, zone_a.pk]}
    assert list(selectors.plans(zone_a_leader, campaign)) == [plan]
    assert list(selectors.needs(zone_a_leader, campaign)) == [need]
    changed = set_plan(
        zone_a_leader, campaign, firm_b, text="落实中", contact="李", status="active", version=plan.version
    )
    assert changed.zone_id == zone_a.pk
    r = client_for(zone_a_leader).post(
        reverse("emergency:deliver", args=[allocation.pk]), {"quantity": "50", "delivered_on": "2020-02-05"}
    )
    assert r.status_code == 302 and Delivery.objects.count() == 2


def test_a_merged_zones_own_campaign_becomes_the_targets(
    city_officer, zone_a, zone_b, zone_a_leader, zone_b_leader, client_for
):
    """A campaign the city ran for zone B alone: its firms are A's now, and so is the campaign (A's staff read
    it; the firm's user still submits to it, found through its firm's zone)."""
    firm_b = f.EnterpriseFactory(zone=zone_b, name="乙企业有限公司")
    owner = f.user_with_role("enterprise_user", enterprise=firm_b, user__username="ent_b")
    c_b = start_masks_campaign(city_officer, name="乙区防汛保障", zone_id=zone_b.pk)
    assert client_for(zone_a_leader).get(reverse("emergency:campaign", args=[c_b.pk])).status_code == 404
    submit(zone_b_leader, c_b, firm_b, quantity=10, rank=1)
    zone_merge(actor=city_officer, sources=[zone_b], target=zone_a, merged_on=MERGED_ON)
    assert Campaign.objects.get(pk=c_b.pk).zone_id == zone_a.pk
    assert client_for(zone_a_leader).get(reverse("emergency:campaign", args=[c_b.pk])).status_code == 200
    assert list(selectors.open_for_enterprise(owner)) == [c_b]
    assert client_for(owner).get(reverse("emergency:my_need", args=[c_b.pk])).status_code == 200
    # the account's own zone is not what decides: the firm's is (the profile may still name the old zone)
    owner.profile.zone = zone_b
    owner.profile.save()
    a_campaign = start_masks_campaign(city_officer, name="甲区专项", zone_id=zone_a.pk)
    found = selectors.open_for_enterprise(type(owner).objects.get(pk=owner.pk))
    assert set(found) == {c_b, a_campaign}
