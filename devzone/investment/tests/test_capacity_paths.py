"""Every path that hands an owner an active lead keeps the owner within their capacity (在跟线索容量), the same
rule as an assignment (``services.common.check_owner``): a non-fitting lead made active again by an approved
industry exception, by a change of the leading industries (``refit_zone``, from the rules page or the follow-up
scan after the zone page changed them) or by an edit of its industry. A lead its owner has no room for comes back
into the working list without an owner (the zone's pool): its timeline says why, the zone's leaders are told to
name one, and the funnel counters follow the owner change."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.core.choices import Role
from devzone.core.models import Industry, Notification
from devzone.investment import counters, reminders
from devzone.investment import services as svc
from devzone.investment.models import FunnelCell, Lead, TeamMember
from devzone.testing import factories as f
from devzone.testing.investment import TODAY, new_lead, post_and_read_messages

pytestmark = pytest.mark.django_db

CELL_FIELDS = ("year", "team_id", "owner_key", "source", "section")


def _busy(staff) -> int:
    return Lead.objects.filter(owner=staff, is_active=True).count()


def _cells(zone_id: int) -> dict:
    """The zone's funnel counters, without empty cells (to compare with a recount)."""
    out = {}
    for cell in FunnelCell.objects.filter(zone_id=zone_id):
        values = {
            fld.attname: getattr(cell, fld.attname)
            for fld in FunnelCell._meta.concrete_fields
            if fld.attname not in ("id", "zone_id", *CELL_FIELDS)
        }
        if any(values.values()):
            out[tuple(getattr(cell, k) for k in CELL_FIELDS)] = values
    return out


def _counters_in_step(zone_id: int) -> None:
    """The counters the services kept are those a recount gives (the owner's cell lost the lead)."""
    kept = _cells(zone_id)
    counters.rebuild(zone_id)
    assert kept == _cells(zone_id)


def _owner_with_unfit_leads(officer, team, capacity: int, unfit: int, free: int = 0) -> list[Lead]:
    """``officer`` (capacity ``capacity``) owns ``unfit`` real-estate leads (K 70, outside the leading industries:
    not in the working list, so they take no room) and then as many fitting leads as leave ``free`` places."""
    staff = officer.profile.staff
    TeamMember.objects.filter(team=team, staff=staff).update(capacity=capacity)
    off = [
        new_lead(officer, team, name=f"甲{n}置业有限公司", industry="70", owner=staff) for n in range(unfit)
    ]
    for n in range(capacity - free):
        new_lead(officer, team, name=f"在跟{n}号机械有限公司", industry="34", owner=staff)
    assert not any(x.is_active for x in off) and _busy(staff) == capacity - free
    return off


def test_an_approved_exception_keeps_an_owner_with_room(officer, team_a, zone_a_leader):
    staff = officer.profile.staff
    (off,) = _owner_with_unfit_leads(officer, team_a, capacity=2, unfit=1, free=1)
    svc.lead_approve_exception(actor=zone_a_leader, lead=off, reason="市级重点")
    off.refresh_from_db()
    assert off.is_active and off.owner_id == staff.pk and _busy(staff) == 2


def test_an_approved_exception_does_not_push_the_owner_over_capacity(officer, team_a, zone_a_leader):
    """The owner is full: the exception is approved (it is a decision on the industry, not on the owner) and the
    lead comes back into the working list without an owner; the timeline says why, and the zone's other leaders
    are told to name one."""
    staff = officer.profile.staff
    other_leader = f.user_with_role(Role.ZONE_LEADER, zone=team_a.zone, user__username="leader_a_two")
    (off,) = _owner_with_unfit_leads(officer, team_a, capacity=1, unfit=1)
    svc.lead_approve_exception(actor=zone_a_leader, lead=off, reason="市级重点")
    off.refresh_from_db()
    assert off.is_active and off.exception_on == TODAY
    assert off.owner_id is None and _busy(staff) == 1
    assert off.logs.filter(kind="owner", text__contains=staff.name).exists()
    told = Notification.objects.filter(kind="investment.unassigned")
    assert [n.user_id for n in told] == [other_leader.pk] and off.company_name in told.get().title
    _counters_in_step(team_a.zone_id)


