"""企业诉求: routing by category, the working-day deadline, the status machine, replies, attachments, and the
bad input that changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from devzone.core.errors import ConflictError, DomainError, PermissionDeniedError
from devzone.core.models import Notification
from devzone.core.workdays import get_calendar
from devzone.services.choices import RequestStatus
from devzone.services.models import RequestAttachment, ServiceRequest
from devzone.services.services import plans as plan_svc
from devzone.services.services import requests as svc
from devzone.testing.approvals import PDF
from devzone.testing.services import today

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2025, 3, 3)


def test_a_request_is_routed_by_category_with_a_deadline_in_working_days(side_a):
    plan_svc.routing_set(
        actor=side_a.leader, category="finance", department_id=side_a.economic.pk, deadline_days=3
    )
    # 2025-09-30 (Tue) + 3 working days crosses the National Day holiday (10-01..10-08): 10-09, 10-10 and
    # Saturday 10-11, a make-up working day (调休)
    req = svc.request_submit(
        actor=side_a.company,
        category="finance",
        title="流动资金贷款",
        description="需要3000万",
        on=dt.date(2025, 9, 30),
    )
    assert req.department == side_a.economic
    assert req.due_on == get_calendar().add_workdays(dt.date(2025, 9, 30), 3) == dt.date(2025, 10, 11)
    # no rule: 综合服务部 with the zone's default (5 working days)
    other = svc.request_submit(
        actor=side_a.company, category="labour", title="招工", description="缺200名普工", on=MONDAY
    )
    assert other.department == side_a.department and other.due_on == dt.date(2025, 3, 10)
    heads = Notification.objects.filter(user=side_a.head, kind="services.request")
    assert heads.count() == 1  # 综合服务部's head hears of the request routed there


def test_the_request_moves_through_its_states_and_the_enterprise_is_told(side_a):
    req = side_a.request("submitted")
    assert req.status == RequestStatus.SUBMITTED and req.clock.status == "running"
    req = svc.request_accept(
        actor=side_a.head, request=req, assignee_id=side_a.officer.pk, expected_version=req.version
    )
    assert (req.status, req.assignee) == (RequestStatus.ACCEPTED, side_a.officer)
    req = svc.request_reply(actor=side_a.officer, request=req, body="已联系供电公司")
    assert req.status == RequestStatus.IN_PROGRESS
    req = svc.request_reply(actor=side_a.company, request=req, body="请尽快")
    req = svc.request_answer(actor=side_a.officer, request=req, body="下周施工")
    req.clock.refresh_from_db()
    assert (req.status, req.answered_on, req.clock.status) == (RequestStatus.ANSWERED, today(), "stopped")
    req = svc.request_close(actor=side_a.company, request=req)
    assert req.status == RequestStatus.CLOSED
    thread = list(req.replies.values_list("from_enterprise", "action"))
    assert thread == [
        (True, "submit"),
        (False, "accept"),
        (False, ""),
        (True, ""),
        (False, "answer"),
        (True, "close"),
    ]
    kinds = set(Notification.objects.filter(user=side_a.company).values_list("kind", flat=True))
    assert {"services.request", "services.rate"} <= kinds


def test_who_may_act_on_a_request(side_a, zone_a_investment_officer):
    req = side_a.request("submitted")
    for actor in (side_a.company, side_a.clerk, side_a.reviewer):  # not the routed department
        with pytest.raises(PermissionDeniedError):
            svc.request_accept(actor=actor, request=req)
    with pytest.raises(PermissionDeniedError):
        svc.request_close(actor=side_a.head, request=side_a.request("answered"))
    svc.request_accept(actor=side_a.leader, request=req)  # a leader may


def test_illegal_moves_are_refused_and_change_nothing(side_a):
    req = side_a.request("submitted")
    before = ServiceRequest.objects.values().get(pk=req.pk)
    with pytest.raises(DomainError, match="不能答复"):
        svc.request_answer(actor=side_a.head, request=req, body="x")
    with pytest.raises(DomainError, match="不能确认办结"):
        svc.request_close(actor=side_a.company, request=req)
    with pytest.raises(DomainError, match="理由"):
        svc.request_refuse(actor=side_a.head, request=req, reason="  ")
    with pytest.raises(DomainError, match="承办人"):
        svc.request_accept(actor=side_a.head, request=req, assignee_id=side_a.company.pk)
    with pytest.raises(ConflictError):
        svc.request_accept(actor=side_a.head, request=req, expected_version=req.version + 1)
    assert ServiceRequest.objects.values().get(pk=req.pk) == before


def test_a_refusal_needs_a_reason_and_stops_the_clock(side_a):
    req = side_a.request("submitted")
    req = svc.request_refuse(actor=side_a.head, request=req, reason="属于法院受理范围，请通过诉讼解决")
    req.clock.refresh_from_db()
    assert req.status == RequestStatus.REFUSED and req.clock.status == "stopped"


def test_a_deadline_in_the_past_is_refused(side_a):
    req = side_a.request("accepted")
    due = req.due_on
    with pytest.raises(DomainError, match="不能早于今天"):
        svc.request_extend(
            actor=side_a.leader, request=req, due_on=today() - dt.timedelta(days=1), reason="x"
        )
    with pytest.raises(PermissionDeniedError):
        svc.request_extend(actor=side_a.head, request=req, due_on=due + dt.timedelta(days=30), reason="x")
    with pytest.raises(DomainError, match="工作日历未加载"):  # beyond the calendar: a message, not a 500
        svc.request_extend(actor=side_a.leader, request=req, due_on=dt.date(2999, 1, 5), reason="x")
    with pytest.raises(DomainError, match="须为工作日"):
        saturday = today() + dt.timedelta(days=(5 - today().weekday()) % 7 + 14)
        svc.request_extend(actor=side_a.leader, request=req, due_on=saturday, reason="x")
    later = get_calendar().next_workday(due + dt.timedelta(days=14))
    req = svc.request_extend(actor=side_a.leader, request=req, due_on=later, reason="需协调市级部门")
    assert req.due_on == later


def test_bad_input_is_refused_with_field_messages(side_a):
    with pytest.raises(DomainError) as exc:
        svc.request_submit(actor=side_a.company, category="nonsense", title="x", description="y")
    assert "category" in exc.value.errors
    with pytest.raises(DomainError) as exc:
        svc.request_submit(actor=side_a.company, category="land", title=" ", description="y")
    assert "title" in exc.value.errors
    with pytest.raises(PermissionDeniedError):
        svc.request_submit(actor=side_a.head, category="land", title="x", description="y")
    assert not ServiceRequest.objects.exists()


def test_attachments_are_checked_by_type_and_size(side_a, settings):
    settings.DEVZONE_UPLOAD_MAX_BYTES = 1024 * 1024  # the limit comes from the settings, not the module
    with pytest.raises(DomainError, match="不是可接受的文件类型") as exc:
        svc.request_submit(
            actor=side_a.company,
            category="land",
            title="x",
            description="y",
            uploads=[("a.exe", b"MZ\x90\x00")],
        )
    assert "attachments" in exc.value.errors
    with pytest.raises(DomainError, match="超过1MB"):
        svc.request_submit(
            actor=side_a.company,
            category="land",
            title="x",
            description="y",
            uploads=[("a.pdf", PDF + b" " * (1024 * 1024))],
        )
    assert not ServiceRequest.objects.exists() and not RequestAttachment.objects.exists()
    req = svc.request_submit(
        actor=side_a.company, category="land", title="x", description="y", uploads=[("证明.pdf", PDF)]
    )
    assert req.attachments.get().original_name == "证明.pdf"


def test_the_form_states_the_upload_limit_the_check_enforces(client_for, side_a, settings):
    settings.DEVZONE_UPLOAD_MAX_BYTES = 8 * 1024 * 1024
    page = client_for(side_a.company).get(reverse("services:request_new")).content.decode()
    # the setting and the service's maximum, not numbers written in the template
    assert "每个不超过8MB，最多5个" in page


def test_the_pages_run_the_flow(client_for, side_a):
    c = client_for(side_a.company)
    page = c.get(reverse("services:request_new"))
    assert page.status_code == 200
    response = c.post(
        reverse("services:request_new"),
        {"category": "utilities", "title": "天然气开口", "description": "新建锅炉房需接气"},
    )
    req = ServiceRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == req.get_absolute_url()
    bad = c.post(reverse("services:request_new"), {"category": "", "title": "", "description": ""})
    assert bad.status_code == 200 and ServiceRequest.objects.count() == 1
    head = client_for(side_a.head)
    assert "天然气开口" in head.get(reverse("services:home")).content.decode()
    head.post(
        reverse("services:request_action", args=[req.pk, "accept"]),
        {"version": req.version, "assignee": side_a.officer.pk},
    )
    req.refresh_from_db()
    officer = client_for(side_a.officer)
    officer.post(
        reverse("services:request_action", args=[req.pk, "answer"]),
        {"version": req.version, "body": "已接通"},
    )
    req.refresh_from_db()
    assert req.status == RequestStatus.ANSWERED
    detail = c.get(req.get_absolute_url()).content.decode()
    assert "已接通" in detail and reverse("services:rate", args=["request", req.pk]) in detail
    stale = officer.post(
        reverse("services:request_action", args=[req.pk, "reply"]), {"version": 0, "body": "x"}
    )
    assert stale.status_code == 302  # refused with a message, nothing changed
    assert req.replies.count() == 3


def test_the_request_list_reads_a_constant_number_of_queries(
    client_for, side_a, django_assert_max_num_queries
):
    for _ in range(3):
        side_a.request("accepted")
    c = client_for(side_a.leader)
    c.get(reverse("services:request_list"))
    with django_assert_max_num_queries(12) as few:
        c.get(reverse("services:request_list"))
    for _ in range(6):
        side_a.request("answered")
    with django_assert_max_num_queries(len(few.captured_queries)):
        c.get(reverse("services:request_list"))
    with django_assert_max_num_queries(len(few.captured_queries) + 2):
        c.get(reverse("services:home"))


def test_overdue_requests_are_escalated_once(side_a):
    req = side_a.request("accepted")
    assert svc.overdue_scan(req.due_on) == 0
    sent = svc.overdue_scan(req.due_on + dt.timedelta(days=1))
    assert sent >= 2  # the leader, the head, the assignee
    assert svc.overdue_scan(req.due_on + dt.timedelta(days=2)) == 0
