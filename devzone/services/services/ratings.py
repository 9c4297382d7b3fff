"""好差评: one rating per service the enterprise actually received (an approval application it applied for and
that concluded, a request it raised that was answered, the agency service of its key project); bad ratings
open a follow-up (整改) with a call-back deadline in working days; staff may appeal a bad rating and a leader
decides; a service left unrated is rated 基本满意 automatically after the zone's number of days."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from devzone.approvals.choices import Status as AppStatus
from devzone.approvals.models import Application
from devzone.core import audit
from devzone.core.access import reach_of
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import DomainError, NotFoundError, PermissionDeniedError
from devzone.core.models import Profile, Project, Zone
from devzone.core.services import clocks
from devzone.services.choices import (
    AppealStatus,
    FollowUpStatus,
    RatingLevel,
    RequestStatus,
    SubjectKind,
)
from devzone.services.models import Appeal, FollowUp, Rating, ServiceRequest
from devzone.services.services.common import (
    STAFF_ROLES,
    display_name,
    enterprise_users,
    locked,
    notify,
    require_level,
    require_text,
    today,
    zone_users,
)

RATEABLE_APPLICATION = (AppStatus.GRANTED, AppStatus.DENIED, AppStatus.REJECTED)
RATEABLE_REQUEST = (RequestStatus.ANSWERED, RequestStatus.CLOSED)
AUTO_COMMENT = "逾期未评价，系统默认基本满意"
AUTO_HORIZON_DAYS = 90  # the automatic rating looks back this far (older services stay unrated)
RATING_WINDOW_DAYS = 90  # a service may be rated within this many days of its conclusion


class Subject:
    """A service as the rating names it: the item, department and person who served, when it was done."""

    def __init__(
        self,
        *,
        kind,
        obj,
        zone_id,
        enterprise_id,
        item,
        department_id,
        served_by,
        served_on,
        received,
        served_label="",
    ):
        self.served_label = served_label  # the staff member's name when they have no user account
        self.kind, self.obj, self.zone_id, self.enterprise_id = kind, obj, zone_id, enterprise_id
        self.item, self.department_id, self.served_by, self.served_on = (
            item,
            department_id,
            served_by,
            served_on,
        )
        self.received = received  # None when received, else why not

    @property
    def lookup(self) -> dict:
        return {
            {"application": "application", "request": "request", "agency": "project"}[self.kind]: self.obj
        }


APPROVALS_DEPARTMENT = "行政审批部"  # the one approval authority (大审批) when a reviewer has no staff record


def _staff_department(user, zone_id: int | None = None) -> int | None:
    """The department of the staff member who served; for a reviewer without a staff record, the zone's
    行政审批部 (the approvals are its service)."""
    found = None
    if user is not None:
        found = (
            Profile.objects.filter(user=user, staff__isnull=False)
            .values_list("staff__department_id", flat=True)
            .first()
        )
    if found is None and zone_id is not None:
        from devzone.core.models import Department

        found = (
            Department.objects.filter(zone_id=zone_id, name=APPROVALS_DEPARTMENT, abolished_on__isnull=True)
            .values_list("pk", flat=True)
            .first()
        )
    return found


def key_project_agent(project: Project):
    """The agent (core.Staff) of a key project, from the projects module; None when it has none."""
    try:
        KeyProject = apps.get_model("projects", "KeyProject")
    except LookupError:
        return None
    kp = KeyProject.objects.filter(project=project).select_related("agent__department").first()
    return kp.agent if kp is not None else None


def subject_for(*, user, kind: str, pk: int) -> Subject:
    """The service ``kind``/``pk`` as ``user`` may see it: another zone's or another enterprise's → 404."""
    if kind == SubjectKind.APPLICATION:
        app = (
            Application.objects.for_user(user, "view")
            .select_related("item", "reviewer__profile")
            .filter(pk=pk)
            .first()
        )
        if app is None:
            raise NotFoundError(_("服务不存在"))
        received = None if app.status in RATEABLE_APPLICATION else _("该审批办件尚未办结，不能评价")
        return Subject(
            kind=kind,
            obj=app,
            zone_id=app.zone_id,
            enterprise_id=app.enterprise_id,
            item=f"审批：{app.item.name}",
            department_id=_staff_department(app.reviewer, app.zone_id),
            served_by=app.reviewer,
            served_on=app.concluded_on or app.accepted_on or app.submitted_on,
            received=received,
        )
    if kind == SubjectKind.REQUEST:
        req = (
            ServiceRequest.objects.for_user(user, "view")
            .select_related("assignee__profile")
            .filter(pk=pk)
            .first()
        )
        if req is None:
            raise NotFoundError(_("服务不存在"))
        received = (
            None if req.status in (*RATEABLE_REQUEST, RequestStatus.RATED) else _("该诉求尚未答复，不能评价")
        )
        return Subject(
            kind=kind,
            obj=req,
            zone_id=req.zone_id,
            enterprise_id=req.enterprise_id,
            item=f"诉求：{req.title}",
            department_id=req.department_id,
            served_by=req.assignee,
            served_on=req.answered_on,
            received=received,
        )
    if kind == SubjectKind.AGENCY:
        project = Project.objects.for_user(user, "view").filter(pk=pk).first()
        if project is None:
            raise NotFoundError(_("服务不存在"))
        agent = key_project_agent(project)
        user_of_agent = getattr(getattr(agent, "profile", None), "user", None) if agent is not None else None
        return Subject(
            kind=kind,
            obj=project,
            zone_id=project.zone_id,
            enterprise_id=project.enterprise_id,
            item=f"全程代办：{project.name}",
            department_id=agent.department_id if agent is not None else None,
            served_by=user_of_agent,
            served_on=None,
            received=None if agent is not None else _("该项目没有代办专员，未接受全程代办服务，不能评价"),
            served_label=agent.name if agent is not None else "",
        )
    raise NotFoundError(_("服务类型无效"))


def _open_follow_up(rating: Rating, actor, on: dt.date) -> FollowUp:
    from devzone.services.selectors import settings_for

    days = settings_for(rating.zone).followup_days
    heads = (
        zone_users(rating.zone_id, roles=(Role.DEPARTMENT_HEAD,), department_id=rating.department_id)
        if rating.department_id
        else []
    )
    follow = FollowUp.objects.create(
        zone_id=rating.zone_id, rating=rating, opened_on=on, handler=heads[0] if heads else None
    )
    follow.clock = clocks.clock_start(
        zone=rating.zone, purpose="差评整改回访", started_on=on, budget_workdays=days, subject=follow
    )
    follow.due_on = follow.clock.due_on
    follow.save(update_fields=["clock", "due_on"])
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=follow,
        note=_("差评自动开启整改，%(d)s前回访") % {"d": follow.due_on},
    )
    notify(
        heads + zone_users(rating.zone_id, roles=(Role.ZONE_LEADER,)),
        zone_id=rating.zone_id,
        kind="services.followup",
        title=_("差评整改：%(i)s（%(d)s前回访企业）") % {"i": rating.item, "d": follow.due_on},
        url=follow.get_absolute_url(),
        key=f"followup-open-{follow.pk}",
    )
    if rating.served_by_id and rating.served_by not in heads:
        # the person rated learns of it (the rating names no enterprise for them), and may appeal
        notify(
            [rating.served_by],
            zone_id=rating.zone_id,
            kind="services.rated_bad",
            title=_("您服务的“%(i)s”收到%(l)s评价") % {"i": rating.item, "l": rating.get_level_display()},
            url=rating.get_absolute_url(),
            key=f"rated-bad-{rating.pk}",
        )
    return follow


def _create(
    subject: Subject, *, actor, level: int, comment: str, subs: dict, automatic: bool, on: dt.date
) -> Rating:
    rating = Rating(
        zone_id=subject.zone_id,
        kind=subject.kind,
        enterprise_id=subject.enterprise_id,
        item=subject.item[:200],
        department_id=subject.department_id,
        served_by=subject.served_by,
        served_by_label=display_name(subject.served_by) or subject.served_label[:80],
        served_on=subject.served_on,
        level=level,
        comment=comment,
        automatic=automatic,
        rated_on=on,
        **subs,
        **subject.lookup,
    )
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError:
        raise DomainError(_("该服务已评价过，每项服务只能评价一次")) from None
    if subject.kind == SubjectKind.REQUEST:
        req = subject.obj
        req.status = RequestStatus.RATED
        req.closed_on = req.closed_on or on
        req.version += 1
        req.save(update_fields=["status", "closed_on", "version", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=rating,
        note=(_("系统默认评价") if automatic else _("企业评价")) + f"：{rating.get_level_display()}",
    )
    if rating.is_bad:
        _open_follow_up(rating, actor, on)
    return rating


@transaction.atomic
def rate(
    *,
    actor,
    kind: str,
    pk: int,
    level,
    comment: str = "",
    efficiency=None,
    attitude=None,
    convenience=None,
    on: dt.date | None = None,
) -> Rating:
    """The enterprise rates a service it received, once. A bad rating (不满意/非常不满意) must say why, and
    opens a follow-up."""
    r = reach_of(actor)
    subject = subject_for(user=actor, kind=kind, pk=pk)
    if r.role != Role.ENTERPRISE_USER or r.enterprise_id != subject.enterprise_id:
        raise PermissionDeniedError(_("只有接受服务的企业可以评价"))
    if Rating.objects.filter(**subject.lookup).exists():
        raise DomainError(_("该服务已评价过，每项服务只能评价一次"))
    if subject.received is not None:
        raise DomainError(subject.received)
    on = on or today()
    if subject.served_on is not None and (on - subject.served_on).days > RATING_WINDOW_DAYS:
        raise DomainError(_("该服务已超过评价期限（办结后%(n)d日内可评价）") % {"n": RATING_WINDOW_DAYS})
    level = require_level(level)
    subs = {}
    for name, value in (("efficiency", efficiency), ("attitude", attitude), ("convenience", convenience)):
        subs[name] = require_level(value, name) if value not in (None, "") else None
    comment = (comment or "").strip()[:500]
    if level <= RatingLevel.DISSATISFIED and not comment:
        msg = _("差评请写明不满意的原因，以便整改")
        raise DomainError(msg, {"comment": [msg]})
    if subject.kind == SubjectKind.APPLICATION:
        Application.objects.select_for_update().filter(pk=subject.obj.pk).first()
    elif subject.kind == SubjectKind.REQUEST:
        subject.obj = ServiceRequest.objects.select_for_update().get(pk=subject.obj.pk)
    return _create(
        subject, actor=actor, level=level, comment=comment, subs=subs, automatic=False, on=on or today()
    )


def _follow_handler(actor, follow: FollowUp, doing: str) -> None:
    r = reach_of(actor)
    if r.kind != "zone" or r.zone_id != follow.zone_id:
        raise PermissionDeniedError(_("您无权%(d)s") % {"d": doing})
    if r.role == Role.ZONE_LEADER or follow.handler_id == actor.pk:
        return
    if r.role == Role.DEPARTMENT_HEAD and r.department_id and r.department_id == follow.rating.department_id:
        return
    raise PermissionDeniedError(_("只有整改负责人、所在部门负责人或开发区领导可以%(d)s") % {"d": doing})


@transaction.atomic
def followup_assign(*, actor, follow_up: FollowUp, handler_id, expected_version=None) -> FollowUp:
    follow = locked(FollowUp, follow_up, actor, "change", expected_version, _("整改"))
    _follow_handler(actor, follow, _("指定整改负责人"))
    if follow.status != FollowUpStatus.OPEN:
        raise DomainError(_("整改已回访，不能再指定负责人"))
    profile = (
        Profile.objects.filter(user_id=handler_id, zone_id=follow.zone_id, role__in=STAFF_ROLES)
        .select_related("user")
        .first()
    )
    if profile is None:
        msg = _("整改负责人须为本开发区工作人员")
        raise DomainError(msg, {"handler": [msg]})
    before = follow.handler_id
    follow.handler = profile.user
    follow.version += 1
    follow.save(update_fields=["handler", "version", "updated_at"])
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=follow, changes={"handler_id": [before, profile.user_id]}
    )
    notify(
        [profile.user],
        zone_id=follow.zone_id,
        kind="services.followup",
        title=_("请负责差评整改：%(i)s（%(d)s前回访）") % {"i": follow.rating.item, "d": follow.due_on},
        url=follow.get_absolute_url(),
    )
    return follow


@transaction.atomic
def followup_callback(
    *,
    actor,
    follow_up: FollowUp,
    rectification: str,
    callback_on: dt.date,
    contact: str,
    note: str,
    expected_version=None,
) -> FollowUp:
    """整改 done and the enterprise called back (回访): the clock stops; late when after the deadline."""
    follow = locked(FollowUp, follow_up, actor, "change", expected_version, _("整改"))
    _follow_handler(actor, follow, _("登记整改回访"))
    if follow.status != FollowUpStatus.OPEN:
        raise DomainError(_("该整改已回访过"))
    rectification = require_text(rectification, "rectification", _("请填写整改措施"))
    contact = require_text(contact, "callback_contact", _("请填写回访的企业联系人"))[:60]
    note = require_text(note, "callback_note", _("请填写回访记录"))
    if callback_on is None:
        raise DomainError(_("请填写回访日期"), {"callback_on": [_("请填写回访日期")]})
    if callback_on > today():
        raise DomainError(_("回访日期不能晚于今天"), {"callback_on": [_("回访日期不能晚于今天")]})
    if callback_on < follow.opened_on:
        raise DomainError(
            _("回访日期不能早于整改开启日期"), {"callback_on": [_("回访日期不能早于整改开启日期")]}
        )
    if follow.clock_id:
        clocks.clock_stop(clock=follow.clock, on=callback_on)
    follow.rectification = rectification
    follow.callback_on = callback_on
    follow.callback_contact = contact
    follow.callback_note = note
    follow.callback_late = bool(follow.due_on and callback_on > follow.due_on)
    follow.handler = follow.handler or actor
    follow.status = FollowUpStatus.CALLED_BACK
    follow.version += 1
    follow.save()
    audit.record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=follow,
        changes={"status": [FollowUpStatus.OPEN, FollowUpStatus.CALLED_BACK]},
        note=_("整改回访 %(d)s%(late)s")
        % {"d": callback_on, "late": _("（超期）") if follow.callback_late else ""},
    )
    notify(
        enterprise_users(follow.rating.enterprise_id),
        zone_id=follow.zone_id,
        kind="services.rate",
        title=_("“%(i)s”已整改回访，请评价整改结果") % {"i": follow.rating.item},
        url=follow.get_absolute_url(),
        key=f"followup-callback-{follow.pk}",
    )
    return follow


@transaction.atomic
def followup_rate(*, actor, follow_up: FollowUp, level, comment: str = "", on=None) -> FollowUp:
    """The enterprise rates the rectification, once, after the call-back."""
    r = reach_of(actor)
    follow = locked(FollowUp, follow_up, actor, "view", None, _("整改"))
    if r.role != Role.ENTERPRISE_USER or r.enterprise_id != follow.rating.enterprise_id:
        raise PermissionDeniedError(_("只有被回访的企业可以评价整改结果"))
    if follow.status == FollowUpStatus.CLOSED:
        raise DomainError(_("整改结果已评价过"))
    if follow.status != FollowUpStatus.CALLED_BACK:
        raise DomainError(_("尚未整改回访，暂不能评价整改结果"))
    follow.result_level = require_level(level)
    follow.result_comment = (comment or "").strip()[:500]
    follow.result_on = on or today()
    follow.status = FollowUpStatus.CLOSED
    follow.version += 1
    follow.save()
    audit.record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=follow,
        changes={"status": [FollowUpStatus.CALLED_BACK, FollowUpStatus.CLOSED]},
        note=_("企业评价整改：%(l)s") % {"l": follow.get_result_level_display()},
    )
    return follow


@transaction.atomic
def appeal_file(*, actor, rating: Rating, reason: str, on=None) -> Appeal:
    """申诉 of a bad rating by the person rated or the head of the rated department."""
    r = reach_of(actor)
    row = locked(Rating, rating, actor, "view", None, _("评价"))
    if r.kind != "zone":
        raise PermissionDeniedError(_("只有被评价的工作人员或其部门负责人可以申诉"))
    if not (
        row.served_by_id == actor.pk
        or (r.role == Role.DEPARTMENT_HEAD and r.department_id and r.department_id == row.department_id)
    ):
        raise PermissionDeniedError(_("只有被评价的工作人员或其部门负责人可以申诉"))
    if not row.is_bad:
        raise DomainError(_("只能对不满意或非常不满意的评价申诉"))
    if row.automatic:
        raise DomainError(_("系统默认评价不能申诉"))
    if Appeal.objects.filter(rating=row).exists():
        raise DomainError(_("该评价已申诉过，每条评价只能申诉一次"))
    reason = require_text(reason, "reason", _("请写明申诉理由（误评或恶意差评的事实）"))
    appeal = Appeal.objects.create(
        zone_id=row.zone_id, rating=row, filed_by=actor, filed_on=on or today(), reason=reason
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=appeal, note=reason[:200])
    notify(
        zone_users(row.zone_id, roles=(Role.ZONE_LEADER,)),
        zone_id=row.zone_id,
        kind="services.appeal",
        title=_("差评申诉待裁定：%(i)s") % {"i": row.item},
        url=appeal.get_absolute_url(),
        key=f"appeal-{appeal.pk}",
    )
    return appeal


@transaction.atomic
def appeal_decide(*, actor, appeal: Appeal, upheld: bool, decision: str, on=None) -> Appeal:
    """A zone leader decides; an upheld appeal excludes the rating from every statistic (audited)."""
    row = locked(Appeal, appeal, actor, "change", None, _("申诉"))
    if reach_of(actor).role != Role.ZONE_LEADER:
        raise PermissionDeniedError(_("只有开发区领导可以裁定申诉"))
    if row.status != AppealStatus.PENDING:
        raise DomainError(_("该申诉已裁定"))
    decision = require_text(decision, "decision", _("请填写裁定意见"))
    row.status = AppealStatus.UPHELD if upheld else AppealStatus.REJECTED
    row.decided_by = actor
    row.decided_on = on or today()
    row.decision = decision
    row.save()
    audit.record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=row,
        changes={"status": [AppealStatus.PENDING, row.status]},
        note=f"{row.get_status_display()}：{decision}"[:300],
    )
    if upheld:
        rating = Rating.objects.select_for_update().get(pk=row.rating_id)
        rating.excluded = True
        rating.save(update_fields=["excluded", "updated_at"])
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=rating,
            changes={"excluded": [False, True]},
            note=_("申诉成立，该评价不计入统计"),
        )
        follow = FollowUp.objects.select_for_update().filter(rating=rating).first()
        if follow is not None and follow.status == FollowUpStatus.OPEN:
            if follow.clock_id:
                clocks.clock_stop(clock=follow.clock, on=row.decided_on)
            follow.status = FollowUpStatus.CLOSED
            follow.callback_note = _("申诉成立，整改终止：%(d)s") % {"d": decision}
            follow.version += 1
            follow.save()
            audit.record(
                actor=actor,
                action=AuditAction.TRANSITION,
                obj=follow,
                changes={"status": [FollowUpStatus.OPEN, FollowUpStatus.CLOSED]},
                note=_("申诉成立，整改终止"),
            )
    notify(
        [row.filed_by],
        zone_id=row.zone_id,
        kind="services.appeal",
        title=_("申诉裁定：%(s)s") % {"s": row.get_status_display()},
        url=row.get_absolute_url(),
    )
    return row


# --- periodic work -------------------------------------------------------------------------------------
def auto_rate_scan(on: dt.date) -> int:
    """Services left unrated for the zone's number of days are rated 基本满意, marked automatic. Zones may
    turn it off. Applications and requests only: agency goes on for the project's life and has no end date."""
    from devzone.services.selectors import settings_for

    made = 0
    system = None
    for zone in Zone.objects.all():
        conf = settings_for(zone)
        if not conf.auto_rate_enabled:
            continue
        cutoff = on - dt.timedelta(days=conf.auto_rate_days)
        horizon = on - dt.timedelta(days=AUTO_HORIZON_DAYS)
        apps_due = (
            Application.objects.filter(
                zone=zone,
                status__in=RATEABLE_APPLICATION,
                concluded_on__lte=cutoff,
                concluded_on__gte=horizon,
                rating__isnull=True,
            )
            .select_related("item", "reviewer__profile")
            .order_by("id")
        )
        reqs_due = ServiceRequest.objects.filter(
            zone=zone,
            status__in=RATEABLE_REQUEST,
            answered_on__lte=cutoff,
            answered_on__gte=horizon,
            rating__isnull=True,
        ).select_related("assignee__profile")
        for app in apps_due:
            subject = Subject(
                kind=SubjectKind.APPLICATION,
                obj=app,
                zone_id=app.zone_id,
                enterprise_id=app.enterprise_id,
                item=f"审批：{app.item.name}",
                department_id=_staff_department(app.reviewer, app.zone_id),
                served_by=app.reviewer,
                served_on=app.concluded_on,
                received=None,
            )
            made += _auto(subject, system, on)
        for req in reqs_due:
            subject = Subject(
                kind=SubjectKind.REQUEST,
                obj=req,
                zone_id=req.zone_id,
                enterprise_id=req.enterprise_id,
                item=f"诉求：{req.title}",
                department_id=req.department_id,
                served_by=req.assignee,
                served_on=req.answered_on,
                received=None,
            )
            made += _auto(subject, system, on)
    return made


