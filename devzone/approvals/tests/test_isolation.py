"""The approvals module's isolation matrix: pages and API through Django's ``Client`` (middleware, URL routing,
the API's real authentication), never ninja's ``TestClient``.

Two zones, each with its window clerk, reviewer, leader, an enterprise with its user, and items; every zone-B
row carries 乙侧 in its name. A zone-A user gets 404 for zone B's intakes, applications and materials on every
page and API operation with a pk (each transition included, and nothing changes); lists never hold a zone-B
row; an enterprise user sees only its own enterprise's files; anonymous visitors are sent to log in (401 from
the API); a user in reach without the right gets 403. Each refusal is paired with the same request succeeding
on zone A's row, so a 404 never passes because the request was broken.

``isolation.py`` places these tests in the project-wide matrix (devzone/core/tests/test_isolation.py)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from urllib.parse import urlencode

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from devzone.approvals.choices import PostCheckResult, Status, StepName
from devzone.approvals.models import (
    Application,
    Intake,
    PostCheck,
)
from devzone.approvals.services import applications as svc
from devzone.core.choices import Role
from devzone.testing import factories as f
from devzone.testing.approvals import PDF, ItemFactory, SourceDepartmentFactory

pytestmark = pytest.mark.django_db

A_MARK, B_MARK = "甲侧", "乙侧"
JSON = "application/json"
API = "/api/v1/approvals"


# --- the two zones ------------------------------------------------------------------------------------------
@dataclass
class Side:
    """One zone's single window, review desk, leader, an enterprise with its user, and its items."""

    mark: str
    zone: object
    leader: object
    clerk: object
    reviewer: object
    enterprise: object
    company: object  # the enterprise's user
    item: object  # two required materials
    tolerable_item: object  # one required material and one 容缺 material
    commitment_item: object  # may be granted on commitment (告知承诺)
    projects: int = 0

    def project(self):
        self.projects += 1
        return f.ProjectFactory(
            zone=self.zone, enterprise=self.enterprise, name=f"{self.mark}项目{self.projects}"
        )

    def app(self, state: str = "submitted") -> Application:
        """A new application of this side's enterprise (on a project of its own), brought to ``state`` through
        the services, today (the pages and the API act today too)."""
        item = {"tolerated": self.tolerable_item, "commitment": self.commitment_item}.get(state, self.item)
        uploads = [(m.pk, f"{m.name}.pdf", PDF) for m in item.materials.filter(tolerable=False)]
        intake = svc.intake_submit(
            actor=self.company,
            project=self.project(),
            items=[item],
            applicant_name="张经办",
            applicant_phone="13800000000",
            uploads={item.pk: uploads},
        )
        app = intake.applications.get()
        if state == "submitted":
            return app
        if state == "supplement":
            return svc.application_request_supplement(
                actor=self.clerk, application=app, missing="申请表须加盖公章"
            )
        app = svc.application_accept(actor=self.clerk, application=app, reviewer=self.reviewer)
        if state in ("in_review", "tolerated"):
            return app
        if state == "review_supplement":
            return svc.application_request_supplement(
                actor=self.reviewer, application=app, missing="补充总平面图"
            )
        if state == "special":
            return svc.application_start_special(
                actor=self.reviewer, application=app, kind="expert", notice="组织专家评审", limit_days=10
            )
        if state == "granted":
            return svc.application_grant(actor=self.reviewer, application=app)
        if state == "commitment":
            return svc.application_grant(actor=self.reviewer, application=app, on_commitment=True)
        raise ValueError(state)


def build_side(zone, mark: str, *, leader, clerk=None, reviewer=None) -> Side:
    key = "a" if mark == A_MARK else "b"
    enterprise = f.EnterpriseFactory(zone=zone, name=f"{mark}企业有限公司")
    dept = SourceDepartmentFactory(zone=zone, name=f"{mark}住建委")
    return Side(
        mark=mark,
        zone=zone,
        leader=leader,
        clerk=clerk or f.user_with_role(Role.WINDOW_CLERK, zone=zone, user__username=f"iso_{key}_clerk"),
        reviewer=reviewer or f.user_with_role(Role.REVIEWER, zone=zone, user__username=f"iso_{key}_rev"),
        enterprise=enterprise,
        company=f.user_with_role(
            Role.ENTERPRISE_USER, enterprise=enterprise, user__username=f"iso_{key}_company"
        ),
        item=ItemFactory(zone=zone, source_department=dept, name=f"{mark}建设工程规划许可"),
        tolerable_item=ItemFactory(
            zone=zone,
            source_department=dept,
            name=f"{mark}施工许可",
            materials=[("申请表", False, None), ("环评批复", True, 3)],
        ),
        commitment_item=ItemFactory(
            zone=zone, source_department=dept, name=f"{mark}排水许可", commitment_allowed=True
        ),
    )


