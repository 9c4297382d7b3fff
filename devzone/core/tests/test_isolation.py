"""The isolation matrix: a zone officer never reads or touches another zone's rows, by page or by API; an
enterprise user sees only its own enterprise and projects; anonymous visitors are sent to the login page (or
get 401 from the API); a user in reach but without the right gets 403.

Everything goes through Django's ``Client`` (middleware, URL routing, the real auth of the API), never
ninja's ``TestClient``. The meta-test at the bottom fails when a URL pattern or an API operation is added
without being placed in the matrix (or in ``EXEMPT`` with a reason)."""

import json
import re
from dataclasses import dataclass
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from devzone.core import models as m
from devzone.core.choices import Role
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db

B_MARK = "乙侧"  # every zone-B row (and zone B itself) carries this in its name


@dataclass(frozen=True)
class Entity:
    name: str  # URL prefix of the pages: core:<name>_list, _detail, _edit, _create
    api: str  # /api/v1/core/<api>
    model: type


ENTITIES = [
    Entity("zone", "zones", m.Zone),
    Entity("area", "areas", m.Area),
    Entity("department", "departments", m.Department),
    Entity("post", "posts", m.Post),
    Entity("staff", "staff", m.Staff),
    Entity("enterprise", "enterprises", m.Enterprise),
    Entity("project", "projects", m.Project),
]
BY_NAME = {e.name: e for e in ENTITIES}


def build_rows(zone, mark: str) -> dict[str, object]:
    """One row of every entity in ``zone``, each named with ``mark``."""
    dept = f.DepartmentFactory(zone=zone, name=f"{mark}部门")
    enterprise = f.EnterpriseFactory(zone=zone, name=f"{mark}企业有限公司")
    return {
        "zone": zone,
        "area": f.AreaFactory(zone=zone, name=f"{mark}片区"),
        "department": dept,
        "post": f.PostFactory(zone=zone, department=dept, name=f"{mark}岗位"),
        "staff": f.StaffFactory(zone=zone, department=dept, name=f"{mark}职员"),
        "enterprise": enterprise,
        "project": f.ProjectFactory(zone=zone, enterprise=enterprise, name=f"{mark}项目"),
    }


@pytest.fixture
def rows_a(zone_a):
    return build_rows(zone_a, "甲侧")


@pytest.fixture
def rows_b(city):
    zone_b = f.ZoneFactory(city=city, name=f"{B_MARK}开发区")
    return build_rows(zone_b, B_MARK)


def page(entity: str, kind: str, pk=None) -> str:
    return reverse(f"core:{entity}_{kind}", args=[pk] if pk is not None else [])


def api(entity: str, pk=None) -> str:
    base = f"/api/v1/core/{BY_NAME[entity].api}"
    return base if pk is None else f"{base}/{pk}"


# --- zone A officer vs zone B rows -----------------------------------------------------------------
@pytest.mark.parametrize("entity", [e.name for e in ENTITIES])
@pytest.mark.parametrize("kind", ["detail", "edit"])
def test_a_zone_user_gets_404_for_another_zones_row_page(
    client_for, zone_a_leader, rows_a, rows_b, entity, kind
):
    c = client_for(zone_a_leader)
    assert c.get(page(entity, kind, rows_a[entity].pk)).status_code == 200  # the same page works in zone A
    assert c.get(page(entity, kind, rows_b[entity].pk)).status_code == 404


@pytest.mark.parametrize("entity", [e.name for e in ENTITIES])
def test_a_zone_user_cannot_post_an_edit_of_another_zones_row(client_for, zone_a_leader, rows_b, entity):
    row = rows_b[entity]
    c = client_for(zone_a_leader)  # (logging in is audited too: count after it)
    before = m.AuditEvent.objects.count()
    response = c.post(page(entity, "edit", row.pk), {"name": "改名"})
    assert response.status_code == 404
    assert type(row).objects.get(pk=row.pk).name == row.name
    assert m.AuditEvent.objects.count() == before


@pytest.mark.parametrize("entity", [e.name for e in ENTITIES])
def test_a_zone_user_gets_404_for_another_zones_row_in_the_api(
    client_for, zone_a_leader, rows_a, rows_b, entity
):
    c = client_for(zone_a_leader)
    own, other = rows_a[entity], rows_b[entity]
    assert c.get(api(entity, own.pk)).status_code == 200
    assert c.patch(api(entity, own.pk), "{}", content_type="application/json").status_code == 200
    got = c.get(api(entity, other.pk))
    assert got.status_code == 404
    assert B_MARK not in got.content.decode()
    patched = c.patch(api(entity, other.pk), json.dumps({"name": "改名"}), content_type="application/json")
    assert patched.status_code == 404
    assert type(other).objects.get(pk=other.pk).name == other.name


