"""The key-project module's isolation matrix, through Django's ``Client`` (middleware, URL routing, the API's real
authentication): a zone-A officer gets 404 for zone B's projects, milestones, visits, photos, problems and
dispatches on every page and API operation with a pk (and nothing changes); lists and figures never hold a zone-B
row; an enterprise user sees only its own projects' public progress; anonymous visitors are sent to log in (401
from the API); a user in reach without the right gets 403. Each refusal is paired with the same request
succeeding on zone A's row, so a 404 never passes because the request was broken."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from devzone.core.choices import Role
from devzone.projects import services as svc
from devzone.projects.models import KeyProject, Milestone, Problem, SiteVisit, WeeklyDispatch
from devzone.testing import factories as f
from devzone.testing.projects import png, world

pytestmark = pytest.mark.django_db
API = "/api/v1/projects"
JSON = "application/json"


@pytest.fixture
def two(a, b):
    return a, world(a), b, world(b)


def pages_with_pk(cast, rows):
    p = cast.project.pk
    return [
        reverse("projects:project_detail", args=[p]),
        reverse("projects:visit_new", args=[p]),
        reverse("projects:problem_detail", args=[rows["problem"].pk]),
        reverse("projects:dispatch_detail", args=[rows["dispatch"].pk]),
        reverse("projects:dispatch_download", args=[rows["dispatch"].pk]),
        reverse("projects:visit_photo", args=[rows["photo"].pk]),
    ]


def test_pages_with_a_pk_are_404_for_another_zones_rows(two, client_for):
    a, rows_a, b, rows_b = two
    c = client_for(a.leader)
    for url in pages_with_pk(a, rows_a):
        assert c.get(url).status_code == 200, url
    for url in pages_with_pk(b, rows_b):
        assert c.get(url).status_code == 404, url


PROJECT_POSTS = {
    "milestone": lambda cast: {
        "milestone": Milestone.objects.get(project=cast.project, code="land").pk,
        "actual_on": cast.project.signed_on.isoformat(),
    },
    "plan": lambda cast: {"year": cast.project.signed_on.year, "planned_wan": "1000"},
    "month": lambda cast: {
        "year": cast.project.signed_on.year,
        "month": cast.project.signed_on.month,
        "completed_wan": "10",
    },
    "agent": lambda cast: {"agent": cast.officer_staff.pk},
    "cadence": lambda cast: {"visit_cadence_workdays": 7},
}


def _b_state(b):
    t = KeyProject.objects.get(project=b.project)
    return (
        t.agent_id,
        t.visit_cadence_workdays,
        list(Milestone.objects.filter(project=b.project).values_list("actual_on", flat=True)),
        list(Problem.objects.filter(project=b.project).values_list("status", "version")),
        b.project.annual_plans.count(),
        b.project.monthly_investments.count(),
    )


def test_each_page_action_works_in_zone_a_and_is_404_in_zone_b(two, client_for):
    a, rows_a, b, rows_b = two
    c = client_for(a.leader)
    before = _b_state(b)
    for action, data in PROJECT_POSTS.items():
        url_b = reverse("projects:project_action", args=[b.project.pk, action])
        assert c.post(url_b, data(b)).status_code == 404, action
        resp = c.post(reverse("projects:project_action", args=[a.project.pk, action]), data(a))
        assert resp.status_code == 302, action
    for action, data in (("note", {"text": "进展"}), ("resolve", {"resolution": "已解决"})):
        assert (
            c.post(reverse("projects:problem_action", args=[rows_b["problem"].pk, action]), data).status_code
            == 404
        )
        assert (
            c.post(reverse("projects:problem_action", args=[rows_a["problem"].pk, action]), data).status_code
            == 302
        )
    assert c.post(reverse("projects:visit_new", args=[b.project.pk]), {}).status_code == 404
    assert _b_state(b) == before
    a_state = _b_state(a)
    assert a_state[0] == a.officer_staff.pk and a_state[1] == 7 and a_state[2][1] is not None
    assert Problem.objects.get(pk=rows_a["problem"].pk).status == "resolved"


LISTS = [
    "projects:portfolio",
    "projects:agents",
    "projects:visit_list",
    "projects:problem_list",
    "projects:problem_stats",
    "projects:dispatch_list",
    "projects:settings",
]


def test_lists_never_show_another_zones_rows(two, client_for):
    a, _rows_a, b, _rows_b = two
    c = client_for(a.leader)
    for name in LISTS:
        body = c.get(reverse(name)).content.decode()
        assert "乙" not in body, name
    assert "甲项目" in c.get(reverse("projects:portfolio")).content.decode()
    assert "甲代办" in c.get(reverse("projects:agents")).content.decode()
    assert "甲项目用电问题" in c.get(reverse("projects:problem_list")).content.decode()
    assert "甲项目内部走访情况" in c.get(reverse("projects:visit_list")).content.decode()
    # the issued dispatch of zone A names only zone A's projects and owners
    d = WeeklyDispatch.objects.get(zone=a.zone)
    assert "乙" not in json.dumps(d.content, ensure_ascii=False) and "甲责任人" in json.dumps(
        d.content, ensure_ascii=False
    )


def test_home_sends_each_role_to_its_own_work(two, client_for, city):
    a, *_ = two
    assert client_for(a.leader).get(reverse("projects:home"))["Location"] == reverse("projects:portfolio")
    target = client_for(a.company).get(reverse("projects:home"))["Location"]
    assert target != reverse("projects:portfolio") and target.startswith("/")
    assert client_for(None).get(reverse("projects:home")).status_code == 302  # to the login page
    candidate = f.user_with_role(Role.CANDIDATE, city=city, user__username="cand")
    assert client_for(candidate).get(reverse("projects:home")).status_code == 403


def test_forms_cannot_name_another_zones_project_or_staff(two, client_for):
    a, rows_a, b, rows_b = two
    from devzone.core.models import Project

    c = client_for(a.leader)
    fresh_b = f.ProjectFactory(zone=b.zone, enterprise=b.enterprise, name="乙新项目")
    resp = c.post(reverse("projects:handover"), {"project": fresh_b.pk, "project_type": "industrial"})
    assert resp.status_code == 200 and "project" in resp.context["form"].errors
    assert not KeyProject.objects.filter(project=fresh_b).exists()
    assert "乙新项目" not in c.get(reverse("projects:handover")).content.decode()
    assert not Project.objects.get(pk=fresh_b.pk).is_key
    fresh_a = f.ProjectFactory(zone=a.zone, enterprise=a.enterprise, name="甲新项目")
    resp = c.post(reverse("projects:handover"), {"project": fresh_a.pk, "project_type": "industrial"})
    assert resp.status_code == 302 and KeyProject.objects.filter(project=fresh_a).exists()
    # a problem on B's project, or with B's owner: the form refuses, nothing is written
    n = Problem.objects.count()
    base = {"category": "power", "title": "越界问题", "deadline_workdays": 5}
    resp = c.post(
        reverse("projects:problem_new"),
        {**base, "project": b.project.pk, "department": a.economy.pk, "owner": a.officer_staff.pk},
    )
    assert resp.status_code == 200 and Problem.objects.count() == n
    resp = c.post(
        reverse("projects:problem_new"),
        {**base, "project": a.project.pk, "department": b.economy.pk, "owner": b.officer_staff.pk},
    )
    assert resp.status_code == 200 and Problem.objects.count() == n
    resp = c.post(
        reverse("projects:problem_new"),
        {
            **base,
            "project": a.project.pk,
            "department": a.economy.pk,
            "owner": a.officer_staff.pk,
            "visit": rows_b["visit"].pk,
        },
    )
    assert resp.status_code == 404 and Problem.objects.count() == n
    # a zone-B step of the template cannot be edited from zone A
    svc.ensure_template(b.zone.pk)
    from devzone.projects.models import TemplateStep

    step_b = TemplateStep.objects.get(template__zone=b.zone, code="land")
    resp = c.post(
        reverse("projects:settings"), {"what": "step", "step": step_b.pk, "name": "改", "offset_workdays": 1}
    )
    assert resp.status_code == 404 and TemplateStep.objects.get(pk=step_b.pk).name == "土地清点/供地"


def test_dispatch_generation_is_for_the_users_own_zone(two, client_for):
    a, _rows_a, b, _rows_b = two
    resp = client_for(a.leader).post(reverse("projects:dispatch_generate"))
    d = WeeklyDispatch.objects.filter(zone=a.zone).order_by("-id").first()
    assert resp["Location"] == d.get_absolute_url() and d.number == 2
    assert WeeklyDispatch.objects.filter(zone=b.zone).count() == 1


def test_an_enterprise_sees_only_its_own_projects_public_progress(two, client_for):
    a, rows_a, b, rows_b = two
    c = client_for(a.company)
    mine = c.get(reverse("projects:mine")).content.decode()
    assert a.project.name in mine and b.project.name not in mine and "内部走访情况" not in mine
    assert client_for(a.leader).get(reverse("projects:mine")).status_code == 302  # staff: the portfolio
    page = c.get(reverse("projects:project_detail", args=[a.project.pk]))
    body = page.content.decode()
    assert page.status_code == 200 and "土地清点/供地" in body
    assert "内部走访情况" not in body and "内部进展" not in body and "登记" not in body
    assert c.get(reverse("projects:project_detail", args=[b.project.pk])).status_code == 404
    other = f.EnterpriseFactory(zone=a.zone, name="甲另一企业")
    stranger = f.user_with_role(Role.ENTERPRISE_USER, enterprise=other, user__username="stranger")
    assert (
        client_for(stranger).get(reverse("projects:project_detail", args=[a.project.pk])).status_code == 404
    )
    for name in (
        "projects:portfolio",
        "projects:agents",
        "projects:visit_list",
        "projects:dispatch_list",
        "projects:settings",
        "projects:problem_stats",
    ):
        assert c.get(reverse(name)).status_code == 403, name
    assert c.get(reverse("projects:visit_photo", args=[rows_a["photo"].pk])).status_code == 404
    detail = c.get(reverse("projects:problem_detail", args=[rows_a["problem"].pk])).content.decode()
    assert "甲项目用电问题" in detail and "内部进展" not in detail
    assert (
        client_for(stranger).get(reverse("projects:problem_detail", args=[rows_a["problem"].pk])).status_code
        == 404
    )
    assert (
        c.post(
            reverse("projects:problem_action", args=[rows_a["problem"].pk, "resolve"]), {"resolution": "x"}
        ).status_code
        == 403
    )


def test_in_reach_without_the_right_is_403(two, client_for):
    a, rows_a, *_ = two
    tally = f.user_with_role(Role.TALLY_STAFF, zone=a.zone, user__username="tally")
    c = client_for(tally)
    assert c.get(reverse("projects:portfolio")).status_code == 200
    assert (
        c.post(
            reverse("projects:project_action", args=[a.project.pk, "cadence"]), {"visit_cadence_workdays": 3}
        ).status_code
        == 403
    )
    assert c.post(reverse("projects:settings"), {"what": "rules"}).status_code == 403
    assert c.post(reverse("projects:dispatch_generate")).status_code == 403
    assert (
        c.post(
            reverse("projects:problem_action", args=[rows_a["problem"].pk, "resolve"]), {"resolution": "x"}
        ).status_code
        == 403
    )
    assert KeyProject.objects.get(project=a.project).visit_cadence_workdays == 10


# --- the API -----------------------------------------------------------------------------------------------
def test_api_lists_never_contain_another_zones_rows(two, client_for):
    a, _rows_a, b, _rows_b = two
    c = client_for(a.leader)
    for path in (
        "/key-projects",
        "/visits",
        "/problems",
        "/dispatches",
        "/agents/workload",
        "/problems/statistics",
    ):
        resp = c.get(API + path)
        assert resp.status_code == 200, path
        assert "乙" not in resp.content.decode(), path
    items = c.get(API + "/key-projects").json()["items"]
    assert [i["name"] for i in items] == ["甲项目"]
    assert client_for(None).get(API + "/key-projects").status_code == 401


def test_api_gets_are_404_for_another_zones_rows(two, client_for):
    a, rows_a, b, rows_b = two
    c = client_for(a.leader)

    def gets(cast, rows):
        p = cast.project.pk
        return [
            f"/key-projects/{p}",
            f"/key-projects/{p}/milestones",
            f"/key-projects/{p}/investment",
            f"/problems/{rows['problem'].pk}",
            f"/dispatches/{rows['dispatch'].pk}",
            f"/dispatches/{rows['dispatch'].pk}/docx",
        ]

    for path in gets(a, rows_a):
        assert c.get(API + path).status_code == 200, path
    for path in gets(b, rows_b):
        assert c.get(API + path).status_code == 404, path


def test_each_api_operation_works_in_zone_a_and_is_404_in_zone_b(two, client_for):
    a, rows_a, b, rows_b = two
    c = client_for(a.leader)
    before = _b_state(b)

    def ops(cast, rows):
        land = Milestone.objects.get(project=cast.project, code="land")
        p, y, m = cast.project.pk, cast.project.signed_on.year, cast.project.signed_on.month
        v = KeyProject.objects.get(project=cast.project).version  # each move in zone A gives the next version
        return [
            ("post", f"/milestones/{land.pk}/record", {"actual_on": cast.project.signed_on.isoformat()}),
            ("post", f"/key-projects/{p}/agent", {"agent": cast.officer_staff.pk, "version": v}),
            ("post", f"/key-projects/{p}/cadence", {"visit_cadence_workdays": 8, "version": v + 1}),
            ("put", f"/key-projects/{p}/plans/{y}", {"planned_wan": "500", "version": v + 2}),
            ("put", f"/key-projects/{p}/months/{y}/{m}", {"completed_wan": "5", "version": v + 3}),
            ("post", f"/problems/{rows['problem'].pk}/notes", {"text": "API进展"}),
            ("post", f"/problems/{rows['problem'].pk}/resolve", {"resolution": "API解决"}),
        ]

    for method, path, body in ops(b, rows_b):
        resp = getattr(c, method)(API + path, json.dumps(body), content_type=JSON)
        assert resp.status_code == 404, path
    # creating on B's project names a project out of reach: refused, with the field
    for path, body in (
        (
            "/visits",
            {
                "project": b.project.pk,
                "visited_on": b.project.signed_on.isoformat(),
                "people_met": "x",
                "findings": "y",
            },
        ),
        (
            "/problems",
            {
                "project": b.project.pk,
                "category": "power",
                "title": "越界",
                "department": a.economy.pk,
                "owner": a.officer_staff.pk,
            },
        ),
        ("/handover", {"project": f.ProjectFactory(zone=b.zone, enterprise=b.enterprise).pk}),
    ):
        resp = c.post(API + path, json.dumps(body), content_type=JSON)
        assert resp.status_code in (400, 404), path
    photo = SimpleUploadedFile("a.png", png(), content_type="image/png")
    assert c.post(f"{API}/visits/{rows_b['visit'].pk}/photos", {"photo": photo}).status_code == 404
    assert _b_state(b) == before
    assert SiteVisit.objects.filter(project=b.project).count() == 1
    for method, path, body in ops(a, rows_a):
        resp = getattr(c, method)(API + path, json.dumps(body), content_type=JSON)
        assert resp.status_code == 200, (path, resp.content)
    photo = SimpleUploadedFile("a.png", png(), content_type="image/png")
    assert c.post(f"{API}/visits/{rows_a['visit'].pk}/photos", {"photo": photo}).status_code == 201
    resp = c.post(API + "/dispatches", content_type=JSON)
    assert resp.status_code == 201 and resp.json()["zone"] == a.zone.pk
    assert c.get(API + "/rules").json()["version"] == 0
    resp = c.put(API + "/rules", json.dumps({"visit_cadence_workdays": 12}), content_type=JSON)
    assert resp.status_code == 200 and resp.json()["visit_cadence_workdays"] == 12
    assert svc.common.rules_for(b.zone.pk).visit_cadence_workdays == 10
    assert [s["code"] for s in c.get(API + "/template").json()["steps"]][0] == "signing"


def test_the_api_shows_an_enterprise_only_public_progress(two, client_for):
    a, rows_a, b, _rows_b = two
    c = client_for(a.company)
    item = c.get(f"{API}/key-projects/{a.project.pk}").json()
    assert item["status"] and item["agent"] is None and item["next_visit_due"] is None
    ms = c.get(f"{API}/key-projects/{a.project.pk}/milestones").json()
    assert ms[0]["code"] == "signing" and all(m["notes"] is None for m in ms)
    assert c.get(f"{API}/key-projects/{b.project.pk}").status_code == 404
    for path in (
        "/visits",
        "/dispatches",
        f"/key-projects/{a.project.pk}/investment",
        "/problems/statistics",
    ):
        assert c.get(API + path).status_code == 403, path
    p = c.get(f"{API}/problems/{rows_a['problem'].pk}").json()
    assert p["notes"] is None and p["escalated_on"] is None
    land = Milestone.objects.get(project=a.project, code="land")
    resp = c.post(
        f"{API}/milestones/{land.pk}/record",
        json.dumps({"actual_on": a.project.signed_on.isoformat()}),
        content_type=JSON,
    )
    assert resp.status_code == 403
    # the enterprise raises a problem on its own project: it goes to the project's agent
    resp = c.post(
        f"{API}/problems",
        json.dumps({"project": a.project.pk, "category": "water", "title": "用水压力不足"}),
        content_type=JSON,
    )
    assert (
        resp.status_code == 201
        and resp.json()["owner"] == a.agent_staff.name
        and resp.json()["source"] == "enterprise"
    )
