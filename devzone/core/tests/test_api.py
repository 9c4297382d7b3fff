"""The JSON API through Django's Client: personal tokens, pagination and filters, field errors, no 500 for
bad input, CSRF on session writes, and the OpenAPI description."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devzone.core import models as m
from devzone.core.choices import EmploymentType
from devzone.core.models.accounts import hash_token
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db
JSON = "application/json"


def bearer(raw: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def raw_token(client_for, zone_a_leader):
    response = client_for(zone_a_leader).post(
        "/api/v1/core/tokens", json.dumps({"name": "对接系统", "days_valid": 30}), content_type=JSON
    )
    assert response.status_code == 201, response.content
    return response.json()


# --- tokens ------------------------------------------------------------------------------------------
def test_a_token_created_with_the_session_authenticates_api_calls(raw_token, zone_a, zone_a_leader):
    raw = raw_token["token"]
    assert raw.startswith("dz_") and len(raw) > 40
    assert raw_token["key_prefix"] == raw[:10]
    me = bearer(raw).get("/api/v1/core/me")
    assert me.status_code == 200
    assert me.json() == {
        "username": "a_leader",
        "role": "zone_leader",
        "reach": "zone",
        "zone": zone_a.pk,
        "city": zone_a.city_id,
        "enterprise": None,
    }
    token = m.ApiToken.objects.get(pk=raw_token["id"])
    assert token.user == zone_a_leader
    assert token.last_used_at is not None
    assert timezone.now() + dt.timedelta(days=29) < token.expires_at < timezone.now() + dt.timedelta(days=31)


def test_every_datetime_the_api_answers_is_beijing_time_with_its_offset(raw_token, client_for, zone_a_leader):
    """Not UTC (``…Z``): people read Beijing time, and integrators get the offset written out."""
    token = m.ApiToken.objects.get(pk=raw_token["id"])
    beijing = timezone.localtime(token.created_at)
    assert raw_token["created_at"].endswith("+08:00")
    assert raw_token["created_at"].startswith(beijing.strftime("%Y-%m-%dT%H:%M:%S"))
    assert dt.datetime.fromisoformat(raw_token["created_at"]) == token.created_at.replace(
        microsecond=token.created_at.microsecond // 1000 * 1000
    )
    listed = client_for(zone_a_leader).get("/api/v1/core/tokens").json()[0]  # a list too
    assert listed["created_at"] == raw_token["created_at"]
    assert listed["expires_at"].endswith("+08:00")
    assert listed["expires_at"].startswith(timezone.localtime(token.expires_at).strftime("%Y-%m-%dT%H:%M:%S"))


def test_the_raw_token_is_stored_nowhere(raw_token, tmp_path):
    raw = raw_token["token"]
    token = m.ApiToken.objects.get(pk=raw_token["id"])
    assert token.digest == hash_token(raw) != raw
    dump = tmp_path / "db.json"
    call_command("dumpdata", output=str(dump), verbosity=0)
    text = dump.read_text()
    assert token.digest in text  # the dump does hold the token row …
    assert raw not in text  # … but never the token itself
    assert raw[10:30] not in text


def test_a_revoked_token_gets_401(client_for, zone_a_leader, raw_token):
    raw = raw_token["token"]
    assert bearer(raw).get("/api/v1/core/staff").status_code == 200
    c = client_for(zone_a_leader)
    assert c.delete(f"/api/v1/core/tokens/{raw_token['id']}").status_code == 204
    response = bearer(raw).get("/api/v1/core/staff")
    assert response.status_code == 401
    assert response.json()["status"] == 401
    assert m.ApiToken.objects.get(pk=raw_token["id"]).revoked_at is not None
    listed = c.get("/api/v1/core/tokens").json()
    assert listed[0]["revoked_at"] is not None
    assert "token" not in listed[0]


def test_expired_unknown_and_malformed_tokens_and_inactive_users_get_401(raw_token, zone_a_leader):
    raw = raw_token["token"]
    for header in ("Bearer dz_not-a-real-token", "Bearer ", "Token " + raw, "Bearer " + raw.upper()):
        assert Client(HTTP_AUTHORIZATION=header).get("/api/v1/core/me").status_code == 401, header
    m.ApiToken.objects.filter(pk=raw_token["id"]).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert bearer(raw).get("/api/v1/core/me").status_code == 401
    m.ApiToken.objects.filter(pk=raw_token["id"]).update(expires_at=None)
    assert bearer(raw).get("/api/v1/core/me").status_code == 200
    zone_a_leader.is_active = False
    zone_a_leader.save()
    assert bearer(raw).get("/api/v1/core/me").status_code == 401


def test_a_token_acts_with_its_owners_reach_only(raw_token, zone_a, zone_b):
    own = f.StaffFactory(zone=zone_a)
    other = f.StaffFactory(zone=zone_b)
    c = bearer(raw_token["token"])
    assert [i["id"] for i in c.get("/api/v1/core/staff").json()["items"]] == [own.pk]
    assert c.get(f"/api/v1/core/staff/{other.pk}").status_code == 404


def test_token_creation_validates_its_input(client_for, zone_a_leader):
    c = client_for(zone_a_leader)
    # both refused by the published schema (a name must be given, at most DEVZONE_TOKEN_MAX_DAYS days)
    blank = c.post("/api/v1/core/tokens", json.dumps({"name": "  "}), content_type=JSON)
    assert blank.status_code == 422
    assert "name" in blank.json()["errors"]
    too_long = c.post(
        "/api/v1/core/tokens", json.dumps({"name": "x", "days_valid": 99999}), content_type=JSON
    )
    assert too_long.status_code == 422
    assert "days_valid" in too_long.json()["errors"]
    assert not m.ApiToken.objects.exists()


def test_every_token_expires_within_the_maximum(client_for, zone_a_leader, settings):
    c = client_for(zone_a_leader)
    forever = c.post("/api/v1/core/tokens", json.dumps({"name": "x", "days_valid": None}), content_type=JSON)
    assert forever.status_code == 422  # no token without an expiry
    settings.DEVZONE_TOKEN_MAX_DAYS = 90
    over = c.post("/api/v1/core/tokens", json.dumps({"name": "x", "days_valid": 91}), content_type=JSON)
    assert over.status_code == 400 and "1–90天" in over.json()["errors"]["days_valid"][0]
    assert not m.ApiToken.objects.exists()


def test_a_token_cannot_create_tokens(raw_token):
    made = bearer(raw_token["token"]).post(
        "/api/v1/core/tokens", json.dumps({"name": "永久", "days_valid": 365}), content_type=JSON
    )
    assert made.status_code == 403 and "不能用来创建令牌" in made.json()["title"]
    assert m.ApiToken.objects.count() == 1


def test_a_read_only_token_reads_and_changes_nothing(client_for, zone_a_leader, zone_a):
    made = client_for(zone_a_leader).post(
        "/api/v1/core/tokens",
        json.dumps({"name": "报表", "days_valid": 30, "read_only": True}),
        content_type=JSON,
    )
    assert made.status_code == 201 and made.json()["read_only"] is True
    c = bearer(made.json()["token"])
    assert c.get(f"/api/v1/core/zones/{zone_a.pk}").status_code == 200
    patch = c.patch(f"/api/v1/core/zones/{zone_a.pk}", json.dumps({"short_name": "改"}), content_type=JSON)
    assert patch.status_code == 403 and patch.json()["title"] == "只读令牌不能修改数据"
    zone_a.refresh_from_db()
    assert zone_a.short_name != "改"


# --- pagination and filters -------------------------------------------------------------------------
@pytest.fixture
def thirty_staff(zone_a):
    dept = f.DepartmentFactory(zone=zone_a, name="招商部")
    other = f.DepartmentFactory(zone=zone_a, name="综合部")
    members = f.StaffFactory.create_batch(20, zone=zone_a, department=dept)
    members += f.StaffFactory.create_batch(
        10, zone=zone_a, department=other, employment_type=EmploymentType.ESTABLISHMENT
    )
    return members


def test_lists_are_paginated(client_for, zone_a_leader, thirty_staff):
    c = client_for(zone_a_leader)
    first = c.get("/api/v1/core/staff").json()
    assert first["count"] == 30 and len(first["items"]) == 25
    pages = [c.get("/api/v1/core/staff", {"page": p, "page_size": 12}).json() for p in (1, 2, 3, 4)]
    assert [len(p["items"]) for p in pages] == [12, 12, 6, 0]
    ids = [i["id"] for p in pages for i in p["items"]]
    assert sorted(ids) == sorted(s.pk for s in thirty_staff)  # every row once, none twice
    assert (
        len(c.get("/api/v1/core/staff", {"page_size": 100000}).json()["items"]) == 30
    )  # capped, not refused
    assert len(c.get("/api/v1/core/staff", {"page": 0, "page_size": 0}).json()["items"]) == 1


def test_lists_filter_by_search_choice_and_foreign_key(client_for, zone_a_leader, thirty_staff):
    c = client_for(zone_a_leader)
    target = thirty_staff[3]
    by_name = c.get("/api/v1/core/staff", {"q": target.name}).json()
    assert [i["id"] for i in by_name["items"]] == [target.pk]
    by_no = c.get("/api/v1/core/staff", {"q": target.employee_no.lower()}).json()
    assert [i["id"] for i in by_no["items"]] == [target.pk]
    established = c.get("/api/v1/core/staff", {"employment_type": "establishment"}).json()
    assert established["count"] == 10
    assert {i["employment_type"] for i in established["items"]} == {"establishment"}
    dept = thirty_staff[0].department
    by_dept = c.get("/api/v1/core/staff", {"department": dept.pk, "page_size": 50}).json()
    assert by_dept["count"] == 20 and {i["department"] for i in by_dept["items"]} == {dept.pk}
    both = c.get("/api/v1/core/staff", {"department": dept.pk, "employment_type": "establishment"}).json()
    assert both["count"] == 0


def test_a_bad_filter_value_is_a_400_with_the_field(client_for, zone_a_leader, zone_b, thirty_staff):
    c = client_for(zone_a_leader)
    bad_choice = c.get("/api/v1/core/staff", {"employment_type": "slave"})
    assert bad_choice.status_code == 400
    assert "employment_type" in bad_choice.json()["errors"]
    foreign = f.DepartmentFactory(zone=zone_b)
    out_of_reach = c.get("/api/v1/core/staff", {"department": foreign.pk})
    assert out_of_reach.status_code == 400  # another zone's department is not a valid choice
    assert "department" in out_of_reach.json()["errors"]
    not_a_number = c.get("/api/v1/core/projects", {"min_investment": "lots"})
    assert not_a_number.status_code == 400
    assert "min_investment" in not_a_number.json()["errors"]


# --- validation errors -------------------------------------------------------------------------------
def test_a_bad_credit_code_is_refused_with_the_field_message(client_for, zone_a_leader):
    # the body's CreditCode checks it (422); the model's validator stays behind it for the pages
    response = client_for(zone_a_leader).post(
        "/api/v1/core/enterprises",
        json.dumps({"name": "坏代码企业", "credit_code": "91110108717809965C", "industry": "39"}),
        content_type=JSON,
    )
    assert response.status_code == 422
    body = response.json()
    assert body["errors"]["credit_code"] == ["统一社会信用代码校验位（第18位）错误"]
    assert not m.Enterprise.objects.exists()


def test_a_good_enterprise_is_created_with_a_normalized_code(client_for, zone_a_leader, zone_a):
    code = f.credit_code_for(4242)
    response = client_for(zone_a_leader).post(
        "/api/v1/core/enterprises",
        json.dumps(
            {"name": "好企业", "credit_code": code, "industry": "39", "registered_capital": "1200.50"}
        ),
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["credit_code"] == code and body["zone"] == zone_a.pk
    assert m.Enterprise.objects.get(pk=body["id"]).registered_capital == pytest.approx(1200.5)
    assert m.AuditEvent.objects.filter(action="create", object_id=str(body["id"])).exists()


@pytest.mark.parametrize(
    ("payload", "field", "status"),
    [
        ({"credit_code": "91350100M000100Y43", "industry": "39"}, "name", 422),  # missing
        ({"name": "x", "credit_code": "91350100M000100Y43", "industry": "C"}, "industry", 422),  # a section
        (
            {"name": "x", "credit_code": "91350100M000100Y43", "industry": "39", "registered_capital": "-1"},
            "registered_capital",
            422,
        ),
        (
            {
                "name": "x",
                "credit_code": "91350100M000100Y43",
                "industry": "39",
                "registered_capital": "many",
            },
            "registered_capital",
            422,
        ),
        ({"name": "x" * 101, "credit_code": "91350100M000100Y43", "industry": "39"}, "name", 422),
    ],
)
def test_bad_enterprise_input_names_the_field(client_for, zone_a_leader, payload, field, status):
    response = client_for(zone_a_leader).post(
        "/api/v1/core/enterprises", json.dumps(payload), content_type=JSON
    )
    assert response.status_code == status
    assert field in response.json()["errors"]
    assert not m.Enterprise.objects.exists()


def test_schema_errors_read_in_the_users_language(client_for, zone_a_leader):
    c = client_for(zone_a_leader)
    body = {"credit_code": "91350100M000100Y43", "industry": "39", "registered_capital": "many"}
    errors = c.post("/api/v1/core/enterprises", json.dumps(body), content_type=JSON).json()["errors"]
    assert errors["name"] == ["必填"] and errors["registered_capital"] == ["须为数字，如12.5（最多2位小数）"]
    c.cookies["devzone_language"] = "en"
    errors = c.post("/api/v1/core/enterprises", json.dumps(body), content_type=JSON).json()["errors"]
    assert errors["name"] == ["Required"]


def test_a_page_far_past_the_end_is_empty(client_for, zone_a_leader, zone_a):
    response = client_for(zone_a_leader).get("/api/v1/core/enterprises", {"page": 10**18})
    assert response.status_code == 200 and response.json()["items"] == []


def bad_staff(zone):
    return {
        "department": f.DepartmentFactory(zone=zone).pk,
        "employee_no": "Z1",
        "name": "甲",
        "gender": "unknown",
        "birth_date": "1990-01-01",
        "education": "master",
        "employment_type": "contract",
        "hired_on": "1980-01-01",
        "phone": "12345",
    }


def bad_project(zone):
    return {
        "enterprise": f.EnterpriseFactory(zone=zone).pk,
        "name": "项目",
        "industry": "13",
        "total_investment": "0",
        "project_code": "2412-370829-04-01-158697",
    }


def dated_staff(zone):
    """Every field as the schema says, but hired before being born: the model's rule (400)."""
    return {**bad_staff(zone), "gender": "female", "phone": "13800000000"}