@pytest.fixture
def side_a(zone_a, zone_a_leader, clerk, reviewer) -> Side:
    return build_side(zone_a, A_MARK, leader=zone_a_leader, clerk=clerk, reviewer=reviewer)


@pytest.fixture
def side_b(zone_b, zone_b_leader) -> Side:
    zone_b.name = f"{B_MARK}开发区"
    zone_b.save(update_fields=["name"])
    return build_side(zone_b, B_MARK, leader=zone_b_leader)


@pytest.fixture
def neighbour(side_a) -> Side:
    """Another enterprise of zone A, with its own user: same window, same review desk."""
    enterprise = f.EnterpriseFactory(zone=side_a.zone, name="邻居企业有限公司")
    company = f.user_with_role(Role.ENTERPRISE_USER, enterprise=enterprise, user__username="iso_neighbour")
    return dataclasses.replace(side_a, mark="邻居", enterprise=enterprise, company=company, projects=0)


@pytest.fixture
def no_certificate(monkeypatch):
    """Grants without rendering and signing a PDF (the certificates have their own tests)."""
    monkeypatch.setattr("devzone.approvals.certificates.issue_certificate", lambda **kw: None)


def snapshot(app: Application) -> tuple:
    """Everything an action may change on an application."""
    app = Application.objects.get(pk=app.pk)
    return (
        app.status,
        app.version,
        app.step,
        app.extended,
        app.events.count(),
        app.uploads.count(),
        app.tolerated.filter(supplied_on__isnull=False).count(),
        PostCheck.objects.filter(application=app).exclude(result=PostCheckResult.PENDING).exists(),
    )


def errors_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "error"]


