"""A key project given to an agent (代办专员): the agent must hear of it — they now carry the project, its visit
cadence and the enterprise's problems, and the visit reminder comes only once a visit is already late. The agent
who hands it over hears that it has left them. (Found by review: no one was told.)"""

from __future__ import annotations

import pytest
from django.db import transaction

from devzone.core.choices import Role
from devzone.core.models import Notification
from devzone.projects.models import AgentAssignment
from devzone.projects.services import agent_assign
from devzone.testing import factories as f
from devzone.testing.projects import TODAY, key

pytestmark = pytest.mark.django_db


def told(user, kind="projects.agent"):
    return list(Notification.objects.filter(user=user, kind=kind).order_by("id"))


@pytest.fixture
def newcomer(a):
    staff = f.StaffFactory(zone=a.zone, department=a.service, name="甲新代办")
    return staff, f.staff_user(Role.AGENT, staff, "a_new_agent")


def test_the_new_agent_is_told_of_the_project(a, newcomer):
    key(a)
    other_staff, other = newcomer
    agent_assign(actor=a.leader, project=a.project, agent=other_staff, note="工作调整", on=TODAY)
    [notice] = told(other)
    assert a.project.name in notice.title and notice.url == f"/projects/p/{a.project.pk}/"
    assert notice.zone_id == a.zone.pk and "工作调整" in notice.body


def test_the_agent_named_at_handover_is_told(a):
    key(a)
    [notice] = told(a.agent)
    assert a.project.name in notice.title


def test_the_previous_agent_is_told_the_project_left_them(a, newcomer):
    key(a)
    other_staff, other = newcomer
    agent_assign(actor=a.leader, project=a.project, agent=other_staff, on=TODAY)
    given, left = told(a.agent)
    assert a.project.name in left.title and other_staff.name in left.title
    assert given.title != left.title and len(told(other)) == 1


def test_each_assignment_is_told_once_and_a_later_one_again(a, newcomer):
    """Once per project and assignment: giving the project back to its first agent is a new assignment."""
    key(a)
    other_staff, other = newcomer
    agent_assign(actor=a.leader, project=a.project, agent=other_staff, on=TODAY)
    agent_assign(actor=a.leader, project=a.project, agent=a.agent_staff, on=TODAY)
    assert AgentAssignment.objects.filter(project=a.project).count() == 3
    assert len(told(a.agent)) == 3  # given at handover, left, given back
    assert len(told(other)) == 2  # given, left
    assert len({n.dedupe_key for n in Notification.objects.filter(kind="projects.agent")}) == 5


def test_no_notice_survives_an_assignment_that_is_rolled_back(a, newcomer):
    key(a)
    other_staff, other = newcomer
    with pytest.raises(RuntimeError), transaction.atomic():
        agent_assign(actor=a.leader, project=a.project, agent=other_staff, on=TODAY)
        assert len(told(other)) == 1  # written in the assignment's transaction
        raise RuntimeError("the caller's transaction fails after the assignment")
    assert told(other) == [] and len(told(a.agent)) == 1
