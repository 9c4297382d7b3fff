"""Garbage on every API operation and page form of the key projects: never a 500, a Chinese message naming the
field, nothing changed (no row, no audit event). Complements the rule-by-rule tests in test_timetable,
test_problems and test_visits (date before signing, future date, problem without owner, past deadline)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from devzone.core.models import AuditEvent
from devzone.projects.models import (
    AnnualPlan,
    KeyProject,
    Milestone,
    MonthlyInvestment,
    Problem,
    ProblemNote,
    ProjectRules,
    SiteVisit,
    TemplateStep,
    VisitPhoto,
)
from devzone.testing.projects import png, world

pytestmark = pytest.mark.django_db
API = "/api/v1/projects"
BIG = "99999999999999999999"  # beyond a database integer


def state() -> tuple:
    return (
        AuditEvent.objects.count(),
        Milestone.objects.filter(actual_on__isnull=False).count(),
        Problem.objects.count(),
        ProblemNote.objects.count(),
        SiteVisit.objects.count(),
        VisitPhoto.objects.count(),
        AnnualPlan.objects.count(),
        MonthlyInvestment.objects.count(),
        list(ProjectRules.objects.values_list("version", flat=True)),
        list(TemplateStep.objects.values_list("name", "offset_workdays", "approval_item_code")),
    )


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.fixture
def w(a):
    rows = world(a)
    rows["milestone"] = Milestone.objects.filter(project=a.project, actual_on__isnull=True).first()
    return rows


def api_cases(a, w) -> list[tuple[str, str, object]]:
    p, ms, prob = a.project.pk, w["milestone"].pk, w["problem"].pk
    problem = {
        "project": p,
        "category": "power",
        "title": "供电问题",
        "department": a.economy.pk,
        "owner": a.officer_staff.pk,
    }
    visit = {"project": p, "visited_on": "2026-01-01", "people_met": "经理", "findings": "情况"}
    # the key project's moves carry its version, so that the bad field is what is refused
    v = KeyProject.objects.get(project_id=p).version
    return [
        # text: NUL characters (PostgreSQL refuses them), over-long, blank
        ("post", "/problems", {**problem, "title": "用电\x00问题"}),
        ("post", "/problems", {**problem, "title": "长" * 121}),
        ("post", "/problems", {**problem, "title": "  "}),
        ("post", "/problems", {**problem, "description": "长" * 2001}),
        ("post", "/problems", {**problem, "category": "weather"}),
        ("post", "/problems", {**problem, "owner": None}),
        ("post", "/problems", {**problem, "owner": int(BIG[:12])}),
        ("post", "/problems", {**problem, "deadline_workdays": 10**6}),
        ("post", "/problems", {**problem, "deadline_workdays": 0}),
        ("post", "/problems", {**problem, "due_on": "2020-01-01"}),
        ("post", "/problems", {**problem, "due_on": "9999-12-31"}),
        ("post", f"/problems/{prob}/notes", {"text": "\x00"}),
        ("post", f"/problems/{prob}/notes", {"text": "长" * 2001}),
        ("post", f"/problems/{prob}/resolve", {"resolution": "已\x00解决"}),
        ("post", "/visits", {**visit, "people_met": "长" * 201}),
        ("post", "/visits", {**visit, "findings": "\x00"}),
        ("post", "/visits", {**visit, "visited_on": "0001-01-01"}),
        ("post", "/visits", {**visit, "visited_on": "2026-02-30"}),
        ("post", f"/milestones/{ms}/record", {"actual_on": "2026-01-01", "notes": "长" * 501}),
        ("post", f"/milestones/{ms}/record", {"actual_on": "9999-12-31"}),
        ("post", f"/milestones/{ms}/record", {"actual_on": "x"}),
        ("post", f"/key-projects/{p}/agent", {"agent": a.agent_staff.pk, "note": "\x00", "version": v}),
        ("post", f"/key-projects/{p}/cadence", {"visit_cadence_workdays": 0, "version": v}),
        ("put", f"/key-projects/{p}/plans/2026", {"planned_wan": "100.005", "version": v}),
        ("put", f"/key-projects/{p}/plans/2026", {"planned_wan": "-1", "version": v}),
        ("put", f"/key-projects/{p}/plans/1999", {"planned_wan": "100", "version": v}),
        ("put", f"/key-projects/{p}/months/2026/13", {"completed_wan": "100", "version": v}),
        ("put", "/rules", {"dispatch_hour": 24}),
        ("put", "/rules", {"dispatch_weekday": 7}),
        ("put", "/rules", {"behind_red_points": "5"}),
        ("post", "/handover", {"project": p, "project_type": "castle"}),
        # malformed bodies
        ("raw", "/problems", "{"),
        ("raw", "/visits", "[]"),
        ("raw", f"/milestones/{ms}/record", "null"),
    ]


def test_no_api_garbage_gives_a_500_or_changes_anything(a, w, client_for):
    c = client_for(a.leader)
    for method, path, body in api_cases(a, w):
        before = state()
        if method == "raw":
            r = c.post(API + path, body, content_type="application/json")
        else:
            r = getattr(c, method)(API + path, json.dumps(body), content_type="application/json")
        assert 400 <= r.status_code < 500, (path, body, r.status_code, r.content[:300])
        problem = r.json()
        assert has_chinese(problem["title"]), (path, body, problem)
        assert state() == before, (path, body, problem)


def test_field_errors_name_the_field(a, w, client_for):
    c = client_for(a.leader)
    r = c.post(
        f"{API}/problems",
        json.dumps(
            {
                "project": a.project.pk,
                "category": "power",
                "title": "长" * 121,
                "department": a.economy.pk,
                "owner": a.officer_staff.pk,
            }
        ),
        content_type="application/json",
    )
    # the published schema says both limits (title's maxLength, the amount's pattern): refused before the service
    assert r.status_code == 422
    assert r.json()["errors"]["title"] == ["过长（120）"]
    r = c.put(
        f"{API}/key-projects/{a.project.pk}/plans/2026",
        json.dumps({"planned_wan": "100.005"}),
        content_type="application/json",
    )
    assert r.status_code == 422 and "2位小数" in r.json()["errors"]["planned_wan"][0]


@pytest.mark.parametrize(
    "path",
    [
        f"/key-projects/{BIG}",
        f"/key-projects/{BIG}/milestones",
        f"/key-projects/{BIG}/investment",
        f"/problems/{BIG}",
        f"/dispatches/{BIG}",
        f"/key-projects?agent={BIG}&area={BIG}",
        f"/problems?owner={BIG}&project={BIG}",
        f"/visits?project={BIG}",
        "/key-projects?agent=%C2%B2",
        "/key-projects?status=purple&industry=" + "x" * 100,
        "/problems/statistics?start=2026-01-01&end=2025-01-01",
        "/problems/statistics?start=x",
        "/template?project_type=castle",
    ],
)
def test_odd_ids_and_filters_are_answered_not_crashed(path, a, w, client_for):
    r = client_for(a.leader).get(API + path)
    assert r.status_code in (200, 400, 404, 422), r.content[:300]
    if r.status_code == 200 and "items" in r.json():
        assert r.json()["items"] == [] or "status=purple" in path


def test_no_page_garbage_gives_a_500_or_changes_anything(a, w, client_for):
    c = client_for(a.leader)
    p, ms = a.project.pk, w["milestone"]
    step = TemplateStep.objects.filter(template__zone=a.zone).first()
    junk = ["", "x", "-1", "²", BIG, "\x00", "0001-01-01", "2026-02-30"]
    for g in junk:
        for url in (
            f"/projects/portfolio/?status={g}&agent={g}&area={g}&industry={g}&page={g}",
            f"/projects/problems/?status={g}&category={g}&owner={g}&page={g}",
            f"/projects/visits/?project={g}&page={g}",
            f"/projects/problems/statistics/?start={g}&end={g}",
            f"/projects/problems/new/?project={g}&visit={g}",
            f"/projects/settings/?type={g}",
        ):
            assert c.get(url).status_code == 200, url
        posts = [
            (f"/projects/p/{p}/milestone/", {"milestone": ms.pk, "actual_on": g, "version": ms.version}),
            (f"/projects/p/{p}/plan/", {"year": 2026, "planned_wan": g}),
            (f"/projects/p/{p}/month/", {"year": 2026, "month": g, "completed_wan": "5"}),
            (f"/projects/p/{p}/agent/", {"agent": g}),
            (f"/projects/p/{p}/cadence/", {"visit_cadence_workdays": g}),
            (f"/projects/p/{p}/visit/", {"visited_on": g, "people_met": g, "findings": g}),
            (
                "/projects/problems/new/",
                {"project": p, "category": "gas", "title": g, "department": g, "owner": g, "due_on": g},
            ),
            (f"/projects/problems/{w['problem'].pk}/note/", {"text": g, "version": g}),
            ("/projects/settings/", {"what": "rules", "dispatch_hour": g, "behind_red_points": g}),
            ("/projects/settings/", {"what": "step", "step": step.pk, "name": g, "offset_workdays": g}),
            ("/projects/handover/", {"project": g, "project_type": g, "agent": g}),
        ]
        for url, data in posts:
            before = state()
            r = c.post(url, data)
            assert r.status_code in (200, 302), (url, data, r.status_code)
            assert state() == before, (url, data)


@pytest.mark.parametrize(
    "upload,message",
    [
        (
            lambda: [SimpleUploadedFile("a.png", b"not an image", content_type="image/png")],
            "不是可接受的文件类型",
        ),
        (lambda: [SimpleUploadedFile("a.png", b"", content_type="image/png")], "空文件"),
        (lambda: [SimpleUploadedFile(f"p{i}.png", png(), content_type="image/png") for i in range(7)], "6张"),
        (
            lambda: [SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024 + 1))],
            "超过5MB",
        ),
    ],
)
def test_bad_photos_keep_the_visit_form_and_save_nothing(upload, message, a, w, client_for):
    c = client_for(a.agent)
    before = state()
    r = c.post(
        f"/projects/p/{a.project.pk}/visit/",
        {
            "visited_on": a.project.signed_on.isoformat(),
            "people_met": "经理",
            "findings": "情况",
            "photos": upload(),
        },
    )
    assert r.status_code == 200
    assert message in r.content.decode()
    assert state() == before