@pytest.mark.parametrize(
    ("path", "body", "status", "fields"),
    [
        # what the published schema states (a choice, a mobile number, an amount above 0, a code's check): 422
        ("staff", bad_staff, 422, {"gender", "phone"}),
        ("projects", bad_project, 422, {"total_investment", "project_code"}),
        # what only the model knows (one date after another): 400
        ("staff", dated_staff, 400, {"hired_on"}),
    ],
)
def test_bad_staff_and_project_input_names_the_field(
    client_for, zone_a_leader, zone_a, path, body, status, fields
):
    response = client_for(zone_a_leader).post(
        f"/api/v1/core/{path}", json.dumps(body(zone_a)), content_type=JSON
    )
    assert response.status_code == status
    assert fields <= set(response.json()["errors"])
    assert not m.Staff.objects.exists() and not m.Project.objects.exists()


def test_patch_validates_and_changes_only_what_was_sent(client_for, zone_a_leader, zone_a):
    member = f.StaffFactory(zone=zone_a, phone="13800000000")
    c = client_for(zone_a_leader)
    ok = c.patch(f"/api/v1/core/staff/{member.pk}", json.dumps({"name": "新名字"}), content_type=JSON)
    assert ok.status_code == 200 and ok.json()["name"] == "新名字"
    member.refresh_from_db()
    assert (member.name, member.phone) == ("新名字", "13800000000")
    bad = c.patch(f"/api/v1/core/staff/{member.pk}", json.dumps({"phone": "999"}), content_type=JSON)
    assert bad.status_code == 422 and bad.json()["errors"]["phone"] == ["手机号应为以1开头的11位数字"]
    # a column that cannot be empty is left out, never nulled
    null = c.patch(f"/api/v1/core/staff/{member.pk}", json.dumps({"name": None}), content_type=JSON)
    assert null.status_code == 422 and "name" in null.json()["errors"]
    assert m.Staff.objects.get(pk=member.pk).phone == "13800000000"