def pdf(name: str = "材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def required(app: Application):
    return app.item.materials.filter(tolerable=False).first()


def owed(app: Application):
    return app.item.materials.get(tolerable=True)


# --- pages: rows with a pk ------------------------------------------------------------------------------------
def pk_pages(app: Application) -> list[str]:
    return [
        reverse("approvals:intake_detail", args=[app.intake_id]),
        reverse("approvals:application_detail", args=[app.pk]),
        reverse("approvals:material_download", args=[app.uploads.first().pk]),
    ]


@pytest.mark.parametrize("who", ["leader", "clerk", "reviewer", "company"])
def test_pages_with_a_pk_are_404_for_another_zones_rows(client_for, side_a, side_b, who):
    own, other = side_a.app("in_review"), side_b.app("in_review")
    c = client_for(getattr(side_a, who))
    for own_url, other_url in zip(pk_pages(own), pk_pages(other), strict=True):
        assert c.get(own_url).status_code == 200, own_url  # the same page works in zone A
        response = c.get(other_url)
        assert response.status_code == 404, other_url
        assert B_MARK not in response.content.decode()


STATES = [
    "submitted",
    "supplement",
    "in_review",
    "review_supplement",
    "special",
    "tolerated",
    "granted",
    "commitment",
]


def test_every_page_renders_in_every_state_for_everyone_in_reach(
    client_for, side_a, city_officer, zone_a_investment_officer, no_certificate
):
    """The positive control of the 404s above: in reach, each page of each state answers 200 (an application
    without a reviewer once answered 500)."""
    apps = [side_a.app(s) for s in STATES]
    apps.append(
        svc.application_reject(actor=side_a.clerk, application=side_a.app(), reason="不属于本机关职权")
    )
    apps.append(svc.application_withdraw(actor=side_a.company, application=side_a.app("in_review")))
    apps.append(
        svc.application_deny(actor=side_a.reviewer, application=side_a.app("in_review"), reason="不符合")
    )
    people = [
        side_a.leader,
        side_a.clerk,
        side_a.reviewer,
        side_a.company,
        zone_a_investment_officer,
        city_officer,
    ]
    for user in people:
        c = client_for(user)
        for app in apps:
            for url in [*pk_pages(app), reverse("approvals:project_path", args=[app.project_id])]:
                assert c.get(url).status_code == 200, (user, app.status, url)
        for name in ("approvals:queue", "approvals:intake_list"):
            assert c.get(reverse(name)).status_code == 200


# What the page and the API post alike for an action.
SHARED_DATA: dict[str, Callable[[Side, Application], dict]] = {
    "accept": lambda s, a: {"version": a.version, "reviewer": s.reviewer.pk},
    "reject": lambda s, a: {"version": a.version, "reason": "不属于本机关职权范围"},
    "end_special": lambda s, a: {"version": a.version},
    "extend": lambda s, a: {"version": a.version, "reason": "需现场踏勘", "days": 10},
    "advance": lambda s, a: {"version": a.version},
    "grant": lambda s, a: {"version": a.version, "reason": "符合条件"},
    "deny": lambda s, a: {"version": a.version, "reason": "不符合规划条件"},
}
ACTION_DATA: dict[str, Callable[[Side, Application], dict]] = {
    **SHARED_DATA,
    "supplement": lambda s, a: {"version": a.version, "missing": "申请表须加盖公章"},
    "answer": lambda s, a: {f"f_{required(a).pk}": pdf(), "note": "已补正"},
    "special": lambda s, a: {
        "version": a.version,
        "kind": "expert",
        "notice": "组织专家评审",
        "limit_days": 10,
    },
    "withdraw": lambda s, a: {"note": "项目调整"},
    "supply": lambda s, a: {f"f_{owed(a).pk}": pdf("环评批复.pdf")},
    "postcheck": lambda s, a: {"conforms": "1", "finding": "现场核查与承诺一致"},
}
# action -> (who acts, the state it acts on, the status it leaves); SHARED_ACTIONS: alike on the page and in the API
SHARED_ACTIONS = {
    "accept": ("clerk", "submitted", Status.IN_REVIEW),
    "reject": ("clerk", "submitted", Status.REJECTED),
    "special": ("reviewer", "in_review", Status.SPECIAL),
    "end_special": ("reviewer", "special", Status.IN_REVIEW),
    "extend": ("leader", "in_review", Status.IN_REVIEW),
    "advance": ("reviewer", "in_review", Status.IN_REVIEW),
    "grant": ("reviewer", "in_review", Status.GRANTED),
    "deny": ("reviewer", "in_review", Status.DENIED),
    "withdraw": ("company", "in_review", Status.WITHDRAWN),
}
PAGE_ACTIONS = {
    **SHARED_ACTIONS,
    "supplement": ("clerk", "submitted", Status.SUPPLEMENT),
    "answer": ("company", "supplement", Status.SUBMITTED),
    "supply": ("company", "tolerated", Status.IN_REVIEW),
    "postcheck": ("reviewer", "commitment", Status.GRANTED),
}


def test_the_page_action_table_names_every_action():
    from devzone.approvals.actions import PAGE_ACTIONS as TABLE

    assert set(PAGE_ACTIONS) == set(TABLE.actions) == set(ACTION_DATA)


def action_url(app: Application, action: str) -> str:
    return reverse("approvals:application_action", args=[app.pk, action])


@pytest.mark.parametrize("action", sorted(PAGE_ACTIONS))
def test_each_page_action_works_in_zone_a_and_is_404_in_zone_b(
    client_for, side_a, side_b, no_certificate, action
):
    who, state, after = PAGE_ACTIONS[action]
    own, other = side_a.app(state), side_b.app(state)
    c = client_for(getattr(side_a, who))

    before = snapshot(other)
    response = c.post(action_url(other, action), ACTION_DATA[action](side_b, other))
    assert response.status_code == 404
    assert snapshot(other) == before  # nothing changed in zone B

    before = snapshot(own)
    response = c.post(action_url(own, action), ACTION_DATA[action](side_a, own))
    assert response.status_code == 302
    assert errors_of(response) == []
    assert snapshot(own) != before
    assert Application.objects.get(pk=own.pk).status == after


# --- pages: lists -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["leader", "clerk", "reviewer", "company"])
def test_lists_never_show_another_zones_rows(client_for, side_a, side_b, who):
    for side in (side_a, side_b):
        side.app("submitted")
        side.app("in_review")
    c = client_for(getattr(side_a, who))
    intakes = c.get(reverse("approvals:intake_list")).content.decode()
    assert f"{A_MARK}项目1" in intakes and f"{A_MARK}项目2" in intakes
    assert B_MARK not in intakes
    queue = c.get(reverse("approvals:queue")).content.decode()
    # Each role's own work: the clerk's files to accept, the reviewer's files in review, the leader's and the
    # enterprise's open files.
    expected = {"clerk": ["1"], "reviewer": ["2"], "leader": ["1", "2"], "company": ["1", "2"]}[who]
    for n in expected:
        assert f"{A_MARK}项目{n}" in queue
    for status in ["", *Status.values]:
        html = c.get(reverse("approvals:queue"), {"status": status}).content.decode()
        assert B_MARK not in html, status


def test_the_city_officer_sees_both_zones(client_for, city_officer, side_a, side_b):
    """The positive control of the matrix: city reach does see zone B's files."""
    own, other = side_a.app("in_review"), side_b.app("in_review")
    c = client_for(city_officer)
    for url in pk_pages(other):
        assert c.get(url).status_code == 200
    queue = c.get(reverse("approvals:queue")).content.decode()
    assert f"{A_MARK}项目" in queue and f"{B_MARK}项目" in queue
    ids = {a["id"] for a in c.get(f"{API}/applications").json()["items"]}
    assert {own.pk, other.pk} <= ids


def test_an_officer_of_another_city_sees_nothing_of_ours(client_for, side_a):
    app = side_a.app("in_review")
    stranger = f.user_with_role(Role.CITY_OFFICER, city=f.CityFactory(name="外市"))
    c = client_for(stranger)
    for url in pk_pages(app):
        assert c.get(url).status_code == 404
    assert c.get(f"{API}/applications/{app.pk}").status_code == 404
    assert c.get(f"{API}/applications").json()["count"] == 0
    assert A_MARK not in c.get(reverse("approvals:queue")).content.decode()


# --- pages: the new intake ----------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["clerk", "company"])
def test_a_new_intake_cannot_name_another_zones_project_or_items(client_for, side_a, side_b, neighbour, who):
    own_project, other_project = side_a.project(), side_b.project()
    neighbours_project = neighbour.project()
    c = client_for(getattr(side_a, who))
    url = reverse("approvals:intake_new")
    choose = c.get(url).content.decode()
    assert side_a.item.name in choose and own_project.name in choose
    assert B_MARK not in choose  # neither zone B's projects nor its items are offered
    shared = {"applicant_name": "张经办", "applicant_phone": "13800000000"}
    forged = [
        {"project": other_project.pk, "items": [side_a.item.pk]},
        {"project": own_project.pk, "items": [side_b.item.pk]},
    ]
    if who == "company":  # an enterprise applies for its own projects only
        forged.append({"project": neighbours_project.pk, "items": [side_a.item.pk]})
    for params in forged:
        query = urlencode(params, doseq=True)
        step1 = c.get(f"{url}?{query}")
        assert step1.status_code == 200 and step1.context["form"].errors, params
        files = {f"f_{i}_{m.pk}": pdf() for i in params["items"] for m in side_b.item.materials.all()}
        step2 = c.post(f"{url}?{query}", shared | files)
        assert step2.status_code == 200
    assert not Intake.objects.exists()
    # The same form for zone A's own project and item goes through.
    query = urlencode({"project": own_project.pk, "items": [side_a.item.pk]}, doseq=True)
    files = {f"f_{side_a.item.pk}_{m.pk}": pdf() for m in side_a.item.materials.all()}
    response = c.post(f"{url}?{query}", shared | files)
    assert response.status_code == 302
    intake = Intake.objects.get()
    assert (intake.zone, intake.project) == (side_a.zone, own_project)
    assert intake.applications.get().uploads.count() == 2


def test_home_sends_each_role_to_its_own_work(client, client_for, side_a, zone_a_investment_officer):
    url = reverse("approvals:home")
    assert client_for(side_a.company).get(url)["Location"] == reverse("approvals:intake_list")
    for user in (side_a.clerk, side_a.reviewer, side_a.leader, zone_a_investment_officer):
        assert client_for(user).get(url)["Location"] == reverse("approvals:queue")
    candidate = f.user_with_role(Role.CANDIDATE, user__username="iso_candidate")
    assert client_for(candidate).get(url).status_code == 403
    assert client.get(url)["Location"].startswith(reverse("login"))


# --- pages: statistics and the project path -----------------------------------------------------------------
def test_statistics_count_only_the_users_zone(client_for, city_officer, side_a, side_b, no_certificate):
    side_a.app("granted")
    side_b.app("granted")
    today = timezone.localdate()
    period = {"start": today.replace(month=1, day=1).isoformat(), "end": today.isoformat()}
    c = client_for(side_a.leader)
    html = c.get(reverse("approvals:statistics"), period).content.decode()
    assert side_a.item.name in html and 'data-figure="total">1<' in html
    assert B_MARK not in html
    export = c.get(reverse("approvals:statistics_export"), period)
    assert export.status_code == 200
    cells = [
        str(v)
        for ws in load_workbook(BytesIO(export.content), read_only=True).worksheets
        for row in ws.iter_rows(values_only=True)
        for v in row
        if v is not None
    ]
    assert side_a.item.name in cells and not any(B_MARK in v for v in cells)
    # positive control: city reach counts both zones
    html = client_for(city_officer).get(reverse("approvals:statistics"), period).content.decode()
    assert side_a.item.name in html and side_b.item.name in html
    # an enterprise has no statistics
    for name in ("approvals:statistics", "approvals:statistics_export"):
        assert client_for(side_a.company).get(reverse(name)).status_code == 403


def test_the_project_path_is_404_for_another_zones_project(client_for, side_a, side_b, neighbour):
    own, other, theirs = side_a.app("in_review"), side_b.app("in_review"), neighbour.app("in_review")
    for who in ("leader", "reviewer", "company"):
        c = client_for(getattr(side_a, who))
        page = c.get(reverse("approvals:project_path", args=[own.project_id]))
        assert page.status_code == 200 and side_a.item.name in page.content.decode()
        assert c.get(reverse("approvals:project_path", args=[other.project_id])).status_code == 404
    company = client_for(side_a.company)
    assert company.get(reverse("approvals:project_path", args=[theirs.project_id])).status_code == 404


# --- enterprise users -----------------------------------------------------------------------------------------
def test_an_enterprise_sees_only_its_own_intakes_applications_and_certificates(client_for, side_a, neighbour):
    own, theirs = side_a.app("granted"), neighbour.app("granted")  # real certificates under the zone's seal
    c = client_for(side_a.company)

    def downloads(app):
        return [
            reverse(f"certificates:{name}", args=[app.certificate.pk])
            for name in ("pdf", "signature", "seal_key")
        ]

    for own_url, their_url in zip(
        pk_pages(own) + downloads(own), pk_pages(theirs) + downloads(theirs), strict=True
    ):
        assert c.get(own_url).status_code == 200, own_url
        assert c.get(their_url).status_code == 404, their_url
    own_open, theirs_open = side_a.app("in_review"), neighbour.app("in_review")
    intakes = c.get(reverse("approvals:intake_list")).content.decode()
    queue = c.get(reverse("approvals:queue")).content.decode()  # the enterprise's open files
    assert own.project.name in intakes and own_open.project.name in intakes and own_open.project.name in queue
    assert theirs_open.project.name not in queue and "邻居" not in intakes and "邻居" not in queue
    assert c.get(f"{API}/intakes/{theirs.intake_id}").status_code == 404
    assert c.get(f"{API}/applications/{theirs.pk}").status_code == 404
    assert {i["id"] for i in c.get(f"{API}/intakes").json()["items"]} == {own.intake_id, own_open.intake_id}
    assert {a["id"] for a in c.get(f"{API}/applications").json()["items"]} == {own.pk, own_open.pk}
    # nor rate it (好差评 is the services module's: devzone/services/tests/test_isolation.py)
    assert c.get(reverse("services:rate", args=["application", theirs.pk])).status_code == 404


def test_an_enterprise_cannot_act_on_another_enterprises_open_file(client_for, side_a, neighbour):
    theirs = neighbour.app("supplement")
    c = client_for(side_a.company)
    before = snapshot(theirs)
    assert c.post(action_url(theirs, "answer"), ACTION_DATA["answer"](neighbour, theirs)).status_code == 404
    assert c.post(action_url(theirs, "withdraw"), {}).status_code == 404
    upload = c.post(f"{API}/applications/{theirs.pk}/materials", {"file": pdf()})
    assert upload.status_code == 404
    withdraw = c.post(
        f"{API}/applications/{theirs.pk}/withdraw", json.dumps({"version": theirs.version}), content_type=JSON
    )
    assert withdraw.status_code == 404
    assert snapshot(theirs) == before


# --- anonymous ------------------------------------------------------------------------------------------------
def test_anonymous_is_sent_to_login_from_every_page(client, side_a):
    app = side_a.app("in_review")
    urls = [
        reverse("approvals:home"),
        reverse("approvals:queue"),
        reverse("approvals:intake_list"),
        reverse("approvals:intake_new"),
        reverse("approvals:statistics"),
        reverse("approvals:statistics_export"),
        reverse("approvals:project_path", args=[app.project_id]),
        *pk_pages(app),
        *(action_url(app, action) for action in PAGE_ACTIONS),
    ]
    before = snapshot(app)
    for url in urls:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("login") + "?next="), url
    assert snapshot(app) == before


