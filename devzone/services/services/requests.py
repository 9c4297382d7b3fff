"""企业诉求: an enterprise raises a request; it is routed by category to a department with a deadline in working
days (a core clock); the department accepts (or refuses with a reason), assigns, replies and answers; the
enterprise confirms and rates the outcome (services.ratings). The moves are declared once in
``REQUEST_MOVES``; each writes its line in the request's thread and the audit row."""

from __future__ import annotations

import copy
import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core import audit
from devzone.core.access import reach_of
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import ConflictError, DomainError, PermissionDeniedError, require, require_text
from devzone.core.files import DOCUMENTS, check_upload
from devzone.core.locking import locked
from devzone.core.models import Department, Enterprise
from devzone.core.notify import Text, enterprise_users, notify, reader_day, stored
from devzone.core.sequences import next_number
from devzone.core.services import clocks
from devzone.core.transitions import Move, Transitions
from devzone.services.choices import OPEN_REQUEST_STATUSES, RequestCategory, RequestStatus
from devzone.services.events import request_facts
from devzone.services.models import RequestAttachment, RequestReply, RoutingRule, ServiceRequest
from devzone.services.services.common import (
    department_heads,
    display_name,
    leaders,
    normal_phone,
    phone_problem,
    zone_staff_user,
)

MAX_ATTACHMENTS = 5
DEFAULT_DEPARTMENT = "综合服务部"
WORKING = {RequestStatus.ACCEPTED, RequestStatus.IN_PROGRESS}
# Thread entries: the move's name, except plain messages (staff replies, enterprise messages), which are "".
MESSAGES = {"reply", "message"}


def _thread(*, row, move, actor, body: str = "", from_enterprise: bool = False, **_extra) -> None:
    """The request's thread line of a move (``REQUEST_MOVES`` calls it after the save)."""
    if not body:
        return
    RequestReply.objects.create(
        request=row,
        author=actor,
        author_label=row.enterprise.name[:80] if from_enterprise else display_name(actor),
        from_enterprise=from_enterprise,
        action="" if move in MESSAGES else move,
        body=body,
    )


REQUEST_MOVES = Transitions(
    moves={
        "accept": Move({RequestStatus.SUBMITTED}, RequestStatus.ACCEPTED, gettext_lazy("受理")),
        "assign": Move(WORKING, None, gettext_lazy("交办")),
        "reply": Move(WORKING, RequestStatus.IN_PROGRESS, gettext_lazy("回复")),
        "message": Move({*OPEN_REQUEST_STATUSES, RequestStatus.ANSWERED}, None, gettext_lazy("留言")),
        "answer": Move(WORKING, RequestStatus.ANSWERED, gettext_lazy("答复")),
        "refuse": Move(
            {RequestStatus.SUBMITTED, RequestStatus.ACCEPTED}, RequestStatus.REFUSED, gettext_lazy("不予受理")
        ),
        "close": Move({RequestStatus.ANSWERED}, RequestStatus.CLOSED, gettext_lazy("确认办结")),
        "extend": Move(OPEN_REQUEST_STATUSES, None, gettext_lazy("调整期限")),
        # services.ratings: the enterprise (or the automatic rating) rated the answered request
        "rate": Move(
            {RequestStatus.ANSWERED, RequestStatus.CLOSED}, RequestStatus.RATED, gettext_lazy("评价")
        ),
    },
    event=_thread,
    topic="services.request",  # each move to the outbox (services.events)
    payload=request_facts,
)


def _number(zone_id: int, on: dt.date) -> str:
    """SQ + date + zone + a four-digit serial of the day, race-free (``core.sequences``)."""
    return next_number(ServiceRequest, f"SQ{on:%Y%m%d}{zone_id:03d}", key="services.request", width=4)


def route(zone, category: str, on: dt.date | None = None) -> tuple[Department, int]:
    """The department and deadline (working days) for a category: the zone's routing table, else 综合服务部
    with the zone's default deadline. A rule whose department has been abolished (the reform merges bodies; the
    rule stays until a leader changes it) sends the request to 综合服务部 with the rule's deadline: a request
    routed to a body that no longer exists would wait for nobody."""
    from devzone.services.selectors import settings_for

    on = on or timezone.localdate()
    rule = RoutingRule.objects.filter(zone=zone, category=category).select_related("department").first()
    if rule is not None and Department.objects.active_on(on).filter(pk=rule.department_id).exists():
        return rule.department, rule.deadline_days
    dept = Department.objects.active_on(on).filter(zone=zone, name=DEFAULT_DEPARTMENT).first()
    if dept is None:
        raise DomainError(
            _("该类诉求尚未设置承办部门，请联系开发区"), {"category": [_("该类诉求尚未设置承办部门")]}
        )
    return dept, rule.deadline_days if rule is not None else settings_for(zone).request_default_days


