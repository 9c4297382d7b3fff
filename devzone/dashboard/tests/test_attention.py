"""The home page's 要事: counts of what needs attention, from the user's own zone only, each linking to its list."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from devzone.projects.choices import Colour
from devzone.testing.projects import TODAY, build_cast, key, problem


def attention_counts(client) -> dict[str, int]:
    html = client.get(reverse("dashboard:home")).content.decode()
    found = re.findall(
        r'<div class="h2 mb-0[^"]*">(\d+)</div>\s*<div class="text-secondary small">([^<]+)</div>', html
    )
    return {label: int(n) for n, label in found}


@pytest.mark.isolation
def test_the_leader_sees_red_projects_and_overdue_problems_of_the_own_zone_only(
    client_for, zone_a, zone_a_leader, zone_b, zone_b_leader
):
    a = build_cast(zone_a, "甲", leader=zone_a_leader)
    b = build_cast(zone_b, "乙", leader=zone_b_leader)
    for cast in (a, b):
        kp = key(cast)
        kp.status = Colour.RED
        kp.save(update_fields=["status"])
        problem(cast, on=TODAY)  # due five working days after 2025-06-16: overdue today (2026)
    counts = attention_counts(client_for(zone_a_leader))
    assert counts["严重滞后的重点项目"] == 1
    assert counts["超期未解决的问题"] == 1
    assert counts["停滞的招商线索"] == 0
    page = client_for(zone_a_leader).get(reverse("dashboard:home"))
    assert reverse("projects:portfolio") + "?status=red" in page.content.decode()
    assert page.context["cards"]["key_projects"] == 1  # zone B's key project is not counted
    assert "乙项目" not in page.content.decode()


def test_an_enterprise_user_has_no_attention_panel(client_for, enterprise_user):
    assert attention_counts(client_for(enterprise_user)) == {}
