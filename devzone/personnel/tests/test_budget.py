"""员额 and 特岗特薪: the reserved share of the quota against the hires, special pay drafted and decided with notes,
bad input refused with nothing saved; and isolation."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse

from devzone.core.choices import Role
from devzone.core.errors import DomainError, NotFoundError, PermissionDeniedError
from devzone.personnel.models import SpecialPay
from devzone.personnel.selectors import quota_report
from devzone.personnel.services import budget as svc
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def zone(zone_a):
    f.DepartmentFactory(zone=zone_a, headcount_quota=30, name="甲部")
    f.DepartmentFactory(zone=zone_a, headcount_quota=17, name="乙部")
    return zone_a


def person(zone, **kw):
    return f.StaffFactory(zone=zone, department=zone.departments.get(name="甲部"), **kw)


def draft(actor, zone, staff, **changes):
    """A special-pay draft for 首席招商官 over 2026–2028, with ``changes`` over those fields."""
    fields = {
        "post": "首席招商官",
        "term_from": dt.date(2026, 1, 1),
        "term_until": dt.date(2028, 12, 31),
        "annual_pay": "600000",
        "targets": "引进项目",
    }
    return svc.special_pay_draft(actor=actor, zone=zone, staff=staff, **{**fields, **changes})


def test_the_reserved_share_counts_hires_by_channel(zone, zone_a_leader):
    (row,) = quota_report([zone], 2026)
    assert (row.quota, row.percent, row.reserved, row.filled) == (47, D(15), 7, 0)  # 47 × 15 % = 7.05 → 7
    staff = person(zone)
    with pytest.raises(DomainError, match="猎聘机构"):
        svc.hire_record(
            actor=zone_a_leader, zone=zone, staff=staff, channel="headhunting", hired_on=dt.date(2026, 3, 1)
        )
    with pytest.raises(DomainError, match="拟聘用报名"):
        svc.hire_record(
            actor=zone_a_leader, zone=zone, staff=staff, channel="open", hired_on=dt.date(2026, 3, 1)
        )
    svc.hire_record(
        actor=zone_a_leader,
        zone=zone,
        staff=staff,
        channel="headhunting",
        hired_on=dt.date(2026, 3, 1),
        agency="某猎头公司",
    )
    svc.reserve_set(actor=zone_a_leader, zone=zone, year=2026, percent=D(20))
    (row,) = quota_report([zone], 2026)
    assert (row.reserved, row.headhunting, row.vacant) == (9, 1, 8)  # 47 × 20 % = 9.4 → 9


def test_special_pay_is_drafted_and_decided_with_notes(zone, zone_a_leader):
    officer = f.user_with_role(Role.PERSONNEL_OFFICER, zone=zone, user__username="hr")
    staff = person(zone)
    with pytest.raises(DomainError, match="晚于"):
        draft(officer, zone, staff, term_until=dt.date(2025, 1, 1))
    with pytest.raises(DomainError, match="年薪"):
        draft(officer, zone, staff, annual_pay="abc")
    assert not SpecialPay.objects.exists()
    pay = draft(
        officer,
        zone,
        staff,
        annual_pay="600000.00",
        targets="三年引进亿元项目10个",
        review_dates=[dt.date(2026, 12, 31)],
    )
    assert pay.annual_pay_fen == 60_000_000 and pay.annual_pay_wan == 60
    with pytest.raises(DomainError):
        svc.special_pay_decide(actor=officer, pay=pay, move="approve", note="同意")  # only a leader approves
    with pytest.raises(DomainError, match="审批意见"):
        svc.special_pay_decide(actor=zone_a_leader, pay=pay, move="approve", note="")
    with pytest.raises(DomainError, match="文号"):
        svc.special_pay_decide(actor=zone_a_leader, pay=pay, move="approve", note="同意")
    pay = svc.special_pay_decide(
        actor=zone_a_leader,
        pay=pay,
        move="approve",
        note="党工委会议同意（一事一议）",
        decision_ref="济北开党工委〔2026〕12号",
    )
    assert pay.decision_ref == "济北开党工委〔2026〕12号"
    assert (pay.status, pay.approved_by) == ("approved", zone_a_leader)


@pytest.mark.isolation
def test_pages_answer_only_in_the_zone(zone, zone_a_leader, zone_b, client_for):
    staff = person(zone, employee_no="JB900")
    pay = draft(zone_a_leader, zone, staff, term_until=dt.date(2027, 1, 1), annual_pay="1", targets="x")
    b_leader = f.user_with_role(Role.ZONE_LEADER, zone=zone_b, user__username="b_lead")
    mine, theirs = client_for(zone_a_leader), client_for(b_leader)
    assert "首席招商官" in mine.get(reverse("personnel:budget")).content.decode()
    assert "首席招商官" not in theirs.get(reverse("personnel:budget")).content.decode()
    decide = reverse("personnel:special_pay_decide", args=[pay.pk])
    assert theirs.post(decide, {"move": "approve", "note": "同意"}).status_code == 404
    assert SpecialPay.objects.get(pk=pay.pk).status == "draft"
    # a zone-B leader recording a hire with zone A's employee number finds no such person in their zone
    form = {
        "hire-employee_no": "JB900",
        "hire-channel": "headhunting",
        "hire-agency": "x",
        "hire-hired_on": "2026-01-01",
    }
    assert theirs.post(reverse("personnel:budget_action", args=["hire"]), form).status_code == 302
    assert mine.post(reverse("personnel:budget_action", args=["hire"]), form).status_code == 302
    from devzone.personnel.models import Hire

    assert list(Hire.objects.values_list("zone", flat=True)) == [zone.pk]
    assert (
        mine.post(decide, {"move": "approve", "note": "同意", "decision_ref": "A〔2026〕1号"}).status_code
        == 302
    )
    assert SpecialPay.objects.get(pk=pay.pk).decision_ref == "A〔2026〕1号"
    with pytest.raises(NotFoundError):
        svc.special_pay_decide(actor=b_leader, pay=pay, move="end", note="x")


def test_a_decision_made_on_an_old_page_is_refused_as_stale(zone, zone_a_leader, client_for):
    """The page sends the version of the 特岗特薪 row the leader saw: when someone changed the row since (here it
    was approved), ending it from the old page is refused and changes nothing."""
    staff = person(zone, employee_no="JB901")
    pay = draft(zone_a_leader, zone, staff, term_until=dt.date(2027, 1, 1), annual_pay="1", targets="x")
    client = client_for(zone_a_leader)
    page = client.get(reverse("personnel:budget")).content.decode()
    assert f'name="version" value="{pay.version}"' in page
    seen = pay.version
    svc.special_pay_decide(
        actor=zone_a_leader, pay=pay, move="approve", note="同意", decision_ref="A〔2026〕2号"
    )
    decide = reverse("personnel:special_pay_decide", args=[pay.pk])
    answer = client.post(decide, {"move": "end", "note": "调离", "version": seen}, follow=True)
    assert "该记录刚被他人处理过，请刷新后查看最新状态" in answer.content.decode()
    assert SpecialPay.objects.get(pk=pay.pk).status == "approved"
    assert client.post(decide, {"move": "end", "note": "调离", "version": "x"}).status_code == 302
    assert SpecialPay.objects.get(pk=pay.pk).status == "approved"


def test_nobody_drafts_or_approves_their_own_special_pay(zone):
    """回避: a zone leader approved a 年薪 agreement for their own staff record, and an officer drafted their own;
    as with every other decision about one's own person, another does it."""
    me = person(zone, name="主任本人")
    leader = f.staff_user(Role.ZONE_LEADER, me, "leader_self_pay")
    officer_staff = person(zone, name="人事干部")
    officer = f.staff_user(Role.PERSONNEL_OFFICER, officer_staff, "hr_self_pay")
    with pytest.raises(PermissionDeniedError, match="回避"):
        draft(officer, zone, officer_staff)
    with pytest.raises(PermissionDeniedError, match="回避"):
        draft(leader, zone, me)
    pay = draft(officer, zone, me)
    with pytest.raises(PermissionDeniedError, match="回避"):
        svc.special_pay_decide(
            actor=leader, pay=pay, move="approve", note="同意", decision_ref="会议纪要〔2026〕1号"
        )
    assert SpecialPay.objects.get(pk=pay.pk).approved_by is None
    other = f.user_with_role(Role.ZONE_LEADER, zone=zone, user__username="deputy")
    pay = svc.special_pay_decide(
        actor=other, pay=pay, move="approve", note="同意", decision_ref="会议纪要〔2026〕1号"
    )
    assert pay.approved_by == other


def test_the_budget_page_offers_no_decision_on_ones_own_agreement(zone, client_for):
    me = person(zone, name="主任本人")
    leader = f.staff_user(Role.ZONE_LEADER, me, "leader_own_page")
    officer = f.user_with_role(Role.PERSONNEL_OFFICER, zone=zone, user__username="hr_page")
    own = draft(officer, zone, me)
    theirs = draft(officer, zone, person(zone, name="招商骨干"))
    page = client_for(leader).get(reverse("personnel:budget")).content.decode()
    assert reverse("personnel:special_pay_decide", args=[theirs.pk]) in page
    assert reverse("personnel:special_pay_decide", args=[own.pk]) not in page
    assert "须回避" in page
