"""A class staff corrected stays theirs: the firm claimed 外资企业, the zone's leader, finding no approval
certificate, moved the need to 其他企业 (调整优先级). The firm may still change its need (its quantity, its use,
its evidence), but not its class: 修改 on its phone and ``POST needs`` / ``POST needs/{id}/reclassify`` in the API
refuse the class with a Chinese message on the priority field and change nothing; staff may still move it. The
correction is in the need's audit trail (``priority_corrected`` False → True)."""

from __future__ import annotations

import importlib

import pytest
from django.urls import reverse

from devzone.core import audit
from devzone.core.choices import AuditAction
from devzone.core.models import AuditEvent
from devzone.emergency.models import Need
from devzone.emergency.tests.conftest import submit

pytestmark = pytest.mark.django_db
API = "/api/v1/emergency"
REFUSED = "该需求的优先级已由开发区工作人员核定为“其他企业”，企业不能自行更改；如有异议或新的佐证，请联系开发区工作人员"


def _corrected(campaign, enterprise_user, zone_a_leader, client_for) -> Need:
    """The firm's claim of 外资企业, moved down to 其他企业 by the zone's leader on the campaign's page."""
    n = submit(enterprise_user, campaign, quantity=600, rank=0, evidence="营业执照")
    last = campaign.classes.get(rank=1)
    reclassify = reverse("emergency:need_action", args=[n.pk, "reclassify"])
    r = client_for(zone_a_leader).post(
        reclassify, {"priority": last.pk, "evidence": "", "version": n.version}, follow=True
    )
    assert "优先级已调整" in r.content.decode()
    n.refresh_from_db()
    assert (n.priority, n.priority_corrected) == (last, True)
    return n


def _unchanged(n: Need) -> None:
    fresh = Need.objects.get(pk=n.pk)
    assert (fresh.priority_id, fresh.quantity, fresh.evidence, fresh.version) == (
        n.priority_id,
        n.quantity,
        n.evidence,
        n.version,
    )


def _phone_form(campaign, n: Need, **kw) -> dict:
    data = {
        "supply": n.supply_id,
        "quantity": n.quantity,
        "use": n.use,
        "priority": n.priority_id,
        "evidence": n.evidence,
        "version": n.version,
        **kw,
    }
    return {f"c{campaign.pk}-{k}": v for k, v in data.items()}


def test_the_correction_is_in_the_trail_and_on_both_pages(
    campaign, firms, enterprise_user, zone_a_leader, client_for
):
    n = _corrected(campaign, enterprise_user, zone_a_leader, client_for)
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(n.pk)).get()
    assert event.actor == zone_a_leader and event.note == "调整优先级 外资企业→其他企业"
    assert event.changes["priority_corrected"] == [False, True]
    staff_page = client_for(zone_a_leader).get(reverse("emergency:campaign", args=[campaign.pk]))
    assert f'data-testid="need-corrected-{n.pk}"' in staff_page.content.decode()
    firm = client_for(enterprise_user)
    assert "其他企业 · 已核定" in firm.get(reverse("emergency:mine")).content.decode()
    edit = firm.get(reverse("emergency:my_need", args=[campaign.pk]), {"need": n.pk}).content.decode()
    assert "优先级已由开发区工作人员核定，企业不能自行更改" in edit


def test_the_firm_cannot_reclaim_the_class_on_its_phone_but_may_change_the_rest(
    campaign, firms, enterprise_user, zone_a_leader, client_for
):
    n = _corrected(campaign, enterprise_user, zone_a_leader, client_for)
    top = campaign.classes.get(rank=0)
    firm = client_for(enterprise_user)
    url = f"{reverse('emergency:my_need', args=[campaign.pk])}?need={n.pk}"
    r = firm.post(url, _phone_form(campaign, n, priority=top.pk, quantity=900, evidence="营业执照"))
    assert r.status_code == 200 and REFUSED in r.content.decode()
    assert r.context["form"].errors["priority"] == [REFUSED]
    _unchanged(n)
    assert not AuditEvent.objects.filter(actor=enterprise_user, action=AuditAction.UPDATE).exists()
    # its quantity it still changes, in the class staff set
    r = firm.post(url, _phone_form(campaign, n, quantity=900), follow=True)
    assert "需求已修改" in r.content.decode()
    n.refresh_from_db()
    assert (n.quantity, n.priority.name, n.priority_corrected) == (900, "其他企业", True)


