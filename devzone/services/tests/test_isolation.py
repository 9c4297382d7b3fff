"""Isolation of 企业服务: another zone's rows are 404 on every page and endpoint (and nothing changes), lists
never show them, an enterprise sees only its own requests, ratings, follow-ups and file."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from devzone.core.choices import Role
from devzone.services.models import (
    Appeal,
    FollowUp,
    Rating,
    RequestReply,
    ServiceRequest,
    SupportMeasure,
    SupportPlan,
    Survey,
)
from devzone.services.services import followups as follow_svc
from devzone.services.services import plans as plan_svc
from devzone.services.services import ratings as rating_svc
from devzone.services.services import surveys as survey_svc
from devzone.testing import factories as f
from devzone.testing.services import B_MARK, open_survey, this_quarter, today

pytestmark = pytest.mark.django_db
API = "/api/v1/services"
JSON = "application/json"


def world(side):
    """One of everything in a side's zone: requests in each state, a bad rating with its follow-up and
    appeal, a plan with a measure, a survey."""
    req = side.request("accepted")
    answered = side.request("answered")
    bad = rating_svc.rate(
        actor=side.company, kind="request", pk=answered.pk, level=1, comment=f"{side.mark}太慢"
    )
    appeal = follow_svc.appeal_file(actor=side.officer, rating=bad, reason=f"{side.mark}误评")
    plan = plan_svc.plan_save(actor=side.head, enterprise=side.enterprise, summary=f"{side.mark}帮扶思路")
    measure = plan_svc.measure_add(actor=side.head, plan=plan, title=f"{side.mark}协调原材料")
    survey, _ = survey_svc.survey_open(
        actor=side.leader, year=today().year, quarter=(today().month - 1) // 3 + 1, closes_on=today()
    )
    return {
        "request": req,
        "rating": bad,
        "follow": bad.follow_up,
        "appeal": appeal,
        "plan": plan,
        "measure": measure,
        "survey": survey,
    }


def snapshot():
    return (
        list(
            ServiceRequest.objects.order_by("pk").values_list(
                "pk", "status", "version", "assignee_id", "due_on"
            )
        ),
        RequestReply.objects.count(),
        list(Rating.objects.order_by("pk").values_list("pk", "level", "excluded")),
        list(FollowUp.objects.order_by("pk").values_list("pk", "status", "handler_id", "version")),
        list(Appeal.objects.order_by("pk").values_list("pk", "status")),
        list(SupportPlan.objects.order_by("pk").values_list("pk", "summary", "version")),
        list(SupportMeasure.objects.order_by("pk").values_list("pk", "status")),
        list(Survey.objects.order_by("pk").values_list("pk", "status")),
    )


def detail_pages(w):
    return [
        reverse("services:request_detail", args=[w["request"].pk]),
        reverse("services:rate", args=["request", w["rating"].request_id]),
        reverse("services:rating_detail", args=[w["rating"].pk]),
        reverse("services:followup_detail", args=[w["follow"].pk]),
        reverse("services:appeal_detail", args=[w["appeal"].pk]),
        reverse("services:survey_detail", args=[w["survey"].pk]),
        reverse("services:enterprise_file", args=[w["plan"].enterprise_id]),
    ]


def posts(w, side):
    r, fu = w["request"], w["follow"]
    return [
        *[
            (reverse("services:request_action", args=[r.pk, a]), data)
            for a, data in (
                ("accept", {"version": r.version}),
                ("assign", {"assignee": side.officer.pk}),
                ("reply", {"body": "进展"}),
                ("answer", {"body": "结果"}),
                ("refuse", {"reason": "理由"}),
                ("extend", {"reason": "理由", "due_on": "2099-01-05"}),
                ("close", {}),
            )
        ],
        (
            reverse("services:followup_action", args=[fu.pk, "callback"]),
            {
                "rectification": "整改",
                "callback_on": str(today()),
                "callback_contact": "王",
                "callback_note": "回访",
            },
        ),
        (reverse("services:followup_action", args=[fu.pk, "assign"]), {"handler": side.officer.pk}),
        (reverse("services:followup_action", args=[fu.pk, "rate"]), {"level": "5"}),
        (reverse("services:appeal_new", args=[w["rating"].pk]), {"reason": "误评"}),
        (reverse("services:appeal_detail", args=[w["appeal"].pk]), {"upheld": "1", "decision": "成立"}),
        (reverse("services:plan_edit", args=[w["plan"].enterprise_id]), {"summary": "改"}),
        (reverse("services:measure_add", args=[w["plan"].enterprise_id]), {"title": "新措施"}),
        (reverse("services:measure_update", args=[w["measure"].pk]), {"status": "done"}),
        (reverse("services:survey_close", args=[w["survey"].pk]), {}),
        (reverse("services:survey_reissue", args=[w["survey"].pk]), {"enterprise": side.enterprise.pk}),
        (reverse("services:rate", args=["request", w["request"].pk]), {"level": "5"}),
    ]


@pytest.mark.parametrize("who", ["leader", "head", "officer"])
def test_pages_with_a_pk_are_404_for_another_zones_rows(client_for, side_a, side_b, who):
    own, theirs = world(side_a), world(side_b)
    c = client_for(getattr(side_a, who))
    for url in detail_pages(own):
        assert c.get(url).status_code == 200, url
    for url in detail_pages(theirs):
        response = c.get(url)
        assert response.status_code == 404, url
        assert B_MARK not in response.content.decode()
    before = snapshot()
    for url, data in posts(theirs, side_b):
        assert c.post(url, data).status_code == 404, url
    assert snapshot() == before


def test_downloads_are_for_users_in_scope(client_for, side_a, side_b):

    att = side_b.attachment()
    url = reverse("services:attachment_download", args=[att.pk])
    assert client_for(side_b.company).get(url).status_code == 200
    assert client_for(side_b.head).get(url).status_code == 200
    assert client_for(side_a.leader).get(url).status_code == 404
    assert client_for(side_a.company).get(url).status_code == 404


def test_lists_never_show_another_zones_rows(client_for, side_a, side_b):
    world(side_a)
    world(side_b)
    c = client_for(side_a.leader)
    for name in (
        "home",
        "request_list",
        "rating_list",
        "followup_list",
        "appeal_list",
        "survey_list",
        "statistics",
        "settings",
    ):
        response = c.get(reverse(f"services:{name}"))
        assert response.status_code == 200, name
        assert B_MARK not in response.content.decode(), name
    export = c.get(reverse("services:statistics_export"))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    from openpyxl import load_workbook

    cells = [
        str(c.value) for ws in load_workbook(BytesIO(export.content)) for row in ws.iter_rows() for c in row
    ]
    assert B_MARK not in "".join(cells) and "甲侧专员" in "".join(cells)


def test_an_enterprise_sees_only_its_own_rows(client_for, side_a):
    mine = world(side_a)
    other = f.EnterpriseFactory(zone=side_a.zone, name="邻居企业有限公司")
    neighbour = f.user_with_role(Role.ENTERPRISE_USER, enterprise=other, user__username="sv_neighbour")
    c = client_for(neighbour)
    for url in detail_pages(mine):
        if "/surveys/" in url:
            continue
        assert c.get(url).status_code == 404, url
    for name in ("request_list", "rating_list", "followup_list"):
        assert side_a.mark not in c.get(reverse(f"services:{name}")).content.decode()
    # zone staff pages are not an enterprise's
    for name in ("appeal_list", "survey_list", "statistics", "statistics_export", "settings"):
        assert c.get(reverse(f"services:{name}")).status_code == 403, name
    before = snapshot()
    for url, data in posts(mine, side_a):
        assert c.post(url, data).status_code in (403, 404), url
    assert snapshot() == before
    # its own user sees its own
    own = client_for(side_a.company)
    assert own.get(reverse("services:enterprise_file", args=[side_a.enterprise.pk])).status_code == 200
    assert side_a.mark in own.get(reverse("services:request_list")).content.decode()


def test_a_new_request_is_always_the_users_own_enterprises(client_for, side_a, side_b):
    c = client_for(side_a.company)
    response = c.post(
        reverse("services:request_new"),
        {
            "category": "land",
            "title": "用地",
            "description": "土地证",
            "enterprise": side_b.enterprise.pk,
            "zone": side_b.zone.pk,
        },
    )
    assert response.status_code == 302
    req = ServiceRequest.objects.get()
    assert (req.enterprise, req.zone, req.department) == (side_a.enterprise, side_a.zone, side_a.department)
    assert client_for(side_a.leader).get(reverse("services:request_new")).status_code == 403


def test_a_survey_opens_only_in_the_leaders_own_zone(client_for, side_a, side_b):
    side_a.application()
    side_b.application()
    c = client_for(side_a.leader)
    response = c.post(
        reverse("services:survey_new"),
        {
            "year": today().year,
            "quarter": (today().month - 1) // 3 + 1,
            "closes_on": str(today()),
            "departments": [side_a.department.pk, side_b.department.pk],
        },
    )
    assert response.status_code == 302  # a zone-B department is refused
    assert not Survey.objects.exists()
    response = c.post(
        reverse("services:survey_new"),
        {
            "year": today().year,
            "quarter": (today().month - 1) // 3 + 1,
            "closes_on": str(today()),
            "departments": [side_a.department.pk],
        },
    )
    survey = Survey.objects.get()
    assert response.status_code == 302 and response["Location"] == survey.get_absolute_url()
    assert survey.zone == side_a.zone
    assert list(survey.links.values_list("enterprise_id", flat=True)) == [side_a.enterprise.pk]
    assert client_for(side_b.company).post(reverse("services:survey_take")).status_code == 302
    assert client_for(side_a.head).post(reverse("services:survey_take")).status_code == 403


# The API lists of rows (path, key in world()) paged as {"items": [...]}.
LISTED = (
    ("requests", "request"),
    ("ratings", "rating"),
    ("followups", "follow"),
    ("appeals", "appeal"),
)


def test_api_lists_never_contain_another_zones_rows(client_for, side_a, side_b):
    own, theirs = world(side_a), world(side_b)
    c = client_for(side_a.leader)
    for path, key in LISTED:
        ids = {row["id"] for row in c.get(f"{API}/{path}").json()["items"]}
        assert own[key].pk in ids and theirs[key].pk not in ids, path
    surveys = c.get(f"{API}/surveys").json()
    assert [s["id"] for s in surveys] == [own["survey"].pk]
    stats = c.get(f"{API}/statistics", {"year": today().year}).json()
    assert stats["total"] == 1 and {r["name"] for r in stats["by_department"]} == {"综合服务部"}
    assert all(B_MARK not in r["name"] for r in stats["by_person"])
    sat = c.get(f"{API}/satisfaction", {"year": today().year, "quarter": (today().month - 1) // 3 + 1}).json()
    assert [row["department"] for row in sat] == [side_a.department.pk]


def test_api_gets_are_404_for_another_zones_rows(client_for, side_a, side_b):
    own, theirs = world(side_a), world(side_b)
    c = client_for(side_a.leader)
    for path, key in (*LISTED, ("surveys", "survey")):
        assert c.get(f"{API}/{path}/{own[key].pk}").status_code == 200, path
        assert c.get(f"{API}/{path}/{theirs[key].pk}").status_code == 404, path
    assert c.get(f"{API}/enterprises/{side_a.enterprise.pk}/file").status_code == 200
    assert c.get(f"{API}/enterprises/{side_b.enterprise.pk}/file").status_code == 404


API_OPS = {
    "service_request_accept": ("requests/{request}/accept", lambda s, w: {"assignee": s.officer.pk}),
    "service_request_assign": ("requests/{request}/assign", lambda s, w: {"assignee": s.officer.pk}),
    "service_request_reply": ("requests/{request}/reply", lambda s, w: {"body": "进展"}),
    "service_request_answer": ("requests/{request}/answer", lambda s, w: {"body": "结果"}),
    "service_request_refuse": ("requests/{request}/refuse", lambda s, w: {"reason": "不属于职责"}),
    "service_request_close": ("requests/{request}/close", lambda s, w: {}),
    "service_request_extend": (
        "requests/{request}/extend",
        lambda s, w: {"reason": "r", "due_on": "2099-01-05"},
    ),
    "followup_callback": (
        "followups/{follow}/callback",
        lambda s, w: {
            "rectification": "整改",
            "callback_on": str(today()),
            "callback_contact": "王经理",
            "callback_note": "满意",
        },
    ),
    "followup_rate": ("followups/{follow}/rating", lambda s, w: {"level": 4}),
    "appeal_create": ("ratings/{rating}/appeal", lambda s, w: {"reason": "误评"}),
    "appeal_decide": ("appeals/{appeal}/decide", lambda s, w: {"upheld": True, "decision": "成立"}),
    "rating_create": ("ratings", lambda s, w: {"kind": "request", "subject_id": w["request"].pk, "level": 5}),
}


@pytest.mark.parametrize("op", sorted(API_OPS))
def test_each_api_operation_is_404_for_another_zones_rows(client_for, side_a, side_b, op):
    theirs = world(side_b)
    world(side_a)
    path, data = API_OPS[op]
    url = f"{API}/" + path.format(**{k: v.pk for k, v in theirs.items()})
    before = snapshot()
    for actor in (side_a.leader, side_a.head, side_a.company):
        response = client_for(actor).post(url, json.dumps(data(side_b, theirs)), content_type=JSON)
        assert response.status_code == 404, (op, actor, response.content)
        assert B_MARK not in response.content.decode()
    assert snapshot() == before


def test_api_create_makes_a_request_of_the_users_own_enterprise(client_for, side_a, side_b):
    c = client_for(side_a.company)
    response = c.post(
        f"{API}/requests",
        json.dumps(
            {
                "category": "finance",
                "title": "贷款",
                "description": "流动资金",
                "enterprise": side_b.enterprise.pk,
            }
        ),
        content_type=JSON,
    )
    assert response.status_code == 201
    assert ServiceRequest.objects.get(pk=response.json()["id"]).enterprise == side_a.enterprise
    assert (
        client_for(side_a.leader)
        .post(
            f"{API}/requests",
            json.dumps({"category": "finance", "title": "x", "description": "y"}),
            content_type=JSON,
        )
        .status_code
        == 403
    )


def test_api_plan_writes_are_404_for_another_zones_enterprise(client_for, side_a, side_b):
    own, theirs = world(side_a), world(side_b)
    c = client_for(side_a.head)
    before = snapshot()
    for path, body, method in (
        (f"enterprises/{side_b.enterprise.pk}/plan", {"summary": "改"}, "put"),
        (f"enterprises/{side_b.enterprise.pk}/measures", {"title": "新措施"}, "post"),
        (f"measures/{theirs['measure'].pk}", {"status": "done"}, "post"),
    ):
        response = getattr(c, method)(f"{API}/{path}", json.dumps(body), content_type=JSON)
        assert response.status_code == 404, path
    assert snapshot() == before
    # its own zone's: allowed, and the owner must be zone staff of the same zone
    for owner, code in ((side_b.head, 400), (side_a.officer, 200)):
        version = SupportPlan.objects.get(pk=own["plan"].pk).version
        r = c.put(
            f"{API}/enterprises/{side_a.enterprise.pk}/plan",
            json.dumps({"summary": "新思路", "owner": owner.pk, "version": version}),
            content_type=JSON,
        )
        assert r.status_code == code and (code == 200 or "owner" in r.json()["errors"]), owner
    assert r.json()["summary"] == "新思路"
    # the plan now belongs to the officer: the head who handed it over, like any other staff, may not change it
    refused = c.post(
        f"{API}/enterprises/{side_a.enterprise.pk}/measures", json.dumps({"title": "用工"}), content_type=JSON
    )
    assert refused.status_code == 403 and "包联负责人" in refused.json()["title"]
    for other in (side_a.clerk, side_a.reviewer):
        r = client_for(other).put(
            f"{API}/enterprises/{side_a.enterprise.pk}/plan", json.dumps({"summary": "改"}), content_type=JSON
        )
        assert r.status_code == 403, other
    owner = client_for(side_a.officer)
    r = owner.post(
        f"{API}/enterprises/{side_a.enterprise.pk}/measures",
        json.dumps({"title": "用工", "department": side_b.department.pk}),
        content_type=JSON,
    )
    assert r.status_code == 400
    r = owner.post(f"{API}/measures/{own['measure'].pk}", json.dumps({"status": "done"}), content_type=JSON)
    assert r.status_code == 200 and r.json()["measures"][0]["status"] == "done"
    # the zone's leader may always
    r = client_for(side_a.leader).post(
        f"{API}/measures/{own['measure'].pk}", json.dumps({"status": "in_progress"}), content_type=JSON
    )
    assert r.status_code == 200
    # an enterprise reads its plan but does not write it
    assert (
        client_for(side_a.company)
        .put(
            f"{API}/enterprises/{side_a.enterprise.pk}/plan", json.dumps({"summary": "x"}), content_type=JSON
        )
        .status_code
        == 403
    )


def test_api_surveys_routing_and_settings_stay_in_the_leaders_zone(client_for, side_a, side_b):
    theirs = world(side_b)
    side_a.application()
    c = client_for(side_a.leader)
    year, quarter = this_quarter()
    bad = c.post(
        f"{API}/surveys",
        json.dumps(
            {
                "year": year,
                "quarter": quarter,
                "closes_on": str(today()),
                "departments": [side_b.department.pk],
            }
        ),
        content_type=JSON,
    )
    assert bad.status_code == 400
    r = c.post(
        f"{API}/surveys",
        json.dumps({"year": year, "quarter": quarter, "closes_on": str(today())}),
        content_type=JSON,
    )
    assert r.status_code == 201 and [row["enterprise"] for row in r.json()["delivery"]] == [
        side_a.enterprise.pk
    ]
    assert "/services/s/" not in r.content.decode()  # no link to staff (review C)
    mine = r.json()["survey"]
    assert [row["enterprise"] for row in c.get(f"{API}/surveys/{mine}/delivery").json()] == [
        side_a.enterprise.pk
    ]
    assert c.get(f"{API}/surveys/{theirs['survey'].pk}/delivery").status_code == 404
    assert client_for(side_a.head).get(f"{API}/surveys/{mine}/delivery").status_code == 403
    assert c.post(f"{API}/surveys/{theirs['survey'].pk}/close").status_code == 404
    assert Survey.objects.get(pk=theirs["survey"].pk).status == "open"
    assert c.post(f"{API}/surveys/{r.json()['survey']}/close").json()["status"] == "closed"
    # routing
    plan_svc.routing_set(
        actor=side_b.leader, category="land", department_id=side_b.economic.pk, deadline_days=4
    )
    assert c.get(f"{API}/routing").json() == []
    assert (
        c.put(
            f"{API}/routing",
            json.dumps({"category": "land", "department": side_b.economic.pk, "deadline_days": 3}),
            content_type=JSON,
        ).status_code
        == 400
    )
    assert (
        client_for(side_a.head)
        .put(
            f"{API}/routing",
            json.dumps({"category": "land", "department": side_a.economic.pk, "deadline_days": 3}),
            content_type=JSON,
        )
        .status_code
        == 403
    )
    r = c.put(
        f"{API}/routing",
        json.dumps({"category": "land", "department": side_a.economic.pk, "deadline_days": 3}),
        content_type=JSON,
    )
    assert r.status_code == 200 and c.get(f"{API}/routing").json() == [
        {"category": "land", "department": side_a.economic.pk, "deadline_days": 3}
    ]
    # settings
    conf = c.get(f"{API}/settings").json()
    assert conf["survey_departments"] == sorted([side_a.department.pk, side_a.economic.pk])
    conf_b = {**conf, "survey_departments": [side_b.department.pk]}
    assert c.put(f"{API}/settings", json.dumps(conf_b), content_type=JSON).status_code == 400
    r = c.put(f"{API}/settings", json.dumps({**conf, "followup_days": 3}), content_type=JSON)
    assert r.status_code == 200 and r.json()["followup_days"] == 3
    assert client_for(side_b.leader).get(f"{API}/settings").json()["followup_days"] == 5
    assert client_for(side_a.company).get(f"{API}/settings").status_code == 403


def test_a_survey_link_opens_only_its_own_zones_survey(client, side_a, side_b):
    """The public answer page and endpoint need no login: the one-use token is the only key. A made-up
    token is 404; a zone's token shows and takes only that zone's departments."""
    year, quarter = this_quarter()
    tokens = {}
    for side in (side_a, side_b):
        side.application()  # the enterprise was served this quarter
        survey, issued = open_survey(actor=side.leader, year=year, quarter=quarter, closes_on=today())
        tokens[side.mark] = (survey, issued[0][1])
    survey_a, token_a = tokens[side_a.mark]
    assert client.get(reverse("services:survey_answer", args=["made-up"])).status_code == 404
    made_up = {"token": "made-up", "answers": {}, "comment": ""}
    assert client.post(f"{API}/surveys/answer", json.dumps(made_up), content_type=JSON).status_code == 404
    page = client.get(reverse("services:survey_answer", args=[token_a]))
    assert page.status_code == 200 and B_MARK not in page.content.decode()
    # zone B's departments are not questions of zone A's survey: answering them is refused, nothing stored
    theirs = {str(side_b.department.pk): {"overall": 5, "efficiency": 5, "attitude": 5}}
    body = {"token": token_a, "answers": theirs, "comment": ""}
    assert client.post(f"{API}/surveys/answer", json.dumps(body), content_type=JSON).status_code == 400
    assert not survey_a.sealed_answers.exists()
    ours = {str(d.pk): {"overall": 5, "efficiency": 4, "attitude": 5} for d in survey_a.departments.all()}
    body = {"token": token_a, "answers": ours, "comment": ""}
    assert client.post(f"{API}/surveys/answer", json.dumps(body), content_type=JSON).status_code == 201
    assert not tokens[side_b.mark][0].sealed_answers.exists()
