"""An appeal no leader of the zone may decide goes to the city (回避): when the appellant is the zone's only
active leader, the city officer (市级管理人员) of the zone's city decides it — on their desk, with the same
rules (round lock, audit, the appellant told) — never the officer of another city, nobody in the zone; the
appellant is told who decides it. A zone with another leader keeps its appeals."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from devzone.core.choices import Role
from devzone.core.errors import PermissionDeniedError
from devzone.core.models import AuditEvent, Notification
from devzone.performance import services as svc
from devzone.performance.choices import AppealStatus
from devzone.performance.models import StaffGrade
from devzone.testing import factories as f
from devzone.testing.performance import grade_all, run_round

pytestmark = pytest.mark.django_db

API = "/api/v1/performance"
JSON = "application/json"


@pytest.fixture
def alone(org):
    """The zone's only active leader, whose own grade (a member of 党政办公室) is in a published round: the
    fixture's leader graded the heads and then left (inactive)."""
    me = org.staff[org.depts[3].pk][5]
    r, _ = run_round(org)
    grade_all(org, r)
    leader = f.user_with_role(Role.ZONE_LEADER, zone=org.zone, staff=me, user__username="only_leader")
    org.leader.is_active = False
    org.leader.save(update_fields=["is_active"])
    return leader, StaffGrade.objects.get(round=r, staff=me)


@pytest.fixture
def officer(org):
    return f.user_with_role(Role.CITY_OFFICER, city=org.zone.city, user__username="city_officer")


@pytest.fixture
def other_officer(db):
    elsewhere = f.CityFactory(name="青岛市", code="370200")
    return f.user_with_role(Role.CITY_OFFICER, city=elsewhere, user__username="other_city_officer")


def _desk(client) -> str:
    return client.get(reverse("dashboard:home")).content.decode()


def test_it_sends_an_appeal_no_leader_of_the_zone_may_decide_to_the_city_officer(
    org, alone, officer, other_officer, client_for
):
    leader, g = alone
    before = g.grade
    a = svc.appeal_submit(actor=leader, grade=g, reason="本人是本区唯一的领导")
    assert svc.appeal_to_city(a)
    assert svc.appeal_deciders(a) == [officer.pk]  # never the other city's officer
    # the decider is told, and it is on their desk (not on the other city's officer's, nor the leader's)
    assert Notification.objects.filter(user=officer, kind="performance.appeal").count() == 1
    assert 'data-desk="performance.appeals"' in _desk(client_for(officer))
    assert 'data-desk="performance.appeals"' not in _desk(client_for(other_officer))
    assert 'data-desk="performance.appeals"' not in _desk(client_for(leader))
    todo = client_for(officer).get(reverse("performance:appeal_list") + "?todo=1").content.decode()
    assert f'name="appeal" value="{a.pk}"' in todo

    # nobody in the zone decides it: the appellant (回避), a department head, the tally staff
    for who in (leader, org.heads[org.depts[3].pk], org.tally):
        with pytest.raises(PermissionDeniedError):
            svc.appeal_decide(actor=who, appeal=a, new_grade="excellent", decision="区内处理")
    resp = client_for(leader).post(
        reverse("performance:appeal_list"), {"appeal": a.pk, "decision": "区内处理"}, follow=True
    )
    assert "市级管理人员" in resp.content.decode()
    # the officer of another city does not even find it (404), page and API
    assert (
        client_for(other_officer)
        .post(reverse("performance:appeal_list"), {"appeal": a.pk, "decision": "外市处理"})
        .status_code
        == 404
    )
    assert (
        client_for(other_officer)
        .post(f"{API}/appeals/{a.pk}/decide", json.dumps({"decision": "外市处理"}), content_type=JSON)
        .status_code
        == 404
    )
    a.refresh_from_db()
    g.refresh_from_db()
    assert (a.status, g.grade) == (AppealStatus.PENDING, before)

    # the city's officer decides it, by the page, under the same rules: recorded, and the appellant told
    resp = client_for(officer).post(
        reverse("performance:appeal_list"), {"appeal": a.pk, "new_grade": "", "decision": "经市里复核，维持"}
    )
    assert resp.status_code == 302
    a.refresh_from_db()
    assert (a.status, a.decided_by_id, a.decision) == (AppealStatus.UPHELD, officer.pk, "经市里复核，维持")
    assert AuditEvent.objects.filter(object_id=str(a.pk), actor=officer).exists()
    told = Notification.objects.get(user=leader, kind="performance.appeal")
    assert "已处理" in told.title
    assert 'data-desk="performance.appeals"' not in _desk(client_for(officer))


def test_the_appellant_is_told_the_city_decides_their_appeal(org, alone, officer, client_for):
    leader, g = alone
    c = client_for(leader)
    resp = c.post(reverse("performance:appeal_new", args=[g.pk]), {"reason": "请复核"}, follow=True)
    assert "由市级管理人员处理" in resp.content.decode()
    assert "由市级管理人员处理" in c.get(reverse("performance:my")).content.decode()
    listed = c.get(f"{API}/appeals").json()
    assert [x["decider"] for x in listed] == ["city_officer"]


def test_the_city_officer_does_not_decide_an_appeal_a_leader_of_the_zone_may(org, officer, client_for):
    """With another active leader in the zone (the fixture's), the appeal stays in the zone."""
    r, _ = run_round(org)
    grade_all(org, r)
    me = org.staff[org.depts[3].pk][5]
    leader = f.user_with_role(Role.ZONE_LEADER, zone=org.zone, staff=me, user__username="second_leader")
    a = svc.appeal_submit(actor=leader, grade=StaffGrade.objects.get(round=r, staff=me), reason="申诉")
    assert not svc.appeal_to_city(a)
    assert svc.appeal_deciders(a) == [org.leader.pk]
    with pytest.raises(PermissionDeniedError):
        svc.appeal_decide(actor=officer, appeal=a, decision="市里处理")
    assert 'data-desk="performance.appeals"' in _desk(client_for(org.leader))
    svc.appeal_decide(actor=org.leader, appeal=a, new_grade="", decision="维持")
    a.refresh_from_db()
    assert a.status == AppealStatus.UPHELD
