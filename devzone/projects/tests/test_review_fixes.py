"""Defects a review proved with failing tests, now fixed: a city officer raised problems through the API; a stale
page replaced the agent another leader had just chosen (and the cadence and investment figures likewise); the
system administrator did the zone's key-project work; each test failed on the code before the fix."""

import json

import pytest
from django.urls import reverse

from devzone.core.errors import ConflictError, PermissionDeniedError
from devzone.core.models import AuditEvent
from devzone.projects import services as svc
from devzone.projects.models import AnnualPlan, KeyProject, MonthlyInvestment, Problem
from devzone.testing.projects import SIGNED, TODAY, key, problem

pytestmark = pytest.mark.django_db
API = "/api/v1/projects"


def _send(client, method: str, url: str, body: dict):
    """A JSON body sent as an API caller does (POST or PUT)."""
    return client.generic(method.upper(), url, json.dumps(body), content_type="application/json")


def _version(a) -> int:
    return KeyProject.objects.get(project=a.project).version


# --- the system administrator reads the module, does not work in it (DOMAIN.md) -------------------------------
def test_sysadmin_cannot_resolve_a_problem(a, sysadmin):
    """DOMAIN.md: the system administrator keeps users, roles, reference data, the calendar, backups; the
    problem list is the responsible person's, the agent's, the department head's and the zone leader's."""
    key(a)
    p = problem(a)
    with pytest.raises(PermissionDeniedError):
        svc.problem_resolve(actor=sysadmin, problem=p, resolution="已协调供电公司接入", on=TODAY)
    p.refresh_from_db()
    assert p.status == "open"


def test_sysadmin_cannot_log_a_site_visit(a, sysadmin):
    key(a)
    with pytest.raises(PermissionDeniedError):
        svc.visit_record(
            actor=sysadmin, project=a.project, visited_on=TODAY, people_met="经理", findings="好", on=TODAY
        )


def test_sysadmin_cannot_hand_over_assign_record_nor_issue_but_reads(a, sysadmin, client_for):
    """Every move of the module is refused to the system administrator (service and API), the pages still
    read: the handover, the agent, the cadence, the investment figures, a milestone, a problem, a dispatch."""
    from devzone.projects.models import Milestone
    from devzone.projects.services.dispatching import dispatch_issue

    with pytest.raises(PermissionDeniedError):
        svc.handover_to_build(actor=sysadmin, project=a.project, on=SIGNED)
    key(a)
    v = _version(a)
    ms = Milestone.objects.filter(project=a.project, actual_on__isnull=True).order_by("order").first()
    for attempt in (
        lambda: svc.agent_assign(actor=sysadmin, project=a.project, agent=a.officer_staff, on=TODAY),
        lambda: svc.cadence_set(actor=sysadmin, project=a.project, workdays=5),
        lambda: svc.investment_plan_set(
            actor=sysadmin, project=a.project, year=2025, planned_wan="100", on=TODAY
        ),
        lambda: svc.investment_month_record(
            actor=sysadmin, project=a.project, year=2025, month=4, completed_wan="5", on=TODAY
        ),
        lambda: svc.milestone_record(actor=sysadmin, milestone=ms, actual_on=TODAY, on=TODAY),
        lambda: svc.problem_raise(
            actor=sysadmin,
            project=a.project,
            category="power",
            title="管理员提的问题",
            department=a.economy,
            owner=a.officer_staff,
            on=TODAY,
        ),
        lambda: dispatch_issue(actor=sysadmin, zone=a.zone, on=TODAY),
    ):
        with pytest.raises(PermissionDeniedError):
            attempt()
    c = client_for(sysadmin)
    p = a.project.pk
    assert (
        c.post_json(f"{API}/key-projects/{p}/agent", {"agent": a.officer_staff.pk, "version": v}).status_code
        == 403
    )
    assert (
        _send(c, "put", f"{API}/key-projects/{p}/plans/2025", {"planned_wan": "1", "version": v}).status_code
        == 403
    )
    assert c.get(reverse("projects:project_detail", args=[p])).status_code == 200
    assert c.get(f"{API}/key-projects/{p}").status_code == 200
    t = KeyProject.objects.get(project=a.project)
    assert (t.agent_id, t.version) == (a.agent_staff.pk, v)
    assert not Problem.objects.exists() and not AnnualPlan.objects.exists()


