"""The department head's desk (issue 14): 本部门待整改的差评 counts the head's own department's open follow-ups,
and its link lists exactly those rows, not the zone's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.services.models import Rating
from devzone.testing import factories as f
from devzone.testing.projects import build_cast, key

pytestmark = pytest.mark.django_db


def test_the_heads_bad_ratings_link_is_filtered_to_the_heads_department(client_for, side_a):
    ours = side_a.rating(level=1, comment="答复敷衍")
    theirs = side_a.rating(level=1, comment="没有解决")
    other = f.DepartmentFactory(zone=side_a.zone, name="规划建设部")
    Rating.objects.filter(pk=theirs.pk).update(department=other)

    client = client_for(side_a.head)
    page = client.get(reverse("dashboard:home"))
    entry = {e.key: e for e in page.context["desk"]}["services.department_followups"]
    assert entry.count == 1
    assert f"department={side_a.department.pk}" in entry.url
    listed = client.get(entry.url)
    assert listed.status_code == 200
    shown = [row.pk for row in listed.context["page_obj"]] if "page_obj" in listed.context else None
    html = listed.content.decode()
    assert ours.follow_up.get_absolute_url() in html
    assert theirs.follow_up.get_absolute_url() not in html, shown


def test_the_heads_count_leaves_out_follow_ups_already_called_back_as_its_list_does(client_for, side_a):
    """A follow-up called back waits for the enterprise, not the department: 本部门待整改的差评 counts the open ones
    only, the rows its link (status=open) lists."""
    first, _second = side_a.rating(level=1, comment="没解决"), side_a.rating(level=1, comment="答复敷衍")
    side_a.call_back(first)
    c = client_for(side_a.head)
    entry = {e.key: e for e in c.get(reverse("dashboard:home")).context["desk"]}[
        "services.department_followups"
    ]
    assert entry.count == 1
    assert c.get(entry.url).context["page"].paginator.count == 1


def test_the_enterprises_services_to_rate_are_english_on_the_desk_and_its_page(client_for, zone_a):
    """An agency service (全程代办) to rate is named in the reader's language."""
    cast = build_cast(zone_a, "甲")
    project = key(cast).project
    c = client_for(cast.company)
    c.cookies["devzone_language"] = "en"
    entry = {e.key: e for e in c.get(reverse("dashboard:home")).context["desk"]}["services.to_rate"]
    agency = [r.label for r in entry.rows if project.name in r.label]
    assert agency == [f"{project.name} · End-to-end facilitation"]
    assert "全程代办" not in c.get(reverse("services:home")).content.decode()
