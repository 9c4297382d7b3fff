"""How an application's clock reads (plain module), and the periodic deadline scan."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devzone.approvals import clock
from devzone.approvals.jobs import scan_deadlines
from devzone.approvals.services import applications as svc
from devzone.core.choices import Role
from devzone.core.models import Notification
from devzone.core.workdays import get_calendar
from devzone.testing import factories as f
from devzone.testing.approvals import MONDAY, ItemFactory, accepted


@given(budget=st.integers(0, 200), elapsed=st.integers(0, 260))
def test_the_colour_follows_the_share_of_the_limit_left(budget, elapsed):
    r = clock.read(budget=budget, elapsed=elapsed)
    assert r.remaining == budget - elapsed
    if elapsed > budget:
        assert r.colour == clock.RED and r.overdue
    elif budget - elapsed <= budget * 0.2:
        assert r.colour == clock.YELLOW
    else:
        assert r.colour == clock.GREEN


@given(budget=st.integers(5, 100), step_limit=st.integers(1, 10), over=st.integers(1, 5))
def test_a_step_overrun_is_red_although_the_total_is_not(budget, step_limit, over):
    r = clock.read(budget=budget, elapsed=0, step_limit=step_limit, step_elapsed=step_limit + over)
    assert r.colour == clock.RED and r.step_overrun and not r.overdue


def test_yellow_at_twenty_percent_by_default():
    assert clock.read(budget=10, elapsed=7).colour == clock.GREEN
    assert clock.read(budget=10, elapsed=8).colour == clock.YELLOW
    assert clock.read(budget=10, elapsed=10).colour == clock.YELLOW
    assert clock.read(budget=10, elapsed=11).colour == clock.RED


@pytest.mark.django_db
def test_the_scan_warns_the_reviewer_once_and_escalates_overdue_files_to_the_leader(
    company_user, clerk, reviewer, project_a, zone_a, zone_a_leader, zone_a_dept_head
):
    item = ItemFactory(zone=zone_a, steps=(1, 9, 1, 1))  # the review step may take 9 of the 10 days
    app = accepted(company_user, clerk, reviewer, project_a, item)
    cal = get_calendar()
    yellow_day = cal.add_workdays(MONDAY, 8)  # 2 of 10 left
    scan_deadlines(yellow_day)
    kinds = set(Notification.objects.filter(user=reviewer).values_list("kind", flat=True))
    assert "approvals.warn" in kinds
    assert Notification.objects.filter(user=zone_a_dept_head, kind="approvals.warn").exists()
    assert not Notification.objects.filter(user=zone_a_leader).exists()
    count = Notification.objects.count()
    scan_deadlines(yellow_day)
    assert Notification.objects.count() == count  # not twice
    scan_deadlines(cal.add_workdays(MONDAY, 12))
    escalation = Notification.objects.get(user=zone_a_leader, kind="approvals.escalate")
    assert "督办" in escalation.title and escalation.url == app.get_absolute_url()


@pytest.mark.django_db
def test_the_scan_tells_the_reviewer_when_a_step_overruns_its_own_limit(
    company_user, clerk, reviewer, project_a, item
):
    app = accepted(company_user, clerk, reviewer, project_a, item)
    svc.application_advance_step(actor=reviewer, application=app, on=MONDAY)  # 审查 → 决定, limit 2
    scan_deadlines(get_calendar().add_workdays(MONDAY, 3))  # 3 days in 决定; 7 of 10 left in total
    note = Notification.objects.get(user=reviewer)
    assert note.kind == "approvals.step" and "环节超时" in note.title


@pytest.mark.django_db
def test_the_scan_ignores_other_zones_leaders(company_user, clerk, reviewer, project_a, item, zone_b):
    other_leader = f.user_with_role(Role.ZONE_LEADER, zone=zone_b, user__username="b_lead2")
    accepted(company_user, clerk, reviewer, project_a, item)
    scan_deadlines(MONDAY + dt.timedelta(days=60))
    assert not Notification.objects.filter(user=other_leader).exists()
