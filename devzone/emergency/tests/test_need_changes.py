"""A firm's open need after it was submitted: ``POST needs`` says whether it created a need (201) or changed the
firm's open one (200); staff raise or lower a need's quantity on the campaign's page (调整数量) and move it to
another priority class (调整优先级), as in the API — audited, the firm told, and only while the campaign collects
needs (an ended campaign's needs are its record)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.core.choices import AuditAction
from devzone.core.models import AuditEvent
from devzone.emergency import services
from devzone.emergency.choices import CampaignStatus
from devzone.emergency.models import Campaign, Need
from devzone.emergency.tests.conftest import need_body, start_masks_campaign, submit

pytestmark = pytest.mark.django_db
API = "/api/v1/emergency"


def test_submitting_a_need_answers_201_when_created_and_200_when_the_open_need_changed(
    campaign, firms, enterprise_user, zone_a_leader, client_for
):
    """An API caller tells a new claim from a change of the firm's one open need by the status: 201 and a new
    id, then 200 and the same id for a change, for the same need sent again, and for staff changing it."""
    c = client_for(enterprise_user)
    created = c.post_json(f"{API}/needs", need_body(campaign, version=0))
    assert created.status_code == 201
    first = created.json()
    again = c.post_json(f"{API}/needs", need_body(campaign, version=0))
    assert again.status_code == 200 and again.json() == first
    changed = c.post_json(f"{API}/needs", need_body(campaign, quantity=500, version=first["version"]))
    assert changed.status_code == 200
    assert (changed.json()["id"], changed.json()["quantity"]) == (first["id"], 500)
    staff = client_for(zone_a_leader)
    r = staff.post_json(f"{API}/needs", need_body(campaign, quantity=550, enterprise=firms["a"].pk))
    assert r.status_code == 200 and (r.json()["id"], r.json()["quantity"]) == (first["id"], 550)
    assert Need.objects.count() == 1
    # the firm's first need of another supply is a new one
    body = need_body(campaign, enterprise=firms["a"].pk)
    r = staff.post_json(f"{API}/needs", {**body, "supply": _second(campaign)})
    assert r.status_code == 201 and r.json()["id"] != first["id"]
    # the API's description says both
    from devzone.api import api

    answers = api.get_openapi_schema()["paths"][f"{API}/needs"]["post"]["responses"]
    assert {"200", "201"} <= {str(code) for code in answers}


def _second(campaign) -> int:
    """A second supply of the campaign (消毒液)."""
    return campaign.supplies.create(name="消毒液", unit="升").pk


def test_staff_raise_a_firms_open_need_on_the_campaign_page_audited_and_the_firm_told(
    campaign, firms, enterprise_user, zone_a_leader, city_officer, client_for
):
    n = submit(enterprise_user, campaign, quantity=600)
    staff = client_for(zone_a_leader)
    page = staff.get(reverse("emergency:campaign", args=[campaign.pk])).content.decode()
    adjust = reverse("emergency:need_action", args=[n.pk, "adjust"])
    assert f'data-testid="need-adjust-{n.pk}"' in page and f'action="{adjust}"' in page
    r = staff.post(adjust, {"quantity": "900", "version": n.version}, follow=True)
    assert "需求数量已调整" in r.content.decode()
    n.refresh_from_db()
    assert (n.quantity, n.version) == (900, 2)
    event = AuditEvent.objects.filter(action=AuditAction.TRANSITION, object_id=str(n.pk)).get()
    assert event.note == "调整需求数量 600→900" and event.actor == zone_a_leader
    assert enterprise_user.notifications.filter(title="贵企业的口罩需求已由600个调整为900个").exists()
    # a page read before the change is stale now
    r = staff.post(adjust, {"quantity": "1000", "version": 1}, follow=True)
    assert "刚被他人修改" in r.content.decode() and Need.objects.get().quantity == 900
    # down too, never below what it has been given, within the service's bounds, and a change it must be
    services.allocate(actor=city_officer, supply_id=campaign.supplies.get().pk, quantity=100)
    n.refresh_from_db()
    for quantity, refusal in (
        ("50", "需求数量不能少于已分配的数量（100）"),
        ("900", "新的数量与原需求数量相同（900）"),
        ("0", "数量须大于0"),
        ("100000001", "数量过大"),
        ("多", "数量须为正整数"),
    ):
        r = staff.post(adjust, {"quantity": quantity, "version": n.version}, follow=True)
        assert refusal in r.content.decode(), quantity
    r = staff.post(adjust, {"quantity": "400", "version": n.version}, follow=True)
    assert "需求数量已调整" in r.content.decode() and Need.objects.get().quantity == 400
    # the city's officer, in the API
    r = client_for(city_officer).post_json(f"{API}/needs/{n.pk}/adjust", {"quantity": 700})
    assert r.status_code == 200 and r.json()["quantity"] == 700
    assert Need.objects.count() == 1


def test_nobody_adjusts_or_reclassifies_a_need_once_the_campaign_has_ended(
    campaign, firms, enterprise_user, zone_a_leader, city_officer, client_for
):
    n = submit(enterprise_user, campaign, quantity=600, rank=1, evidence="")
    Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.CLOSED)
    staff = client_for(zone_a_leader)
    page = staff.get(reverse("emergency:campaign", args=[campaign.pk])).content.decode()
    assert f'data-testid="need-adjust-{n.pk}"' not in page
    assert f'data-testid="need-reclassify-{n.pk}"' not in page
    r = staff.post(reverse("emergency:need_action", args=[n.pk, "adjust"]), {"quantity": "900"}, follow=True)
    assert "该行动已结束，不能再调整需求数量" in r.content.decode()
    top = campaign.classes.get(rank=0).pk
    r = client_for(city_officer).post_json(
        f"{API}/needs/{n.pk}/reclassify", {"priority": top, "evidence": "批准证书"}
    )
    assert r.status_code == 400 and r.json()["title"] == "该行动已结束，不能再调整需求的优先级"
    r = client_for(city_officer).post_json(f"{API}/needs/{n.pk}/adjust", {"quantity": 900})
    assert r.status_code == 400 and r.json()["title"] == "该行动已结束，不能再调整需求数量"
    n.refresh_from_db()
    assert (n.quantity, n.priority.rank, n.version) == (600, 1, 1)
    assert not AuditEvent.objects.filter(
        object_id=str(n.pk), action__in=[AuditAction.UPDATE, AuditAction.TRANSITION]
    ).exists()


def test_staff_move_a_need_to_another_priority_class_audited_the_firm_told_and_the_next_run_follows_it(
    firms, enterprise_user, zone_a_leader, zone_b_leader, city_officer, client_for
):
    """The firm claimed 其他企业; the zone's leader, having seen its approval certificate, moves it up to 外资企业
    on the campaign's page: the next run serves it first."""
    campaign = start_masks_campaign(city_officer, stock=600)
    mine = submit(enterprise_user, campaign, quantity=600, rank=1, evidence="")
    theirs = submit(zone_b_leader, campaign, firms["b"], quantity=600, rank=1, evidence="")
    top, last = campaign.classes.get(rank=0), campaign.classes.get(rank=1)
    staff = client_for(zone_a_leader)
    page = staff.get(reverse("emergency:campaign", args=[campaign.pk])).content.decode()
    reclassify = reverse("emergency:need_action", args=[mine.pk, "reclassify"])
    assert f'data-testid="need-reclassify-{mine.pk}"' in page and f'action="{reclassify}"' in page
    # a class above the last one needs evidence; another campaign's class is none of this one's
    r = staff.post(reclassify, {"priority": top.pk, "evidence": "", "version": mine.version}, follow=True)
    assert "调整到该优先级须附佐证" in r.content.decode()
    other = start_masks_campaign(city_officer, name="汛期保障")
    r = staff.post(
        reclassify,
        {"priority": other.classes.get(rank=0).pk, "evidence": "证书", "version": mine.version},
        follow=True,
    )
    assert "请选择本次行动的优先级" in r.content.decode()
    r = staff.post(reclassify, {"priority": last.pk, "evidence": "", "version": mine.version}, follow=True)
    assert "优先级与佐证均未改变" in r.content.decode()
    assert Need.objects.get(pk=mine.pk).priority == last
    r = staff.post(
        reclassify,
        {"priority": top.pk, "evidence": "外商投资企业批准证书", "version": mine.version},
        follow=True,
    )
    assert "优先级已调整" in r.content.decode()
    mine.refresh_from_db()
    assert (mine.priority, mine.evidence, mine.version) == (top, "外商投资企业批准证书", 2)
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(mine.pk)).get()
    assert event.changes["priority_id"] == [last.pk, top.pk] and event.note == "调整优先级 其他企业→外资企业"
    assert event.actor == zone_a_leader
    assert enterprise_user.notifications.filter(
        title="贵企业的口罩需求优先级已由“其他企业”调整为“外资企业”"
    ).exists()
    # a stale page is refused
    r = staff.post(reclassify, {"priority": last.pk, "evidence": "", "version": 1}, follow=True)
    assert "刚被他人修改" in r.content.decode() and Need.objects.get(pk=mine.pk).priority == top
    services.allocate(actor=city_officer, supply_id=campaign.supplies.get().pk)
    assert Need.objects.get(pk=mine.pk).allocated == 600 and Need.objects.get(pk=theirs.pk).allocated == 0


