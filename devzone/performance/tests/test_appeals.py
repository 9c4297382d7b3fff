"""Appeals (申诉) of a grade: 回避 — a zone leader never decides the appeal of their own grade (page and service);
one appeal per grade (a decided appeal is not filed again by a plain POST); a reason over 2000 characters is
told so, not "请写明申诉理由"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.core.choices import Role
from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.performance import services as svc
from devzone.performance.choices import AppealStatus
from devzone.performance.models import Appeal, StaffGrade
from devzone.testing import factories as f
from devzone.testing.performance import grade_all, member_user, run_round

pytestmark = pytest.mark.django_db


def _leader_with_a_grade(org):
    """A second zone leader whose staff record is counted in 党政办公室 (graded there by its head)."""
    me = org.staff[org.depts[3].pk][5]
    leader = f.user_with_role(Role.ZONE_LEADER, zone=org.zone, staff=me, user__username="leader_self")
    return leader, me


def test_it_refuses_a_zone_leader_deciding_the_appeal_of_their_own_grade(org):
    leader, me = _leader_with_a_grade(org)
    r, _ = run_round(org)
    grade_all(org, r)
    g = StaffGrade.objects.get(round=r, staff=me)
    before = g.grade
    a = svc.appeal_submit(actor=leader, grade=g, reason="本人申诉")
    with pytest.raises(PermissionDeniedError, match="回避"):
        svc.appeal_decide(actor=leader, appeal=a, new_grade="excellent", decision="自己处理自己的申诉")
    a.refresh_from_db()
    g.refresh_from_db()
    assert (a.status, g.grade) == (AppealStatus.PENDING, before)
    # another leader decides it
    svc.appeal_decide(actor=org.leader, appeal=a, new_grade="", decision="维持")
    a.refresh_from_db()
    assert a.status == AppealStatus.UPHELD


def test_the_appeals_page_offers_a_leader_no_decision_on_their_own_appeal(org, client_for):
    leader, me = _leader_with_a_grade(org)
    r, _ = run_round(org)
    grade_all(org, r)
    a = svc.appeal_submit(actor=leader, grade=StaffGrade.objects.get(round=r, staff=me), reason="本人申诉")
    url = reverse("performance:appeal_list")
    own = client_for(leader).get(url).content.decode()
    assert f'name="appeal" value="{a.pk}"' not in own
    assert "由其他领导处理" in own
    other = client_for(org.leader).get(url).content.decode()
    assert f'name="appeal" value="{a.pk}"' in other
    # a POST of the decision anyway is refused and changes nothing
    c = client_for(leader)
    resp = c.post(url, {"appeal": a.pk, "new_grade": "excellent", "decision": "自己处理"}, follow=True)
    assert "回避" in resp.content.decode()
    a.refresh_from_db()
    assert a.status == AppealStatus.PENDING


def test_it_refuses_a_second_appeal_of_a_grade_once_the_first_is_decided(org, client_for):
    r, _ = run_round(org)
    grade_all(org, r)
    user, member = member_user(org, "member_x")
    g = StaffGrade.objects.get(round=r, staff=member)
    a = svc.appeal_submit(actor=user, grade=g, reason="第一次")
    svc.appeal_decide(actor=org.leader, appeal=a, new_grade="", decision="维持")
    with pytest.raises(DomainError, match="已提出过申诉"):
        svc.appeal_submit(actor=user, grade=g, reason="第二次")
    # the page's form posted again
    resp = client_for(user).post(
        reverse("performance:appeal_new", args=[g.pk]), {"reason": "第三次"}, follow=True
    )
    assert "已提出过申诉" in resp.content.decode()
    assert Appeal.objects.filter(grade=g).count() == 1


def test_a_reason_over_2000_characters_is_told_too_long(org, client_for):
    r, _ = run_round(org)
    grade_all(org, r)
    user, member = member_user(org, "member_y")
    g = StaffGrade.objects.get(round=r, staff=member)
    c = client_for(user)
    page = c.get(reverse("performance:my")).content.decode()
    assert 'maxlength="2000"' in page
    resp = c.post(reverse("performance:appeal_new", args=[g.pk]), {"reason": "理" * 2001}, follow=True)
    text = resp.content.decode()
    assert "请写明申诉理由" not in text
    assert "2000" in text
    assert not Appeal.objects.filter(grade=g).exists()
    # the service refuses it too (the API's path), rather than cutting the reason short
    with pytest.raises(DomainError, match="2000"):
        svc.appeal_submit(actor=user, grade=g, reason="理" * 2001)
    # a blank reason is still told to write one
    resp = c.post(reverse("performance:appeal_new", args=[g.pk]), {"reason": "  "}, follow=True)
    assert "请写明申诉理由" in resp.content.decode()


def _listed(resp) -> set[int]:
    return {x["id"] for x in resp.json()}


def test_todo_keeps_the_appeals_the_user_decides_on_the_page_and_in_the_api(org, client_for, settings):
    """``?todo=1`` (the desk's link) lists the pending appeals the user decides, on the page and in the API
    (one FilterSet); the pager keeps it."""
    leader, me = _leader_with_a_grade(org)
    r, _ = run_round(org)
    grade_all(org, r)
    own = svc.appeal_submit(actor=leader, grade=StaffGrade.objects.get(round=r, staff=me), reason="本人申诉")
    user, member = member_user(org, "member_todo")
    theirs = svc.appeal_submit(actor=user, grade=StaffGrade.objects.get(round=r, staff=member), reason="申诉")
    c = client_for(leader)
    # the leader's own appeal is another leader's to decide (回避): not on their todo list
    assert _listed(c.get("/api/v1/performance/appeals")) == {own.pk, theirs.pk}
    for value in ("1", "true"):
        assert _listed(c.get("/api/v1/performance/appeals", {"todo": value})) == {theirs.pk}
    assert _listed(c.get("/api/v1/performance/appeals", {"todo": "false"})) == {own.pk, theirs.pk}
    assert _listed(client_for(org.leader).get("/api/v1/performance/appeals?todo=1")) == {own.pk, theirs.pk}
    url = reverse("performance:appeal_list")
    assert f"<td>{me.name}</td>" in c.get(url).content.decode()
    page = c.get(url, {"todo": "1"}).content.decode()
    assert "待我处理" in page
    assert f'name="appeal" value="{theirs.pk}"' in page
    assert f"<td>{me.name}</td>" not in page
    # one appeal a page: the pager's link to the next page keeps the filter
    settings.DEVZONE_PAGE_SIZE = 1
    first = client_for(org.leader).get(url, {"todo": "1"}).content.decode()
    assert "todo=1&amp;page=2" in first
    second = client_for(org.leader).get(url, {"todo": "1", "page": "2"}).content.decode()
    assert "待我处理" in second
