"""The pages as their users rely on them: list pages cost the same number of queries for 2 or 12 projects,
bad input is shown on the form and changes nothing, the leader's settings change the rules and the template."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from devzone.projects.models import KeyProject, Milestone, Problem, ProjectRules, SiteVisit, TemplateStep
from devzone.projects.services import handover_to_build, problem_raise, visit_record
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db
LISTS = [
    "projects:portfolio",
    "projects:problem_list",
    "projects:visit_list",
    "projects:agents",
    "projects:dispatch_list",
]


def add_projects(a, n: int) -> None:
    today = timezone.localdate()
    for i in range(n):
        p = f.ProjectFactory(zone=a.zone, enterprise=a.enterprise, signed_on=today - dt.timedelta(days=30))
        handover_to_build(actor=a.leader, project=p, agent=a.agent_staff, on=p.signed_on)
        visit_record(actor=a.agent, project=p, visited_on=today, people_met="经理", findings=f"走访{i}")
        problem_raise(
            actor=a.agent,
            project=p,
            category="gas",
            title=f"问题{i}",
            department=a.economy,
            owner=a.officer_staff,
        )


def counts(client) -> dict[str, int]:
    out = {}
    for name in LISTS:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(name)).status_code == 200
        out[name] = len(ctx.captured_queries)
    return out


def add_rows(a, n: int) -> None:
    """``n`` key projects of the cast's enterprise with a visit (and a photo) and a problem, and an issued
    dispatch: every list below grows."""
    from devzone.projects.services import visit_photo_add
    from devzone.projects.services.dispatching import dispatch_issue
    from devzone.testing.projects import png

    add_projects(a, n)
    for v in SiteVisit.objects.filter(zone=a.zone).exclude(photos__isnull=False):
        visit_photo_add(actor=a.agent, visit=v, name="site.png", data=png())
    dispatch_issue(actor=a.leader, zone=a.zone)


API_LISTS = [
    "/api/v1/projects/key-projects",
    "/api/v1/projects/problems",
    "/api/v1/projects/visits",
    "/api/v1/projects/dispatches",
    "/api/v1/projects/agents/workload",
    "/api/v1/projects/problems/statistics",
]


def test_api_lists_and_the_enterprise_pages_do_not_query_per_row(a, client_for):
    leader, company = client_for(a.leader), client_for(a.company)

    def measure() -> dict[str, int]:
        out = {}
        for who, client, urls in (
            ("leader", leader, [*API_LISTS, reverse("projects:problem_stats")]),
            ("company", company, [reverse("projects:mine"), reverse("projects:problem_list"), API_LISTS[0]]),
        ):
            for url in urls:
                with CaptureQueriesContext(connection) as ctx:
                    assert client.get(url).status_code == 200, url
                out[f"{who} {url}"] = len(ctx.captured_queries)
        return out

    add_rows(a, 2)
    few = measure()
    add_rows(a, 10)
    assert measure() == few
    assert max(few.values()) <= 25


def test_list_pages_do_not_query_per_row(a, client_for):
    c = client_for(a.leader)
    add_rows(a, 2)
    few = counts(c)
    add_rows(a, 10)
    assert counts(c) == few
    assert max(few.values()) <= 25


def test_a_milestone_date_in_the_future_is_shown_and_changes_nothing(a, client_for):
    add_projects(a, 1)
    project = KeyProject.objects.get().project
    land = Milestone.objects.get(project=project, code="land")
    c = client_for(a.agent)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    resp = c.post(
        reverse("projects:project_action", args=[project.pk, "milestone"]),
        {"milestone": land.pk, "actual_on": tomorrow.isoformat(), "version": 0},
    )
    assert [str(m) for m in get_messages(resp.wsgi_request)][0].startswith("日期不能晚于今天")
    assert Milestone.objects.get(pk=land.pk).actual_on is None


def test_a_visit_form_with_a_future_date_keeps_the_users_input(a, client_for):
    add_projects(a, 1)
    project = KeyProject.objects.get().project
    resp = client_for(a.agent).post(
        reverse("projects:visit_new", args=[project.pk]),
        {
            "visited_on": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
            "people_met": "经理",
            "findings": "未来",
        },
    )
    assert (
        resp.status_code == 200
        and "日期不能晚于今天" in resp.content.decode()
        and "未来" in resp.content.decode()
    )
    assert SiteVisit.objects.count() == 1


def test_a_problem_without_owner_is_refused_on_the_form(a, client_for):
    add_projects(a, 1)
    project = KeyProject.objects.get().project
    resp = client_for(a.agent).post(
        reverse("projects:problem_new"),
        {"project": project.pk, "category": "power", "title": "无人负责", "department": a.economy.pk},
    )
    assert resp.status_code == 200 and resp.context["form"].errors["owner"]


def test_a_due_date_on_a_rest_day_is_moved_on_and_the_raiser_is_told_which_day(a, client_for):
    """The deadline asked for a Saturday or a holiday is the next working day, never the one before, and the
    confirmation names the day it became."""
    from devzone.core.workdays import get_calendar

    add_projects(a, 1)
    project = KeyProject.objects.get().project
    cal = get_calendar()
    rest = timezone.localdate() + dt.timedelta(days=1)
    while cal.is_workday(rest):
        rest += dt.timedelta(days=1)
    due = cal.next_workday(rest)
    resp = client_for(a.agent).post(
        reverse("projects:problem_new"),
        {
            "project": project.pk,
            "category": "power",
            "title": "休息日期限",
            "department": a.economy.pk,
            "owner": a.officer_staff.pk,
            "due_on": rest.isoformat(),
        },
    )
    assert resp.status_code == 302
    assert Problem.objects.get(title="休息日期限").due_on == due > rest
    told = [str(m) for m in get_messages(resp.wsgi_request)]
    assert f"办结期限已顺延至{due.year}年{due.month}月{due.day}日" in told[-1], told


def test_the_leader_changes_the_rules_and_the_template(a, client_for):
    c = client_for(a.leader)
    assert c.get(reverse("projects:settings")).status_code == 200
    rules = ProjectRules.objects.get(zone=a.zone)
    data = {
        "what": "rules",
        "version": rules.version,
        "start_yellow_months": 1,
        "start_red_months": 1,  # not after yellow: refused
        "behind_yellow_points": "10",
        "behind_red_points": "30",
        "recovery_months": 1,
        "visit_cadence_workdays": 15,
        "problem_deadline_workdays": 10,
        "dispatch_weekday": 0,
        "dispatch_hour": 19,
    }
    resp = c.post(reverse("projects:settings"), data)
    assert resp.status_code == 200 and "转红月数须大于转黄月数" in resp.content.decode()
    assert ProjectRules.objects.get(pk=rules.pk).visit_cadence_workdays == 10
    resp = c.post(reverse("projects:settings"), {**data, "start_red_months": 2})
    assert resp.status_code == 302
    assert ProjectRules.objects.get(pk=rules.pk).start_red_months == 2
    step = TemplateStep.objects.get(template__zone=a.zone, code="groundbreaking")
    c.post(
        reverse("projects:settings"),
        {"what": "step", "step": step.pk, "name": "开工", "offset_workdays": 120},
    )
    assert TemplateStep.objects.get(pk=step.pk).offset_workdays == 120
    # a new key project takes the new offset
    p = f.ProjectFactory(zone=a.zone, enterprise=a.enterprise, signed_on=dt.date(2025, 3, 3))
    handover_to_build(actor=a.leader, project=p, on=dt.date(2025, 3, 3))
    from devzone.core.workdays import get_calendar

    assert Milestone.objects.get(project=p, code="groundbreaking").planned_on == get_calendar().add_workdays(
        dt.date(2025, 3, 3), 120
    )
    # out of order (after 规划许可's successor) is refused
    c.post(
        reverse("projects:settings"), {"what": "step", "step": step.pk, "name": "开工", "offset_workdays": 2}
    )
    assert TemplateStep.objects.get(pk=step.pk).offset_workdays == 120
    # an agent may read the settings but not change them
    assert client_for(a.agent).post(reverse("projects:settings"), data).status_code == 403


def test_the_visit_list_pager_keeps_the_project(a, client_for, settings):
    """Page 2 of one project's visits is still that project's (the pager dropped ``?project=`` and page 2
    showed every project's visits)."""
    settings.DEVZONE_PAGE_SIZE = 2
    add_projects(a, 2)
    first = KeyProject.objects.filter(zone=a.zone).order_by("id").first()
    today = timezone.localdate()
    for i in range(3):
        visit_record(
            actor=a.agent, project=first.project, visited_on=today, people_met="经理", findings=f"再访{i}"
        )
    client = client_for(a.leader)
    url = f"{reverse('projects:visit_list')}?project={first.project_id}"
    page1 = client.get(url).content.decode()
    assert f"project={first.project_id}&amp;page=2" in page1
    page2 = client.get(f"{url}&page=2")
    shown = {v.project_id for v in page2.context["page"]}
    assert shown == {first.project_id} and page2.context["page"].paginator.count == 4


def test_the_problem_list_searches_the_owner_by_name_and_offers_no_list_of_owners(a, client_for):
    add_projects(a, 2)
    other = f.StaffFactory(zone=a.zone, department=a.economy, name="孙另一人")
    p = KeyProject.objects.filter(zone=a.zone).first().project
    problem_raise(
        actor=a.agent, project=p, category="gas", title="另一人的问题", department=a.economy, owner=other
    )
    client = client_for(a.leader)
    page = client.get(reverse("projects:problem_list"), {"owner": "另一人"})
    assert [x.title for x in page.context["page"]] == ["另一人的问题"]
    assert '<select name="owner"' not in page.content.decode()
    by_id = client.get(reverse("projects:problem_list"), {"owner": str(a.officer_staff.pk)})
    assert by_id.context["page"].paginator.count == 2
    api = client.get("/api/v1/projects/problems", {"owner": "另一人"}).json()
    assert [x["title"] for x in api["items"]] == ["另一人的问题"]
