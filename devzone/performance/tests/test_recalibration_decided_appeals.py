"""A round reopened after an appeal was decided: a calibration whose quota the decided grades alone would
break is refused, naming the appellants — a decided appeal is final, so nobody could regrade the department
within that quota and the quarter could never be paid (结算 refused for good)."""

from __future__ import annotations

import pytest

from devzone.core.choices import Role
from devzone.core.errors import DomainError
from devzone.performance import selectors
from devzone.performance import services as svc
from devzone.performance.choices import RoundStatus
from devzone.performance.models import DepartmentResult, StaffGrade
from devzone.performance.services.grades import head_staff_ids
from devzone.testing import factories as f
from devzone.testing.performance import grade_all, run_round

pytestmark = pytest.mark.django_db


def test_a_calibration_that_would_break_a_decided_appeals_grade_is_refused_naming_it(org, sysadmin):
    r, _ = run_round(org, RoundStatus.PUBLISHED)
    grade_all(org, r)
    d = org.depts[0]
    # the department's 优秀 (its head, graded by the leader) appeals, and the leader upholds it
    g = StaffGrade.objects.select_related("staff").get(round=r, department=d, grade="excellent")
    user = org.heads[d.pk] if g.staff_id in head_staff_ids(org.zone.pk, d.pk) else None
    if user is None:
        user = f.user_with_role(Role.REVIEWER, zone=org.zone, staff=g.staff, user__username="excellent_one")
    a = svc.appeal_submit(actor=user, grade=g, reason="申诉")
    svc.appeal_decide(actor=org.leader, appeal=a, new_grade="", decision="维持优秀")  # decided: final
    svc.round_reopen(actor=sysadmin, round=r, reason="更正")
    res = r.results.get(department=d)
    before = (res.coefficient, res.quota)
    low = min(svc.calibration_choices(r.scheme))
    with pytest.raises(DomainError, match=f"{g.staff.name}的等次已经申诉处理") as refused:
        svc.result_calibrate(actor=org.leader, result=res, coefficient=str(low), reason="降档")
    assert "coefficient" in refused.value.errors
    res = DepartmentResult.objects.get(pk=res.pk)
    assert (res.coefficient, res.quota) == before
    # a band that keeps the decided grade's seat is taken, and the quarter can still be paid
    high = max(svc.calibration_choices(r.scheme))
    svc.result_calibrate(actor=org.leader, result=res, coefficient=str(high), reason="升档")
    svc.round_advance(actor=org.tally, round=r)
    r.refresh_from_db()
    assert StaffGrade.objects.get(pk=g.pk).grade == "excellent"
    assert selectors.pay_sheet(r).ready
