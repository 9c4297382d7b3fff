"""The department head's desk (issue 14): 本部门待整改的差评 counts the head's own department's open follow-ups,
and its link lists exactly those rows, not the zone's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.services.models import Rating
from devzone.testing import factories as f

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