def test_the_leader_approving_reads_on_the_page_that_the_lead_has_no_owner(
    client_for, officer, team_a, zone_a_leader
):
    staff = officer.profile.staff
    (off,) = _owner_with_unfit_leads(officer, team_a, capacity=1, unfit=1)
    url = reverse("investment:lead_action", args=[off.pk, "approve_exception"])
    told = post_and_read_messages(client_for(zone_a_leader), url, {"reason": "市级重点"}, off)
    assert off.is_active and off.owner_id is None
    assert any("已批准产业例外" in m and staff.name in m and "现无负责人" in m for m in told), told


def test_new_leading_industries_do_not_push_an_owner_over_capacity(officer, team_a, zone_a, zone_a_leader):
    """Two of the owner's real-estate leads come back when 70 becomes a leading industry, and the owner has room
    for one: the one assigned first stays theirs, the other comes back without an owner."""
    staff = officer.profile.staff
    other_leader = f.user_with_role(Role.ZONE_LEADER, zone=zone_a, user__username="leader_a_two")
    first, second = _owner_with_unfit_leads(officer, team_a, capacity=2, unfit=2, free=1)
    industries = list(Industry.objects.filter(pk__in=["14", "34", "70"]))
    svc.zone_set_leading_industries(actor=zone_a_leader, zone=zone_a, industries=industries)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.is_active and second.is_active
    assert first.owner_id == staff.pk and second.owner_id is None
    assert _busy(staff) == 2
    assert second.version > first.version  # an open form of the lead no longer writes the old owner back
    assert second.logs.filter(kind="owner", text__contains=staff.name).exists()
    assert not first.logs.filter(kind="owner").exists()
    told = Notification.objects.filter(kind="investment.unassigned")
    assert [n.user_id for n in told] == [other_leader.pk]
    _counters_in_step(zone_a.pk)


def test_the_scan_refitting_after_the_zone_page_keeps_the_capacity(officer, team_a, zone_a, zone_a_leader):
    """The zone page (core) changes the leading industries without telling this module; the hourly scan refits
    the leads as the system, under the same rule."""
    staff = officer.profile.staff
    off = _owner_with_unfit_leads(officer, team_a, capacity=1, unfit=2)
    zone_a.leading_industries.set(["14", "34", "70"])
    reminders.scan(TODAY)
    assert _busy(staff) == 1
    assert all(x.is_active and x.owner_id is None for x in Lead.objects.filter(pk__in=[x.pk for x in off]))
    assert Notification.objects.filter(kind="investment.unassigned", user=zone_a_leader).exists()


def test_a_refit_gives_no_lead_back_to_an_owner_who_left_the_team(officer, team_a, zone_a, zone_a_leader):
    """The same rule's other half: an owner who left the team gets no lead back from a refit either."""
    staff = officer.profile.staff
    (off,) = _owner_with_unfit_leads(officer, team_a, capacity=3, unfit=1)
    TeamMember.objects.filter(team=team_a, staff=staff).update(is_active=False)
    industries = list(Industry.objects.filter(pk__in=["14", "34", "70"]))
    svc.zone_set_leading_industries(actor=zone_a_leader, zone=zone_a, industries=industries)
    off.refresh_from_db()
    assert off.is_active and off.owner_id is None


def test_editing_the_industry_into_a_leading_one_does_not_push_the_owner_over_capacity(
    officer, team_a, zone_a_leader
):
    staff = officer.profile.staff
    (off,) = _owner_with_unfit_leads(officer, team_a, capacity=1, unfit=1)
    svc.lead_update(actor=zone_a_leader, lead=off, industry=Industry.objects.get(pk="34"))
    off.refresh_from_db()
    assert off.fits and off.is_active and off.owner_id is None and _busy(staff) == 1
    assert off.logs.filter(kind="owner", text__contains=staff.name).exists()