def _auto(subject: Subject, actor, on: dt.date) -> int:
    try:
        with transaction.atomic():
            _create(
                subject,
                actor=actor,
                level=RatingLevel.BASICALLY,
                comment=AUTO_COMMENT,
                subs={},
                automatic=True,
                on=on,
            )
    except DomainError:  # rated in between by the enterprise
        return 0
    return 1


def followup_reminder_scan(on: dt.date) -> dict[str, int]:
    """Open follow-ups: the handler (or the department's heads) is reminded on the last working day and when
    overdue; overdue ones go to the zone leaders as well. Once per follow-up and kind (dedupe keys)."""
    from devzone.core.workdays import get_calendar

    cal = get_calendar()
    counts = {"due": 0, "overdue": 0}
    for follow in FollowUp.objects.filter(status=FollowUpStatus.OPEN, due_on__isnull=False).select_related(
        "rating", "handler"
    ):
        handlers = (
            [follow.handler]
            if follow.handler_id
            else zone_users(
                follow.zone_id, roles=(Role.DEPARTMENT_HEAD,), department_id=follow.rating.department_id
            )
        )
        if follow.due_on < on:
            counts["overdue"] += notify(
                handlers + zone_users(follow.zone_id, roles=(Role.ZONE_LEADER,)),
                zone_id=follow.zone_id,
                kind="services.followup_overdue",
                title=_("差评整改超期未回访：%(i)s（期限%(d)s）")
                % {"i": follow.rating.item, "d": follow.due_on},
                url=follow.get_absolute_url(),
                key=f"followup-overdue-{follow.pk}",
            )
        elif cal.add_workdays(on, 1) >= follow.due_on:
            counts["due"] += notify(
                handlers,
                zone_id=follow.zone_id,
                kind="services.followup_due",
                title=_("差评整改即将到期：%(i)s（%(d)s前回访）")
                % {"i": follow.rating.item, "d": follow.due_on},
                url=follow.get_absolute_url(),
                key=f"followup-due-{follow.pk}",
            )
        FollowUp.objects.filter(pk=follow.pk).update(reminded_on=on)
    return counts
