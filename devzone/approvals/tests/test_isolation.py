"""The approvals module's isolation matrix: pages and API through Django's ``Client`` (middleware, URL routing,
the API's real authentication), never ninja's ``TestClient``.

Two zones, each with its window clerk, reviewer, leader, an enterprise with its user, and items; every zone-B
row carries 乙侧 in its name. A zone-A user gets 404 for zone B's intakes, applications and materials on every
page and API operation with a pk (each transition included, and nothing changes); lists never hold a zone-B
row; an enterprise user sees only its own enterprise's files; anonymous visitors are sent to log in (401 from
the API); a user in reach without the right gets 403. Each refusal is paired with the same request succeeding
on zone A's row, so a 404 never passes because the request was broken.

The pages are here, the API and the 403s in test_isolation_api.py; the cast and the action tables in
isolation_cast.py. ``isolation.py`` places these tests in the project-wide matrix
(devzone/core/tests/test_isolation.py)."""

from __future__ import annotations

import json
from io import BytesIO
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from devzone.approvals.choices import Status
from devzone.approvals.models import Intake
from devzone.approvals.services import applications as svc
from devzone.approvals.tests.isolation_cast import (
    A_MARK,
    ACTION_DATA,
    API,
    B_MARK,
    JSON,
    PAGE_ACTIONS,
    action_url,
    errors_of,
    move_on_both_sides,
    pdf,
    pk_pages,
    snapshot,
)
from devzone.core.choices import Role
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db


# --- pages: rows with a pk ------------------------------------------------------------------------------------
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


def test_the_page_action_table_names_every_action():
    from devzone.approvals.actions import PAGE_ACTIONS as TABLE

    assert set(PAGE_ACTIONS) == set(TABLE.actions) == set(ACTION_DATA)


@pytest.mark.parametrize("action", sorted(PAGE_ACTIONS))
def test_each_page_action_works_in_zone_a_and_is_404_in_zone_b(
    client_for, side_a, side_b, no_certificate, action
):
    who, state, after = PAGE_ACTIONS[action]

    def post(c, app, data):
        return c.post(action_url(app, action), data)

    c = client_for(getattr(side_a, who))
    response, own = move_on_both_sides(c, side_a, side_b, state, post, ACTION_DATA[action])
    assert response.status_code == 302
    assert errors_of(response) == []
    assert own.status == after


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


def test_home_sends_each_role_to_its_own_work(client, client_for, side_a, zone_a_investment_officer, city):
    url = reverse("approvals:home")
    assert client_for(side_a.company).get(url)["Location"] == reverse("approvals:intake_list")
    for user in (side_a.clerk, side_a.reviewer, side_a.leader, zone_a_investment_officer):
        assert client_for(user).get(url)["Location"] == reverse("approvals:queue")
    candidate = f.user_with_role(Role.CANDIDATE, city=city, user__username="iso_candidate")
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
