"""The 企业服务 API end to end with bearer tokens: a request from raising to rating, a bad rating through its
follow-up and appeal, statistics and satisfaction, the enterprise file; problem-JSON for bad input, never 500."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devzone.services.models import Rating, ServiceRequest
from devzone.testing.approvals import bearer, post_json
from devzone.testing.services import today

pytestmark = pytest.mark.django_db
API = "/api/v1/services"
JSON = "application/json"


def test_a_request_from_raising_to_rating_and_its_follow_up(side_a):
    company, head, officer, leader = (
        bearer(side_a.company),
        bearer(side_a.head),
        bearer(side_a.officer),
        bearer(side_a.leader),
    )
    r = post_json(
        company,
        f"{API}/requests",
        {"category": "utilities", "title": "蒸汽管网接入", "description": "需要0.8MPa蒸汽"},
    )
    assert r.status_code == 201, r.content
    req = r.json()
    assert req["status"] == "submitted" and req["department"] == side_a.department.pk and req["due_on"]
    r = post_json(
        head, f"{API}/requests/{req['id']}/accept", {"version": req["version"], "assignee": side_a.officer.pk}
    )
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    r = post_json(officer, f"{API}/requests/{req['id']}/answer", {"body": "已接入热力公司管网"})
    assert r.json()["status"] == "answered"
    thread = company.get(f"{API}/requests/{req['id']}").json()["replies"]
    assert [m["action"] for m in thread] == ["submit", "accept", "answer"]
    # the enterprise lists only its requests; a rating of the answered request
    assert [x["id"] for x in company.get(f"{API}/requests").json()["items"]] == [req["id"]]
    r = post_json(
        company,
        f"{API}/ratings",
        {"kind": "request", "subject_id": req["id"], "level": 2, "attitude": 3, "comment": "等了太久"},
    )
    assert r.status_code == 201, r.content
    rating = r.json()
    assert rating["served_by"] == "甲侧专员" and rating["level_label"] == "不满意"
    assert rating["enterprise"] == side_a.enterprise.pk  # the enterprise sees its own name
    second = post_json(company, f"{API}/ratings", {"kind": "request", "subject_id": req["id"], "level": 5})
    assert second.status_code == 400 and "只能评价一次" in second.json()["title"]
    # the follow-up, as the handler and the enterprise see it
    follow = head.get(f"{API}/followups").json()["items"][0]
    assert follow["status"] == "open" and follow["rating"] == rating["id"]
    r = post_json(
        head,
        f"{API}/followups/{follow['id']}/callback",
        {
            "rectification": "专人负责",
            "callback_on": str(today()),
            "callback_contact": "王经理",
            "callback_note": "认可",
        },
    )
    assert r.status_code == 200 and r.json()["status"] == "called_back"
    r = post_json(company, f"{API}/followups/{follow['id']}/rating", {"level": 4, "comment": "改进明显"})
    assert r.json()["status"] == "closed" and r.json()["result_level"] == 4
    # the appeal, filed by the officer rated, decided by the leader
    r = post_json(
        officer, f"{API}/ratings/{rating['id']}/appeal", {"reason": "企业误把供热公司的延误算在我们头上"}
    )
    assert r.status_code == 201
    appeal = r.json()
    assert (
        post_json(head, f"{API}/appeals/{appeal['id']}/decide", {"upheld": True, "decision": "x"}).status_code
        == 403
    )
    r = post_json(
        leader,
        f"{API}/appeals/{appeal['id']}/decide",
        {"upheld": False, "decision": "企业反映属实，申诉不成立"},
    )
    assert r.json()["status"] == "rejected"
    stats = leader.get(f"{API}/statistics", {"year": today().year}).json()
    assert stats["total"] == 1 and stats["levels"]["2"] == 1 and stats["by_person"][0]["name"] == "甲侧专员"
    sat = leader.get(
        f"{API}/satisfaction", {"year": today().year, "quarter": (today().month - 1) // 3 + 1}
    ).json()
    assert sat == [{"department": side_a.department.pk, "score": "25.00"}]
    # the enterprise file: its own, with public progress only
    file = company.get(f"{API}/enterprises/{side_a.enterprise.pk}/file").json()
    assert [r["id"] for r in file["requests"]] == [req["id"]] and file["visits"] == 0
    assert company.get(f"{API}/statistics", {"year": 2026}).status_code == 403
    assert company.get(f"{API}/surveys").status_code == 403


def test_an_application_is_rated_through_the_services_api(side_a):
    app = side_a.application()
    company = bearer(side_a.company)
    r = post_json(
        company, f"{API}/ratings", {"kind": "application", "subject_id": app.pk, "level": 5, "efficiency": 5}
    )
    assert r.status_code == 201 and r.json()["application"] == app.pk
    assert Rating.objects.get().department == side_a.economic  # the reviewer's department


@pytest.mark.parametrize(
    "path,body,status",
    [
        ("requests", '{"category": "nonsense", "title": "x", "description": "y"}', 422),  # an enum
        ("requests", '{"title": "x"}', 422),
        ("requests", "not json", 400),
        ("ratings", '{"kind": "request", "subject_id": "abc", "level": 5}', 422),
        ("ratings", '{"kind": "nonsense", "subject_id": 1, "level": 5}', 422),  # an enum
        ("ratings", '{"kind": "request", "subject_id": 999999, "level": 5}', 404),
        ("surveys/answer", '{"token": "x", "answers": {}}', 404),
        ("surveys/answer", '{"token": "x", "answers": "many"}', 422),
    ],
)
def test_bad_json_input_is_a_4xx_never_500(side_a, path, body, status):
    c = bearer(side_a.company)
    response = c.post(f"{API}/{path}", body, content_type=JSON)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith((JSON, "application/problem+json"))
    assert not ServiceRequest.objects.exists() and not Rating.objects.exists()


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    op=st.sampled_from(["accept", "assign", "reply", "answer", "refuse", "close", "extend"]),
    body=st.dictionaries(
        st.sampled_from(["version", "assignee", "body", "reason", "due_on"]),
        st.one_of(st.none(), st.integers(-5, 10**12), st.text(max_size=20), st.booleans()),
        max_size=4,
    ),
)
def test_no_json_body_makes_a_request_move_fail(client_for, side_a, op, body):
    req = ServiceRequest.objects.filter(enterprise=side_a.enterprise).first() or side_a.request("submitted")
    response = client_for(side_a.head).post(
        f"{API}/requests/{req.pk}/{op}", json.dumps(body), content_type=JSON
    )
    assert response.status_code < 500, (op, body, response.content)
