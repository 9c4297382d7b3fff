"""The periodic jobs' notices are written in each recipient's language (Profile.language; Chinese when none was
chosen), dates as that reader writes them: the escalation of overdue problems, the visit reminder and the notice
of the automatic weekly dispatch."""

import datetime as dt

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from devzone.core.actors import system_actor
from devzone.core.choices import Role
from devzone.core.models import Notification, Profile
from devzone.projects.models import KeyProject, WeeklyDispatch
from devzone.projects.services import escalation_scan, visit_record, visit_reminder_scan
from devzone.projects.services.dispatching import dispatch_scan
from devzone.testing import factories as f
from devzone.testing.english import catalog_has
from devzone.testing.projects import TODAY, key, problem

pytestmark = pytest.mark.django_db


def english(user) -> None:
    Profile.objects.filter(user=user).update(language="en")


def written(day: dt.date, language: str) -> str:
    with translation.override(language):
        return date_format(day, "DATE_FORMAT")


def test_the_escalation_reaches_each_reader_in_their_language_with_their_dates(a):
    key(a)
    p = problem(a, deadline_workdays=2)
    english(a.leader)
    with translation.override("zh-hans"):  # the job's own language does not matter
        escalation_scan(p.due_on + dt.timedelta(days=1))
    en = Notification.objects.get(kind="projects.escalate", user=a.leader).title
    zh = Notification.objects.get(kind="projects.escalate", user=a.officer).title
    assert en == (
        f"Supervision: {a.project.name} · {p.title} is past its deadline ({written(p.due_on, 'en')}); "
        f"owner {p.owner.name}"
    )
    assert (
        zh
        == f"督办：{a.project.name}·{p.title} 已超过办结期限（{written(p.due_on, 'zh-hans')}），责任人{p.owner.name}"
    )
    assert f"{p.due_on.month}月{p.due_on.day}日" in zh and "月" not in en


def test_the_visit_reminder_is_in_the_agents_language(a):
    key(a)
    visit_record(
        actor=a.agent, project=a.project, visited_on=TODAY, people_met="经理", findings="好", on=TODAY
    )
    due = KeyProject.objects.get(project=a.project).next_visit_due
    english(a.agent)
    visit_reminder_scan(due + dt.timedelta(days=1))
    title = Notification.objects.get(kind="projects.visit", user=a.agent).title
    assert title.startswith(f"Visit reminder: {a.project.name} was due a visit by {written(due, 'en')}")
    assert "走访提醒" not in title


def test_the_automatic_dispatch_is_announced_to_each_leader_in_their_language(a, zone_a):
    catalog_has({"%(zone)s重点项目周调度": "Weekly key-project coordination report, %(zone)s"})
    key(a)
    other = f.user_with_role(Role.ZONE_LEADER, zone=zone_a, user__username="a_lead_en")
    english(other)
    at = dt.datetime(2025, 6, 16, 19, 5, tzinfo=timezone.get_current_timezone())
    [pk] = dispatch_scan(at, actor=system_actor())
    d = WeeklyDispatch.objects.get(pk=pk)
    en = Notification.objects.get(kind="projects.dispatch", user=other).title
    zh = Notification.objects.get(kind="projects.dispatch", user=a.leader).title
    assert (
        d.title == f"{zone_a.name}重点项目周调度"
    )  # stored as issued; each reader reads it in their language
    assert en == (
        "This week's key-project coordination report has been issued: "
        f"Weekly key-project coordination report, {zone_a.name}"
    )
    assert zh == f"本周重点项目周调度已生成：{d.title}"