# --- a city officer reads problems, raises none ----------------------------------------------------------------
def test_a_city_officer_cannot_raise_a_problem_through_the_api(a, client_for, city_officer):
    """access.py gives the city officer only 'view' on projects.problem (the page /projects/problems/new/ is 403
    for them), but POST /api/v1/projects/problems checked no right and problem_raise only the reach's kind: the
    city officer raised a problem in zone A, named its owner and deadline, and the owner was notified."""
    key(a)
    c = client_for(city_officer)
    assert c.get("/projects/problems/new/").status_code == 403
    r = c.post_json(
        f"{API}/problems",
        {
            "project": a.project.pk,
            "category": "power",
            "title": "市里提的问题",
            "department": a.economy.pk,
            "owner": a.officer_staff.pk,
            "deadline_workdays": 3,
        },
    )
    assert r.status_code == 403, r.status_code
    assert not Problem.objects.exists()


def test_the_service_refuses_a_problem_from_a_city_officer_whoever_calls_it(a, city_officer):
    key(a)
    with pytest.raises(PermissionDeniedError):
        problem(a, actor=city_officer)
    assert not Problem.objects.exists()
    assert problem(a).raised_by == a.agent  # zone staff still raise them


# --- a stale page or body is refused, nothing changed ----------------------------------------------------------
def test_a_stale_agent_assignment_is_refused(a, client_for):
    """Two leaders open the project page (version v); the first assigns the officer as agent; the second,
    from the stale page, must be refused, not silently replace the first's choice."""
    key(a)
    t = KeyProject.objects.get(project=a.project)
    seen = t.version
    svc.agent_assign(actor=a.leader, project=a.project, agent=a.officer_staff, note="")
    c = client_for(a.leader)
    r = c.post(
        reverse("projects:project_action", args=[a.project.pk, "agent"]),
        {"agent": a.head.profile.staff_id, "note": "", "version": seen},
        follow=True,
    )
    t.refresh_from_db()
    assert t.agent_id == a.officer_staff.pk, (
        "the stale page replaced the agent another leader had just chosen"
    )
    assert "该重点项目刚被他人修改过，请刷新后查看" in r.content.decode()


def test_the_page_carries_the_key_projects_version_in_each_form(a, client_for):
    key(a)
    v = _version(a)
    page = client_for(a.leader).get(reverse("projects:project_detail", args=[a.project.pk])).content.decode()
    for name in ("plan", "month", "agent", "cadence"):
        form = page.split(f'data-form="{name}"', 1)[1].split("</form>", 1)[0]
        assert f'name="version" value="{v}"' in form, name


