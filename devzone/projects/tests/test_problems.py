"""问题清单: bad input changes nothing (no owner, a deadline in the past, staff of another department), only the
responsible person, their head, the agent or a leader works on a problem, escalation of overdue problems to the
leaders once, solved counts by category and period."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devzone.core.errors import ConflictError, DomainError, PermissionDeniedError
from devzone.core.models import Clock, Notification
from devzone.core.workdays import get_calendar
from devzone.projects.models import KeyProject, Problem
from devzone.projects.selectors import problem_stats
from devzone.projects.services import escalation_scan, problem_note_add, problem_raise, problem_resolve
from devzone.testing.projects import TODAY, key, problem

pytestmark = pytest.mark.django_db


def test_a_problem_has_a_working_day_clock_and_notifies_its_owner(a):
    key(a)
    p = problem(a, deadline_workdays=5)
    assert p.due_on == get_calendar().add_workdays(TODAY, 5)
    clock = Clock.objects.get(pk=p.clock_id)
    assert clock.budget_workdays == 5 and clock.status == "running"
    assert Notification.objects.filter(user=a.officer, kind="projects.problem").exists()


@pytest.mark.parametrize(
    "change, field",
    [
        ({"owner": None}, "owner"),
        ({"department": None}, "department"),
        ({"title": "  "}, "title"),
        ({"category": "weather"}, "category"),
        ({"deadline_workdays": 0}, "deadline_workdays"),
        ({"deadline_workdays": None, "due_on": TODAY - dt.timedelta(days=1)}, "due_on"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_written(a, change, field):
    key(a)
    with pytest.raises(DomainError) as e:
        problem(a, **change)
    assert field in e.value.errors
    assert not Problem.objects.exists() and not Clock.objects.filter(purpose="问题办理").exists()


def test_the_owner_must_belong_to_the_responsible_department_and_zone(a, b):
    key(a)
    with pytest.raises(DomainError, match="不属于所选责任部门"):
        problem(a, owner=a.agent_staff)  # 综合服务部, not 经济发展部
    with pytest.raises(DomainError, match="本开发区"):
        problem(a, owner=b.officer_staff, department=b.economy)
    assert not Problem.objects.exists()


def test_a_due_date_is_counted_in_working_days(a):
    key(a)
    friday = dt.date(2025, 6, 20)
    p = problem(a, deadline_workdays=None, due_on=friday)
    assert p.due_on == friday and Clock.objects.get(pk=p.clock_id).budget_workdays == 4


@pytest.mark.parametrize(
    "asked, due",
    [
        (dt.date(2025, 6, 21), dt.date(2025, 6, 23)),  # a Saturday: the Monday after
        (
            dt.date(2025, 10, 3),
            dt.date(2025, 10, 9),
        ),  # inside 国庆·中秋 (1–8 October): the first working day after
    ],
)
def test_it_moves_a_due_date_on_a_rest_day_on_to_the_next_working_day(a, asked, due):
    """The deadline may not come before the date the raiser set: it went back to the last working day before
    it (20 June, 30 September), and the problem was escalated (督办) on the very day it was due."""
    key(a)
    p = problem(a, on=dt.date(2025, 6, 16), deadline_workdays=None, due_on=asked)
    assert p.due_on == Clock.objects.get(pk=p.clock_id).due_on == due
    assert escalation_scan(asked)["overdue"] == 0 and escalation_scan(due)["overdue"] == 0
    assert not Notification.objects.filter(kind="projects.escalate").exists()
    assert escalation_scan(due + dt.timedelta(days=1))["overdue"] == 1


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(on=st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 31)), ahead=st.integers(min_value=0, max_value=300))
def test_a_due_date_is_never_stored_earlier_and_always_a_working_day(a, on, ahead):
    """For any due date d on or after the day the problem is raised, the stored deadline (and its clock's) is a
    working day on or after d, and the first such one."""
    if not KeyProject.objects.filter(project=a.project).exists():  # once: the examples share the database
        key(a)
    asked = on + dt.timedelta(days=ahead)
    p = problem(a, on=on, deadline_workdays=None, due_on=asked)
    cal = get_calendar()
    assert p.due_on == Clock.objects.get(pk=p.clock_id).due_on
    assert p.due_on >= asked and cal.is_workday(p.due_on)
    assert all(not cal.is_workday(asked + dt.timedelta(days=n)) for n in range((p.due_on - asked).days))


def test_a_project_that_is_not_key_has_no_problem_list(a):
    with pytest.raises(DomainError, match="不是重点项目"):
        problem(a)


def test_an_enterprise_problem_goes_to_the_agent(a):
    key(a)
    p = problem_raise(actor=a.company, project=a.project, category="water", title="用水压力不足", on=TODAY)
    assert p.source == "enterprise" and p.owner == a.agent_staff and p.department == a.service


def test_who_may_work_on_a_problem(a):
    key(a)
    p = problem(a)
    from devzone.core.choices import Role
    from devzone.testing import factories as f

    stranger = f.user_with_role(Role.REVIEWER, zone=a.zone, user__username="stranger")
    with pytest.raises(PermissionDeniedError):
        problem_resolve(actor=stranger, problem=p, resolution="x", on=TODAY)
    problem_note_add(actor=a.head, problem=p, text="部长督促", on=TODAY)  # head of the responsible department
    problem_note_add(actor=a.agent, problem=p, text="代办跟进", on=TODAY)
    with pytest.raises(DomainError) as e:
        problem_resolve(actor=a.officer, problem=p, resolution=" ", on=TODAY)
    assert "resolution" in e.value.errors
    with pytest.raises(ConflictError):
        problem_resolve(actor=a.officer, problem=p, resolution="已接电", expected_version=0, on=TODAY)
    done = problem_resolve(actor=a.officer, problem=p, resolution="已接电", on=TODAY)
    assert (
        done.status == "resolved"
        and done.resolved_by == a.officer
        and [n.text for n in p.notes.all()]
        == [
            "部长督促",
            "代办跟进",
        ]
    )
    assert Clock.objects.get(pk=p.clock_id).status == "stopped"
    with pytest.raises(DomainError, match="已解决"):
        problem_resolve(actor=a.officer, problem=p, resolution="again", on=TODAY)


def test_overdue_problems_are_escalated_to_the_leaders_once(a):
    key(a)
    p = problem(a, deadline_workdays=2)
    assert escalation_scan(p.due_on) == {"overdue": 0, "notified": 0}
    late = p.due_on + dt.timedelta(days=1)
    counts = escalation_scan(late)
    assert counts == {"overdue": 1, "notified": 2}  # the leader and the responsible person
    notes = Notification.objects.filter(kind="projects.escalate")
    assert {n.user for n in notes} == {a.leader, a.officer} and "督办" in notes[0].title
    assert escalation_scan(late + dt.timedelta(days=1))["notified"] == 0  # once
    assert Problem.objects.get(pk=p.pk).escalated_on == late
    problem_resolve(actor=a.officer, problem=p, resolution="已解决", on=late)
    assert escalation_scan(late + dt.timedelta(days=2))["overdue"] == 0


def test_solved_counts_by_category_and_period(a, b):
    key(a)
    key(b)
    for cat, when in (
        ("power", TODAY),
        ("power", TODAY),
        ("land", TODAY),
        ("gas", TODAY - dt.timedelta(days=60)),
    ):
        p = problem(a, category=cat, on=when)
        problem_resolve(actor=a.leader, problem=p, resolution="好", on=when)
    problem(a, category="water")  # open
    pb = problem(b, category="power")
    problem_resolve(actor=b.leader, problem=pb, resolution="好", on=TODAY)
    stats = problem_stats(user=a.leader, zone_id=None, start=TODAY - dt.timedelta(days=30), end=TODAY)
    by = {c["code"]: c for c in stats["categories"]}
    assert stats["solved"] == 3 and by["power"]["solved"] == 2 and by["land"]["solved"] == 1
    assert by["gas"]["solved"] == 0 and by["water"]["open"] == 1 and stats["open"] == 1
    assert stats["months"] == [{"month": "2025-06", "solved": 3}]


def test_it_keeps_the_due_date_in_step_with_its_clock_when_the_calendar_changes(a, sysadmin):
    from devzone.core.services.calendar import calendar_day_set

    key(a)
    p = problem(a, on=dt.date(2025, 6, 16), deadline_workdays=5)  # Mon 16 + 5 working days: Mon 23
    assert p.due_on == dt.date(2025, 6, 23)
    calendar_day_set(
        actor=sysadmin, date=dt.date(2025, 6, 18), is_workday=False, name="临时放假", source="测试"
    )
    p.refresh_from_db()
    assert p.due_on == Clock.objects.get(pk=p.clock_id).due_on == dt.date(2025, 6, 24)
    assert escalation_scan(dt.date(2025, 6, 24))["overdue"] == 0  # due today, not overdue
    assert escalation_scan(dt.date(2025, 6, 25))["overdue"] == 1


def test_it_forgets_an_escalation_that_a_later_deadline_makes_premature(a, sysadmin):
    from devzone.core.services.calendar import calendar_day_set

    key(a)
    p = problem(a, on=dt.date(2025, 6, 16), deadline_workdays=1)  # due Tue 17
    escalation_scan(dt.date(2025, 6, 18))
    assert Problem.objects.get(pk=p.pk).escalated_on == dt.date(2025, 6, 18)
    calendar_day_set(
        actor=sysadmin, date=dt.date(2025, 6, 17), is_workday=False, name="临时放假", source="测试"
    )
    p.refresh_from_db()
    assert p.due_on == dt.date(2025, 6, 18) and p.escalated_on is None  # it was not overdue on the 18th
    assert escalation_scan(dt.date(2025, 6, 19))["overdue"] == 1
    assert Problem.objects.get(pk=p.pk).escalated_on == dt.date(2025, 6, 19)


def test_it_refuses_a_due_date_beyond_the_maximum_of_working_days(a):
    key(a)
    with pytest.raises(DomainError, match="250") as e:
        problem(a, on=dt.date(2025, 6, 16), deadline_workdays=None, due_on=dt.date(2026, 12, 31))
    assert "due_on" in e.value.errors and not Problem.objects.exists()
    cal = get_calendar()
    last = cal.add_workdays(dt.date(2025, 6, 16), 250)
    p = problem(a, on=dt.date(2025, 6, 16), deadline_workdays=None, due_on=last)
    assert Clock.objects.get(pk=p.clock_id).budget_workdays == 250
    with pytest.raises(DomainError, match="250"):
        problem(a, on=dt.date(2025, 6, 16), deadline_workdays=None, due_on=cal.add_workdays(last, 1))
