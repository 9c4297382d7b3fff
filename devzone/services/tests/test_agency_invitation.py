"""The enterprise is asked once per key project to rate the agency service, however many of its problems are
resolved (it was asked once per problem: duplicates)."""

from __future__ import annotations

from devzone.core import models as m
from devzone.projects.services import problem_resolve
from devzone.testing.projects import TODAY, build_cast, key, problem


def test_two_resolved_problems_ask_for_one_rating(zone_a):
    a = build_cast(zone_a, "甲")
    key(a)
    for title in ("施工用电未接入", "道路未通"):
        p = problem(a, on=TODAY, title=title)
        problem_resolve(actor=a.agent, problem=p, resolution="已协调解决", on=TODAY)
    invitations = m.Notification.objects.filter(user=a.company, kind="services.rate")
    assert invitations.count() == 1
    assert invitations.get().url.endswith(f"/rate/agency/{a.project.pk}/")