@pytest.mark.parametrize("entity", [e.name for e in ENTITIES])
def test_list_pages_never_show_another_zones_rows(client_for, zone_a_leader, rows_a, rows_b, entity):
    html = client_for(zone_a_leader).get(page(entity, "list")).content.decode()
    assert str(rows_a[entity]) in html or rows_a[entity].name in html
    assert B_MARK not in html  # neither the rows nor a filter choice of zone B


@pytest.mark.parametrize("entity", [e.name for e in ENTITIES])
def test_api_lists_never_contain_another_zones_rows(
    client_for, zone_a_leader, zone_a, rows_a, rows_b, entity
):
    body = client_for(zone_a_leader).get(api(entity), {"page_size": 200}).json()
    ids = {item["id"] for item in body["items"]}
    assert rows_a[entity].pk in ids
    assert rows_b[entity].pk not in ids
    zone_of = (lambda item: item["id"]) if entity == "zone" else (lambda item: item["zone"])
    assert {zone_of(item) for item in body["items"]} == {zone_a.pk}
    assert body["count"] == len(body["items"])


@pytest.mark.parametrize("entity", [e.name for e in ENTITIES])
def test_the_city_officer_sees_both_zones(client_for, city_officer, rows_a, rows_b, entity):
    """The positive control of the matrix: city reach does see zone B's rows."""
    c = client_for(city_officer)
    assert c.get(page(entity, "detail", rows_b[entity].pk)).status_code == 200
    ids = {item["id"] for item in c.get(api(entity), {"page_size": 200}).json()["items"]}
    assert {rows_a[entity].pk, rows_b[entity].pk} <= ids


def test_a_city_user_of_another_city_sees_nothing_of_ours(client_for, rows_a):
    stranger = f.user_with_role(Role.CITY_OFFICER, city=f.CityFactory(name="外市"))
    c = client_for(stranger)
    assert c.get(page("staff", "detail", rows_a["staff"].pk)).status_code == 404
    assert c.get(api("zone", rows_a["zone"].pk)).status_code == 404
    assert c.get(api("enterprise")).json()["count"] == 0


def new_project(enterprise) -> dict:
    """A new project's fields, of ``enterprise``, as the API and the form both take them."""
    return {"name": "新项目", "enterprise": enterprise.pk, "industry": "13", "total_investment": "100"}


def new_staff(department) -> dict:
    """A new staff member's fields, in ``department``, as the API and the form both take them."""
    return {
        "department": department.pk,
        "employee_no": "N001",
        "name": "新人",
        "gender": "male",
        "birth_date": "1991-01-01",
        "education": "master",
        "employment_type": "contract",
        "hired_on": "2020-01-01",
    }


@pytest.mark.parametrize("entity", [e.name for e in ENTITIES if e.name != "zone"])
def test_api_create_puts_a_zone_users_row_in_their_own_zone(
    client_for, zone_a_leader, zone_a, rows_b, entity
):
    """A zone user cannot aim a new row at zone B: the zone field is ignored, foreign keys of zone B are
    refused as unknown."""
    payloads = {
        "area": {"name": "新片区", "kind": "park"},
        "department": {"name": "新部门"},
        "post": {"name": "新岗位", "department": rows_b["department"].pk, "value_coefficient": "1.10"},
        "staff": new_staff(rows_b["department"]),
        "enterprise": {"name": "新企业", "credit_code": f.credit_code_for(99999), "industry": "39"},
        "project": new_project(rows_b["enterprise"]),
    }
    payload = payloads[entity] | {"zone": rows_b["zone"].pk}
    model = BY_NAME[entity].model
    before_b = model.objects.filter(zone=rows_b["zone"]).count()
    response = client_for(zone_a_leader).post(
        api(entity), json.dumps(payload), content_type="application/json"
    )
    if entity in ("post", "staff", "project"):  # they name a zone-B row: refused, nothing created
        assert response.status_code == 400
        fk = {"post": "department", "staff": "department", "project": "enterprise"}[entity]
        assert fk in response.json()["errors"]
        assert not model.objects.filter(name=payload["name"]).exists()
    else:
        assert response.status_code == 201, response.content
        assert model.objects.get(pk=response.json()["id"]).zone == zone_a
    assert model.objects.filter(zone=rows_b["zone"]).count() == before_b