def test_anonymous_gets_401_from_every_api_operation(client, side_a):
    app = side_a.app("in_review")
    before = snapshot(app)
    for url in (
        f"{API}/items",
        f"{API}/items/{side_a.item.pk}",
        f"{API}/intakes",
        f"{API}/intakes/{app.intake_id}",
        f"{API}/applications",
        f"{API}/applications/{app.pk}",
    ):
        assert client.get(url).status_code == 401, url
    body = json.dumps({"version": app.version, "reason": "x", "missing": "x", "level": 5})
    posts = [f"{API}/intakes", *(f"{API}/applications/{app.pk}/{op}" for op in API_PATHS.values())]
    for url in posts:
        assert client.post(url, body, content_type=JSON).status_code == 401, url
    assert client.post(f"{API}/applications/{app.pk}/materials", {"file": pdf()}).status_code == 401
    assert snapshot(app) == before


# --- in reach, without the right: 403 -------------------------------------------------------------------------
def test_in_reach_without_the_right_is_403_and_changes_nothing(
    client_for, side_a, zone_a_investment_officer, zone_a_reviewer, no_certificate
):
    submitted, in_review = side_a.app("submitted"), side_a.app("in_review")
    invest = zone_a_investment_officer
    other_reviewer = zone_a_reviewer  # a reviewer of the zone, not the one the file was assigned to
    cases = [
        (side_a.reviewer, submitted, "accept"),
        (side_a.leader, submitted, "accept"),
        (side_a.company, submitted, "accept"),
        (invest, submitted, "accept"),
        (side_a.reviewer, submitted, "reject"),
        (invest, in_review, "grant"),
        (invest, in_review, "supplement"),
        (invest, in_review, "advance"),
        (invest, in_review, "deny"),
        (invest, in_review, "special"),
        (side_a.clerk, in_review, "grant"),
        (side_a.company, in_review, "grant"),
        (other_reviewer, in_review, "grant"),
        (side_a.reviewer, in_review, "extend"),
        (side_a.reviewer, in_review, "withdraw"),
    ]
    for user, app, action in cases:
        c = client_for(user)
        before = snapshot(app)
        data = ACTION_DATA[action](side_a, app)
        assert c.post(action_url(app, action), data).status_code == 403, (user, action)
        op = API_PATHS.get(action, action)
        body = json.dumps(API_DATA.get(action, lambda s, a: {"version": a.version})(side_a, app))
        api = c.post(f"{API}/applications/{app.pk}/{op}", body, content_type=JSON)
        assert api.status_code == 403, (user, action, api.content)
        assert snapshot(app) == before, (user, action)
    # The investment officer reads the file but is offered no review actions; the reviewer is.
    page = client_for(invest).get(reverse("approvals:application_detail", args=[in_review.pk]))
    assert page.status_code == 200 and 'data-actions="review"' not in page.content.decode()
    page = client_for(side_a.reviewer).get(reverse("approvals:application_detail", args=[in_review.pk]))
    assert 'data-actions="review"' in page.content.decode()
    page = client_for(other_reviewer).get(reverse("approvals:application_detail", args=[in_review.pk]))
    assert page.status_code == 200 and 'data-actions="review"' not in page.content.decode()
    # Neither the reviewer nor the investment officer opens intakes.
    for user in (side_a.reviewer, invest, side_a.leader):
        assert client_for(user).get(reverse("approvals:intake_new")).status_code == 403
        intake = client_for(user).post(
            f"{API}/intakes",
            json.dumps(
                {
                    "project": side_a.project().pk,
                    "items": [side_a.item.pk],
                    "applicant_name": "张",
                    "applicant_phone": "13800000000",
                }
            ),
            content_type=JSON,
        )
        assert intake.status_code == 403
    assert Intake.objects.count() == 2