# --- never 500 -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("get", "/api/v1/core/staff?page=abc", None),
        ("get", "/api/v1/core/staff/99999999", None),
        ("get", "/api/v1/core/calendar/add?start=2025-02-30&n=1", None),
        ("get", "/api/v1/core/calendar/add?start=2003-01-01&n=1", None),
        ("get", "/api/v1/core/calendar/add?start=2025-09-30&n=-1", None),
        ("get", "/api/v1/core/calendar/add?start=2029-12-01&n=100", None),
        ("get", "/api/v1/core/calendar/between?start=2025-01-01&end=2099-01-01", None),
        ("get", "/api/v1/core/calendar/between?start=2025-01-01", None),
        ("post", "/api/v1/core/enterprises", "{bad json"),
        ("post", "/api/v1/core/enterprises", "[1, 2, 3]"),
        ("post", "/api/v1/core/enterprises", '{"name": null, "credit_code": 5, "industry": []}'),
        ("post", "/api/v1/core/staff", '{"department": "x", "birth_date": "yesterday"}'),
        ("post", "/api/v1/core/tokens", "{}"),
        ("patch", "/api/v1/core/zones/{zone}", '{"operator": "company"}'),  # company without its name
        ("patch", "/api/v1/core/zones/{zone}", '{"operator": "pirates"}'),
        ("patch", "/api/v1/core/zones/{zone}", "not json"),
        ("delete", "/api/v1/core/tokens/99999999", None),
    ],
)
def test_bad_input_gets_a_4xx_json_answer_never_500(client_for, zone_a_leader, zone_a, method, url, body):
    c = client_for(zone_a_leader)
    url = url.format(zone=zone_a.pk)
    kwargs = {"data": body, "content_type": JSON} if body is not None else {}
    response = getattr(c, method)(url, **kwargs)
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith(("application/json", "application/problem+json"))
    zone_a.refresh_from_db()
    assert zone_a.operator == "committee"