def _attach(req: ServiceRequest, actor, uploads: list[tuple[str, bytes]]) -> None:
    require(len(uploads) <= MAX_ATTACHMENTS, _("附件最多%(n)d个") % {"n": MAX_ATTACHMENTS}, "attachments")
    for name, data in uploads:
        checked = check_upload(name, data, kinds=DOCUMENTS, field="attachments")
        RequestAttachment.of(checked, request=req, uploaded_by=actor).save()


def _tell_enterprise(
    req: ServiceRequest, title: Text, *, kind: str = "services.request", key: str = ""
) -> None:
    """The enterprise's users are told, each in their own language, not the actor's (``core.notify.Text``)."""
    notify(
        enterprise_users(req.enterprise_id),
        zone_id=req.zone_id,
        kind=kind,
        title=title,
        url=req.get_absolute_url(),
        key=key,
    )


def _tell_staff(req: ServiceRequest, users, title: Text, *, key: str = "") -> None:
    """Members of staff are told, each in their own language, not the actor's (``core.notify.Text``)."""
    notify(
        users, zone_id=req.zone_id, kind="services.request", title=title, url=req.get_absolute_url(), key=key
    )


@transaction.atomic
def request_submit(
    *,
    actor,
    category: str,
    title: str,
    description: str,
    contact_name: str = "",
    contact_phone: str = "",
    uploads: list[tuple[str, bytes]] | None = None,
    on: dt.date | None = None,
) -> ServiceRequest:
    """An enterprise user raises a request for its own enterprise."""
    r = reach_of(actor)
    if r.role != Role.ENTERPRISE_USER or not r.enterprise_id:
        raise PermissionDeniedError(_("只有企业用户可以提出诉求"))
    enterprise = Enterprise.objects.select_related("zone").get(pk=r.enterprise_id)
    require(category in RequestCategory.values, _("请选择诉求类别"), "category")
    title = require_text(title, "title", _("请填写诉求标题"))[:100]
    description = require_text(description, "description", _("请填写诉求内容"))
    contact_phone = normal_phone(contact_phone)
    require(not (problem := phone_problem(contact_phone)), problem, "contact_phone")
    on = on or timezone.localdate()
    department, days = route(enterprise.zone, category, on)
    req = ServiceRequest.objects.create(
        zone=enterprise.zone,
        number=_number(enterprise.zone_id, on),
        enterprise=enterprise,
        category=category,
        title=title,
        description=description,
        contact_name=(contact_name or "").strip()[:30] or enterprise.contact_name,
        contact_phone=contact_phone[:20] or enterprise.contact_phone,
        department=department,
        submitted_by=actor,
        submitted_on=on,
    )
    req.clock = clocks.clock_start(
        zone=enterprise.zone, purpose="企业诉求", started_on=on, budget_workdays=days, subject=req
    )
    req.due_on = req.clock.due_on
    req.save(update_fields=["clock", "due_on"])
    _attach(req, actor, uploads or [])
    _thread(row=req, move="submit", actor=actor, body=description, from_enterprise=True)
    audit.record(
        actor=actor, action=AuditAction.CREATE, obj=req, note=f"{req.get_category_display()} → {department}"
    )
    _tell_staff(
        req,
        department_heads(req.zone_id, department.pk) or leaders(req.zone_id),
        Text(
            gettext_lazy("新诉求：%(e)s %(t)s（%(d)s前办结）"),
            e=enterprise.name,
            t=title,
            d=reader_day(req.due_on),
        ),
        key=f"request-new-{req.pk}",
    )
    return req


def can_handle(actor, req: ServiceRequest) -> bool:
    """A zone leader, the assignee, or staff of the department the request is routed to."""
    r = reach_of(actor)
    if r.kind != "zone" or r.zone_id != req.zone_id:
        return False
    if r.role == Role.ZONE_LEADER:
        return True
    return req.assignee_id == actor.pk or (
        r.department_id is not None and r.department_id == req.department_id
    )


