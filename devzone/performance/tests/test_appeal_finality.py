"""An appeal decision is final: the department head (or a stale grades page, or an API client that read the grades
before) cannot put the grade back afterwards. Each grade carries a version (``StaffGrade.version``) that the page
and the API send back; a grade changed since refuses the save (409)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from devzone.core.errors import ConflictError, DomainError
from devzone.performance import services as svc
from devzone.performance.choices import AppealStatus
from devzone.performance.models import StaffGrade
from devzone.testing.performance import grade_all, member_user, run_round

pytestmark = pytest.mark.django_db
API = "/api/v1/performance"
JSON = "application/json"


def _free_a_good_seat(org, r, dept):
    """The head lowers one 良好 (not their own) to 合格, so that a decision may give 良好 within the quota."""
    head = org.heads[dept.pk]
    good = (
        StaffGrade.objects.filter(round=r, department=dept, grade="good")
        .exclude(staff_id=head.profile.staff_id)
        .first()
    )
    svc.grades_set(actor=head, round=r, department_id=dept.pk, grades={good.staff_id: "pass"})


@pytest.fixture
def graded(org):
    r, _ = run_round(org)
    grade_all(org, r)
    return r


def _appeal(org, r, username="appellant"):
    user, member = member_user(org, username)
    g = StaffGrade.objects.get(round=r, staff=member)
    return svc.appeal_submit(actor=user, grade=g, reason="工作量被低估"), member


def test_the_head_cannot_change_a_grade_whose_appeal_was_changed(org, graded):
    r, dept = graded, org.depts[0]
    member = org.staff[dept.pk][-1]
    StaffGrade.objects.filter(round=r, staff=member).update(grade="pass")  # as the seats would have it
    _free_a_good_seat(org, r, dept)
    a, member = _appeal(org, r)
    svc.appeal_decide(actor=org.leader, appeal=a, new_grade="good", decision="申诉成立，改为良好")
    with pytest.raises(DomainError) as e:
        svc.grades_set(actor=org.heads[dept.pk], round=r, department_id=dept.pk, grades={member.pk: "pass"})
    assert "已经申诉处理" in e.value.errors[f"grades.{member.pk}"][0]
    assert StaffGrade.objects.get(round=r, staff=member).grade == "good"


def test_an_upheld_grade_is_final_too_and_saving_it_unchanged_is_taken(org, graded):
    r, dept = graded, org.depts[0]
    head = org.heads[dept.pk]
    a, member = _appeal(org, r)
    kept = StaffGrade.objects.get(round=r, staff=member).grade
    svc.appeal_decide(actor=org.leader, appeal=a, new_grade="", decision="维持")
    assert a.__class__.objects.get(pk=a.pk).status == AppealStatus.UPHELD
    other = "pass" if kept == "improve" else "improve"
    with pytest.raises(DomainError):
        svc.grades_set(actor=head, round=r, department_id=dept.pk, grades={member.pk: other})
    # the page posts every row: the decided one, unchanged, does not stop the others' saving
    assert svc.grades_set(actor=head, round=r, department_id=dept.pk, grades={member.pk: kept}) == 1


def test_a_stale_grades_page_is_refused_with_409_and_changes_nothing(org, graded, client_for):
    r, dept = graded, org.depts[0]
    head = org.heads[dept.pk]
    member = org.staff[dept.pk][-1]
    StaffGrade.objects.filter(round=r, staff=member).update(grade="pass")
    _free_a_good_seat(org, r, dept)
    url = reverse("performance:grades", args=[r.pk, dept.pk])
    c = client_for(head)
    page = c.get(url)
    assert page.status_code == 200
    # the form as loaded: every row the head grades, with the version of its grade
    loaded = {}
    for g in StaffGrade.objects.filter(round=r, department=dept).exclude(staff_id=head.profile.staff_id):
        loaded[f"grade_{g.staff_id}"] = g.grade
        loaded[f"version_{g.staff_id}"] = str(g.version)
        assert f'name="version_{g.staff_id}" value="{g.version}"' in page.content.decode()
    a, _ = _appeal(org, r)
    svc.appeal_decide(actor=org.leader, appeal=a, new_grade="good", decision="改为良好")
    before = dict(StaffGrade.objects.filter(round=r, department=dept).values_list("staff_id", "grade"))
    resp = c.post(url, loaded)
    assert resp.status_code == 409
    assert "已有变动" in resp.content.decode()
    assert (
        dict(StaffGrade.objects.filter(round=r, department=dept).values_list("staff_id", "grade")) == before
    )
    # the page shows the grades as they are now, with their new versions: saved again, it goes through
    fresh = StaffGrade.objects.get(round=r, staff=member)
    assert fresh.grade == "good" and fresh.version >= 1
    assert f'name="version_{member.pk}" value="{fresh.version}"' in resp.content.decode()
    loaded[f"grade_{member.pk}"], loaded[f"version_{member.pk}"] = "good", str(fresh.version)
    assert c.post(url, loaded).status_code == 302


def test_versions_move_on_with_each_change_only(org, graded):
    r, dept = graded, org.depts[0]
    head = org.heads[dept.pk]
    s = org.staff[dept.pk][1]
    g = StaffGrade.objects.get(round=r, staff=s)
    assert g.version == 1  # a new grade
    svc.grades_set(actor=head, round=r, department_id=dept.pk, grades={s.pk: g.grade}, versions={s.pk: 1})
    assert StaffGrade.objects.get(pk=g.pk).version == 1  # saved unchanged: same version
    with pytest.raises(ConflictError):
        svc.grades_set(actor=head, round=r, department_id=dept.pk, grades={s.pk: g.grade}, versions={s.pk: 0})


def test_the_api_takes_versions_and_answers_409_on_a_stale_copy(org, graded, client_for):
    r, dept = graded, org.depts[0]
    head = org.heads[dept.pk]
    member = org.staff[dept.pk][-1]
    StaffGrade.objects.filter(round=r, staff=member).update(grade="pass")
    _free_a_good_seat(org, r, dept)
    c = client_for(head)
    rows = {x["staff"]: x for x in c.get(f"{API}/rounds/{r.pk}/grades").json()}
    assert rows[member.pk]["version"] >= 1
    a, _ = _appeal(org, r)
    svc.appeal_decide(actor=org.leader, appeal=a, new_grade="good", decision="改为良好")
    body = {
        "department": dept.pk,
        "grades": {str(member.pk): "pass"},
        "versions": {str(member.pk): rows[member.pk]["version"]},
    }
    resp = c.post(f"{API}/rounds/{r.pk}/grades", json.dumps(body), content_type=JSON)
    assert resp.status_code == 409, resp.content
    # without versions the decided appeal still protects it (400, the field named)
    del body["versions"]
    resp = c.post(f"{API}/rounds/{r.pk}/grades", json.dumps(body), content_type=JSON)
    assert resp.status_code == 400
    assert StaffGrade.objects.get(round=r, staff=member).grade == "good"


def test_rows_sent_without_a_version_are_not_checked(org, graded):
    """An API client that sends no versions (or a row without one) is taken as before; the decided-appeal rule
    still holds for it."""
    r, dept = graded, org.depts[0]
    head = org.heads[dept.pk]
    s = org.staff[dept.pk][1]
    g = StaffGrade.objects.get(round=r, staff=s)
    n = svc.grades_set(actor=head, round=r, department_id=dept.pk, grades={s.pk: g.grade}, versions={})
    assert n == 1
