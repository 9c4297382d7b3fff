"""One open need per firm and supply in a campaign: a double tap on the phone stores one need and the firm's share
is what it asked, not twice; a repeat submission changes the firm's open need (at the version read, never below
what it was given); staff, and the enterprise while the campaign collects needs, trim or withdraw a need, audited;
a withdrawn need takes no part in later runs. The database refuses a second open need too."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from devzone.core.choices import AuditAction
from devzone.core.errors import ConflictError, DomainError, PermissionDeniedError
from devzone.core.models import AuditEvent
from devzone.emergency import services
from devzone.emergency.choices import CampaignStatus, NeedStatus
from devzone.emergency.models import Campaign, Need
from devzone.emergency.services import needs
from devzone.emergency.tests.conftest import need_body, submit

pytestmark = pytest.mark.django_db
API = "/api/v1/emergency"


def phone_form(campaign, quantity="600", version=0, **kw) -> dict:
    """The enterprise's need form as its phone posts it (``version`` 0: a new need's form)."""
    prefix = f"c{campaign.pk}"
    data = {
        "supply": campaign.supplies.get().pk,
        "quantity": quantity,
        "use": "员工防护",
        "priority": campaign.classes.get(rank=1).pk,
        "evidence": "",
        "version": version,
        **kw,
    }
    return {f"{prefix}-{k}": v for k, v in data.items()}


def test_a_double_tap_on_the_phone_stores_one_need_and_the_firm_gets_its_fair_share(
    campaign, firms, enterprise_user, zone_b_leader, city_officer, client_for
):
    """The enterprise taps 提交 twice on a slow network: both taps answer 需求已提交, one need is stored, and the
    run shares 1000 masks equally between it and another firm asking the same 600 (not 667 against 333)."""
    c = client_for(enterprise_user)
    url = reverse("emergency:my_need", args=[campaign.pk])
    for _tap in range(2):
        r = c.post(url, phone_form(campaign), follow=True)
        assert "需求已提交" in r.content.decode()
    submit(zone_b_leader, campaign, firms["b"], quantity=600, rank=1)
    services.allocate(actor=city_officer, supply_id=campaign.supplies.get().pk)
    assert Need.objects.filter(enterprise=firms["a"]).count() == 1
    shares = {n.enterprise_id: n.allocated for n in Need.objects.all()}
    assert shares == {firms["a"].pk: 500, firms["b"].pk: 500}
    assert AuditEvent.objects.filter(note="应急物资需求", action=AuditAction.CREATE).count() == 2


def test_a_new_need_form_does_not_replace_an_open_need_entered_meanwhile(
    campaign, firms, enterprise_user, zone_a_leader, client_for
):
    """The zone's leader entered the firm's need by phone; the firm, not having seen it, submits another figure on
    the new-need form (version 0): refused with what is there, nothing replaced; changed at the version read."""
    n = submit(zone_a_leader, campaign, firms["a"], quantity=600, rank=1, evidence="")
    c = client_for(enterprise_user)
    url = reverse("emergency:my_need", args=[campaign.pk])
    r = c.post(url, phone_form(campaign, quantity="800"))
    assert r.status_code == 200
    assert "该企业在本行动中已有待满足的口罩需求（600个），请刷新后在该需求上修改" in r.content.decode()
    assert Need.objects.get().quantity == 600
    # its own page offers to change the need: the form is filled with it and carries its version
    page = c.get(reverse("emergency:mine")).content.decode()
    assert f'data-testid="need-edit-{n.pk}"' in page
    edit = c.get(url, {"need": n.pk})
    assert edit.context["form"]["quantity"].value() == 600
    assert edit.context["form"]["version"].value() == n.version
    r = c.post(f"{url}?need={n.pk}", phone_form(campaign, quantity="800", version=n.version), follow=True)
    assert "需求已修改" in r.content.decode()
    changed = Need.objects.get()
    assert (changed.quantity, changed.version) == (800, n.version + 1)
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE).get()
    assert event.changes["quantity"] == [600, 800] and event.note == "应急物资需求"
    # the page it read is stale now: the same form again is refused
    r = c.post(f"{url}?need={n.pk}", phone_form(campaign, quantity="900", version=n.version))
    assert "请刷新后在该需求上修改" in r.content.decode() and Need.objects.get().quantity == 800
    # another firm's need, or one not open, is not offered for change
    assert c.get(url, {"need": n.pk + 99}).status_code == 404
    assert c.get(url, {"need": "9" * 25}).status_code == 404
    assert c.get(f"/emergency/mine/{'9' * 25}/need/").status_code == 404


def test_a_repeat_submission_in_the_api_changes_the_open_need(campaign, firms, enterprise_user, client_for):
    """``POST needs`` again for the same supply: the firm's open need changes (version checked when given, not
    when absent); never below what it has been given."""
    c = client_for(enterprise_user)
    body = need_body(campaign)
    first = c.post_json(f"{API}/needs", {**body, "version": 0}).json()
    assert (first["quantity"], first["status"]) == (300, "active")
    again = c.post_json(f"{API}/needs", {**body, "version": 0})  # the same need twice: nothing changes
    assert again.status_code == 200 and again.json() == first
    r = c.post_json(f"{API}/needs", {**body, "quantity": 400, "version": 0})
    assert r.status_code == 409 and "已有待满足的口罩需求（300个）" in r.json()["title"]
    r = c.post_json(f"{API}/needs", {**body, "quantity": 400, "version": first["version"]})
    assert r.status_code == 200 and (r.json()["id"], r.json()["quantity"]) == (first["id"], 400)
    r = c.post_json(f"{API}/needs", {**body, "quantity": 450})  # no version: not checked
    assert r.status_code == 200 and r.json()["quantity"] == 450
    Need.objects.filter(pk=first["id"]).update(allocated=200)
    r = c.post_json(f"{API}/needs", {**body, "quantity": 150})
    assert r.status_code == 400 and r.json()["errors"] == {
        "quantity": ["需求数量不能少于已分配的数量（200）"]
    }
    assert Need.objects.count() == 1


def test_a_need_fully_served_leaves_room_for_a_new_one(campaign, firms, enterprise_user, city_officer):
    """Open means still waiting for units: once the firm's need is served in full, what it asks next is a need of
    its own (and the served one keeps its record)."""
    served = submit(enterprise_user, campaign, quantity=300)
    services.allocate(actor=city_officer, supply_id=campaign.supplies.get().pk)
    again = submit(enterprise_user, campaign, quantity=200)
    assert again.pk != served.pk and Need.objects.count() == 2
    served.refresh_from_db()
    assert (served.quantity, served.allocated) == (300, 300)


def test_the_database_keeps_one_open_need_per_firm_and_supply(campaign, firms, enterprise_user):
    n = submit(enterprise_user, campaign, quantity=300)
    twin = Need(
        zone_id=n.zone_id,
        campaign=campaign,
        enterprise=n.enterprise,
        supply=n.supply,
        quantity=300,
        use=n.use,
        priority=n.priority,
        evidence=n.evidence,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    twin.status = NeedStatus.WITHDRAWN  # a withdrawn need is no open one
    twin.save()


@pytest.mark.parametrize("met_at", ["the model's check", "the insert"])
def test_two_submissions_at_once_make_one_need(campaign, firms, enterprise_user, monkeypatch, met_at):
    """Both taps read "no open need" (as concurrent transactions do on PostgreSQL); the second meets the first in
    the model's check of the constraint, or at its insert (the unique index), and is answered: the same need,
    nothing to do; another figure, 409 — never a 500."""
    first = submit(enterprise_user, campaign, quantity=300)

    class Blind:
        """``select_for_update().filter(...).first()`` finding nothing, as before the other commit."""

        def filter(self, *args, **kwargs):
            return self

        def first(self):
            return None

    monkeypatch.setattr(Need.objects, "select_for_update", lambda: Blind())
    if met_at == "the insert":
        monkeypatch.setattr(needs, "clean", lambda row: None)
    assert submit(enterprise_user, campaign, quantity=300).pk == first.pk
    with pytest.raises(ConflictError):
        submit(enterprise_user, campaign, quantity=500)
    monkeypatch.undo()
    assert Need.objects.get().quantity == 300


def test_staff_trim_and_withdraw_a_need_audited_and_the_firm_is_told(
    campaign, firms, enterprise_user, zone_a_leader, city_officer, client_for
):
    n = submit(enterprise_user, campaign, quantity=600)
    staff = client_for(zone_a_leader)
    page = staff.get(reverse("emergency:campaign", args=[campaign.pk])).content.decode()
    assert f'data-testid="need-change-{n.pk}"' in page
    trim = reverse("emergency:need_action", args=[n.pk, "trim"])
    r = staff.post(trim, {"quantity": "700", "version": n.version}, follow=True)
    assert "调减后的数量须少于原需求数量（600）" in r.content.decode()
    r = staff.post(trim, {"quantity": "400", "version": n.version}, follow=True)
    assert "需求已调减" in r.content.decode()
    n.refresh_from_db()
    assert (n.quantity, n.status) == (400, NeedStatus.ACTIVE)
    event = AuditEvent.objects.filter(action=AuditAction.TRANSITION).get()
    assert event.note == "调减需求 600→400"
    assert enterprise_user.notifications.filter(title="贵企业的口罩需求已调减为400个").exists()
    # a page read before the trim is stale now
    r = staff.post(trim, {"quantity": "300", "version": n.version - 1}, follow=True)
    assert "刚被他人修改" in r.content.decode() and Need.objects.get().quantity == 400
    # the run gives it part of its need; the rest is withdrawn: the next run gives it nothing more
    services.allocate(actor=city_officer, supply_id=campaign.supplies.get().pk, quantity=100)
    n.refresh_from_db()
    r = staff.post(trim, {"quantity": "50", "version": n.version}, follow=True)
    assert "需求数量不能少于已分配的数量（100）" in r.content.decode()
    withdraw = reverse("emergency:need_action", args=[n.pk, "withdraw"])
    r = staff.post(withdraw, {"version": n.version}, follow=True)
    assert "需求已撤回" in r.content.decode()
    n.refresh_from_db()
    assert (n.status, n.allocated) == (NeedStatus.WITHDRAWN, 100)
    assert enterprise_user.notifications.filter(title="贵企业的口罩需求已撤回").exists()
    with pytest.raises(DomainError) as e:
        services.allocate(actor=city_officer, supply_id=campaign.supplies.get().pk)
    assert "没有待满足的需求" in e.value.message
    r = staff.post(withdraw, {"version": n.version}, follow=True)
    assert "当前状态为“已撤回”，不能撤回需求" in r.content.decode()
    # the firm may enter a new need of the supply: the withdrawn one is no open need
    assert submit(enterprise_user, campaign, quantity=50).pk != n.pk


def test_the_enterprise_withdraws_its_own_need_only_while_the_campaign_collects(
    campaign, firms, enterprise_user, zone_b_leader, city_officer, sysadmin, client_for
):
    mine = submit(enterprise_user, campaign, quantity=600)
    theirs = submit(zone_b_leader, campaign, firms["b"], quantity=600, rank=1)
    c = client_for(enterprise_user)
    assert c.post(reverse("emergency:need_action", args=[theirs.pk, "withdraw"]), {}).status_code == 404
    assert c.post_json(f"{API}/needs/{theirs.pk}/withdraw", {}).status_code == 404
    # a zone's leader does not reach another zone's need; an administrator reads it but may not change it
    b = client_for(zone_b_leader)
    assert (
        b.post(reverse("emergency:need_action", args=[mine.pk, "trim"]), {"quantity": "1"}).status_code == 404
    )
    assert client_for(sysadmin).post_json(f"{API}/needs/{mine.pk}/withdraw", {}).status_code == 403
    r = c.post_json(f"{API}/needs/{mine.pk}/trim", {"quantity": 500, "version": mine.version})
    assert r.status_code == 200 and (r.json()["quantity"], r.json()["version"]) == (500, mine.version + 1)
    assert not enterprise_user.notifications.filter(title__contains="调减").exists()  # its own doing
    Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.CLOSED)
    r = c.post_json(f"{API}/needs/{mine.pk}/withdraw", {})
    assert r.status_code == 400 and r.json()["title"] == "该行动已结束，不能再撤回需求"
    assert 'data-testid="need-edit-' not in c.get(reverse("emergency:mine")).content.decode()
    # nor may staff: an ended campaign's needs are its record (withdrawing the unserved ones afterwards would
    # make the campaign read as if every need had been met), and its page offers no change
    officer = client_for(city_officer)
    r = officer.post_json(f"{API}/needs/{mine.pk}/withdraw", {"version": mine.version + 1})
    assert r.status_code == 400 and r.json()["title"] == "该行动已结束，不能再撤回需求"
    r = officer.post_json(f"{API}/needs/{mine.pk}/trim", {"quantity": 100, "version": mine.version + 1})
    assert r.status_code == 400 and r.json()["title"] == "该行动已结束，不能再调减需求"
    page = officer.get(reverse("emergency:campaign", args=[campaign.pk])).content.decode()
    assert 'data-testid="need-change-' not in page
    assert Need.objects.get(pk=mine.pk).status == Need.objects.get(pk=theirs.pk).status == NeedStatus.ACTIVE


def test_only_who_may_change_needs_are_offered_the_buttons(
    campaign, firms, enterprise_user, sysadmin, client_for
):
    n = submit(enterprise_user, campaign, quantity=600)
    page = client_for(sysadmin).get(reverse("emergency:campaign", args=[campaign.pk])).content.decode()
    assert f'data-testid="need-change-{n.pk}"' not in page
    with pytest.raises(PermissionDeniedError):
        services.need_withdraw(actor=sysadmin, need=n)


def test_the_enterprise_withdraws_its_need_on_its_phone(campaign, firms, enterprise_user, client_for):
    n = submit(enterprise_user, campaign, quantity=600)
    c = client_for(enterprise_user)
    page = c.get(reverse("emergency:mine")).content.decode()
    withdraw = reverse("emergency:need_action", args=[n.pk, "withdraw"])
    assert f'action="{withdraw}"' in page
    r = c.post(withdraw, {"version": n.version})
    assert r.status_code == 302 and r["Location"] == reverse("emergency:mine")
    page = c.get(reverse("emergency:mine")).content.decode()
    assert "需求已撤回" in page and "已撤回" in page.split('data-testid="my-needs"')[1]
    assert Need.objects.get().status == NeedStatus.WITHDRAWN
