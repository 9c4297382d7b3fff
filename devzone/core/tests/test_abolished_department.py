"""An abolished department (撤销) takes no new staff and no new posts — on the form, in the API and in any service
that saves the row — as the import and the transfer already refused. A person still in a department abolished
after they joined (a department is abolished on its own page, its staff not yet moved) keeps it: the rest of their
record can still be edited, and so can the posts it had."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from devzone.core import models as m
from devzone.core.forms import PostForm, StaffForm
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db
ABOLISHED = "该部门已撤销，请选择现有的部门"


@pytest.fixture
def old(zone_a):
    return f.DepartmentFactory(
        zone=zone_a, name="原招商局", established_on=dt.date(2008, 1, 1), abolished_on=dt.date(2019, 8, 1)
    )


@pytest.fixture
def current(zone_a):
    return f.DepartmentFactory(zone=zone_a, name="投资促进部")


def staff_body(department, **extra) -> dict:
    body = {
        "department": department.pk,
        "employee_no": "JB7777",
        "name": "王五",
        "gender": "male",
        "birth_date": "1990-01-01",
        "education": "bachelor",
        "employment_type": "contract",
        "hired_on": "2020-01-01",
    }
    return body | extra


def api(client, method: str, url: str, body: dict):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def test_the_api_refuses_new_staff_in_an_abolished_department(client_for, zone_a_leader, old):
    resp = api(client_for(zone_a_leader), "post", "/api/v1/core/staff", staff_body(old))
    assert resp.status_code == 400, resp.content[:300]
    assert ABOLISHED in resp.json()["errors"]["department"]
    assert not m.Staff.objects.filter(employee_no="JB7777").exists()


def test_the_staff_form_does_not_offer_or_accept_an_abolished_department(
    client_for, zone_a_leader, old, current
):
    form = StaffForm(user=zone_a_leader)
    assert old not in form.fields["department"].queryset
    assert current in form.fields["department"].queryset
    data = staff_body(old, gender="male", rank="staff", is_active="on")
    resp = client_for(zone_a_leader).post(reverse("core:staff_create"), data)
    assert resp.status_code == 200
    assert resp.context["form"].errors["department"]
    assert not m.Staff.objects.filter(employee_no="JB7777").exists()


def test_a_person_left_in_an_abolished_department_keeps_it_while_the_rest_is_edited(
    client_for, zone_a_leader, zone_a, old, current
):
    post = f.PostFactory(zone=zone_a, department=old, name="招商专员")
    member = f.StaffFactory(zone=zone_a, department=old, post=post, name="钱进", phone="")
    f.PostFactory(zone=zone_a, department=old, name="另一岗位")
    c = client_for(zone_a_leader)

    form = c.get(reverse("core:staff_edit", args=[member.pk])).context["form"]
    assert set(form.fields["department"].queryset) == {old, current}  # theirs, and those in being
    assert set(form.fields["post"].queryset) == {post}  # their post; not another of the abolished department
    data = {k: v for k, v in form.initial.items() if v is not None}
    data |= {"phone": "13700000000", "birth_date": "1990-05-01", "hired_on": "2015-03-01", "is_active": "on"}
    resp = c.post(reverse("core:staff_edit", args=[member.pk]), data)
    assert resp.status_code == 302, resp.context["form"].errors
    member.refresh_from_db()
    assert (member.phone, member.department, member.post) == ("13700000000", old, post)

    resp = api(c, "patch", f"/api/v1/core/staff/{member.pk}", {"name": "钱进改"})
    assert resp.status_code == 200, resp.content[:300]
    moved = api(c, "patch", f"/api/v1/core/staff/{member.pk}", {"department": current.pk, "post": None})
    assert moved.status_code == 200, moved.content[:300]
    back = api(c, "patch", f"/api/v1/core/staff/{member.pk}", {"department": old.pk})
    assert back.status_code == 400 and ABOLISHED in back.json()["errors"]["department"]
    member.refresh_from_db()
    assert (member.name, member.department) == ("钱进改", current)


def test_posts_are_not_created_in_an_abolished_department_but_its_posts_stay_editable(
    client_for, zone_a_leader, zone_a, old, current
):
    c = client_for(zone_a_leader)
    body = {"department": old.pk, "name": "招商专员", "value_coefficient": "1.20"}
    resp = api(c, "post", "/api/v1/core/posts", body)
    assert resp.status_code == 400 and ABOLISHED in resp.json()["errors"]["department"]
    assert old not in PostForm(user=zone_a_leader).fields["department"].queryset
    resp = c.post("/core/post/new/", body | {"rank": "staff", "headcount": "1"})
    assert resp.status_code == 200 and resp.context["form"].errors["department"]
    assert not m.Post.objects.filter(name="招商专员").exists()

    kept = f.PostFactory(zone=zone_a, department=old, name="原岗位")
    assert old in PostForm(user=zone_a_leader, instance=kept).fields["department"].queryset
    resp = api(c, "patch", f"/api/v1/core/posts/{kept.pk}", {"name": "原岗位改"})
    assert resp.status_code == 200, resp.content[:300]
    assert m.Post.objects.get(pk=kept.pk).name == "原岗位改"