# --- API ------------------------------------------------------------------------------------------------------
def test_the_api_catalog_holds_only_the_users_zone(client_for, side_a, side_b):
    for who in ("leader", "clerk", "reviewer"):
        c = client_for(getattr(side_a, who))
        items = c.get(f"{API}/items", {"page_size": 200}).json()["items"]
        ids = {i["id"] for i in items}
        assert side_a.item.pk in ids and side_b.item.pk not in ids
        assert not any(B_MARK in i["name"] for i in items)
        assert c.get(f"{API}/items/{side_a.item.pk}").status_code == 200
        response = c.get(f"{API}/items/{side_b.item.pk}")
        assert response.status_code == 404 and B_MARK not in response.content.decode()
    company = client_for(side_a.company)  # the catalog is the zone's guide: its enterprises read it
    assert company.get(f"{API}/items/{side_b.item.pk}").status_code == 404
    assert company.get(f"{API}/items/{side_a.item.pk}").status_code == 200
    listing = company.get(f"{API}/items", {"page_size": 200})
    assert listing.status_code == 200 and B_MARK not in listing.content.decode()
    assert side_a.item.pk in {i["id"] for i in listing.json()["items"]}


def test_the_api_certificates_are_the_users_own(client_for, side_a, neighbour, side_b):
    own, theirs = side_a.app("granted"), neighbour.app("granted")
    company = client_for(side_a.company)
    listed = company.get(f"{API}/certificates").json()["items"]
    assert [c["id"] for c in listed] == [own.certificate.pk]
    assert listed[0]["verify_url"].endswith(f"/{own.certificate.verify_code}/")
    assert company.get(f"{API}/certificates/{theirs.certificate.pk}").status_code == 404
    assert company.get(f"{API}/certificates/{own.certificate.pk}").status_code == 200
    leader_b = client_for(side_b.leader)
    assert leader_b.get(f"{API}/certificates/{own.certificate.pk}").status_code == 404
    assert own.certificate.pk not in {c["id"] for c in leader_b.get(f"{API}/certificates").json()["items"]}


