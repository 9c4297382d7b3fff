"""Garbage on every form and API operation of 企业服务 is refused with a message and never answers 500."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devzone.services.tests.test_isolation import posts, world

pytestmark = pytest.mark.django_db

VALUES = st.one_of(
    st.none(),
    st.integers(-(10**20), 10**20),
    st.text(max_size=30),
    st.sampled_from(["", "0", "-1", "2026-02-30", "9999-12-31", "1", "5", "abc", "１２"]),
)
FIELDS = [
    "version",
    "assignee",
    "body",
    "reason",
    "due_on",
    "level",
    "comment",
    "efficiency",
    "handler",
    "rectification",
    "callback_on",
    "callback_contact",
    "callback_note",
    "upheld",
    "decision",
    "summary",
    "owner",
    "title",
    "department",
    "status",
    "done_on",
    "enterprise",
    "category",
    "description",
    "year",
    "quarter",
    "closes_on",
]


@pytest.fixture
def own(side_a):
    return world(side_a)


# Garbage by anyone in reach: up to six fields of bad values, by a leader, a head or the enterprise, on the
# n-th target (the same draws for the pages and the API).
garbage = given(
    data=st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=6),
    who=st.sampled_from(["leader", "head", "company"]),
    n=st.integers(0, 100),
)
forty = settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])


@forty
@garbage
def test_no_form_post_answers_500(client_for, side_a, own, data, who, n):
    targets = posts(own, side_a)
    url, _ = targets[n % len(targets)]
    form = {k: "" if v is None else str(v) for k, v in data.items()}
    response = client_for(getattr(side_a, who)).post(url, form)
    assert response.status_code < 500, (url, form)


@forty
@garbage
def test_no_api_body_answers_500(client_for, side_a, own, data, who, n):
    r, fu, rating, appeal = own["request"], own["follow"], own["rating"], own["appeal"]
    paths = [
        "requests",
        *[
            f"requests/{r.pk}/{op}"
            for op in ("accept", "assign", "reply", "answer", "refuse", "close", "extend")
        ],
        "ratings",
        f"followups/{fu.pk}/callback",
        f"followups/{fu.pk}/rating",
        f"ratings/{rating.pk}/appeal",
        f"appeals/{appeal.pk}/decide",
        "surveys/answer",
    ]
    path = paths[n % len(paths)]
    response = client_for(getattr(side_a, who)).post(
        f"/api/v1/services/{path}", json.dumps(data), content_type="application/json"
    )
    assert response.status_code < 500, (path, data, response.content[:300])
    assert response["Content-Type"].startswith(("application/json", "application/problem+json"))


def test_bad_query_strings_are_ignored_or_refused(client_for, side_a, own):
    c = client_for(side_a.leader)
    for url in (
        "/services/statistics/?year=abc&quarter=9",
        "/services/statistics/export.xlsx?year=-5",
        "/services/requests/?status=zzz&category=%00&page=x",
        "/services/ratings/?kind=zz&level=9&department=x&mine=2&page=-1",
        "/services/followups/?status=zz&page=99999",
    ):
        assert c.get(url).status_code == 200, url
    for url in (
        "/api/v1/services/statistics?year=abc",
        "/api/v1/services/statistics?year=2026&quarter=7",
        "/api/v1/services/satisfaction?year=2026&quarter=0",
    ):
        response = c.get(url)
        assert 400 <= response.status_code < 500 and response["Content-Type"].startswith(
            ("application/json", "application/problem+json")
        ), url


@pytest.mark.parametrize("pk", ["154190171260115250109743104", str(2**63), "0"])
def test_an_enterprise_id_no_row_can_have_is_not_found_on_its_plan(client_for, side_a, pk):
    """The plan's operations take the enterprise's id in the path: one beyond a database integer answered 500
    (OverflowError on SQLite) on adding a measure, found by the API fuzz."""
    c = client_for(side_a.leader)
    response = c.post(
        f"/api/v1/services/enterprises/{pk}/measures",
        json.dumps({"title": "季度走访"}),
        content_type="application/json",
    )
    assert response.status_code == 404, response.content[:300]
    assert c.get(f"/api/v1/services/enterprises/{pk}/plan").status_code in (404, 405)
