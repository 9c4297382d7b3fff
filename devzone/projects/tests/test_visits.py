"""Agents and site visits: assignments keep their history, non-agents only by a leader; a visit refuses a date in
the future or before signing and photos that are not images; the cadence sets the next visit's due date and the
job reminds the agent once per missed date."""

import datetime as dt

import pytest

from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.core.models import Notification
from devzone.core.workdays import get_calendar
from devzone.projects.models import AgentAssignment, KeyProject, SiteVisit, VisitPhoto
from devzone.projects.selectors import workload
from devzone.projects.services import agent_assign, cadence_set, visit_record, visit_reminder_scan
from devzone.testing.projects import SIGNED, TODAY, jpeg, key, problem, visit

pytestmark = pytest.mark.django_db


def test_assignments_keep_their_history_and_only_leaders_pick_non_agents(a):
    key(a, agent=False)
    agent_assign(actor=a.leader, project=a.project, agent=a.officer_staff, on=SIGNED)  # a leader picks anyone
    with pytest.raises(PermissionDeniedError):
        agent_assign(
            actor=a.head,
            project=a.project,
            agent=a.officer_staff.department.staff.exclude(pk=a.officer_staff.pk).first(),
            on=TODAY,
        )
    agent_assign(actor=a.head, project=a.project, agent=a.agent_staff, on=TODAY)  # a 代办专员: any assigner
    history = list(AgentAssignment.objects.filter(project=a.project).order_by("started_on"))
    assert [(h.agent, h.started_on, h.ended_on) for h in history] == [
        (a.officer_staff, SIGNED, TODAY),
        (a.agent_staff, TODAY, None),
    ]
    with pytest.raises(DomainError, match="已是"):
        agent_assign(actor=a.leader, project=a.project, agent=a.agent_staff, on=TODAY)


def test_a_visit_date_in_the_future_or_before_signing_and_bad_photos_are_refused(a):
    key(a)
    for day in (TODAY + dt.timedelta(days=1), SIGNED - dt.timedelta(days=1)):
        with pytest.raises(DomainError) as e:
            visit_record(
                actor=a.agent, project=a.project, visited_on=day, people_met="经理", findings="好", on=TODAY
            )
        assert "visited_on" in e.value.errors
    for name, data in (("a.jpg", b"not an image"), ("b.gif", b"GIF89a" + b"\0" * 20), ("c.jpg", b"")):
        with pytest.raises(DomainError) as e:
            visit(a, photos=[(name, data)])
        assert "photos" in e.value.errors
    with pytest.raises(DomainError) as e:
        visit_record(actor=a.agent, project=a.project, visited_on=TODAY, people_met="", findings="", on=TODAY)
    assert set(e.value.errors) == {"people_met", "findings"}
    assert not SiteVisit.objects.exists() and not VisitPhoto.objects.exists()
    v = visit(a, photos=[("site.jpg", jpeg())])
    assert v.agent == a.agent_staff and v.photos.get().content_type == "image/jpeg"


def test_the_cadence_sets_the_next_visit_and_the_job_reminds_the_agent_once(a):
    key(a)
    cal = get_calendar()
    visit_record(
        actor=a.agent, project=a.project, visited_on=TODAY, people_met="经理", findings="好", on=TODAY
    )
    t = KeyProject.objects.get(project=a.project)
    assert t.last_visit_on == TODAY and t.next_visit_due == cal.add_workdays(TODAY, 10)
    assert visit_reminder_scan(t.next_visit_due) == {"overdue": 0, "notified": 0}
    late = t.next_visit_due + dt.timedelta(days=1)
    assert visit_reminder_scan(late) == {"overdue": 1, "notified": 1}
    n = Notification.objects.get(kind="projects.visit")
    assert n.user == a.agent and "走访提醒" in n.title and a.project.name in n.title
    assert visit_reminder_scan(late + dt.timedelta(days=3))["notified"] == 0  # once per missed date
    # a shorter cadence (a leader's choice) moves the due date from the last visit
    cadence_set(actor=a.leader, project=a.project, workdays=5)
    t.refresh_from_db()
    assert t.next_visit_due == cal.add_workdays(TODAY, 5)
    with pytest.raises(DomainError):
        cadence_set(actor=a.leader, project=a.project, workdays=0)
    # the next visit clears the reminder's cause
    visit_record(
        actor=a.agent, project=a.project, visited_on=TODAY, people_met="经理", findings="复查", on=TODAY
    )
    assert visit_reminder_scan(TODAY)["overdue"] == 0