@pytest.mark.parametrize("who", ["leader", "clerk", "reviewer", "company"])
def test_api_lists_never_contain_another_zones_rows(client_for, side_a, side_b, who):
    mine = [side_a.app("submitted"), side_a.app("in_review")]
    others = [side_b.app("submitted"), side_b.app("in_review")]
    c = client_for(getattr(side_a, who))
    body = c.get(f"{API}/intakes", {"page_size": 200}).json()
    ids = {i["id"] for i in body["items"]}
    assert {a.intake_id for a in mine} <= ids and not ids & {a.intake_id for a in others}
    assert body["count"] == len(body["items"])
    for params in [{}, {"queue": "true"}, *({"status": s} for s in Status.values)]:
        body = c.get(f"{API}/applications", {"page_size": 200, **params}).json()
        ids = {a["id"] for a in body["items"]}
        assert not ids & {a.pk for a in others}, params
        assert B_MARK not in json.dumps(body, ensure_ascii=False)
    all_ids = {a["id"] for a in c.get(f"{API}/applications", {"page_size": 200}).json()["items"]}
    assert all_ids == {a.pk for a in mine}


@pytest.mark.parametrize("who", ["leader", "clerk", "reviewer", "company"])
def test_api_gets_are_404_for_another_zones_rows(client_for, side_a, side_b, who):
    own, other = side_a.app("in_review"), side_b.app("in_review")
    c = client_for(getattr(side_a, who))
    for path in ("intakes/{intake}", "applications/{app}"):
        assert c.get(f"{API}/" + path.format(intake=own.intake_id, app=own.pk)).status_code == 200
        response = c.get(f"{API}/" + path.format(intake=other.intake_id, app=other.pk))
        assert response.status_code == 404
        assert B_MARK not in response.content.decode()