def page_payload(entity: str, rows) -> dict:
    """A complete create form for ``entity`` whose foreign keys point at ``rows``."""
    return {
        "area": {"name": "新片区", "kind": "park"},
        "department": {"name": "新部门", "kind": "general", "headcount_quota": 3, "order": 0},
        "post": {
            "department": rows["department"].pk,
            "name": "新岗位",
            "rank": "staff",
            "value_coefficient": "1.10",
            "headcount": 1,
        },
        "staff": new_staff(rows["department"]) | {"rank": "staff", "is_active": "on"},
        "enterprise": {"name": "新企业", "credit_code": f.credit_code_for(88888), "industry": "39"},
        "project": new_project(rows["enterprise"]) | {"phase": "signed"},
    }[entity]


@pytest.mark.parametrize("entity", [e.name for e in ENTITIES if e.name != "zone"])
def test_create_pages_refuse_a_zone_b_choice(client_for, zone_a_leader, zone_a, rows_a, rows_b, entity):
    """A forged POST naming zone B (its zone or one of its rows, by id) never creates anything there."""
    model = BY_NAME[entity].model
    c = client_for(zone_a_leader)
    fk = {"post": "department", "staff": "department", "project": "enterprise"}.get(entity)
    if fk:
        forged = page_payload(entity, rows_b) | {"zone": rows_b["zone"].pk}
        response = c.post(page(entity, "create"), forged)
        assert response.status_code == 200
        assert fk in response.context["form"].errors
        assert not model.objects.filter(name=forged["name"]).exists()
    payload = page_payload(entity, rows_a) | {"zone": rows_b["zone"].pk}
    response = c.post(page(entity, "create"), payload)
    assert response.status_code == 302, response.context["form"].errors
    assert model.objects.get(name=payload["name"]).zone == zone_a


def test_zone_create_is_for_city_users_in_their_city(client_for, zone_a_leader, city_officer, city):
    data = {"name": "新设开发区", "level": "provincial", "operator": "committee"}
    assert client_for(zone_a_leader).get(page("zone", "create")).status_code == 403
    assert client_for(zone_a_leader).post(page("zone", "create"), data).status_code == 403
    assert not m.Zone.objects.filter(name="新设开发区").exists()
    response = client_for(city_officer).post(page("zone", "create"), data)
    assert response.status_code == 302
    assert m.Zone.objects.get(name="新设开发区").city == city


# --- enterprise users ------------------------------------------------------------------------------
@pytest.fixture
def enterprise_world(zone_a, enterprise_a, rows_b):
    return {
        "own_project": f.ProjectFactory(zone=zone_a, enterprise=enterprise_a, name="本企业项目"),
        "neighbour": f.EnterpriseFactory(zone=zone_a, name="邻居企业"),
        "neighbour_project": f.ProjectFactory(zone=zone_a, name="邻居项目"),
        "zone_b_enterprise": rows_b["enterprise"],
        "zone_b_project": rows_b["project"],
    }


def test_an_enterprise_user_sees_only_its_enterprise_and_projects(
    client_for, enterprise_user, enterprise_a, enterprise_world
):
    c = client_for(enterprise_user)
    w = enterprise_world
    assert c.get(page("enterprise", "detail", enterprise_a.pk)).status_code == 200
    assert c.get(page("project", "detail", w["own_project"].pk)).status_code == 200
    for entity, row in [
        ("enterprise", w["neighbour"]),
        ("enterprise", w["zone_b_enterprise"]),
        ("project", w["neighbour_project"]),
        ("project", w["zone_b_project"]),
    ]:
        assert c.get(page(entity, "detail", row.pk)).status_code == 404
        assert c.get(api(entity, row.pk)).status_code == 404
    assert [i["id"] for i in c.get(api("enterprise")).json()["items"]] == [enterprise_a.pk]
    assert [i["id"] for i in c.get(api("project")).json()["items"]] == [w["own_project"].pk]
    html = (
        c.get(page("enterprise", "list")).content.decode() + c.get(page("project", "list")).content.decode()
    )
    assert enterprise_a.name in html and "本企业项目" in html
    assert "邻居" not in html and B_MARK not in html


