"""The city's views are for the city's officers: each page and download answers them, and refuses a zone's
leader (403), an enterprise user (403), a sysadmin (403, a city reach without the right) and another city's
officer sees none of this city's zones (its own city only; a zone of this city is 404). Anonymous visitors are
sent to log in. The menu offers the module only to those who may open it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.core.choices import Role
from devzone.core.context_processors import nav_modules
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db


def pages(zone_id: int) -> list[str]:
    return [
        reverse("oversight:dashboard"),
        reverse("oversight:dashboard_export"),
        reverse("oversight:zone", args=[zone_id]),
        reverse("oversight:bulletin"),
        reverse("oversight:bulletin_file", args=["docx"]),
        reverse("oversight:bulletin_file", args=["pdf"]),
    ]


def test_city_officer_opens_every_page(client_for, city_officer, zone_a, zone_b):
    c = client_for(city_officer)
    for url in pages(zone_a.pk):
        assert c.get(url).status_code == 200, url
    text = c.get(reverse("oversight:dashboard")).content.decode()
    assert "甲开发区" in text and "乙开发区" in text
    assert c.get(reverse("oversight:bulletin_file", args=["odt"])).status_code == 404


@pytest.mark.parametrize("who", ["zone_a_leader", "zone_b_leader", "enterprise_user", "sysadmin"])
def test_others_are_refused(request, client_for, zone_a, who):
    c = client_for(request.getfixturevalue(who))
    for url in pages(zone_a.pk):
        assert c.get(url).status_code == 403, (who, url)


def test_another_city_officer_sees_only_their_city(client_for, city_officer, zone_a):
    other_city = f.CityFactory(name="外市", code="370200")
    own = f.ZoneFactory(city=other_city, name="外市开发区")
    other = f.user_with_role(Role.CITY_OFFICER, city=other_city, user__username="other_officer")
    c = client_for(other)
    assert c.get(reverse("oversight:zone", args=[zone_a.pk])).status_code == 404
    assert c.get(reverse("oversight:zone", args=[own.pk])).status_code == 200
    text = c.get(reverse("oversight:dashboard")).content.decode()
    assert "外市开发区" in text and "甲开发区" not in text
    assert "外市" in c.get(reverse("oversight:bulletin")).content.decode()


def test_anonymous_is_sent_to_log_in(client, zone_a):
    for url in pages(zone_a.pk):
        r = client.get(url)
        assert r.status_code == 302 and "login" in r["Location"], url


def test_menu_only_for_city_officers(city_officer, zone_a_leader, sysadmin, enterprise_user):
    def keys(user, kind):
        return {k for k, *_rest in nav_modules(user, kind)}

    assert "oversight" in keys(city_officer, "city")
    assert "oversight" not in keys(zone_a_leader, "zone")
    assert "oversight" not in keys(sysadmin, "city")
    assert "oversight" not in keys(enterprise_user, "enterprise")


def test_bad_year_is_refused_with_a_message(client_for, city_officer, zone_a):
    c = client_for(city_officer)
    for bad in ("abc", "19", "99999", "-1", "２０２６"):
        r = c.get(reverse("oversight:dashboard"), {"year": bad})
        assert r.status_code == 200
        assert "年度须为" in r.content.decode()
    assert c.get(reverse("oversight:dashboard"), {"year": "2025"}).context["year"] == 2025


def test_the_api_answers_the_city_officer_only_with_their_city(
    client_for, city_officer, zone_a, zone_a_leader
):
    c = client_for(city_officer)
    zones = c.get("/api/v1/oversight/zones", {"year": 2026}).json()
    assert [z["name"] for z in zones] == ["甲开发区"]
    assert c.get("/api/v1/oversight/zones", {"year": 1900}).status_code in (400, 422)
    figures = c.get("/api/v1/oversight/bulletin").json()
    assert any(f["key"] == "core.pilots" for f in figures)
    for url in ("/api/v1/oversight/zones", "/api/v1/oversight/bulletin"):
        assert client_for(zone_a_leader).get(url).status_code == 403
    other_city = f.CityFactory(name="外市", code="370200")
    f.ZoneFactory(city=other_city, name="外市开发区")
    other = f.user_with_role(Role.CITY_OFFICER, city=other_city, user__username="other_officer")
    assert [z["name"] for z in client_for(other).get("/api/v1/oversight/zones").json()] == ["外市开发区"]