def test_tolerable_odd_input_is_read_sensibly(client_for, zone_a_leader, zone_a):
    f.StaffFactory(zone=zone_a, is_active=False)
    c = client_for(zone_a_leader)
    assert c.get("/api/v1/core/staff", {"page": -1, "page_size": -3}).json()["count"] == 1  # clamped
    assert c.get("/api/v1/core/staff", {"is_active": "false"}).json()["count"] == 1
    assert c.get("/api/v1/core/staff", {"is_active": "true"}).json()["count"] == 0
    assert c.get("/api/v1/core/staff/abc").status_code == 404  # no such URL


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    params=st.dictionaries(
        st.sampled_from(["page", "page_size", "q", "department", "employment_type", "is_active", "rank"]),
        st.text(max_size=12),
        max_size=4,
    )
)
def test_no_query_string_makes_a_list_fail(client_for, zone_a_leader, params):
    response = client_for(zone_a_leader).get("/api/v1/core/staff", params)
    assert response.status_code in (200, 400, 422), (params, response.content[:300])


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.fixed_dictionaries(
        {},
        optional={
            k: json_values | st.text(max_size=30)
            for k in ("name", "credit_code", "industry", "registered_capital", "foreign_invested", "zone")
        },
    )
)
def test_no_json_body_makes_a_create_fail(client_for, zone_a_leader, body):
    response = client_for(zone_a_leader).post("/api/v1/core/enterprises", json.dumps(body), content_type=JSON)
    assert response.status_code in (201, 400, 422), (body, response.content[:300])