def test_an_enterprise_user_cannot_edit_or_read_the_zones_internal_rows(
    client_for, enterprise_user, enterprise_a, rows_a
):
    c = client_for(enterprise_user)
    assert c.get(page("enterprise", "edit", enterprise_a.pk)).status_code == 403  # own, but read-only
    assert (
        c.patch(api("enterprise", enterprise_a.pk), "{}", content_type="application/json").status_code == 403
    )
    for entity in ("zone", "area", "department", "post", "staff"):
        assert c.get(page(entity, "detail", rows_a[entity].pk)).status_code == 404
        assert c.get(page(entity, "list")).status_code == 403
        assert c.get(api(entity)).status_code == 403


# --- anonymous -------------------------------------------------------------------------------------
def anonymous_page_urls(rows) -> list[str]:
    urls = []
    for e in ENTITIES:
        urls += [
            page(e.name, "list"),
            page(e.name, "create"),
            page(e.name, "detail", rows[e.name].pk),
            page(e.name, "edit", rows[e.name].pk),
        ]
    for name in TOOL_PAGES:
        urls.append(reverse(name, args=[1]) if name == "core:token_revoke" else reverse(name))
    urls += [
        reverse("core:module", args=["investment"]),
        reverse("core:calendar"),
        reverse("core:background"),
        reverse("core:rules"),
        reverse("core:rule_withdraw", args=["performance.appealwindowrule", 1]),
        reverse("core:staff_template"),
    ]
    return urls


def test_anonymous_is_sent_to_login_from_every_page(client, rows_a):
    for url in anonymous_page_urls(rows_a):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("login") + "?next="), url


def test_anonymous_gets_401_from_every_api_operation(client, rows_a):
    for e in ENTITIES:
        assert client.get(api(e.name)).status_code == 401
        assert client.get(api(e.name, rows_a[e.name].pk)).status_code == 401
        assert (
            client.patch(api(e.name, rows_a[e.name].pk), "{}", content_type="application/json").status_code
            == 401
        )
        if e.name != "zone":
            assert client.post(api(e.name), "{}", content_type="application/json").status_code == 401
    for url in ("/api/v1/core/me", "/api/v1/core/tokens", "/api/v1/core/calendar/add?start=2025-09-30&n=1"):
        assert client.get(url).status_code == 401
    assert client.delete("/api/v1/core/tokens/1").status_code == 401


# --- in reach, without the right: 403 ---------------------------------------------------------------
def test_a_reviewer_gets_403_for_editing_staff_of_their_zone(client_for, zone_a_reviewer, rows_a):
    c = client_for(zone_a_reviewer)
    member = rows_a["staff"]
    assert c.get(page("staff", "detail", member.pk)).status_code == 200  # may read
    assert c.get(page("staff", "edit", member.pk)).status_code == 403
    assert c.post(page("staff", "edit", member.pk), {"name": "改名"}).status_code == 403
    assert c.get(page("staff", "create")).status_code == 403
    assert (
        c.patch(
            api("staff", member.pk), json.dumps({"name": "改名"}), content_type="application/json"
        ).status_code
        == 403
    )
    payload = new_staff(member.department) | {"employee_no": "N009"}
    assert c.post(api("staff"), json.dumps(payload), content_type="application/json").status_code == 403
    assert not m.Staff.objects.filter(employee_no="N009").exists()
    assert m.Staff.objects.get(pk=member.pk).name == member.name


@pytest.mark.parametrize(
    ("who", "entity", "allowed"),
    [
        ("zone_a_reviewer", "enterprise", False),
        ("zone_a_reviewer", "department", False),
        ("zone_a_investment_officer", "enterprise", True),
        ("zone_a_investment_officer", "project", True),
        ("zone_a_investment_officer", "staff", False),
        ("zone_a_investment_officer", "department", False),
        ("zone_a_dept_head", "staff", False),  # a colleague of another department (see below)
        ("zone_a_dept_head", "department", False),
        ("zone_a_leader", "department", True),
        ("city_officer", "staff", False),
    ],
)
def test_edit_rights_by_role(request, client_for, rows_a, who, entity, allowed):
    c = client_for(request.getfixturevalue(who))
    row = rows_a[entity]
    assert c.get(page(entity, "detail", row.pk)).status_code == 200
    assert c.get(page(entity, "edit", row.pk)).status_code == (200 if allowed else 403)
    patched = c.patch(api(entity, row.pk), "{}", content_type="application/json")
    assert patched.status_code == (200 if allowed else 403)