def test_api_intake_create_cannot_name_another_zones_project_or_items(client_for, side_a, side_b, neighbour):
    for who in ("clerk", "company"):
        c = client_for(getattr(side_a, who))
        own_project, other_project = side_a.project(), side_b.project()
        shared = {"applicant_name": "张经办", "applicant_phone": "13800000000"}
        forged = [
            ({"project": other_project.pk, "items": [side_a.item.pk]}, "project"),
            ({"project": own_project.pk, "items": [side_b.item.pk]}, "items"),
        ]
        if who == "company":
            forged.append(({"project": neighbour.project().pk, "items": [side_a.item.pk]}, "project"))
        before = Intake.objects.count()
        for payload, field in forged:
            response = c.post(f"{API}/intakes", json.dumps(payload | shared), content_type=JSON)
            assert response.status_code == 400, (who, payload)
            assert field in response.json()["errors"]
            assert B_MARK not in response.content.decode()
        assert Intake.objects.count() == before
        payload = {"project": own_project.pk, "items": [side_a.item.pk]} | shared
        response = c.post(f"{API}/intakes", json.dumps(payload), content_type=JSON)
        assert response.status_code == 201, (who, response.content)
        intake = Intake.objects.get(pk=response.json()["id"])
        assert (intake.zone, intake.project, intake.enterprise) == (
            side_a.zone,
            own_project,
            side_a.enterprise,
        )


