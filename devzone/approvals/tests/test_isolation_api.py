"""The approvals module's isolation matrix, its API part (see test_isolation.py for the pages and the whole
matrix): anonymous callers get 401 from every operation; a zone-A user gets 404 for zone B's rows on every
operation with a pk, and lists never hold them; a user in reach without the right gets 403 on the page and in
the API alike, and nothing changes."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from devzone.approvals.choices import Status, StepName
from devzone.approvals.models import Intake
from devzone.approvals.tests.isolation_cast import (
    ACTION_DATA,
    API,
    API_DATA,
    API_OPS,
    API_PATHS,
    B_MARK,
    JSON,
    action_url,
    api_post,
    move_on_both_sides,
    pdf,
    snapshot,
)

pytestmark = [pytest.mark.django_db, pytest.mark.isolation]


# --- anonymous ------------------------------------------------------------------------------------------------
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


def test_the_api_operation_table_names_every_application_operation():
    from devzone.approvals.api import router

    ops = {
        op.operation_id.removeprefix("application_")
        for path in router.path_operations.values()
        for op in path.operations
        if op.operation_id.startswith("application_")
    }
    assert set(API_OPS) == set(API_DATA) == set(API_PATHS) == ops - {"list", "get"}


@pytest.mark.parametrize("op", sorted(API_OPS))
def test_each_api_operation_works_in_zone_a_and_is_404_in_zone_b(
    client_for, side_a, side_b, no_certificate, op
):
    who, state, after = API_OPS[op]

    def post(c, app, data):
        return api_post(c, app, op, data)

    c = client_for(getattr(side_a, who))
    response, own = move_on_both_sides(c, side_a, side_b, state, post, API_DATA[op])
    assert response.status_code in (200, 201), response.content
    assert own.status == after
    assert response.json()["status"] == after
    if op == "advance":
        assert response.json()["step"] == StepName.DECIDE


def test_the_api_statistics_count_only_the_users_zone(
    client_for, city_officer, side_a, side_b, no_certificate
):
    side_a.app("granted")
    side_b.app("granted")
    today = timezone.localdate()
    period = {"start": today.replace(month=1, day=1).isoformat(), "end": today.isoformat()}
    body = client_for(side_a.leader).get(f"{API}/statistics", period).json()
    assert [r["label"] for r in body["items"]] == [str(side_a.item)]
    assert sum(r["count"] for r in body["stages"]) == 1
    # naming the other zone narrows to nothing: it is not in reach
    assert (
        client_for(side_a.leader).get(f"{API}/statistics", {**period, "zone": side_b.zone.pk}).json()["items"]
        == []
    )
    # positive control: city reach counts both zones
    both = client_for(city_officer).get(f"{API}/statistics", period).json()
    assert sum(r["count"] for r in both["items"]) == 2
    assert client_for(side_a.company).get(f"{API}/statistics").status_code == 403