def _as_read(request: ServiceRequest, *, actor, version) -> ServiceRequest:
    """The request locked, as ``actor`` reads it: a rated request whose rating's enterprise they may not know
    reads as 已办结 at its version before the rating (``selectors.rated_hidden_q``), so a move on it is answered
    as on a closed request — a stale version as stale, and no "当前状态为“已评价”" (``_check``)."""
    from devzone.services.selectors import request_shown

    req = request_shown(actor, locked(ServiceRequest, request, actor=actor, what=_("诉求")))
    if version is not None and req.shown_version != version:
        raise ConflictError(_("该记录刚被他人处理过，请刷新后查看最新状态"))
    return req


def _check(req: ServiceRequest, move: str) -> None:
    """``REQUEST_MOVES.check`` of the request as its actor reads it (``_as_read``): refused as from 已办结 where it
    reads so (no move of the staff leaves 已办结 or 已评价)."""
    if getattr(req, "rated_hidden", False):
        shown = copy.copy(req)
        shown.status = RequestStatus.CLOSED
        REQUEST_MOVES.check(shown, move)
    REQUEST_MOVES.check(req, move)


def _handled(request: ServiceRequest, *, actor, version, doing: str, move: str) -> ServiceRequest:
    """The request locked for ``move`` of its handlers (the routed department, the assignee, a leader)."""
    req = _as_read(request, actor=actor, version=version)
    if not can_handle(actor, req):
        raise PermissionDeniedError(_("只有承办部门或开发区领导可以%(doing)s") % {"doing": doing})
    _check(req, move)
    return req


def _of_enterprise(request: ServiceRequest, *, actor, version, refusal: str) -> ServiceRequest:
    """The request locked for a move of the enterprise that raised it."""
    r = reach_of(actor)
    req = locked(ServiceRequest, request, actor=actor, action="view", version=version, what=_("诉求"))
    if r.role != Role.ENTERPRISE_USER or r.enterprise_id != req.enterprise_id:
        raise PermissionDeniedError(refusal)
    return req


@transaction.atomic
def request_accept(
    *, actor, request: ServiceRequest, assignee_id=None, expected_version=None
) -> ServiceRequest:
    req = _handled(request, actor=actor, version=expected_version, doing=_("受理诉求"), move="accept")
    req.assignee = zone_staff_user(req.zone_id, assignee_id, field="assignee", label=_("承办人")) or actor
    who = display_name(req.assignee)
    REQUEST_MOVES.apply(
        req,
        "accept",
        actor=actor,
        note=stored(gettext_lazy("承办人：%(a)s"), a=who),
        fields=("assignee",),
        extra={"body": stored(gettext_lazy("已受理，承办人：%(a)s"), a=who)},
    )
    _tell_enterprise(
        req, Text(gettext_lazy("您的诉求“%(t)s”已受理"), t=req.title), key=f"request-accepted-{req.pk}"
    )
    if req.assignee_id != actor.pk:
        _tell_staff(req, [req.assignee_id], Text(gettext_lazy("诉求交办：%(t)s"), t=req.title))
    return req


@transaction.atomic
def request_assign(*, actor, request: ServiceRequest, assignee_id, expected_version=None) -> ServiceRequest:
    req = _handled(request, actor=actor, version=expected_version, doing=_("交办诉求"), move="assign")
    user = zone_staff_user(req.zone_id, assignee_id, field="assignee", label=_("承办人"))
    require(user is not None, _("请选择承办人"), "assignee")
    req.assignee = user
    # the thread's line and the trail's note: in the site's language whoever assigns (the enterprise reads the thread)
    text = stored(gettext_lazy("交办给 %(a)s"), a=display_name(user))
    REQUEST_MOVES.apply(req, "assign", actor=actor, note=text, fields=("assignee",), extra={"body": text})
    _tell_staff(req, [user], Text(gettext_lazy("诉求交办：%(t)s"), t=req.title))
    return req