API_PATHS = {
    "upload": "materials",
    "accept": "accept",
    "reject": "reject",
    "supplement": "supplement",
    "special": "special",
    "end_special": "end_special",
    "extend": "extend",
    "advance": "advance",
    "grant": "grant",
    "deny": "deny",
    "withdraw": "withdraw",
}
API_DATA: dict[str, Callable[[Side, Application], dict]] = {
    **SHARED_DATA,
    "upload": lambda s, a: {"file": pdf(), "material": required(a).pk},  # multipart
    "supplement": lambda s, a: {"version": a.version, "missing": "补充总平面图"},
    "special": lambda s, a: {"version": a.version, "kind": "testing", "notice": "委托检测", "limit_days": 15},
    "withdraw": lambda s, a: {"version": a.version},
}
API_OPS = {
    **SHARED_ACTIONS,
    "upload": ("company", "review_supplement", Status.IN_REVIEW),
    "supplement": ("reviewer", "in_review", Status.REVIEW_SUPPLEMENT),
}


def test_the_api_operation_table_names_every_application_operation():
    from devzone.approvals.api import router

    ops = {
        op.operation_id.removeprefix("application_")
        for path in router.path_operations.values()
        for op in path.operations
        if op.operation_id.startswith("application_")
    }
    assert set(API_OPS) == set(API_DATA) == set(API_PATHS) == ops - {"list", "get"}


def api_post(c, app: Application, op: str, data: dict):
    url = f"{API}/applications/{app.pk}/{API_PATHS[op]}"
    if op == "upload":
        return c.post(url, data)  # multipart
    return c.post(url, json.dumps(data), content_type=JSON)


@pytest.mark.parametrize("op", sorted(API_OPS))
def test_each_api_operation_works_in_zone_a_and_is_404_in_zone_b(
    client_for, side_a, side_b, no_certificate, op
):
    who, state, after = API_OPS[op]
    own, other = side_a.app(state), side_b.app(state)
    c = client_for(getattr(side_a, who))

    before = snapshot(other)
    response = api_post(c, other, op, API_DATA[op](side_b, other))
    assert response.status_code == 404
    assert B_MARK not in response.content.decode()
    assert snapshot(other) == before

    before = snapshot(own)
    response = api_post(c, own, op, API_DATA[op](side_a, own))
    assert response.status_code in (200, 201), response.content
    assert snapshot(own) != before
    assert Application.objects.get(pk=own.pk).status == after
    assert response.json()["status"] == after
    if op == "advance":
        assert response.json()["step"] == StepName.DECIDE