# --- CSRF ----------------------------------------------------------------------------------------------
def test_a_session_write_needs_the_csrf_token_and_a_bearer_write_does_not(zone_a_leader):
    from devzone.testing.clients import MODEL_BACKEND, verify_session

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(zone_a_leader, backend=MODEL_BACKEND)
    verify_session(browser, zone_a_leader)  # past the second factor (core.otp)
    payload = json.dumps({"name": "会话令牌"})
    refused = browser.post("/api/v1/core/tokens", payload, content_type=JSON)
    assert refused.status_code == 403
    assert not m.ApiToken.objects.exists()
    browser.get("/core/tokens/")  # any page sets the CSRF cookie
    csrf = browser.cookies["csrftoken"].value
    accepted = browser.post("/api/v1/core/tokens", payload, content_type=JSON, HTTP_X_CSRFTOKEN=csrf)
    assert accepted.status_code == 201
    raw = accepted.json()["token"]
    machine = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {raw}")
    revoked = machine.delete(f"/api/v1/core/tokens/{accepted.json()['id']}")  # a write by the token itself
    assert revoked.status_code == 204
    assert m.ApiToken.objects.get().revoked_at is not None


def test_session_writes_on_pages_need_the_csrf_token(zone_a_leader, zone_a):
    from devzone.testing.clients import MODEL_BACKEND

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(zone_a_leader, backend=MODEL_BACKEND)
    response = browser.post(
        "/core/department/new/", {"name": "无令牌部门", "kind": "general", "headcount_quota": 1, "order": 0}
    )
    assert response.status_code == 403
    assert not m.Department.objects.exists()


