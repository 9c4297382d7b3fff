"""A key project's page has four forms (agent, visit cadence, a year's plan, a month's figure) that all carry the
one version the page read. Saving one of them used to make the three others stale: a leader who assigned the agent
and then adjusted the cadence from the same page view was told "该重点项目刚被他人修改过" although nobody had
touched the cadence. A move is now refused only when what *it* changes was changed after the version it read
(``services.common.check_seen``); two people changing the same thing from the same view still meet the 409."""

import json

import pytest
from django.urls import reverse

from devzone.core.errors import ConflictError
from devzone.projects import services as svc
from devzone.projects.models import AnnualPlan, KeyProject, MonthlyInvestment
from devzone.testing.projects import TODAY, key

pytestmark = pytest.mark.django_db
API = "/api/v1/projects"
STALE = "该重点项目刚被他人修改过，请刷新后查看"


def _version(a) -> int:
    return KeyProject.objects.get(project=a.project).version


def _post(client, a, action: str, data: dict):
    return client.post(reverse("projects:project_action", args=[a.project.pk, action]), data, follow=True)


def test_each_form_of_one_page_view_saves_after_another_was_saved(a, client_for):
    """One page view (version v): the agent form, then the cadence, plan and month forms of the same view."""
    key(a)
    v = _version(a)
    c = client_for(a.leader)
    for action, data in (
        ("agent", {"agent": a.officer_staff.pk, "note": "", "version": v}),
        ("cadence", {"visit_cadence_workdays": 7, "version": v}),
        ("plan", {"year": 2025, "planned_wan": "1200", "version": v}),
        ("month", {"year": 2025, "month": 4, "completed_wan": "80", "version": v}),
    ):
        r = _post(c, a, action, data)
        assert STALE not in r.content.decode(), (
            f"{action}: a false 409 after another form of the page was saved"
        )
    t = KeyProject.objects.get(project=a.project)
    assert (t.agent_id, t.visit_cadence_workdays, t.version) == (a.officer_staff.pk, 7, v + 4)
    assert AnnualPlan.objects.get(project=a.project, year=2025).planned_wan == 1200
    assert MonthlyInvestment.objects.get(project=a.project, year=2025, month=4).completed_wan == 80


def test_the_same_thing_changed_from_the_same_view_is_still_refused(a, client_for):
    """Two leaders on the same page view: the second agent, cadence, plan of the year and figure of the month
    from that view are refused and change nothing; another year's plan and another month's figure are not."""
    key(a)
    v = _version(a)
    first, second = client_for(a.leader), client_for(a.head)
    for action, data in (
        ("agent", {"agent": a.officer_staff.pk, "note": "", "version": v}),
        ("cadence", {"visit_cadence_workdays": 7, "version": v}),
        ("plan", {"year": 2025, "planned_wan": "1200", "version": v}),
        ("month", {"year": 2025, "month": 4, "completed_wan": "80", "version": v}),
    ):
        _post(first, a, action, data)
    for action, data in (
        ("agent", {"agent": a.head.profile.staff_id, "note": "", "version": v}),
        ("cadence", {"visit_cadence_workdays": 9, "version": v}),
        ("plan", {"year": 2025, "planned_wan": "999", "version": v}),
        ("month", {"year": 2025, "month": 4, "completed_wan": "1", "version": v}),
    ):
        assert STALE in _post(second, a, action, data).content.decode(), action
    t = KeyProject.objects.get(project=a.project)
    assert (t.agent_id, t.visit_cadence_workdays, t.version) == (a.officer_staff.pk, 7, v + 4)
    assert AnnualPlan.objects.get(project=a.project, year=2025).planned_wan == 1200
    assert MonthlyInvestment.objects.get(project=a.project, year=2025, month=4).completed_wan == 80
    # what the first did not touch is no conflict
    assert (
        STALE
        not in _post(second, a, "plan", {"year": 2026, "planned_wan": "50", "version": v}).content.decode()
    )
    r = _post(second, a, "month", {"year": 2025, "month": 5, "completed_wan": "3", "version": v})
    assert STALE not in r.content.decode()
    assert AnnualPlan.objects.get(project=a.project, year=2026).planned_wan == 50
    assert MonthlyInvestment.objects.get(project=a.project, year=2025, month=5).completed_wan == 3


def test_the_api_checks_what_each_operation_changes(a, client_for):
    key(a)
    p, v = a.project.pk, _version(a)
    c = client_for(a.leader)

    def send(method, url, body):
        return c.generic(method, f"{API}{url}", json.dumps(body), content_type="application/json")

    assert (
        send("POST", f"/key-projects/{p}/agent", {"agent": a.officer_staff.pk, "version": v}).status_code
        == 200
    )
    cadence = send("POST", f"/key-projects/{p}/cadence", {"visit_cadence_workdays": 4, "version": v})
    assert cadence.status_code == 200 and cadence.json()["version"] == v + 2
    plan = send("PUT", f"/key-projects/{p}/plans/2025", {"planned_wan": "500", "version": v})
    assert plan.status_code == 200 and plan.json()["version"] == v + 3
    month = send("PUT", f"/key-projects/{p}/months/2025/4", {"completed_wan": "5", "version": v})
    assert month.status_code == 200 and month.json()["version"] == v + 4
    for method, url, body in (
        ("POST", f"/key-projects/{p}/agent", {"agent": a.agent_staff.pk}),
        ("POST", f"/key-projects/{p}/cadence", {"visit_cadence_workdays": 3}),
        ("PUT", f"/key-projects/{p}/plans/2025", {"planned_wan": "1"}),
        ("PUT", f"/key-projects/{p}/months/2025/4", {"completed_wan": "1"}),
    ):
        stale = send(method, url, {**body, "version": v})
        assert stale.status_code == 409 and stale.json()["title"] == STALE, url
        # a version the key project never had is no copy anybody read
        assert send(method, url, {**body, "version": v + 99}).status_code == 409, url
    t = KeyProject.objects.get(project=a.project)
    assert (t.agent_id, t.visit_cadence_workdays, t.version) == (a.officer_staff.pk, 4, v + 4)


def test_the_services_check_what_each_move_changes(a):
    key(a)
    v = _version(a)
    svc.cadence_set(actor=a.leader, project=a.project, workdays=8, expected_version=v)
    svc.agent_assign(actor=a.leader, project=a.project, agent=a.officer_staff, expected_version=v, on=TODAY)
    with pytest.raises(ConflictError):
        svc.cadence_set(actor=a.leader, project=a.project, workdays=5, expected_version=v)
    with pytest.raises(ConflictError):
        svc.agent_assign(
            actor=a.leader, project=a.project, agent=a.head.profile.staff, expected_version=v, on=TODAY
        )
    # the version after the agent's change has seen the cadence: accepted
    svc.cadence_set(actor=a.leader, project=a.project, workdays=6, expected_version=v + 2)
    t = KeyProject.objects.get(project=a.project)
    assert (t.agent_id, t.visit_cadence_workdays, t.agent_changed_in, t.cadence_changed_in) == (
        a.officer_staff.pk,
        6,
        v + 2,
        v + 3,
    )