def test_the_api_refuses_a_stale_version_with_409_and_changes_nothing(a, client_for):
    """Each move from version v after the same move was made from v: 409, nothing changed (a move is stale for
    what it changes: ``test_version_per_concern.py``)."""
    key(a)
    p, v = a.project.pk, _version(a)
    c = client_for(a.leader)
    r = c.post_json(f"{API}/key-projects/{p}/agent", {"agent": a.officer_staff.pk, "version": v})
    assert r.status_code == 200 and r.json()["version"] == v + 1 and r.json()["agent"] == a.officer_staff.pk
    assert (
        _send(
            c, "post", f"{API}/key-projects/{p}/cadence", {"visit_cadence_workdays": 4, "version": v}
        ).status_code
        == 200
    )
    assert (
        _send(
            c, "put", f"{API}/key-projects/{p}/plans/2025", {"planned_wan": "500", "version": v}
        ).status_code
        == 200
    )
    assert (
        _send(
            c, "put", f"{API}/key-projects/{p}/months/2025/4", {"completed_wan": "5", "version": v}
        ).status_code
        == 200
    )
    events = AuditEvent.objects.count()
    for method, url, body in (
        ("post", f"/key-projects/{p}/agent", {"agent": a.agent_staff.pk}),
        ("post", f"/key-projects/{p}/cadence", {"visit_cadence_workdays": 3}),
        ("put", f"/key-projects/{p}/plans/2025", {"planned_wan": "600"}),
        ("put", f"/key-projects/{p}/months/2025/4", {"completed_wan": "6"}),
    ):
        stale = _send(c, method, f"{API}{url}", {**body, "version": v})
        assert stale.status_code == 409, (url, stale.status_code)
        assert stale.json()["title"] == "该重点项目刚被他人修改过，请刷新后查看"
        missing = _send(c, method, f"{API}{url}", body)  # the version is required
        assert missing.status_code == 422, (url, missing.status_code)
    t = KeyProject.objects.get(project=a.project)
    assert (t.agent_id, t.visit_cadence_workdays, t.version) == (a.officer_staff.pk, 4, v + 4)
    assert AnnualPlan.objects.get().planned_wan == 500 and MonthlyInvestment.objects.get().completed_wan == 5
    assert AuditEvent.objects.count() == events


def test_each_change_gives_the_next_version_which_the_answer_carries(a, client_for):
    key(a)
    p, v = a.project.pk, _version(a)
    c = client_for(a.agent)
    plan = _send(c, "put", f"{API}/key-projects/{p}/plans/2025", {"planned_wan": "500", "version": v})
    assert plan.status_code == 200 and plan.json()["version"] == v + 1
    month = _send(c, "put", f"{API}/key-projects/{p}/months/2025/4", {"completed_wan": "5", "version": v + 1})
    assert month.status_code == 200 and month.json()["version"] == v + 2
    cadence = client_for(a.leader).post_json(
        f"{API}/key-projects/{p}/cadence", {"visit_cadence_workdays": 3, "version": v + 2}
    )
    assert cadence.status_code == 200 and cadence.json()["version"] == v + 3
    assert c.get(f"{API}/key-projects/{p}/investment").json()["version"] == v + 3


def test_the_services_refuse_a_stale_version(a):
    key(a)
    v = _version(a)
    svc.cadence_set(actor=a.leader, project=a.project, workdays=8, expected_version=v)
    svc.agent_assign(actor=a.leader, project=a.project, agent=a.officer_staff, expected_version=v, on=TODAY)
    svc.investment_plan_set(
        actor=a.agent, project=a.project, year=2025, planned_wan="100", expected_version=v, on=TODAY
    )
    svc.investment_month_record(
        actor=a.agent, project=a.project, year=2025, month=4, completed_wan="5", expected_version=v, on=TODAY
    )
    for attempt in (
        lambda: svc.agent_assign(
            actor=a.leader, project=a.project, agent=a.agent_staff, expected_version=v, on=TODAY
        ),
        lambda: svc.cadence_set(actor=a.leader, project=a.project, workdays=5, expected_version=v),
        lambda: svc.investment_plan_set(
            actor=a.agent, project=a.project, year=2025, planned_wan="200", expected_version=v, on=TODAY
        ),
        lambda: svc.investment_month_record(
            actor=a.agent,
            project=a.project,
            year=2025,
            month=4,
            completed_wan="6",
            expected_version=v,
            on=TODAY,
        ),
    ):
        with pytest.raises(ConflictError):
            attempt()
    t = KeyProject.objects.get(project=a.project)
    assert (t.agent_id, t.visit_cadence_workdays, t.version) == (a.officer_staff.pk, 8, v + 4)
