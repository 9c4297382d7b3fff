"""职能目录与权责清单's isolation: a zone's leader keeps its own zone's catalog and list and gets 404 for another
zone's; an enterprise user gets 403; anyone reads a published list on the public page, never a draft. Each refusal
is paired with the same request succeeding."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from devzone.powers import services
from devzone.powers.models import Power, PowerList
from devzone.powers.tests.conftest import add_power
from devzone.testing import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.isolation]


@pytest.fixture
def world(zone_a, zone_b, zone_a_leader, zone_b_leader):
    lists = {}
    for zone, leader in ((zone_a, zone_a_leader), (zone_b, zone_b_leader)):
        dept = f.DepartmentFactory(zone=zone, name="行政审批部")
        draft = services.draft_open(actor=leader, zone=zone)
        p = add_power(
            leader,
            draft,
            dept,
            name=f"{zone.name}许可",
            legal_basis="《行政许可法》",
            accountability="依法追责",
        )
        lists[zone.pk] = (draft, p, dept)
    return lists


def power_form(department, *, kind, name, legal_basis, accountability="依法追责") -> dict:
    """The fields of the page's form that adds a power to a list."""
    return {
        "kind": kind,
        "name": name,
        "legal_basis": legal_basis,
        "department": department.pk,
        "accountability": accountability,
    }


def test_another_zones_list_and_powers_are_404_and_unchanged(world, client_for, zone_a_leader, zone_b):
    c = client_for(zone_a_leader)
    draft_b, power_b, dept_b = world[zone_b.pk]
    assert c.get(reverse("powers:list_detail", args=[draft_b.pk])).status_code == 404
    body = power_form(dept_b, kind="licensing", name="x", legal_basis="y", accountability="z")
    assert c.post(reverse("powers:power_add", args=[draft_b.pk]), body).status_code == 404
    seen = {"version": draft_b.version}  # the right version: the refusal is the zone's, not the page's
    assert c.post(reverse("powers:power_remove", args=[power_b.pk]), seen).status_code == 404
    assert c.post(reverse("powers:list_publish", args=[draft_b.pk]), seen).status_code == 404
    assert Power.objects.filter(power_list=draft_b).count() == 1
    assert PowerList.objects.get(pk=draft_b.pk).status == "draft"


def test_the_zones_leader_works_on_its_own(world, client_for, zone_a, zone_a_leader):
    c = client_for(zone_a_leader)
    draft, power_a, dept = world[zone_a.pk]
    assert "data-functions" in c.get(reverse("powers:home")).content.decode()
    assert c.post(reverse("powers:draft_open")).status_code == 302
    func = {
        "name": "社会事务管理",
        "disposition": "local_government",
        "receiver": "区政府",
        "decided_on": "2019-09-30",
        "decision_no": "示例",
    }
    assert c.post(reverse("powers:function_add"), func).status_code == 302
    body = power_form(dept, kind="inspection", name="事后核查", legal_basis="《优化营商环境条例》")
    draft.refresh_from_db()
    body["version"] = draft.version  # the draft's version its page showed
    assert c.post(reverse("powers:power_add", args=[draft.pk]), body).status_code == 302
    draft.refresh_from_db()
    assert (
        c.post(reverse("powers:power_remove", args=[power_a.pk]), {"version": draft.version}).status_code
        == 302
    )
    draft.refresh_from_db()
    assert (
        c.post(reverse("powers:list_publish", args=[draft.pk]), {"version": draft.version}).status_code == 302
    )
    assert PowerList.objects.get(pk=draft.pk).status == "published"
    assert list(Power.objects.filter(power_list=draft).values_list("name", flat=True)) == ["事后核查"]
    page = c.get(reverse("powers:list_detail", args=[draft.pk])).content.decode()
    assert "事后核查" in page


def test_an_enterprise_user_gets_403_and_the_public_sees_only_what_is_published(
    world, client_for, enterprise_user, client, zone_a, zone_a_leader
):
    assert client_for(enterprise_user).get(reverse("powers:home")).status_code == 403
    draft, _power, _dept = world[zone_a.pk]
    assert "尚未公布权责清单" in client.get(reverse("powers:public", args=[zone_a.pk])).content.decode()
    services.list_publish(actor=zone_a_leader, power_list=draft, on=dt.date(2020, 1, 6))
    assert f"{zone_a.name}许可" in client.get(reverse("powers:public", args=[zone_a.pk])).content.decode()
    assert client.get(reverse("powers:public", args=[987654])).status_code == 404
    assert client.get(f"/powers/public/{'9' * 25}/").status_code == 404  # beyond the database's integer


def test_the_api_keeps_to_the_callers_zone(world, client_for, zone_a, zone_b, zone_a_leader, city_officer):
    c = client_for(zone_a_leader)
    lists = c.get("/api/v1/powers/lists").json()["items"]
    assert {row["zone"] for row in lists} == {zone_a.pk}
    draft_a, _p, _d = world[zone_a.pk]
    draft_b, _p, _d = world[zone_b.pk]
    assert c.get(f"/api/v1/powers/lists/{draft_b.pk}").status_code == 404
    assert (
        c.post(
            f"/api/v1/powers/lists/{draft_b.pk}/publish",
            {"version": draft_b.version},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert c.get(f"/api/v1/powers/lists/{draft_b.pk}/powers").status_code == 404
    one = c.get(f"/api/v1/powers/lists/{draft_a.pk}").json()
    assert [p["name"] for p in one["powers"]] == [f"{zone_a.name}许可"]
    powers = c.get(f"/api/v1/powers/lists/{draft_a.pk}/powers").json()
    assert [p["name"] for p in powers["items"]] == [f"{zone_a.name}许可"]
    assert c.get(f"/api/v1/powers/functions?zone={zone_b.pk}").status_code == 400  # out of reach, said so
    assert c.get(f"/api/v1/powers/lists?zone={zone_b.pk}").status_code == 400  # the same for the versions
    assert c.get(f"/api/v1/powers/lists?zone={zone_a.pk}").json()["items"] == lists
    published = c.post(
        f"/api/v1/powers/lists/{draft_a.pk}/publish",
        {"version": one["version"]},
        content_type="application/json",
    )
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert PowerList.objects.get(pk=draft_b.pk).status == "draft"
    assert c.get("/api/v1/powers/functions").json()["count"] == 0
    city = client_for(city_officer).get("/api/v1/powers/lists").json()["items"]
    assert {row["zone"] for row in city} == {zone_a.pk, zone_b.pk}