def test_a_department_head_edits_staff_of_their_own_department_only(
    client_for, zone_a_dept_head, zone_a_head_staff, rows_a
):
    colleague = f.StaffFactory(zone=zone_a_head_staff.zone, department=zone_a_head_staff.department)
    c = client_for(zone_a_dept_head)
    assert c.get(page("staff", "edit", colleague.pk)).status_code == 200
    assert c.get(page("staff", "edit", rows_a["staff"].pk)).status_code == 403


# --- tool pages --------------------------------------------------------------------------------------
def test_staff_export_holds_only_own_zone(client_for, zone_a_leader, rows_a, rows_b):
    response = client_for(zone_a_leader).get(reverse("core:staff_export"))
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.content), read_only=True).worksheets[0]
    names = [r[1] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert names == [rows_a["staff"].name]


def test_staff_import_cannot_reach_another_zones_department(client_for, zone_a_leader, rows_b):
    from devzone.core.tests.test_services import ledger, row

    upload = BytesIO(ledger(row("X001", "越界", dept=rows_b["department"].name)))
    upload.name = "ledger.xlsx"
    response = client_for(zone_a_leader).post(reverse("core:staff_import"), {"file": upload})
    assert response.status_code == 200
    assert "不在本开发区" in response.content.decode()
    assert not m.Staff.objects.filter(employee_no="X001").exists()
    assert (
        client_for(f.user_with_role(Role.REVIEWER, zone=rows_b["zone"]))
        .get(reverse("core:staff_import"))
        .status_code
        == 403
    )


def test_staff_transfer_cannot_move_another_zones_staff(client_for, zone_a_leader, rows_a, rows_b):
    target = f.DepartmentFactory(zone=rows_a["zone"], name="调入部门")
    response = client_for(zone_a_leader).post(
        reverse("core:staff_transfer"), {"staff": [rows_b["staff"].pk], "department": target.pk}
    )
    assert response.status_code == 200
    assert "staff" in response.context["form"].errors
    assert m.Staff.objects.get(pk=rows_b["staff"].pk).department == rows_b["department"]
    # nor move own staff into a zone-B department
    response = client_for(zone_a_leader).post(
        reverse("core:staff_transfer"), {"staff": [rows_a["staff"].pk], "department": rows_b["department"].pk}
    )
    assert "department" in response.context["form"].errors
    assert m.Staff.objects.get(pk=rows_a["staff"].pk).department == rows_a["department"]


def test_zone_switch_only_reaches_zones_in_reach(client_for, zone_a_leader, city_officer, zone_a, rows_b):
    assert (
        client_for(zone_a_leader).post(reverse("core:switch_zone"), {"zone": rows_b["zone"].pk}).status_code
        == 404
    )
    other_city_zone = f.ZoneFactory(name="外市开发区")
    c = client_for(city_officer)
    assert c.post(reverse("core:switch_zone"), {"zone": other_city_zone.pk}).status_code == 404
    assert c.post(reverse("core:switch_zone"), {"zone": "abc"}).status_code == 404
    assert rows_b["enterprise"].name in c.get(page("enterprise", "list")).content.decode()  # all zones
    response = c.post(reverse("core:switch_zone"), {"zone": zone_a.pk, "next": "//evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"
    # narrowed to zone A: zone B's rows leave the city officer's lists
    html = c.get(page("enterprise", "list")).content.decode()
    assert rows_b["enterprise"].name not in html  # (zone B stays in the switcher itself)


def test_zone_merge_is_for_city_users_in_reach(client_for, zone_a_leader, city_officer, zone_a, rows_b):
    assert client_for(zone_a_leader).get(reverse("core:zone_merge")).status_code == 403
    stranger = f.user_with_role(Role.CITY_OFFICER, city=f.CityFactory(name="外市"))
    response = client_for(stranger).post(
        reverse("core:zone_merge"),
        {"sources": [rows_b["zone"].pk], "target": zone_a.pk, "merged_on": "2025-06-30"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert m.Zone.objects.get(pk=rows_b["zone"].pk).merged_into is None


def test_tokens_and_notifications_are_per_user(client_for, zone_a_leader, zone_b_leader):
    from devzone.core.services.tokens import token_create

    token_b, _raw = token_create(actor=zone_b_leader, name="乙的令牌", days_valid=30)
    m.Notification.objects.create(user=zone_b_leader, kind="test", title="乙的消息")
    m.Notification.objects.create(user=zone_a_leader, kind="test", title="甲的消息")
    c = client_for(zone_a_leader)
    assert "乙的令牌" not in c.get(reverse("core:tokens")).content.decode()
    assert "乙的令牌" not in json.dumps(c.get("/api/v1/core/tokens").json(), ensure_ascii=False)
    assert c.post(reverse("core:token_revoke", args=[token_b.pk])).status_code == 302
    assert c.delete(f"/api/v1/core/tokens/{token_b.pk}").status_code == 404
    token_b.refresh_from_db()
    assert token_b.revoked_at is None
    html = c.get(reverse("core:notifications")).content.decode()
    assert "甲的消息" in html and "乙的消息" not in html
    assert c.post(reverse("core:notifications_read")).status_code == 302
    assert m.Notification.objects.get(title="乙的消息").read_at is None
    assert m.Notification.objects.get(title="甲的消息").read_at is not None


def test_the_daily_digest_is_each_users_own_choice(client_for, zone_a_leader, zone_b_leader):
    c = client_for(zone_a_leader)
    assert c.post(reverse("core:notification_settings"), {"daily_digest": "on"}).status_code == 302
    assert m.Profile.objects.get(user=zone_a_leader).daily_digest is True
    assert m.Profile.objects.get(user=zone_b_leader).daily_digest is False
    assert client_for(None).post(reverse("core:notification_settings")).status_code == 302  # to the login


def test_the_calendar_is_shared_but_only_the_sysadmin_changes_it(client_for, zone_a_leader, sysadmin):
    c = client_for(zone_a_leader)
    assert c.get(reverse("core:calendar")).status_code == 200
    assert (
        c.post(reverse("core:calendar"), {"day-date": "2025-09-25", "day-is_workday": "0"}).status_code == 403
    )
    assert not m.CalendarDay.objects.exists()
    response = client_for(sysadmin).post(
        reverse("core:calendar"),
        {"day-date": "2025-09-25", "day-is_workday": "0", "day-name": "停电", "day-source": "市政府通知"},
    )
    assert response.status_code == 302
    assert m.CalendarDay.objects.filter(is_workday=False).count() == 1


def test_the_dashboard_counts_only_own_zone(client_for, zone_a_leader, city_officer, rows_a, rows_b):
    def counts(user):
        html = client_for(user).get(reverse("dashboard:home")).content.decode()
        return {k: int(v) for k, v in re.findall(r'data-count="(\w+)">\s*([\d,]+)\s*<', html)}

    mine = counts(zone_a_leader)
    assert "zones" not in mine  # one zone in view: no zone count (issue 14)
    assert (mine["staff"], mine["enterprises"], mine["projects"]) == (1, 1, 1)
    city_wide = counts(city_officer)
    assert (city_wide["zones"], city_wide["staff"], city_wide["enterprises"]) == (2, 2, 2)


# The tool pages every user in reach opens (each is requested below, and so counted as covered).
TOOL_PAGES = (
    "core:staff_import",
    "core:staff_export",
    "core:staff_transfer",
    "core:zone_merge",
    "core:switch_zone",
    "core:tokens",
    "core:token_revoke",
    "core:notifications",
    "core:notifications_read",
    "core:notification_settings",
    "core:calendar",
    "dashboard:home",
)


# --- the coverage meta-test --------------------------------------------------------------------------
# Measured, not declared: devzone.testing.isolation records every page and API operation the isolation
# tests request and fails the session when one was never requested (or listed in an app's EXEMPT).


def test_the_recorder_maps_a_request_to_its_page_or_operation(client_for, zone_a, zone_a_leader):
    from devzone.testing import isolation

    staff_a = f.StaffFactory(zone=zone_a)
    client = client_for(zone_a_leader)
    page = client.get(f"/core/staff/{staff_a.pk}/")
    api = client.get(f"/api/v1/core/staff/{staff_a.pk}")
    assert page.resolver_match.view_name == "core:staff_detail"
    assert isolation.operation_for(api.resolver_match.route, "GET") == "staff_get"
    assert {"core:staff_detail", "staff_get"} <= isolation.RECORDED


def test_every_exempt_row_names_an_endpoint_that_exists():
    from devzone.testing import isolation

    _pages, _ops, stale = isolation.missing(set(isolation.page_names()) | set(isolation.operation_ids()))
    assert not stale, f"EXEMPT rows for endpoints that do not exist: {stale}"
