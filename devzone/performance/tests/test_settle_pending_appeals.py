"""结算 waits for pending appeals: a settled quarter takes no decision, so settling (by hand, or when the next
quarter is published) with an appeal pending would leave it undecidable for ever."""

from __future__ import annotations

import pytest

from devzone.core.errors import DomainError
from devzone.performance import services as svc
from devzone.performance.models import Round, StaffGrade
from devzone.performance.services.settlement import pending_appeal_problems
from devzone.testing.performance import grade_all, member_user, run_round

pytestmark = pytest.mark.django_db


def _pending(org, r):
    user, member = member_user(org, "appellant")
    return svc.appeal_submit(
        actor=user, grade=StaffGrade.objects.get(round=r, staff=member), reason="申诉"
    ), member


def test_closing_pay_by_hand_is_refused_while_an_appeal_is_pending_naming_it(org):
    r, _ = run_round(org)
    grade_all(org, r)
    a, member = _pending(org, r)
    assert pending_appeal_problems(r) == [
        f"{org.depts[0].name}有1件等次申诉待处理（{member.name}），须由领导处理后再结算"
    ]
    with pytest.raises(DomainError, match=f"申诉待处理（{member.name}）"):
        svc.round_close_pay(actor=org.tally, round=r)
    assert Round.objects.get(pk=r.pk).pay_closed_at is None
    svc.appeal_decide(actor=org.leader, appeal=a, new_grade="", decision="维持")
    assert pending_appeal_problems(r) == []
    assert svc.round_close_pay(actor=org.tally, round=r).pay_closed_at is not None


def test_publishing_the_next_quarter_is_held_up_by_a_pending_appeal_of_the_open_one(org):
    q2, _ = run_round(org, quarter=2)
    grade_all(org, q2)
    a, member = _pending(org, q2)
    with pytest.raises(DomainError, match="申诉待处理"):
        run_round(org, quarter=3)
    assert Round.objects.get(pk=q2.pk).pay_closed_at is None
    svc.appeal_decide(actor=org.leader, appeal=a, new_grade="", decision="维持")
    q3 = Round.objects.get(zone=org.zone, year=2026, quarter=3)
    svc.round_advance(actor=org.tally, round=q3)  # publish now: Q2 is settled with it
    assert Round.objects.get(pk=q2.pk).pay_closed_at is not None


def test_a_pending_appeal_of_a_quarter_settled_before_the_rule_cannot_be_decided(org):
    """A quarter settled (before pending appeals held it up) with an appeal pending: the decision is still
    refused, as every change of a settled quarter is (the correction is a 补发/扣回)."""
    from django.utils import timezone

    from devzone.performance.choices import AppealStatus

    r, _ = run_round(org)
    grade_all(org, r)
    a, _member = _pending(org, r)
    Round.objects.filter(pk=r.pk).update(pay_closed_at=timezone.now())
    with pytest.raises(DomainError, match="已结算"):
        svc.appeal_decide(actor=org.leader, appeal=a, new_grade="good", decision="改")
    a.refresh_from_db()
    assert a.status == AppealStatus.PENDING