def test_reclassify_in_the_api_and_who_may(
    campaign, firms, enterprise_user, zone_b_leader, city_officer, sysadmin, client_for
):
    """``POST needs/{id}/reclassify``: the city's officer moves any need of the city, the firm its own claim (with
    the same evidence rule as when it submits) until staff corrected it (``test_priority_corrected.py``), a
    zone's leader not another zone's need (404), an administrator none (403). The firm hears of staff's change,
    not of its own."""
    n = submit(enterprise_user, campaign, quantity=600, rank=0, evidence="批准证书")
    top, last = campaign.classes.get(rank=0), campaign.classes.get(rank=1)
    url = f"{API}/needs/{n.pk}/reclassify"
    assert client_for(zone_b_leader).post_json(url, {"priority": last.pk}).status_code == 404
    assert client_for(sysadmin).post_json(url, {"priority": last.pk}).status_code == 403
    firm = client_for(enterprise_user)
    r = firm.post_json(url, {"priority": last.pk, "evidence": "", "version": n.version})
    assert r.status_code == 200 and (r.json()["priority"], r.json()["version"]) == (last.pk, 2)
    r = firm.post_json(url, {"priority": top.pk, "evidence": ""})
    assert r.status_code == 400 and r.json()["errors"] == {"evidence": ["调整到该优先级须附佐证"]}
    r = firm.post_json(url, {"priority": top.pk, "evidence": "外商投资企业批准证书", "version": 2})
    assert r.status_code == 200 and r.json()["priority"] == top.pk
    assert enterprise_user.notifications.filter(title__contains="优先级").count() == 0
    r = client_for(city_officer).post_json(url, {"priority": last.pk, "version": 3})
    assert r.status_code == 200
    assert (r.json()["priority"], r.json()["evidence"], r.json()["version"]) == (
        last.pk,
        "外商投资企业批准证书",
        4,
    )
    assert enterprise_user.notifications.filter(title__contains="调整为“其他企业”").count() == 1
    r = firm.post_json(url, {"priority": top.pk, "version": 4})
    assert r.status_code == 400 and list(r.json()["errors"]) == ["priority"]
    assert Need.objects.get(pk=n.pk).priority == last
