"""A leaver's open work in key projects (projects.hooks, shown by core's person page): the key projects they
are agent of and the problems they still hold, listed when their account is deactivated."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.core.models import Profile
from devzone.core.services import people
from devzone.testing import projects as tp

pytestmark = pytest.mark.django_db


def test_deactivating_an_agent_lists_their_key_projects_and_open_problems(client_for, zone_a):
    cast = tp.build_cast(zone_a, "甲")
    tp.key(cast)
    tp.problem(cast, owner=cast.agent_staff, department=cast.service)
    person = Profile.objects.get(user=cast.agent)
    people.person_deactivate(actor=cast.leader, profile=person, reason="调离")
    page = client_for(cast.leader).get(reverse("core:person_detail", args=[person.pk])).content.decode()
    assert "尚未移交的工作" in page
    assert "代办的重点项目" in page and "办理中的问题" in page
    # the same list in the API's answer, counted
    from devzone.core.selectors import open_work_of

    assert {label: n for label, n, _url in open_work_of(cast.agent)} == {
        "代办的重点项目": 1,
        "办理中的问题": 1,
    }
