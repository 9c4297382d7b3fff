"""企业诉求: an enterprise raises a request; it is routed by category to a department with a deadline in working
days (a core clock); the department accepts (or refuses with a reason), assigns, replies and answers; the
enterprise confirms and rates the outcome (services.ratings)."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from devzone.approvals.files import check_upload
from devzone.core import audit
from devzone.core.access import reach_of
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.core.models import Department, Enterprise, Profile
from devzone.core.services import clocks
from devzone.services.choices import OPEN_REQUEST_STATUSES, RequestCategory, RequestStatus
from devzone.services.models import RequestAttachment, RequestReply, RoutingRule, ServiceRequest
from devzone.services.services.common import (
    STAFF_ROLES,
    display_name,
    enterprise_users,
    locked,
    notify,
    require_text,
    today,
    zone_users,
)

MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
DEFAULT_DEPARTMENT = "综合服务部"


def _number(zone_id: int, on: dt.date) -> str:
    prefix = f"SQ{on:%Y%m%d}{zone_id:03d}"
    last = ServiceRequest.objects.filter(number__startswith=prefix).aggregate(m=Max("number"))["m"]
    serial = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{serial:04d}"


def route(zone, category: str) -> tuple[Department, int]:
    """The department and deadline (working days) for a category: the zone's routing table, else 综合服务部
    with the zone's default deadline."""
    from devzone.services.selectors import settings_for

    rule = RoutingRule.objects.filter(zone=zone, category=category).select_related("department").first()
    if rule is not None:
        return rule.department, rule.deadline_days
    dept = Department.objects.filter(zone=zone, name=DEFAULT_DEPARTMENT, abolished_on__isnull=True).first()
    if dept is None:
        raise DomainError(
            _("该类诉求尚未设置承办部门，请联系开发区"), {"category": [_("该类诉求尚未设置承办部门")]}
        )
    return dept, settings_for(zone).request_default_days


def _log(req: ServiceRequest, actor, *, action: str, body: str, from_enterprise: bool = False) -> None:
    RequestReply.objects.create(
        request=req,
        author=actor,
        author_label=display_name(actor) if not from_enterprise else req.enterprise.name[:80],
        from_enterprise=from_enterprise,
        action=action,
        body=body,
    )


def _save(req: ServiceRequest, actor, *, to: str | None, note: str, fields: tuple[str, ...] = ()) -> None:
    before = req.status
    if to is not None:
        req.status = to
    req.version += 1
    req.save(update_fields=["status", "version", "updated_at", *fields])
    changes = {"status": [before, req.status]} if before != req.status else {}
    audit.record(actor=actor, action=AuditAction.TRANSITION, obj=req, changes=changes, note=note[:300])