def test_workload_counts_each_agents_projects_visits_and_problems(a):
    key(a)
    problem(a, owner=a.agent_staff, department=a.service)
    rows = {r["staff"]: r for r in workload(user=a.leader, zone_id=a.zone.pk, on=TODAY)}
    r = rows[a.agent_staff]
    assert (r["total"], r["problems_open"]) == (1, 1)
    assert r["visits_overdue"] == 1  # handed over at signing, never visited: due 10 working days later


def test_an_inactive_staff_member_is_never_made_the_agent_by_the_service_the_api_or_the_page(a, client_for):
    """The page offers active staff only; the service and the API refuse the others the same way (400 on the
    ``agent`` field), so the API cannot do what the page does not offer."""
    import json

    key(a, agent=False)
    gone = a.officer_staff
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    with pytest.raises(DomainError) as e:
        agent_assign(actor=a.leader, project=a.project, agent=gone, on=TODAY)
    assert "agent" in e.value.errors
    resp = client_for(a.leader).post(
        f"/api/v1/projects/key-projects/{a.project.pk}/agent",
        json.dumps({"agent": gone.pk, "version": KeyProject.objects.get(project=a.project).version}),
        content_type="application/json",
    )
    assert resp.status_code == 400 and "agent" in resp.json()["errors"]
    page = client_for(a.leader).post(f"/projects/p/{a.project.pk}/agent/", {"agent": gone.pk})
    assert page.status_code == 302
    assert not AgentAssignment.objects.filter(project=a.project).exists()
    assert KeyProject.objects.get(project=a.project).agent_id is None


def test_the_next_visit_follows_a_calendar_correction(a, sysadmin):
    """A visit is due a number of working days after the last one: when an administrator corrects the calendar
    (a day off declared), the due date moves with it, and the reminder comes on the right day."""
    from devzone.core.services.calendar import calendar_day_set

    key(a)
    visit(a, visited_on=dt.date(2025, 6, 16))  # Mon 16 + 10 working days: Mon 30
    t = KeyProject.objects.get(project=a.project)
    assert t.next_visit_due == dt.date(2025, 6, 30)
    calendar_day_set(
        actor=sysadmin, date=dt.date(2025, 6, 18), is_workday=False, name="临时放假", source="测试"
    )
    t.refresh_from_db()
    assert t.next_visit_due == dt.date(2025, 7, 1)
    assert visit_reminder_scan(dt.date(2025, 7, 1))["overdue"] == 0  # due today, not late
    # the cadence set afterwards counts on the corrected calendar, and follows the next correction too
    cadence_set(actor=a.leader, project=a.project, workdays=5)
    t.refresh_from_db()
    assert t.next_visit_due == dt.date(2025, 6, 24)
    calendar_day_set(
        actor=sysadmin, date=dt.date(2025, 6, 18), is_workday=True, name="恢复上班", source="测试"
    )
    t.refresh_from_db()
    assert t.next_visit_due == dt.date(2025, 6, 23)


def test_a_project_never_visited_follows_a_calendar_correction_from_its_handover(a, sysadmin):
    from devzone.core.services.calendar import calendar_day_set

    key(a)  # handed over Mon 3 March 2025: due 10 working days later, Mon 17 March
    assert KeyProject.objects.get(project=a.project).next_visit_due == dt.date(2025, 3, 17)
    calendar_day_set(
        actor=sysadmin, date=dt.date(2025, 3, 5), is_workday=False, name="临时放假", source="测试"
    )
    assert KeyProject.objects.get(project=a.project).next_visit_due == dt.date(2025, 3, 18)


def test_a_key_project_from_before_the_visit_clock_gets_one_that_follows_the_calendar(a, sysadmin):
    """Migration 0003 starts a visit clock for the key projects that had only the stored date."""
    import importlib

    from django.apps import apps

    from devzone.core.services.calendar import calendar_day_set

    key(a)
    KeyProject.objects.update(visit_clock=None)  # the row as it was before the migration
    migration = importlib.import_module("devzone.projects.migrations.0003_keyproject_visit_clock")
    migration.start_visit_clocks(apps, None)
    t = KeyProject.objects.select_related("visit_clock").get(project=a.project)
    assert t.visit_clock.started_on == SIGNED and t.visit_clock.budget_workdays == 10
    assert t.visit_clock.due_on == t.next_visit_due == dt.date(2025, 3, 17)
    calendar_day_set(
        actor=sysadmin, date=dt.date(2025, 3, 5), is_workday=False, name="临时放假", source="测试"
    )
    assert KeyProject.objects.get(project=a.project).next_visit_due == dt.date(2025, 3, 18)
