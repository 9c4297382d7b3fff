"""The city's all-zones mode: a one-zone page asks for the zone on the page (never a 403 or a 404), lists and
statistics compare the zones with a drill-down, and the zone list shows every zone whatever is picked."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.projects.choices import Colour
from devzone.testing import factories as f
from devzone.testing.projects import build_cast, key

ONE_ZONE_PAGES = (
    "projects:agents",
    "projects:dispatch_list",
    "projects:settings",
    "services:survey_list",
    "services:statistics",
    "services:settings",
    "performance:annual",
    "performance:report",
    "investment:leaderboard",
)


@pytest.mark.parametrize("name", ONE_ZONE_PAGES)
def test_a_one_zone_page_asks_the_city_for_a_zone(name, client_for, city_officer, zone_a, zone_b):
    client = client_for(city_officer)
    page = client.get(reverse(name))
    assert page.status_code == 200
    html = page.content.decode()
    assert "data-zone-required" in html and zone_a.name in html and zone_b.name in html
    # picking a zone on the page comes back to the page, now in that zone
    back = client.post(reverse("core:switch_zone"), {"zone": zone_a.pk, "next": reverse(name)})
    assert back["Location"] == reverse(name)
    assert "data-zone-required" not in client.get(reverse(name)).content.decode()


def test_the_portfolio_compares_zones_and_names_each_rows_zone(client_for, city_officer, zone_a, zone_b):
    for zone, mark in ((zone_a, "甲"), (zone_b, "乙")):
        kp = key(build_cast(zone, mark))
        if mark == "乙":
            kp.status = Colour.RED
            kp.save(update_fields=["status"])
    client = client_for(city_officer)
    page = client.get(reverse("projects:portfolio"))
    per_zone = {z["name"]: (z["total"], z["red"]) for z in page.context["per_zone"]}
    assert per_zone == {zone_a.name: (1, 0), zone_b.name: (1, 1)}
    assert page.content.decode().count("data-zone-cell") == 2
    client.post(reverse("core:switch_zone"), {"zone": zone_b.pk})
    page = client.get(reverse("projects:portfolio"))
    assert page.context["per_zone"] == [] and "data-zone-cell" not in page.content.decode()


def test_approval_statistics_break_down_by_zone_for_the_city(client_for, city_officer, zone_a, zone_b):
    page = client_for(city_officer).get(reverse("approvals:statistics"))
    assert page.status_code == 200
    assert page.context["stats"]["zones"] == []  # nothing concluded yet: no rows, but no error


def test_the_zone_list_does_not_follow_the_switcher(client_for, city_officer, zone_a, zone_b):
    client = client_for(city_officer)
    client.post(reverse("core:switch_zone"), {"zone": zone_a.pk})
    html = client.get(reverse("core:zone_list")).content.decode()
    assert zone_a.name in html and zone_b.name in html


def test_a_zone_user_never_sees_the_picker(client_for, zone_a_leader):
    f.DepartmentFactory(zone=zone_a_leader.profile.zone)
    assert (
        "data-zone-required" not in client_for(zone_a_leader).get(reverse("projects:agents")).content.decode()
    )