@transaction.atomic
def request_reply(*, actor, request: ServiceRequest, body: str, expected_version=None) -> ServiceRequest:
    """A message in the thread: staff (moves an accepted request to 办理中) or the enterprise (follow-up)."""
    r = reach_of(actor)
    if r.role == Role.ENTERPRISE_USER:
        req = _of_enterprise(
            request, actor=actor, version=expected_version, refusal=_("只能在本企业的诉求中留言")
        )
        body = require_text(body, "body", _("请填写回复内容"))
        REQUEST_MOVES.apply(
            req,
            "message",
            actor=actor,
            note=stored(gettext_lazy("企业留言")),
            extra={"body": body, "from_enterprise": True},
        )
        to = [req.assignee_id] if req.assignee_id else department_heads(req.zone_id, req.department_id)
        _tell_staff(req, to, Text(gettext_lazy("企业留言：%(t)s"), t=req.title))
        return req
    req = _handled(request, actor=actor, version=expected_version, doing=_("回复诉求"), move="reply")
    body = require_text(body, "body", _("请填写回复内容"))
    REQUEST_MOVES.apply(req, "reply", actor=actor, note=stored(gettext_lazy("进展")), extra={"body": body})
    _tell_enterprise(req, Text(gettext_lazy("诉求“%(t)s”有新回复"), t=req.title))
    return req


# The moves that end the department's work: what the refusal says the actor may not do, the field of the
# move's text, and the message when that text is missing.
CONCLUSIONS = {
    "answer": (gettext_lazy("答复诉求"), "body", gettext_lazy("请填写办理结果")),
    "refuse": (gettext_lazy("不予受理"), "reason", gettext_lazy("不予受理须说明理由")),
}


def _concluded(request: ServiceRequest, move: str, text: str, *, actor, version, on) -> tuple:
    """The request locked for a move of ``CONCLUSIONS`` (answer, refuse): the move allowed, its text given,
    and the clock stopped on ``on`` (today unless given). Returns the request, the text and the day."""
    doing, field, missing = CONCLUSIONS[move]
    req = _handled(request, actor=actor, version=version, doing=str(doing), move=move)
    text = require_text(text, field, str(missing))
    on = on or timezone.localdate()
    if req.clock_id:
        clocks.clock_stop(clock=req.clock, on=on)
    return req, text, on


@transaction.atomic
def request_answer(
    *, actor, request: ServiceRequest, body: str, expected_version=None, on=None
) -> ServiceRequest:
    """The department's answer (办理结果): stops the clock; the enterprise may now rate the service."""
    req, body, on = _concluded(request, "answer", body, actor=actor, version=expected_version, on=on)
    req.answered_on = on
    req.assignee = req.assignee or actor
    REQUEST_MOVES.apply(req, "answer", actor=actor, fields=("answered_on", "assignee"), extra={"body": body})
    _tell_enterprise(
        req,
        Text(gettext_lazy("诉求“%(t)s”已答复，请评价本次服务"), t=req.title),
        kind="services.rate",
        key=f"request-answered-{req.pk}",
    )
    return req


@transaction.atomic
def request_refuse(
    *, actor, request: ServiceRequest, reason: str, expected_version=None, on=None
) -> ServiceRequest:
    req, reason, on = _concluded(request, "refuse", reason, actor=actor, version=expected_version, on=on)
    req.refuse_reason = reason
    req.closed_on = on
    REQUEST_MOVES.apply(
        req, "refuse", actor=actor, note=reason, fields=("refuse_reason", "closed_on"), extra={"body": reason}
    )
    _tell_enterprise(req, Text(gettext_lazy("诉求“%(t)s”不予受理"), t=req.title))
    return req


@transaction.atomic
def request_close(*, actor, request: ServiceRequest, expected_version=None, on=None) -> ServiceRequest:
    """The enterprise confirms the answer settles its request (办结)."""
    req = _of_enterprise(
        request, actor=actor, version=expected_version, refusal=_("只有提出诉求的企业可以确认办结")
    )
    REQUEST_MOVES.check(req, "close")
    req.closed_on = on or timezone.localdate()
    REQUEST_MOVES.apply(
        req,
        "close",
        actor=actor,
        fields=("closed_on",),
        extra={"body": stored(gettext_lazy("企业确认办结")), "from_enterprise": True},
    )
    return req


def request_close_by_rating(req: ServiceRequest, *, actor, automatic: bool, on: dt.date) -> None:
    """A rating of an answered request concludes it (services.ratings, before its ``rate`` move): the close, with
    the thread's line a close writes — the enterprise's rating as its 确认办结, the automatic one as the system's.
    A rated request then reads as a closed one to who may not know its rater (``selectors.rated_hidden_q``): the
    same thread and version as a request the enterprise closed, and no trace of the rating in either."""
    req.closed_on = req.closed_on or on
    if automatic:
        line = {"body": stored(gettext_lazy("逾期未确认，系统默认办结"))}
    else:  # as ``request_close`` writes it
        line = {"body": stored(gettext_lazy("企业确认办结")), "from_enterprise": True}
    REQUEST_MOVES.apply(req, "close", actor=actor, fields=("closed_on",), extra=line)