def _attach(req: ServiceRequest, actor, uploads: list[tuple[str, bytes]]) -> None:
    if len(uploads) > MAX_ATTACHMENTS:
        raise DomainError(_("附件最多%(n)d个") % {"n": MAX_ATTACHMENTS}, {"attachments": [_("附件过多")]})
    for name, data in uploads:
        if len(data) > MAX_ATTACHMENT_BYTES:
            msg = _("%(f)s 超过10MB") % {"f": name}
            raise DomainError(msg, {"attachments": [msg]})
        try:
            checked = check_upload(name, data)
        except DomainError as e:
            raise DomainError(e.message, {"attachments": [e.message]}) from None
        att = RequestAttachment(
            request=req,
            original_name=checked.name,
            content_type=checked.content_type,
            size=len(checked.data),
            sha256=checked.sha256,
            uploaded_by=actor,
        )
        att.file.save(checked.sha256[:16], ContentFile(checked.data), save=False)
        att.save()


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
    if category not in RequestCategory.values:
        raise DomainError(_("请选择诉求类别"), {"category": [_("请选择诉求类别")]})
    title = require_text(title, "title", _("请填写诉求标题"))[:100]
    description = require_text(description, "description", _("请填写诉求内容"))
    on = on or today()
    department, days = route(enterprise.zone, category)
    req = ServiceRequest.objects.create(
        zone=enterprise.zone,
        number=_number(enterprise.zone_id, on),
        enterprise=enterprise,
        category=category,
        title=title,
        description=description,
        contact_name=(contact_name or "").strip()[:30] or enterprise.contact_name,
        contact_phone=(contact_phone or "").strip()[:20] or enterprise.contact_phone,
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
    _log(req, actor, action="submit", body=description, from_enterprise=True)
    audit.record(
        actor=actor, action=AuditAction.CREATE, obj=req, note=f"{req.get_category_display()} → {department}"
    )
    notify(
        zone_users(req.zone_id, roles=(Role.DEPARTMENT_HEAD,), department_id=department.pk)
        or zone_users(req.zone_id, roles=(Role.ZONE_LEADER,)),
        zone_id=req.zone_id,
        kind="services.request",
        title=_("新诉求：%(e)s %(t)s（%(d)s前办结）") % {"e": enterprise.name, "t": title, "d": req.due_on},
        url=req.get_absolute_url(),
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


def _handler(actor, req: ServiceRequest, doing: str) -> None:
    if not can_handle(actor, req):
        raise PermissionDeniedError(_("只有承办部门或开发区领导可以%(doing)s") % {"doing": doing})


def _require(req: ServiceRequest, *allowed: str, doing: str) -> None:
    if req.status not in allowed:
        raise DomainError(
            _("诉求当前状态为“%(s)s”，不能%(doing)s") % {"s": req.get_status_display(), "doing": doing}
        )


def _assignee(req: ServiceRequest, user_id) -> object | None:
    if user_id in (None, ""):
        return None
    profile = (
        Profile.objects.filter(user_id=user_id, zone_id=req.zone_id, role__in=STAFF_ROLES)
        .select_related("user")
        .first()
    )
    if profile is None:
        msg = _("承办人须为本开发区工作人员")
        raise DomainError(msg, {"assignee": [msg]})
    return profile.user


@transaction.atomic
def request_accept(
    *, actor, request: ServiceRequest, assignee_id=None, expected_version=None
) -> ServiceRequest:
    req = locked(ServiceRequest, request, actor, "change", expected_version, _("诉求"))
    _handler(actor, req, _("受理诉求"))
    _require(req, RequestStatus.SUBMITTED, doing=_("受理"))
    req.assignee = _assignee(req, assignee_id) or actor
    _save(
        req,
        actor,
        to=RequestStatus.ACCEPTED,
        note=_("受理，承办人：%(a)s") % {"a": display_name(req.assignee)},
        fields=("assignee",),
    )
    _log(req, actor, action="accept", body=_("已受理，承办人：%(a)s") % {"a": display_name(req.assignee)})
    notify(
        enterprise_users(req.enterprise_id),
        zone_id=req.zone_id,
        kind="services.request",
        title=_("您的诉求“%(t)s”已受理") % {"t": req.title},
        url=req.get_absolute_url(),
        key=f"request-accepted-{req.pk}",
    )
    if req.assignee_id != actor.pk:
        notify(
            [req.assignee],
            zone_id=req.zone_id,
            kind="services.request",
            title=_("诉求交办：%(t)s") % {"t": req.title},
            url=req.get_absolute_url(),
        )
    return req


@transaction.atomic
def request_assign(*, actor, request: ServiceRequest, assignee_id, expected_version=None) -> ServiceRequest:
    req = locked(ServiceRequest, request, actor, "change", expected_version, _("诉求"))
    _handler(actor, req, _("交办诉求"))
    _require(req, RequestStatus.ACCEPTED, RequestStatus.IN_PROGRESS, doing=_("交办"))
    user = _assignee(req, assignee_id)
    if user is None:
        raise DomainError(_("请选择承办人"), {"assignee": [_("请选择承办人")]})
    req.assignee = user
    _save(req, actor, to=None, note=_("交办给 %(a)s") % {"a": display_name(user)}, fields=("assignee",))
    _log(req, actor, action="assign", body=_("交办给 %(a)s") % {"a": display_name(user)})
    notify(
        [user],
        zone_id=req.zone_id,
        kind="services.request",
        title=_("诉求交办：%(t)s") % {"t": req.title},
        url=req.get_absolute_url(),
    )
    return req


@transaction.atomic
def request_reply(*, actor, request: ServiceRequest, body: str, expected_version=None) -> ServiceRequest:
    """A message in the thread: staff (moves an accepted request to 办理中) or the enterprise (follow-up)."""
    r = reach_of(actor)
    from_enterprise = r.role == Role.ENTERPRISE_USER
    req = locked(ServiceRequest, request, actor, "view", expected_version, _("诉求"))
    body = require_text(body, "body", _("请填写回复内容"))
    if from_enterprise:
        if r.enterprise_id != req.enterprise_id:
            raise PermissionDeniedError(_("只能在本企业的诉求中留言"))
        _require(req, *OPEN_REQUEST_STATUSES, RequestStatus.ANSWERED, doing=_("留言"))
        _log(req, actor, action="", body=body, from_enterprise=True)
        _save(req, actor, to=None, note=_("企业留言"))
        notify(
            [req.assignee]
            if req.assignee_id
            else zone_users(req.zone_id, roles=(Role.DEPARTMENT_HEAD,), department_id=req.department_id),
            zone_id=req.zone_id,
            kind="services.request",
            title=_("企业留言：%(t)s") % {"t": req.title},
            url=req.get_absolute_url(),
        )
        return req
    req = locked(ServiceRequest, req, actor, "change", None, _("诉求"))
    _handler(actor, req, _("回复诉求"))
    _require(req, RequestStatus.ACCEPTED, RequestStatus.IN_PROGRESS, doing=_("回复"))
    _log(req, actor, action="", body=body)
    _save(req, actor, to=RequestStatus.IN_PROGRESS, note=_("回复进展"))
    notify(
        enterprise_users(req.enterprise_id),
        zone_id=req.zone_id,
        kind="services.request",
        title=_("诉求“%(t)s”有新回复") % {"t": req.title},
        url=req.get_absolute_url(),
    )
    return req


@transaction.atomic
def request_answer(
    *, actor, request: ServiceRequest, body: str, expected_version=None, on=None
) -> ServiceRequest:
    """The department's answer (办理结果): stops the clock; the enterprise may now rate the service."""
    req = locked(ServiceRequest, request, actor, "change", expected_version, _("诉求"))
    _handler(actor, req, _("答复诉求"))
    _require(req, RequestStatus.ACCEPTED, RequestStatus.IN_PROGRESS, doing=_("答复"))
    body = require_text(body, "body", _("请填写办理结果"))
    on = on or today()
    if req.clock_id:
        clocks.clock_stop(clock=req.clock, on=on)
    req.answered_on = on
    if req.assignee_id is None:
        req.assignee = actor
    _log(req, actor, action="answer", body=body)
    _save(req, actor, to=RequestStatus.ANSWERED, note=_("答复"), fields=("answered_on", "assignee"))
    notify(
        enterprise_users(req.enterprise_id),
        zone_id=req.zone_id,
        kind="services.rate",
        title=_("诉求“%(t)s”已答复，请评价本次服务") % {"t": req.title},
        url=req.get_absolute_url(),
        key=f"request-answered-{req.pk}",
    )
    return req


@transaction.atomic
def request_refuse(
    *, actor, request: ServiceRequest, reason: str, expected_version=None, on=None
) -> ServiceRequest:
    req = locked(ServiceRequest, request, actor, "change", expected_version, _("诉求"))
    _handler(actor, req, _("不予受理"))
    _require(req, RequestStatus.SUBMITTED, RequestStatus.ACCEPTED, doing=_("不予受理"))
    reason = require_text(reason, "reason", _("不予受理须说明理由"))
    on = on or today()
    if req.clock_id:
        clocks.clock_stop(clock=req.clock, on=on)
    req.refuse_reason = reason
    req.closed_on = on
    _log(req, actor, action="refuse", body=reason)
    _save(
        req,
        actor,
        to=RequestStatus.REFUSED,
        note=_("不予受理：%(r)s") % {"r": reason},
        fields=("refuse_reason", "closed_on"),
    )
    notify(
        enterprise_users(req.enterprise_id),
        zone_id=req.zone_id,
        kind="services.request",
        title=_("诉求“%(t)s”不予受理") % {"t": req.title},
        url=req.get_absolute_url(),
    )
    return req


@transaction.atomic
def request_close(*, actor, request: ServiceRequest, expected_version=None, on=None) -> ServiceRequest:
    """The enterprise confirms the answer settles its request (办结)."""
    r = reach_of(actor)
    req = locked(ServiceRequest, request, actor, "view", expected_version, _("诉求"))
    if r.role != Role.ENTERPRISE_USER or r.enterprise_id != req.enterprise_id:
        raise PermissionDeniedError(_("只有提出诉求的企业可以确认办结"))
    _require(req, RequestStatus.ANSWERED, doing=_("确认办结"))
    req.closed_on = on or today()
    _log(req, actor, action="close", body=_("企业确认办结"), from_enterprise=True)
    _save(req, actor, to=RequestStatus.CLOSED, note=_("企业确认办结"), fields=("closed_on",))
    return req


@transaction.atomic
def request_extend(
    *, actor, request: ServiceRequest, due_on: dt.date, reason: str, expected_version=None
) -> ServiceRequest:
    """A zone leader moves an open request's deadline later (never into the past), with a reason."""
    req = locked(ServiceRequest, request, actor, "change", expected_version, _("诉求"))
    if reach_of(actor).role != Role.ZONE_LEADER:
        raise PermissionDeniedError(_("只有开发区领导可以调整办理期限"))
    _require(req, *OPEN_REQUEST_STATUSES, doing=_("调整期限"))
    reason = require_text(reason, "reason", _("调整期限须说明理由"))
    if due_on < today():
        raise DomainError(_("办理期限不能早于今天"), {"due_on": [_("办理期限不能早于今天")]})
    if req.due_on and due_on <= req.due_on:
        raise DomainError(_("新的办理期限须晚于原期限"), {"due_on": [_("新的办理期限须晚于原期限")]})
    from devzone.core.calendar import CalendarError
    from devzone.core.workdays import get_calendar

    cal = get_calendar()
    try:
        cal.check(due_on)
    except CalendarError as e:
        raise DomainError(str(e), {"due_on": [str(e)]}) from None
    if not cal.is_workday(due_on):
        raise DomainError(_("办理期限须为工作日"), {"due_on": [_("办理期限须为工作日")]})
    if req.clock_id:
        extra = cal.elapsed(req.due_on, due_on, []) if req.due_on else 0
        if extra > 0:
            clocks.clock_extend(clock=req.clock, by_workdays=extra)
            req.clock.refresh_from_db()
    before = req.due_on
    req.due_on = due_on
    _log(req, actor, action="extend", body=_("办理期限调整为%(d)s：%(r)s") % {"d": due_on, "r": reason})
    _save(
        req,
        actor,
        to=None,
        note=_("期限 %(a)s → %(b)s：%(r)s") % {"a": before, "b": due_on, "r": reason},
        fields=("due_on",),
    )
    return req


def overdue_scan(on: dt.date) -> int:
    """Open requests past their deadline: the department head and the zone leaders are told once per day."""
    sent = 0
    for req in ServiceRequest.objects.filter(status__in=OPEN_REQUEST_STATUSES, due_on__lt=on).select_related(
        "enterprise"
    ):
        users = zone_users(req.zone_id, roles=(Role.ZONE_LEADER,)) + zone_users(
            req.zone_id, roles=(Role.DEPARTMENT_HEAD,), department_id=req.department_id
        )
        if req.assignee_id:
            users.append(req.assignee)
        sent += notify(
            users,
            zone_id=req.zone_id,
            kind="services.overdue",
            title=_("诉求超期：%(e)s %(t)s（期限%(d)s）")
            % {"e": req.enterprise.name, "t": req.title, "d": req.due_on},
            url=req.get_absolute_url(),
            key=f"request-overdue-{req.pk}-{req.due_on}",
        )
    return sent
