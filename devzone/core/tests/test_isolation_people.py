"""Zone isolation of people and their accounts, by page and by API: another zone's person answers 404 on every
page and operation and is absent from the lists; roles without the right get 403; a create naming another
zone's staff record or enterprise is refused and creates nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from devzone.core.choices import Role
from devzone.core.models import Profile
from devzone.core.services import people as svc
from devzone.testing import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.isolation]
ACTIONS = ["role", "password", "otp", "deactivate", "reactivate"]
API_POSTS = {
    "role": {"role": "agent", "reason": "试"},
    "password": {"reason": "试"},
    "otp-reset": {"reason": "试"},
    "deactivate": {"reason": "试"},
    "reactivate": {"reason": "试"},
}


@pytest.fixture
def person_b(zone_b, zone_b_leader):
    dept = f.DepartmentFactory(zone=zone_b)
    f.StaffFactory(zone=zone_b, department=dept, employee_no="JB0888", name="乙职员")
    person, _link = svc.person_create(
        actor=zone_b_leader, username="b_clerk", display_name="", role=Role.WINDOW_CLERK, staff_no="JB0888"
    )
    return person


@pytest.fixture
def person_a(zone_a_leader, zone_a_department, zone_a):
    f.StaffFactory(zone=zone_a, department=zone_a_department, employee_no="JB0111", name="甲职员")
    person, _link = svc.person_create(
        actor=zone_a_leader, username="a_clerk", display_name="", role=Role.WINDOW_CLERK, staff_no="JB0111"
    )
    return person


def test_another_zones_person_is_404_on_every_page(client_for, zone_a_leader, person_b):
    c = client_for(zone_a_leader)
    assert c.get(reverse("core:person_detail", args=[person_b.pk])).status_code == 404
    for action in ACTIONS:
        url = reverse("core:person_action", args=[person_b.pk, action])
        assert c.get(url).status_code == 404, action
        assert c.post(url, {"reason": "试", "role": "agent"}).status_code == 404, action
    person_b.user.refresh_from_db()
    assert person_b.user.is_active and Profile.objects.get(pk=person_b.pk).role == Role.WINDOW_CLERK


def test_another_zones_person_is_404_in_the_api(client_for, zone_a_leader, person_b):
    c = client_for(zone_a_leader)
    assert c.get(f"/api/v1/core/people/{person_b.pk}").status_code == 404
    for op, body in API_POSTS.items():
        r = c.post(f"/api/v1/core/people/{person_b.pk}/{op}", body, content_type="application/json")
        assert r.status_code == 404, (op, r.content)
    person_b.user.refresh_from_db()
    assert person_b.user.is_active


def test_lists_hold_only_own_zones_people(client_for, zone_a_leader, person_a, person_b, sysadmin):
    c = client_for(zone_a_leader)
    page = c.get(reverse("core:person_list")).content.decode()
    assert "a_clerk" in page and "b_clerk" not in page
    names = {p["username"] for p in c.get("/api/v1/core/people").json()["items"]}
    assert "a_clerk" in names and "b_clerk" not in names and "sysadmin" not in names
    # the administrator sees both zones and the city's own accounts
    names = {
        p["username"] for p in client_for(sysadmin).get("/api/v1/core/people?page_size=100").json()["items"]
    }
    assert {"a_clerk", "b_clerk", "a_leader", "b_leader"} <= names and "system" not in names


@pytest.mark.parametrize("who", ["zone_a_reviewer", "enterprise_user", "zone_a_dept_head"])
def test_roles_without_the_right_get_403(request, client_for, who, person_a):
    c = client_for(request.getfixturevalue(who))
    assert c.get(reverse("core:person_list")).status_code == 403
    assert c.get(reverse("core:person_new")).status_code == 403
    assert c.get("/api/v1/core/people").status_code == 403
    body = {"username": "zz", "role": "agent", "display_name": "某"}
    assert c.post("/api/v1/core/people", body, content_type="application/json").status_code == 403
    assert not get_user_model().objects.filter(username="zz").exists()


def test_the_city_officer_reads_people_but_changes_nothing(client_for, city_officer, person_a):
    c = client_for(city_officer)
    assert c.get(reverse("core:person_detail", args=[person_a.pk])).status_code == 200
    assert c.get(reverse("core:person_action", args=[person_a.pk, "deactivate"])).status_code == 403
    r = c.post(
        f"/api/v1/core/people/{person_a.pk}/deactivate", {"reason": "试"}, content_type="application/json"
    )
    assert r.status_code == 403
    person_a.user.refresh_from_db()
    assert person_a.user.is_active


def test_a_create_naming_another_zones_rows_creates_nothing(client_for, zone_a_leader, zone_b, person_b):
    ent_b = f.EnterpriseFactory(zone=zone_b)
    c = client_for(zone_a_leader)
    r = c.post(
        reverse("core:person_new"),
        {"username": "sneaky", "role": "window_clerk", "staff_no": "JB0888"},
    )
    assert r.status_code == 200 and "该开发区没有这个工号的工作人员" in r.content.decode()
    r = c.post(
        "/api/v1/core/people",
        {"username": "sneaky2", "role": "enterprise_user", "credit_code": ent_b.credit_code},
        content_type="application/json",
    )
    assert r.status_code == 400 and "credit_code" in r.json()["errors"]
    r = c.post(
        "/api/v1/core/people",
        {"username": "sneaky3", "role": "agent", "display_name": "某", "zone": zone_b.pk},
        content_type="application/json",
    )
    assert r.status_code == 201  # a leader's accounts go to their own zone, whatever zone the call names
    assert Profile.objects.get(user__username="sneaky3").zone_id != zone_b.pk
    assert not get_user_model().objects.filter(username__in=["sneaky", "sneaky2"]).exists()


def test_a_forged_or_used_password_link_reveals_nothing(client, person_a):
    for uid, token in [("MTIzNDU2", "abc-def"), ("x", "set-password")]:
        r = client.get(reverse("password_set", args=[uid, token]))
        assert r.status_code == 400 and "链接无效或已过期" in r.content.decode()