def is_overdue(req: ServiceRequest, on: dt.date | None = None) -> bool:
    """An open request past its deadline (the overdue scan's and the list's 已超期 rule)."""
    on = on or timezone.localdate()
    return req.status in OPEN_REQUEST_STATUSES and req.due_on is not None and req.due_on < on


def _check_due(req: ServiceRequest, due_on: dt.date):
    """A new deadline: a working day, not in the past, later than the present one. Returns the calendar."""
    from devzone.core.calendar import CalendarError
    from devzone.core.workdays import get_calendar

    require(due_on >= timezone.localdate(), _("办理期限不能早于今天"), "due_on")
    require(not req.due_on or due_on > req.due_on, _("新的办理期限须晚于原期限"), "due_on")
    cal = get_calendar()
    try:
        cal.check(due_on)
    except CalendarError as e:
        raise DomainError.on("due_on", str(e)) from None
    require(cal.is_workday(due_on), _("办理期限须为工作日"), "due_on")
    return cal


@transaction.atomic
def request_extend(
    *, actor, request: ServiceRequest, due_on: dt.date, reason: str, expected_version=None
) -> ServiceRequest:
    """A zone leader moves an open request's deadline later (never into the past), with a reason, before the
    deadline has passed (an overdue request stays overdue until answered)."""
    req = _as_read(request, actor=actor, version=expected_version)
    if reach_of(actor).role != Role.ZONE_LEADER:
        raise PermissionDeniedError(_("只有开发区领导可以调整办理期限"))
    _check(req, "extend")
    # A deadline is moved before it passes: once passed the request is overdue, and a later deadline (its clock's
    # budget grown to match) would erase that — from the desk, the list's 已超期 and the clock's record.
    require(not is_overdue(req), _("该诉求已超过办理期限，不能再延期；超期记录予以保留"), "due_on")
    reason = require_text(reason, "reason", _("调整期限须说明理由"))
    cal = _check_due(req, due_on)
    if req.clock_id:
        extra = cal.elapsed(req.due_on, due_on, []) if req.due_on else 0
        if extra > 0:
            clocks.clock_extend(clock=req.clock, by_workdays=extra)
            req.clock.refresh_from_db()
    before = req.due_on
    req.due_on = due_on
    REQUEST_MOVES.apply(
        req,
        "extend",
        actor=actor,
        # dates as the site's readers write them (2026年12月21日), never by hand (ISO)
        note=stored(
            gettext_lazy("%(a)s → %(b)s：%(r)s"), a=reader_day(before), b=reader_day(due_on), r=reason
        ),
        fields=("due_on",),
        extra={"body": stored(gettext_lazy("办理期限调整为%(d)s：%(r)s"), d=reader_day(due_on), r=reason)},
    )
    return req


def request_follow_clock(clock) -> int:
    """A calendar change moved ``clock``'s due date: the open request's stored deadline (what lists, the page
    and the overdue scan read) follows, so that nobody is told it is overdue on a day it is not. (The overdue
    notice is keyed on the deadline: a moved deadline is warned of again once it is passed.) Returns how many
    requests moved (0 or 1)."""
    if clock.due_on is None:
        return 0
    return (
        ServiceRequest.objects.filter(clock_id=clock.pk, status__in=OPEN_REQUEST_STATUSES)
        .exclude(due_on=clock.due_on)
        .update(due_on=clock.due_on)
    )


def overdue_scan(on: dt.date) -> int:
    """Open requests past their deadline: the department head and the zone leaders are told once per day."""
    sent = 0
    for req in ServiceRequest.objects.filter(status__in=OPEN_REQUEST_STATUSES, due_on__lt=on).select_related(
        "enterprise"
    ):
        users = leaders(req.zone_id) + department_heads(req.zone_id, req.department_id) + [req.assignee_id]
        sent += notify(
            users,
            zone_id=req.zone_id,
            kind="services.overdue",
            # in each reader's own language, the date as they write it (core.notify.Text)
            title=Text(
                gettext_lazy("诉求超期：%(e)s %(t)s（期限%(d)s）"),
                e=req.enterprise.name,
                t=req.title,
                d=reader_day(req.due_on),
            ),
            url=req.get_absolute_url(),
            key=f"request-overdue-{req.pk}-{req.due_on}",
        )
    return sent