# --- OpenAPI -------------------------------------------------------------------------------------------
def test_the_openapi_description_lists_every_operation_id(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    ops = [op for path in schema["paths"].values() for op in path.values()]
    ids = [op.get("operationId") for op in ops]
    assert all(ids) and len(ids) == len(set(ids))
    expected = {
        "staff_list",
        "staff_get",
        "staff_create",
        "staff_update",
        "enterprise_create",
        "zone_update",
        "project_list",
        "token_create",
        "token_revoke",
        "calendar_add",
        "me_get",
    }
    assert expected <= set(ids)
    assert "/api/v1/core/staff/{pk}" in schema["paths"]
    assert client.get("/api/docs").status_code == 200


def test_every_api_error_is_a_problem_document_even_a_fault(client_for, zone_a_leader, monkeypatch):
    """Errors answer ``application/problem+json`` with a Chinese title; a fault in the code answers 500 JSON
    (never Django's HTML page), a lost database 503 with Retry-After (never a validation message)."""
    from django.db import OperationalError

    from devzone.core import api as core_api

    c = client_for(zone_a_leader)
    missing = c.get("/api/v1/core/zones/99999999")
    assert missing.status_code == 404 and missing["Content-Type"].startswith("application/problem+json")
    assert missing.json()["title"] == "记录不存在"

    def boom(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(core_api, "reach_of", boom)
    fault = c.get("/api/v1/core/me")
    assert fault.status_code == 500 and fault["Content-Type"].startswith("application/problem+json")
    assert "a bug" not in fault.content.decode()

    def gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(core_api, "reach_of", gone)
    down = c.get("/api/v1/core/me")
    assert down.status_code == 503 and down["Retry-After"] == "5"
    assert down.json()["title"] == "数据库暂时不可用，请稍后重试"


def test_every_operation_declares_its_error_answers_as_problem_documents(client):
    schema = client.get("/api/openapi.json").json()
    assert schema["components"]["schemas"]["Problem"]["required"] == ["status", "title"]
    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            declared = set(op["responses"])
            assert {"400", "404", "422", "503"} <= declared, (method, path, declared)
            if op.get("security"):
                assert {"401", "403"} <= declared, (method, path)
            if method != "get":
                assert "409" in declared, (method, path)
            problem = op["responses"]["422"]["content"]["application/problem+json"]["schema"]
            assert problem == {"$ref": "#/components/schemas/Problem"}


def test_an_error_answer_has_the_declared_shape(client_for, zone_a_leader):
    r = client_for(zone_a_leader).post(
        "/api/v1/core/departments", {"name": ""}, content_type="application/json"
    )
    assert r.status_code in (400, 422)
    assert r["Content-Type"].startswith("application/problem+json")
    body = r.json()
    assert set(body) <= {"status", "title", "errors"} and body["status"] == r.status_code
    assert all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in body["errors"].values())


def test_a_write_to_a_path_that_is_not_an_operation_is_a_json_404(raw_token):
    # an id that is not a number does not match the operation; the answer is the API's, not the CSRF page
    r = bearer(raw_token).patch("/api/v1/core/zones/null,null", "{}", content_type=JSON)
    assert r.status_code == 404 and r["Content-Type"].startswith("application/problem+json")


def test_every_secured_operation_answers_401_to_a_caller_without_a_token(client):
    """Walk the published schema: each operation that declares security, called with no credentials (ids set to
    1, an empty JSON body), answers 401 as a problem document — before any lookup, validation or write."""
    import re

    schema = client.get("/api/openapi.json").json()
    called = 0
    for path, operations in schema["paths"].items():
        url = re.sub(r"\{[^}]+\}", "1", path)
        for method, op in operations.items():
            if not op.get("security"):
                continue
            if method == "get":
                r = client.get(url)
            else:
                r = getattr(client, method)(url, data="{}", content_type="application/json")
            assert r.status_code == 401, (method, path, r.status_code)
            assert r["Content-Type"].startswith("application/problem+json"), (method, path)
            called += 1
    assert called > 150  # every module's API is in the walk


@pytest.mark.parametrize("name", ["Coefficient", "AreaKm2", "Investment", "LandMu"])
def test_every_decimal_text_a_core_body_publishes_is_accepted(name):
    # a caller following the description (the pattern of the number's text form) is never refused
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from pydantic import TypeAdapter

    from devzone.core import api

    adapter = TypeAdapter(getattr(api, name))

    @settings(max_examples=200, deadline=None)
    @given(st.from_regex(adapter.json_schema()["pattern"], fullmatch=True))
    def accepted(text):
        adapter.validate_python(text)

    accepted()
