"""回避: a department head is one of the department's own staff, so they never grade their own record (they would
take the department's scarce 优秀 seat themselves); the zone leader (管委会主任) grades each department's heads, and
only them. The quota holds over the whole department, the heads' grades and the members' together."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from devzone.core.errors import DomainError, NotFoundError
from devzone.performance import selectors
from devzone.performance import services as svc
from devzone.performance.desk import grades_pending
from devzone.performance.models import StaffGrade
from devzone.testing.performance import grade_all, run_round

pytestmark = pytest.mark.django_db


def _dept(org, r):
    d = org.depts[0]
    res = r.results.get(department=d)
    head_staff, *members = org.staff[d.pk]
    return d, res, head_staff, members


def test_it_refuses_a_head_grading_their_own_record(org):
    r, _ = run_round(org)
    d, _res, head_staff, _members = _dept(org, r)
    with pytest.raises(DomainError, match="回避") as e:
        svc.grades_set(
            actor=org.heads[d.pk], round=r, department_id=d.pk, grades={head_staff.pk: "excellent"}
        )
    assert f"grades.{head_staff.pk}" in e.value.errors
    assert not StaffGrade.objects.filter(round=r).exists()


def test_the_zone_leader_grades_the_head(org):
    r, _ = run_round(org)
    d, _res, head_staff, _members = _dept(org, r)
    assert svc.grades_set(actor=org.leader, round=r, department_id=d.pk, grades={head_staff.pk: "good"}) == 1
    g = StaffGrade.objects.get(round=r, staff=head_staff)
    assert (g.grade, g.graded_by, g.department_id) == ("good", org.leader, d.pk)


def test_the_zone_leader_is_refused_on_an_ordinary_member(org):
    r, _ = run_round(org)
    d, _res, head_staff, members = _dept(org, r)
    with pytest.raises(DomainError, match="管委会主任只评定部门负责人"):
        svc.grades_set(
            actor=org.leader,
            round=r,
            department_id=d.pk,
            grades={head_staff.pk: "good", members[0].pk: "good"},
        )
    assert not StaffGrade.objects.filter(round=r).exists()


def test_another_zones_leader_may_not_grade_the_head(org, org_b):
    r, _ = run_round(org)
    d, _res, head_staff, _members = _dept(org, r)
    with pytest.raises(NotFoundError):  # out of reach
        svc.grades_set(actor=org_b.leader, round=r, department_id=d.pk, grades={head_staff.pk: "good"})
    assert not StaffGrade.objects.filter(round=r).exists()


def test_the_quota_holds_over_the_heads_and_the_members_grades_together(org):
    r, _ = run_round(org)
    d, res, head_staff, members = _dept(org, r)
    seats = res.quota["excellent"]
    assert seats >= 1
    # the head fills every 优秀 seat with members: the leader cannot make the head 优秀 too
    svc.grades_set(
        actor=org.heads[d.pk],
        round=r,
        department_id=d.pk,
        grades={s.pk: "excellent" for s in members[:seats]},
    )
    with pytest.raises(DomainError, match="超出等次名额"):
        svc.grades_set(actor=org.leader, round=r, department_id=d.pk, grades={head_staff.pk: "excellent"})
    assert not StaffGrade.objects.filter(round=r, staff=head_staff).exists()
    # the other way round: the leader gives the head a seat, the head cannot then give a member the last one
    svc.grades_set(actor=org.heads[d.pk], round=r, department_id=d.pk, grades={members[0].pk: "good"})
    svc.grades_set(actor=org.leader, round=r, department_id=d.pk, grades={head_staff.pk: "excellent"})
    with pytest.raises(DomainError, match="超出等次名额"):
        svc.grades_set(
            actor=org.heads[d.pk], round=r, department_id=d.pk, grades={members[0].pk: "excellent"}
        )
    assert StaffGrade.objects.get(round=r, staff=members[0]).grade == "good"


def test_grading_completes_with_the_leader_grading_the_heads(org):
    r, _ = run_round(org)
    grade_all(org, r)
    for d in org.depts:
        head_staff = org.staff[d.pk][0]
        assert StaffGrade.objects.get(round=r, staff=head_staff).graded_by == org.leader
    assert selectors.pay_sheet(r).ready


def test_the_heads_to_do_leaves_out_their_own_record(org):
    r, _ = run_round(org)
    d, _res, _head_staff, members = _dept(org, r)
    request = RequestFactory().get("/")
    request.user = org.heads[d.pk]
    assert grades_pending(request).count == len(members)
    svc.grades_set(actor=org.heads[d.pk], round=r, department_id=d.pk, grades={s.pk: "pass" for s in members})
    request.user = org.heads[d.pk]
    assert grades_pending(request).count == 0


def test_the_grades_page_gives_the_head_no_control_for_their_own_row_and_the_leader_one_for_the_heads(
    org, client_for
):
    r, _ = run_round(org)
    d, _res, head_staff, members = _dept(org, r)
    url = reverse("performance:grades", args=[r.pk, d.pk])
    page = client_for(org.heads[d.pk]).get(url).content.decode()
    assert f'name="grade_{head_staff.pk}"' not in page
    assert f'name="grade_{members[0].pk}"' in page
    assert "由管委会主任评定" in page
    leader = client_for(org.leader)
    assert 'data-testid="heads-pending"' in leader.get(r.get_absolute_url()).content.decode()
    page = leader.get(url).content.decode()
    assert f'name="grade_{head_staff.pk}"' in page
    assert f'name="grade_{members[0].pk}"' not in page
    resp = leader.post(url, {f"grade_{head_staff.pk}": "good"})
    assert resp.status_code == 302
    assert StaffGrade.objects.get(round=r, staff=head_staff).grade == "good"
    round_page = leader.get(r.get_absolute_url()).content.decode()
    assert round_page.count('data-testid="heads-pending"') == len(org.depts) - 1


def test_a_department_over_a_lowered_quota_is_regraded_step_by_step_by_the_head_and_the_leader(org):
    """A quota lowered after grading (重新开启, a calibration) leaves the head (graded by the leader) and a
    member both 优秀 beyond the seats: each grader lowers their own rows in turn, while a change that gives a
    grade beyond its seats is still refused."""
    r, _ = run_round(org)
    d, res, head_staff, members = _dept(org, r)
    res.quota = {**res.quota, "excellent": 2}
    res.save()
    svc.grades_set(actor=org.heads[d.pk], round=r, department_id=d.pk, grades={members[0].pk: "excellent"})
    svc.grades_set(actor=org.leader, round=r, department_id=d.pk, grades={head_staff.pk: "excellent"})
    res.quota = {**res.quota, "excellent": 0}
    res.save()
    with pytest.raises(DomainError, match="超出等次名额"):
        svc.grades_set(
            actor=org.heads[d.pk], round=r, department_id=d.pk, grades={members[1].pk: "excellent"}
        )
    svc.grades_set(actor=org.heads[d.pk], round=r, department_id=d.pk, grades={members[0].pk: "pass"})
    svc.grades_set(actor=org.leader, round=r, department_id=d.pk, grades={head_staff.pk: "good"})
    assert not r.grades.filter(department=d, grade="excellent").exists()