def test_the_firm_cannot_reclaim_the_class_in_the_api(
    campaign, firms, enterprise_user, zone_a_leader, client_for
):
    n = _corrected(campaign, enterprise_user, zone_a_leader, client_for)
    top = campaign.classes.get(rank=0)
    firm = client_for(enterprise_user)
    body = {
        "campaign": campaign.pk,
        "supply": n.supply_id,
        "quantity": 900,
        "use": n.use,
        "priority": top.pk,
        "evidence": "营业执照",
        "version": n.version,
    }
    r = firm.post_json(f"{API}/needs", body)
    assert r.status_code == 400 and r.json()["errors"] == {"priority": [REFUSED]}
    r = firm.post_json(
        f"{API}/needs/{n.pk}/reclassify", {"priority": top.pk, "evidence": "营业执照", "version": n.version}
    )
    assert r.status_code == 400 and r.json()["errors"] == {"priority": [REFUSED]}
    _unchanged(n)
    got = firm.get(f"{API}/needs").json()["items"]
    assert [(x["id"], x["priority"], x["priority_corrected"]) for x in got] == [(n.pk, n.priority_id, True)]
    # its evidence it may still replace, in the class staff set
    r = firm.post_json(f"{API}/needs/{n.pk}/reclassify", {"priority": n.priority_id, "evidence": "新的证明"})
    assert r.status_code == 200 and r.json()["evidence"] == "新的证明"


def test_staff_still_move_a_corrected_need(
    campaign, firms, enterprise_user, zone_a_leader, city_officer, client_for
):
    n = _corrected(campaign, enterprise_user, zone_a_leader, client_for)
    top = campaign.classes.get(rank=0)
    r = client_for(city_officer).post_json(
        f"{API}/needs/{n.pk}/reclassify", {"priority": top.pk, "evidence": "批准证书", "version": n.version}
    )
    assert r.status_code == 200 and (r.json()["priority"], r.json()["priority_corrected"]) == (top.pk, True)
    # and enter a changed need for the firm (代企业填报)
    r = client_for(zone_a_leader).post_json(
        f"{API}/needs",
        {
            "campaign": campaign.pk,
            "supply": n.supply_id,
            "quantity": 700,
            "use": n.use,
            "priority": campaign.classes.get(rank=1).pk,
            "enterprise": firms["a"].pk,
        },
    )
    assert r.status_code == 200 and r.json()["quantity"] == 700


def test_a_firm_moving_its_own_claim_is_not_a_correction(campaign, firms, enterprise_user, client_for):
    n = submit(enterprise_user, campaign, quantity=600, rank=0, evidence="批准证书")
    top, last = campaign.classes.get(rank=0), campaign.classes.get(rank=1)
    firm = client_for(enterprise_user)
    r = firm.post_json(f"{API}/needs/{n.pk}/reclassify", {"priority": last.pk})
    assert r.status_code == 200 and r.json()["priority_corrected"] is False
    r = firm.post_json(f"{API}/needs/{n.pk}/reclassify", {"priority": top.pk})
    assert r.status_code == 200 and r.json()["priority"] == top.pk


def test_the_migration_marks_the_needs_staff_corrected_last(
    campaign, firms, enterprise_user, zone_a_leader, client_for
):
    """Needs corrected before the field existed: the class staff moved last is marked; one the firm moved back
    afterwards (the defect) stays the firm's claim, the trail showing both moves."""
    from django.apps import apps

    migration = importlib.import_module("devzone.emergency.migrations.0004_need_priority_corrected")
    n = _corrected(campaign, enterprise_user, zone_a_leader, client_for)
    Need.objects.update(priority_corrected=False)
    migration.mark_corrected(apps, None)
    assert Need.objects.get(pk=n.pk).priority_corrected is True
    # as the firm could before: its class moved back by its own 调整优先级
    top = campaign.classes.get(rank=0)
    audit.record(
        actor=enterprise_user,
        action=AuditAction.UPDATE,
        obj=n,
        changes={"priority_id": [n.priority_id, top.pk]},
        note="调整优先级 其他企业→外资企业",
    )
    Need.objects.update(priority_corrected=False)
    migration.mark_corrected(apps, None)
    assert Need.objects.get(pk=n.pk).priority_corrected is False
