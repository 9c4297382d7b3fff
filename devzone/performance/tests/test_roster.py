"""Who a round assesses: the staff counted when it opened (the headcount behind each department's quota). A
person who leaves or moves on after the opening is still graded and paid for the quarter by the department that
counted them; a person who joins later is not assessed in that round."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.core.errors import DomainError
from devzone.performance import selectors
from devzone.performance import services as svc
from devzone.performance.choices import RoundStatus
from devzone.testing import factories as f
from devzone.testing.performance import grade_all, run_round

pytestmark = pytest.mark.django_db


def test_a_leaver_is_graded_by_the_department_that_counted_them_and_the_quarter_settles(org, client_for):
    r, _ = run_round(org, quarter=2)
    d, other = org.depts[4], org.depts[3]
    leaver = org.staff[d.pk][-1]
    leaver.is_active = False
    leaver.save()
    mover = org.staff[d.pk][-2]  # moved to another department after the opening
    mover.department = other
    mover.save()
    joiner = f.StaffFactory(zone=org.zone, department=d, name="新入职者")
    grade_all(org, r)  # the leaver and the mover included, graded by the head of d
    assert r.grades.get(staff=leaver).department_id == d.pk
    assert r.grades.get(staff=mover).department_id == d.pk
    with pytest.raises(DomainError, match="不是本轮本部门参与考核的人员"):
        svc.grades_set(actor=org.heads[d.pk], round=r, department_id=d.pk, grades={joiner.pk: "pass"})
    with pytest.raises(DomainError, match="不是本轮本部门参与考核的人员"):
        svc.grades_set(actor=org.heads[other.pk], round=r, department_id=other.pk, grades={mover.pk: "pass"})
    sheet = selectors.pay_sheet(r)
    assert sheet.ready, sheet.problems
    assert {row.staff.pk for row in sheet.rows} >= {leaver.pk, mover.pk}
    page = client_for(org.heads[d.pk]).get(reverse("performance:grades", args=[r.pk, d.pk])).content.decode()
    assert leaver.name in page and mover.name in page and joiner.name not in page
    assert "已离岗" in page and "已调出" in page
    svc.round_close_pay(actor=org.tally, round=r)
    r.refresh_from_db()
    assert r.pay_closed_at is not None
    # and the next quarter publishes (it would settle the earlier one)
    r3, _ = run_round(org, quarter=3)
    assert r3.status == RoundStatus.PUBLISHED
