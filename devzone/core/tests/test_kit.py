"""The kit every module stands on: the row lock in scope, declared transitions, the system actor, the error
bridge, safe ``next``, the pager, the Excel ledger, uploads, notifications and the registry."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.contrib.auth import authenticate
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template import Context, Template
from openpyxl import load_workbook

from devzone.core import audit as core_audit
from devzone.core import ledger, registry
from devzone.core.access import can
from devzone.core.actors import system_actor
from devzone.core.choices import AuditAction, ProjectPhase, Role
from devzone.core.errors import ConflictError, DomainError, NotFoundError, PermissionDeniedError, require_text
from devzone.core.files import DOCUMENTS, PHOTOS, check_upload
from devzone.core.locking import locked
from devzone.core.models import AuditEvent, Notification, Staff
from devzone.core.notify import notify, zone_users
from devzone.core.transitions import Move, Transitions
from devzone.core.web import refusals, safe_next
from devzone.testing import factories as f
from devzone.testing.workbooks import xlsx

pytestmark = pytest.mark.django_db


# --- locked ------------------------------------------------------------------------------------------------
def test_locked_answers_404_out_of_reach_403_without_the_right_409_when_stale(
    zone_a, zone_b, zone_a_leader, zone_a_reviewer, monkeypatch
):
    mine, theirs = f.StaffFactory(zone=zone_a), f.StaffFactory(zone=zone_b)
    assert locked(Staff, mine.pk, actor=zone_a_leader).pk == mine.pk
    with pytest.raises(NotFoundError):
        locked(Staff, theirs, actor=zone_a_leader)
    with pytest.raises(NotFoundError):
        locked(Staff, "12abc", actor=zone_a_leader)  # not an id at all
    with pytest.raises(PermissionDeniedError):
        locked(Staff, mine, actor=zone_a_reviewer)  # the reviewer sees staff, cannot change them
    monkeypatch.setattr(Staff, "version", 3, raising=False)  # as if the row were at version 3
    with pytest.raises(ConflictError):
        locked(Staff, mine, actor=zone_a_leader, version=2)
    assert locked(Staff, mine, actor=zone_a_leader, version=3).pk == mine.pk


# --- transitions -------------------------------------------------------------------------------------------
PHASES = Transitions(
    field="phase",
    moves={
        "build": Move(
            sources={ProjectPhase.SIGNED, ProjectPhase.APPROVING}, target=ProjectPhase.CONSTRUCTING
        ),
        "note": Move(sources=set(ProjectPhase.values), target=None, label="记录"),
    },
)


def test_a_transition_moves_the_state_and_writes_the_audit_row_and_the_event(zone_a, zone_a_leader):
    project = f.ProjectFactory(zone=zone_a, phase=ProjectPhase.SIGNED)
    events = []
    table = Transitions(field="phase", moves=PHASES.moves, event=lambda **kw: events.append(kw))
    assert table.allowed(project) == ["build", "note"]
    table.apply(project, "build", actor=zone_a_leader, note="开工")
    project.refresh_from_db()
    assert project.phase == ProjectPhase.CONSTRUCTING
    assert events[0]["before"] == ProjectPhase.SIGNED and events[0]["after"] == ProjectPhase.CONSTRUCTING
    audit = AuditEvent.objects.get(action=AuditAction.TRANSITION, object_id=str(project.pk))
    assert audit.changes == {"phase": ["signed", "constructing"]} and audit.actor_id == zone_a_leader.pk


def test_an_illegal_transition_is_refused_and_changes_nothing(zone_a, zone_a_leader):
    project = f.ProjectFactory(zone=zone_a, phase=ProjectPhase.PRODUCING)
    with pytest.raises(DomainError) as exc:
        PHASES.apply(project, "build", actor=zone_a_leader)
    assert "当前状态为“已投产”" in exc.value.message
    project.refresh_from_db()
    assert project.phase == ProjectPhase.PRODUCING
    assert not AuditEvent.objects.filter(action=AuditAction.TRANSITION).exists()


def test_a_changed_field_is_one_update_event_with_its_before_and_after(zone_a, zone_a_leader):
    project = f.ProjectFactory(zone=zone_a)
    event = core_audit.changed(zone_a_leader, project, "phase", "signed", "constructing", note="开工")
    assert event.pk and event.action == AuditAction.UPDATE and event.object_id == str(project.pk)
    assert event.changes == {"phase": ["signed", "constructing"]} and event.note == "开工"
    assert event.zone_id == zone_a.pk and event.actor_id == zone_a_leader.pk


def test_an_update_since_a_snapshot_records_only_what_changed(zone_a, zone_a_leader):
    project = f.ProjectFactory(zone=zone_a, phase=ProjectPhase.SIGNED)
    before = core_audit.snapshot(project)
    project.phase = ProjectPhase.CONSTRUCTING
    project.save()
    event = core_audit.updated(zone_a_leader, project, before, note="开工")
    assert event.action == AuditAction.UPDATE and event.note == "开工"
    assert event.changes == {"phase": ["signed", "constructing"]}


# --- the system actor ----------------------------------------------------------------------------------------
def test_the_system_actor_reaches_every_zone_has_only_granted_rights_and_cannot_log_in(zone_a, zone_b, rf):
    actor = system_actor()
    assert system_actor().pk == actor.pk  # one user, created once
    f.StaffFactory(zone=zone_a), f.StaffFactory(zone=zone_b)
    assert Staff.objects.for_user(actor).count() == 2
    assert can(actor, "view", Staff) and not can(actor, "delete", Staff)
    assert not actor.has_usable_password()
    assert authenticate(rf.post("/accounts/login/"), username="system", password="") is None
    assert actor.profile.role == Role.SYSTEM


# --- errors and the page bridge -----------------------------------------------------------------------------
def _request(rf, user):
    request = rf.post("/")
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_refusals_put_field_errors_on_the_form_and_turn_scope_errors_into_404_and_403(rf, zone_a_leader):
    from django import forms

    class ReasonForm(forms.Form):
        reason = forms.CharField(required=False)

    form = ReasonForm({"reason": ""})
    form.is_valid()
    request = _request(rf, zone_a_leader)
    with refusals(request, form) as outcome:
        require_text("", "reason", "请填写理由")
    assert not outcome.ok and form.errors["reason"] == ["请填写理由"]
    with refusals(request) as outcome:
        pass
    assert outcome.ok
    with pytest.raises(Http404), refusals(request):
        raise NotFoundError("不存在")
    with pytest.raises(PermissionDenied), refusals(request):
        raise PermissionDeniedError("无权")


@pytest.mark.parametrize(
    ("target", "followed"),
    [
        ("/core/staff/", True),
        ("/\\evil.example", False),
        ("//evil.example/", False),
        ("https://evil.example/", False),
        ("javascript:alert(1)", False),
    ],
)
def test_safe_next_follows_only_this_sites_paths(rf, target, followed):
    request = rf.get("/", {"next": target})
    assert safe_next(request, "/home/") == (target if followed else "/home/")


# --- the pager ------------------------------------------------------------------------------------------------
def test_the_pager_keeps_every_filter_and_changes_only_the_page(rf, zone_a):
    from django.core.paginator import Paginator

    page = Paginator(list(range(100)), 25).get_page(2)
    request = rf.get("/projects/visits/", {"project": "7", "q": "电", "page": "2"})
    html = Template("{% load devzone %}{% pager page %}").render(Context({"page": page, "request": request}))
    assert 'href="?project=7&amp;q=%E7%94%B5&amp;page=1"' in html
    assert 'href="?project=7&amp;q=%E7%94%B5&amp;page=3"' in html


def test_a_page_read_late_has_the_lists_rows_in_its_order_with_their_joins(
    rf, zone_a, django_assert_num_queries
):
    """``page_of(…, rows=…)``: the page's ids come from the list in its order, its rows from the joined queryset,
    and the pager counts the whole list."""
    from devzone.core.models import Project
    from devzone.core.web import page_of

    for i in range(30):
        f.ProjectFactory(zone=zone_a, name=f"项目{i:02d}")
    listed = Project.objects.filter(zone=zone_a).order_by("-name")
    page = page_of(rf.get("/", {"page": "2"}), listed, 25, rows=Project.objects.select_related("enterprise"))
    assert [p.name for p in page] == [f"项目{i:02d}" for i in range(4, -1, -1)]
    assert page.paginator.count == 30 and page.number == 2
    with django_assert_num_queries(0):
        assert all(p.enterprise.name for p in page)


def test_a_page_given_its_count_does_not_count_again(rf, zone_a, django_assert_num_queries):
    """``page_of(…, count=…)``: a page that has counted its rows already (the portfolio's colours) hands the number
    to the pager, which then reads the page's rows only."""
    from devzone.core.models import Project
    from devzone.core.web import page_of

    for i in range(30):
        f.ProjectFactory(zone=zone_a, name=f"项目{i:02d}")
    listed = Project.objects.filter(zone=zone_a).order_by("name")
    with django_assert_num_queries(1):
        page = page_of(rf.get("/", {"page": "2"}), listed, 25, count=30)
        assert [p.name for p in page] == [f"项目{i:02d}" for i in range(25, 30)]
    assert page.paginator.count == 30 and page.paginator.num_pages == 2


def test_a_relation_read_for_a_page_is_one_query_of_its_fields_and_keeps_what_was_joined(
    zone_a, django_assert_num_queries
):
    """``with_related(rows, name, *fields)``: each row's relation set from one query of the fields asked for; a
    row whose relation was joined keeps it; a row without one gets None."""
    from devzone.core.models import Project, Staff
    from devzone.core.web import with_related

    made = [f.ProjectFactory(zone=zone_a, name=f"项目{i}") for i in range(3)]
    joined = Project.objects.select_related("enterprise").get(pk=made[0].pk)
    rows = [joined, *Project.objects.filter(pk__in=[p.pk for p in made[1:]]).order_by("pk")]
    with django_assert_num_queries(1):
        with_related(rows, "enterprise", "name")
    with django_assert_num_queries(0):
        assert [p.enterprise.name for p in rows] == [p.enterprise.name for p in made]
    assert rows[0].enterprise is joined.enterprise and rows[0].enterprise.credit_code  # joined: every field
    assert rows[1].enterprise.get_deferred_fields() >= {"credit_code", "address"}  # read: the name only
    staff = Staff.objects.get(pk=f.StaffFactory(zone=zone_a, post=None).pk)
    with django_assert_num_queries(0):
        assert with_related([staff], "post", "name")[0].post is None
    assert with_related([], "enterprise", "name") == []


# --- the ledger -------------------------------------------------------------------------------------------------
COLUMNS = [
    ledger.Column("name", "企业名称", required=True),
    ledger.Column("amount", "投资额", aliases=("金额",)),
]


def test_the_ledger_reads_rows_by_header_with_aliases_and_skips_blank_rows():
    sheet = ledger.read_sheet(
        xlsx([["金额", "企业名称", "备注"], [5, "甲"], [None, None], [7, "乙"]]), COLUMNS
    )
    assert sheet.rows == [(2, {"name": "甲", "amount": 5}), (4, {"name": "乙", "amount": 7})]
    assert sheet.extra == ["备注"]


def test_the_ledger_refuses_a_missing_header_a_non_workbook_and_reports_every_row():
    with pytest.raises(DomainError) as exc:
        ledger.read_sheet(xlsx([["投资额"], [1]]), COLUMNS)
    assert "企业名称" in exc.value.errors["file"][0]
    with pytest.raises(DomainError) as exc:
        ledger.read_sheet(b"PK\x03\x04 not really", COLUMNS)
    assert ".xlsx" in exc.value.message
    report = ledger.RowReport()
    report.add(5, "名称必填")
    report.add(3, "金额无效")
    with pytest.raises(DomainError) as exc:
        report.raise_if_any()
    assert exc.value.errors["file"] == ["第3行：金额无效", "第5行：名称必填"]


def test_exported_text_that_would_be_a_formula_stays_text():
    content = ledger.workbook([("表", ["名称", "金额"], [['=HYPERLINK("x")', 1], ["+1", 2], ["正常", 3]])])
    ws = load_workbook(BytesIO(content)).active
    assert [ws.cell(r, 1).value for r in (2, 3, 4)] == ['\'=HYPERLINK("x")', "'+1", "正常"]
    assert ws.cell(2, 2).value == 1


# --- uploads ------------------------------------------------------------------------------------------------------
def test_uploads_are_checked_by_content_and_size(settings):
    from devzone.testing.approvals import PDF

    assert check_upload("材料.pdf", PDF, kinds=DOCUMENTS).content_type == "application/pdf"
    with pytest.raises(DomainError) as exc:
        check_upload("照片.png", PDF, kinds=PHOTOS)  # a PDF named .png
    assert "照片.png" in exc.value.errors["file"][0]
    settings.DEVZONE_UPLOAD_MAX_BYTES = 100
    with pytest.raises(DomainError) as exc:
        check_upload("材料.pdf", PDF)
    assert "超过" in exc.value.message
    with pytest.raises(DomainError):
        check_upload("空.pdf", b"")


# --- notifications ------------------------------------------------------------------------------------------------
def test_notify_sends_once_per_user_and_key(zone_a, zone_a_leader, zone_a_reviewer):
    leaders = zone_users(zone_a.pk, roles=[Role.ZONE_LEADER])
    assert leaders == [zone_a_leader.pk]
    assert notify(leaders, kind="t", title="到期", zone_id=zone_a.pk, key="k-1") == 1
    assert notify([zone_a_leader, zone_a_reviewer, None], kind="t", title="到期", key="k-1") == 1
    assert Notification.objects.filter(dedupe_key="k-1").count() == 2


# --- the registry ---------------------------------------------------------------------------------------------------
def test_the_registry_finds_every_modules_jobs_demo_and_bench():
    assert {
        "approvals.deadline_scan",
        "projects.weekly_dispatch",
        "core.calendar_horizon_check",
        "exchange.deliver",
    } <= set(registry.JOBS)
    assert [s.name for s in registry.demo_steps()] == [
        "exchange",
        "approvals",
        "projects",
        "services",
        "investment",
        "performance",
        "personnel",
        "planning",
        "institutions",
        "powers",
        "emergency",
    ]
    assert {"approvals", "projects", "services", "investment", "performance", "oversight"} <= {
        b.flag for b in registry.bench_steps()
    }
    assert {"applications", "key_projects", "service_requests", "leads", "performance", "city_zones"} <= {
        s.option for s in registry.load_steps()
    }


# --- moves on a row: one idiom for the page and the API ----------------------------------------------------------
def test_an_action_table_serves_the_page_and_the_api_with_the_same_service(rf, zone_a, zone_a_leader):
    from django import forms
    from ninja import Router, Schema

    from devzone.core.actions import Action, ActionTable

    calls = []

    class NoteIn(Schema):
        text: str

    class NoteForm(forms.Form):
        text = forms.CharField()

    def run(*, actor, row, text):
        require_text(text, "text", "请填写内容")
        calls.append((actor.pk, row.pk, text))

    table = ActionTable(
        Action("note", run, schema=NoteIn, form=NoteForm, done="已记录"),
        Action("touch", lambda *, actor, row: calls.append((actor.pk, row.pk, "")), operation_id="poke"),
    )
    project = f.ProjectFactory(zone=zone_a)

    # the page: a valid form calls the service and redirects with the message
    request = _request(rf, zone_a_leader)
    request.POST = request.POST.copy()
    request.POST["text"] = "已开工"
    resp = table.perform(request, "note", project, redirect_to="/back/")
    assert (
        resp.status_code == 302
        and resp.url == "/back/"
        and calls[-1] == (zone_a_leader.pk, project.pk, "已开工")
    )
    with pytest.raises(Http404):
        table.perform(request, "unknown", project, redirect_to="/back/")

    # the API: one operation per action, with the schema as its body
    router = Router()
    table.mount(
        router, path="/projects/{int:pk}", load=lambda request, pk: project, response=None, prefix="project"
    )
    ops = {
        op.operation_id: (path, op.methods, [p.name for p in op.signature.params])
        for path, view in router.path_operations.items()
        for op in view.operations
    }
    assert ops["project_note"][0] == "/projects/{int:pk}/note" and ops["project_note"][1] == ["POST"]
    assert ops["poke"][0] == "/projects/{int:pk}/touch"
    assert "payload" in ops["project_note"][2]  # the body is the action's schema, resolved


def test_a_rows_choice_reads_in_the_active_language_and_an_unknown_value_as_itself():
    """``get_FOO_display`` of a zone's row (``core.models.base.choice_label``): its labels come from a table
    made once per field and language, so the language a request picked still decides the words."""
    from django.utils import translation

    from devzone.core.models import Project

    project = Project(phase=ProjectPhase.CONSTRUCTING)
    with translation.override("zh-hans"):
        assert project.get_phase_display() == "在建"
    with translation.override("en"):
        assert project.get_phase_display() == "Under construction"
    with translation.override("zh-hans"):
        assert project.get_phase_display() == "在建"
        assert Project(phase="unheard-of").get_phase_display() == "unheard-of"
