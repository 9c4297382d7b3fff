"""The single window and the life of an application (办件), with the four clock rules of the
Administrative Licensing Law kept apart:

1. 补正 before acceptance: the clerk lists everything missing at once within 5 working days of submission,
   or the file counts as accepted on the day it came (``deemed_acceptance_scan``).
2. 特别程序 (hearing, testing, expert review) stops the clock, with a written notice and its own limit.
3. 延期 extends the limit once (+10 working days by default) with a leader's approval and reasons.
4. 容缺: a material accepted missing is owed by a date no later than the promised limit; when it is late the
   application is suspended (``tolerated_scan``) until it is supplied.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from devzone.approvals import conf
from devzone.approvals.choices import (
    IntakeChannel,
    PostCheckResult,
    SpecialKind,
    Status,
    StepName,
)
from devzone.approvals.files import check_upload
from devzone.approvals.models import (
    Application,
    ApprovalItem,
    Certificate,
    CommitmentBar,
    ElapsedBucket,
    Extension,
    Intake,
    Material,
    PostCheck,
    SpecialProcedure,
    SupplementRequest,
    ToleratedMaterial,
)
from devzone.approvals.services.common import (
    OPEN,
    lock,
    require_owner,
    require_role,
    require_status,
    require_text,
    today,
    transition,
)
from devzone.core.access import reach_of
from devzone.core.choices import Role
from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.core.models import Project
from devzone.core.services import clocks
from devzone.core.workdays import get_calendar

UploadList = list[tuple[int | None, str, bytes]]  # (required material id or None, file name, content)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the last day of the month when it has no such day)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return day.replace(year=year, month=month, day=min(day.day, pycalendar.monthrange(year, month)[1]))


# --- intake --------------------------------------------------------------------------------------------
def _next_intake_number(zone_id: int, on: dt.date) -> str:
    prefix = f"YC{on:%Y%m%d}{zone_id:03d}"
    last = Intake.objects.filter(number__startswith=prefix).aggregate(m=Max("number"))["m"]
    serial = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{serial:04d}"


def _store_uploads(app: Application, actor, uploads: UploadList) -> list[Material]:
    allowed = {m.pk for m in app.item.materials.all()}
    stored = []
    for material_id, name, data in uploads:
        if material_id is not None and material_id not in allowed:
            raise DomainError(_("材料不属于该事项：%(f)s") % {"f": name})
        checked = check_upload(name, data)
        m = Material(
            application=app,
            required_material_id=material_id,
            original_name=checked.name,
            content_type=checked.content_type,
            size=len(checked.data),
            sha256=checked.sha256,
            uploaded_by=actor,
        )
        m.file.save(checked.name, ContentFile(checked.data), save=False)
        m.save()
        stored.append(m)
    return stored


@transaction.atomic
def intake_submit(
    *,
    actor,
    project: Project,
    items: list[ApprovalItem],
    applicant_name: str,
    applicant_phone: str,
    construction_site: str = "",
    construction_scale: str = "",
    note: str = "",
    uploads: dict[int, UploadList] | None = None,
    on: dt.date | None = None,
) -> Intake:
    """One intake (一张表单) for several items of one project; one application per item."""
    r = reach_of(actor)
    on = on or today()
    if r.role == Role.ENTERPRISE_USER:
        if project.enterprise_id != r.enterprise_id:
            raise PermissionDeniedError(_("只能为本企业的项目申报"))
        channel = IntakeChannel.ENTERPRISE
    elif r.role == Role.WINDOW_CLERK and r.zone_id == project.zone_id:
        channel = IntakeChannel.WINDOW
    else:
        raise PermissionDeniedError(_("只有企业用户或窗口人员可以提交申请"))
    errors: dict[str, list[str]] = {}
    if not items:
        errors["items"] = [_("请至少选择一个审批事项")]
    if len({i.pk for i in items}) != len(items):
        errors["items"] = [_("事项重复")]
    for item in items:
        if item.zone_id != project.zone_id or not item.is_active:
            errors.setdefault("items", []).append(_("事项“%(i)s”不可申请") % {"i": item.name})
        elif item.children.exists():
            errors.setdefault("items", []).append(
                _("“%(i)s”是主项，请选择具体的子项或办理项") % {"i": item.name}
            )
    open_same = Application.objects.filter(project=project, item__in=items, status__in=OPEN)
    for a in open_same.select_related("item"):
        errors.setdefault("items", []).append(_("“%(i)s”已有在办的申请") % {"i": a.item.name})
    if not applicant_name.strip():
        errors["applicant_name"] = [_("请填写经办人")]
    phone = applicant_phone.strip()
    if not (phone.replace("-", "").isdigit() and 7 <= len(phone) <= 20):
        errors["applicant_phone"] = [_("请填写有效的联系电话")]
    if errors:
        raise DomainError(next(iter(errors.values()))[0], errors)
    intake = Intake.objects.create(
        zone_id=project.zone_id,
        number=_next_intake_number(project.zone_id, on),
        project=project,
        enterprise_id=project.enterprise_id,
        channel=channel,
        submitted_by=actor,
        submitted_on=on,
        applicant_name=applicant_name.strip()[:30],
        applicant_phone=phone[:20],
        construction_site=construction_site[:200],
        construction_scale=construction_scale[:500],
        note=note,
    )
    for item in items:
        app = Application.objects.create(
            zone_id=project.zone_id,
            intake=intake,
            item=item,
            project=project,
            enterprise_id=project.enterprise_id,
            submitted_on=on,
        )
        _store_uploads(app, actor, (uploads or {}).get(item.pk, []))
        transition(app, actor=actor, to=None, action="提交", on=on)
    return intake


# --- before acceptance --------------------------------------------------------------------------------
def missing_materials(app: Application) -> tuple[list, list]:
    """Required materials without an upload: (those that block acceptance, those 容缺 may let through)."""
    uploaded = set(app.uploads.exclude(required_material=None).values_list("required_material_id", flat=True))
    blocking, tolerable = [], []
    for m in app.item.materials.filter(required=True):
        if m.pk not in uploaded:
            (tolerable if m.tolerable else blocking).append(m)
    return blocking, tolerable


@transaction.atomic
def application_request_supplement(
    *,
    actor,
    application: Application,
    missing: str,
    expected_version: int | None = None,
    on: dt.date | None = None,
) -> Application:
    """补正: list everything missing at once. Before acceptance the clerk does it (within 5 working days of
    submission); in review the reviewer does it and the clock stops until the enterprise answers."""
    on = on or today()
    app = lock(application, actor, expected_version, "change")
    require_text(missing, "missing", _("请一次性列明需要补正的全部材料"))
    if app.status == Status.SUBMITTED:
        require_role(actor, Role.WINDOW_CLERK, doing=_("要求补正"))
        if app.supplement_requests.filter(during_review=False).exists():
            raise DomainError(_("受理前的补正须一次性告知，不能再次要求补正"))
        limit = get_calendar().add_workdays(app.submitted_on, conf.get("PRE_ACCEPTANCE_DAYS"))
        if on > limit:
            raise DomainError(
                _("已超过5个工作日的补正告知期限（%(d)s），依法自收到材料之日起即为受理") % {"d": limit}
            )
        SupplementRequest.objects.create(
            application=app, requested_by=actor, requested_on=on, missing=missing
        )
        app.supplements += 1
        return transition(
            app,
            actor=actor,
            to=Status.SUPPLEMENT,
            action="要求补正",
            on=on,
            note=missing,
            fields=("supplements",),
        )
    require_status(app, Status.IN_REVIEW, doing=_("要求补正"))
    require_role(actor, Role.REVIEWER, Role.ZONE_LEADER, doing=_("要求补正"))
    SupplementRequest.objects.create(
        application=app, requested_by=actor, requested_on=on, missing=missing, during_review=True
    )
    clocks.clock_pause(clock=app.clock, on=on, reason=_("审查中补正"))
    app.supplements += 1
    return transition(
        app,
        actor=actor,
        to=Status.REVIEW_SUPPLEMENT,
        action="审查中要求补正",
        on=on,
        note=missing,
        fields=("supplements",),
    )


@transaction.atomic
def application_answer_supplement(
    *, actor, application: Application, uploads: UploadList, note: str = "", on: dt.date | None = None
) -> Application:
    on = on or today()
    app = lock(application, actor, None)
    require_owner(actor, app, _("补正材料"))
    require_status(app, Status.SUPPLEMENT, Status.REVIEW_SUPPLEMENT, doing=_("补正材料"))
    if not uploads:
        raise DomainError(_("请上传补正材料"), {"files": [_("请上传补正材料")]})
    _store_uploads(app, actor, uploads)
    app.supplement_requests.filter(answered_on__isnull=True).update(answered_on=on)
    if app.status == Status.SUPPLEMENT:
        return transition(app, actor=actor, to=Status.SUBMITTED, action="已补正", on=on, note=note)
    clocks.clock_resume(clock=app.clock, on=on)
    return transition(app, actor=actor, to=Status.IN_REVIEW, action="审查中已补正", on=on, note=note)


@transaction.atomic
def application_add_materials(
    *, actor, application: Application, uploads: UploadList, on: dt.date | None = None
) -> Application:
    """Materials added to a file not yet accepted (the API uploads them one by one after the intake); the
    clerk's acceptance then sees them. Not a supplement: the status stays, the version moves on."""
    on = on or today()
    app = lock(application, actor, None)
    require_owner(actor, app, _("上传材料"))
    require_status(app, Status.SUBMITTED, doing=_("上传材料"))
    if not uploads:
        raise DomainError(_("请上传材料"), {"files": [_("请上传材料")]})
    stored = _store_uploads(app, actor, uploads)
    names = "、".join(m.original_name for m in stored)
    return transition(app, actor=actor, to=None, action="上传材料", on=on, note=names)


def _prerequisites_concluded(app: Application) -> bool:
    needed = set(app.item.prerequisites.values_list("pk", flat=True))
    if not needed:
        return True
    granted = set(
        Application.objects.filter(project=app.project, item__in=needed, status=Status.GRANTED).values_list(
            "item_id", flat=True
        )
    )
    return needed <= granted


def _open_review(app: Application, *, actor, on: dt.date, reviewer=None) -> None:
    """Start the clock and the review: the promised limit in working days from ``on``."""
    app.clock = clocks.clock_start(
        zone=app.zone,
        purpose="approvals.application",
        started_on=on,
        budget_workdays=app.item.promised_limit_days,
        subject=app,
    )
    app.status = Status.IN_REVIEW
    app.step = StepName.REVIEW
    app.step_started_on = on
    if reviewer is not None:
        app.reviewer = reviewer
    for material in app.tolerated.filter(supplied_on__isnull=True):
        # owed no later than the promised limit
        own = get_calendar().add_workdays(on, material.material.supply_days or app.item.promised_limit_days)
        material.due_on = min(own, app.clock.due_on) if app.clock.due_on else own
        material.save(update_fields=["due_on"])


@transaction.atomic
def application_accept(
    *,
    actor,
    application: Application,
    reviewer=None,
    expected_version: int | None = None,
    on: dt.date | None = None,
    deemed: bool = False,
) -> Application:
    """受理: needs the project's verified code and every required material (容缺 ones may be owed)."""
    on = on or today()
    app = lock(application, actor, expected_version, "change") if actor is not None else application
    if actor is not None:
        require_role(actor, Role.WINDOW_CLERK, doing=_("受理"))
    require_status(app, Status.SUBMITTED, doing=_("受理"))
    errors: list[str] = []
    if not app.project.has_verified_code:
        errors.append(_("项目“%(p)s”尚无有效的投资项目代码，不能受理") % {"p": app.project.name})
    blocking, tolerable = missing_materials(app)
    if blocking and not deemed:
        errors.append(_("缺少必需材料：%(m)s") % {"m": "、".join(m.name for m in blocking)})
    if (
        reviewer is not None
        and reach_of(reviewer).role != Role.REVIEWER
        or (reviewer is not None and reach_of(reviewer).zone_id != app.zone_id)
    ):
        errors.append(_("所选审批人员无效"))
    if errors:
        raise DomainError(errors[0], {"__all__": errors})
    if deemed:
        on = app.submitted_on  # 逾期不告知补正：自收到申请材料之日起即为受理
        app.deemed_accepted = True
    app.accepted_on = on
    for m in tolerable:
        ToleratedMaterial.objects.get_or_create(application=app, material=m, defaults={"due_on": on})
    if _prerequisites_concluded(app):
        _open_review(app, actor=actor, on=on, reviewer=reviewer)
        to, action = Status.IN_REVIEW, ("逾期视为受理" if deemed else "受理")
    else:
        app.reviewer = reviewer
        to, action = Status.WAITING, "受理（等待前置事项）"
    note = _("容缺受理：%(m)s") % {"m": "、".join(m.name for m in tolerable)} if tolerable else ""
    return transition(
        app,
        actor=actor,
        to=to,
        action=action,
        on=on,
        note=note,
        fields=("accepted_on", "deemed_accepted", "clock", "step", "step_started_on", "reviewer"),
    )


@transaction.atomic
def application_reject(
    *,
    actor,
    application: Application,
    reason: str,
    expected_version: int | None = None,
    on: dt.date | None = None,
) -> Application:
    on = on or today()
    app = lock(application, actor, expected_version, "change")
    require_role(actor, Role.WINDOW_CLERK, doing=_("不予受理"))
    require_status(app, Status.SUBMITTED, Status.SUPPLEMENT, doing=_("不予受理"))
    require_text(reason, "reason", _("请写明不予受理的理由"))
    app.decision_reason = reason
    app.concluded_on = on
    return transition(
        app,
        actor=actor,
        to=Status.REJECTED,
        action="不予受理",
        on=on,
        note=reason,
        fields=("decision_reason", "concluded_on"),
    )


@transaction.atomic
def application_withdraw(*, actor, application: Application, reason: str = "", on: dt.date | None = None):
    on = on or today()
    app = lock(application, actor, None)
    require_owner(actor, app, _("撤回申请"))
    require_status(app, *OPEN, doing=_("撤回"))
    if app.clock_id and app.clock.status != "stopped":
        clocks.clock_stop(clock=app.clock, on=on)
    app.concluded_on = on
    return transition(
        app, actor=actor, to=Status.WITHDRAWN, action="撤回", on=on, note=reason, fields=("concluded_on",)
    )


# --- in review ----------------------------------------------------------------------------------------
def _require_reviewer(actor, app: Application, doing: str) -> None:
    r = reach_of(actor)
    if r.role == Role.ZONE_LEADER:
        return
    if r.role != Role.REVIEWER:
        raise PermissionDeniedError(_("只有审批人员可以%(doing)s") % {"doing": doing})
    if app.reviewer_id not in (None, actor.pk):
        raise PermissionDeniedError(_("该件由其他审批人员办理"))


@transaction.atomic
def application_start_special(
    *,
    actor,
    application: Application,
    kind: str,
    notice: str,
    limit_days: int,
    expected_version: int | None = None,
    on: dt.date | None = None,
) -> Application:
    on = on or today()
    app = lock(application, actor, expected_version, "change")
    _require_reviewer(actor, app, _("启动特别程序"))
    require_status(app, Status.IN_REVIEW, doing=_("启动特别程序"))
    if kind not in SpecialKind.values:
        raise DomainError(_("特别程序类型无效"), {"kind": [_("特别程序类型无效")]})
    require_text(notice, "notice", _("特别程序须书面告知申请人"))
    if not 1 <= int(limit_days) <= 120:
        raise DomainError(_("特别程序时限应为1–120个工作日"), {"limit_days": [_("应为1–120个工作日")]})
    SpecialProcedure.objects.create(
        application=app, kind=kind, notice=notice, started_on=on, limit_days=limit_days
    )
    clocks.clock_pause(clock=app.clock, on=on, reason=SpecialKind(kind).label)
    return transition(
        app,
        actor=actor,
        to=Status.SPECIAL,
        action="启动特别程序",
        on=on,
        note=f"{SpecialKind(kind).label}：{notice}",
    )


@transaction.atomic
def application_end_special(
    *, actor, application: Application, expected_version: int | None = None, on: dt.date | None = None
) -> Application:
    on = on or today()
    app = lock(application, actor, expected_version, "change")
    _require_reviewer(actor, app, _("结束特别程序"))
    require_status(app, Status.SPECIAL, doing=_("结束特别程序"))
    app.special_procedures.filter(ended_on__isnull=True).update(ended_on=on)
    clocks.clock_resume(clock=app.clock, on=on)
    return transition(app, actor=actor, to=Status.IN_REVIEW, action="结束特别程序", on=on)


@transaction.atomic
def application_extend(
    *,
    actor,
    application: Application,
    reason: str,
    days: int | None = None,
    expected_version: int | None = None,
    on: dt.date | None = None,
) -> Application:
    """延期: once, approved by a zone leader, with reasons."""
    on = on or today()
    app = lock(application, actor, expected_version, "change")
    require_role(actor, Role.ZONE_LEADER, doing=_("批准延期"))
    require_status(app, Status.IN_REVIEW, Status.REVIEW_SUPPLEMENT, Status.SPECIAL, doing=_("延期"))
    if app.extended:
        raise DomainError(_("办理时限只能延长一次"))
    require_text(reason, "reason", _("请写明延期理由"))
    days = conf.get("EXTENSION_DAYS") if days is None else days
    if not 1 <= days <= 30:
        raise DomainError(_("延长天数应为1–30个工作日"), {"days": [_("应为1–30个工作日")]})
    Extension.objects.create(application=app, days=days, reason=reason, approved_by=actor, approved_on=on)
    clocks.clock_extend(clock=app.clock, by_workdays=days)
    app.extended = True
    return transition(
        app, actor=actor, to=None, action="延期", on=on, note=f"+{days}：{reason}", fields=("extended",)
    )


STEP_ORDER = [StepName.REVIEW, StepName.DECIDE, StepName.CERTIFY]


@transaction.atomic
def application_advance_step(
    *, actor, application: Application, expected_version: int | None = None, on: dt.date | None = None
) -> Application:
    on = on or today()
    app = lock(application, actor, expected_version, "change")
    _require_reviewer(actor, app, _("流转"))
    require_status(app, Status.IN_REVIEW, doing=_("流转到下一环节"))
    if app.step not in STEP_ORDER[:-1]:
        raise DomainError(_("已是最后一个环节，请作出决定"))
    before = app.get_step_display()
    app.step = STEP_ORDER[STEP_ORDER.index(app.step) + 1]
    app.step_started_on = on
    return transition(
        app,
        actor=actor,
        to=None,
        action="流转",
        on=on,
        note=f"{before} → {app.get_step_display()}",
        fields=("step", "step_started_on"),
    )


def _conclude(app: Application, on: dt.date) -> None:
    clock = clocks.clock_stop(clock=app.clock, on=on)
    state = clocks.clock_state(clock, on)
    app.elapsed_workdays = state["elapsed"]
    app.concluded_on = on
    on_time = not state["overdue"]
    bucket, _created = ElapsedBucket.objects.select_for_update().get_or_create(
        zone=app.zone, item=app.item, month=on.replace(day=1), elapsed_workdays=state["elapsed"]
    )
    ElapsedBucket.objects.filter(pk=bucket.pk).update(
        count=bucket.count + 1,
        on_time=bucket.on_time + int(on_time),
        supplements=bucket.supplements + app.supplements,
    )


def _open_waiting(app: Application, *, on: dt.date) -> None:
    """Applications of the same project that waited for this one open by themselves."""
    for waiting in Application.objects.select_for_update().filter(
        project=app.project, status=Status.WAITING, item__prerequisites=app.item
    ):
        if _prerequisites_concluded(waiting):
            _open_review(waiting, actor=None, on=on)
            transition(
                waiting,
                actor=None,
                to=Status.IN_REVIEW,
                action="前置事项办结，自动开始审查",
                on=on,
                fields=("clock", "step", "step_started_on", "reviewer"),
            )


@transaction.atomic
def application_grant(
    *,
    actor,
    application: Application,
    on_commitment: bool = False,
    reason: str = "",
    valid_until: dt.date | None = None,
    expected_version: int | None = None,
    on: dt.date | None = None,
) -> Application:
    """准予许可: the clock stops, a certificate is issued under the zone's seal, waiting items open."""
    from devzone.approvals.certificates import issue_certificate

    on = on or today()
    app = lock(application, actor, expected_version, "change")
    _require_reviewer(actor, app, _("作出许可决定"))
    require_status(app, Status.IN_REVIEW, doing=_("准予许可"))
    if app.tolerated.filter(supplied_on__isnull=True).exists():
        raise DomainError(_("仍有容缺材料未补交，不能作出许可决定"))
    if on_commitment:
        if not app.item.commitment_allowed:
            raise DomainError(_("该事项不适用告知承诺制"))
        bar = CommitmentBar.objects.filter(enterprise=app.enterprise, until__gte=on).first()
        if bar is not None:
            raise DomainError(_("该企业因违反承诺，%(d)s前不得适用告知承诺") % {"d": bar.until})
    if valid_until is not None and valid_until <= on:
        raise DomainError(_("有效期须晚于发证日期"), {"valid_until": [_("有效期须晚于发证日期")]})
    _conclude(app, on)
    app.on_commitment = on_commitment
    app.decision_reason = reason
    transition(
        app,
        actor=actor,
        to=Status.GRANTED,
        action="准予许可",
        on=on,
        note=reason,
        fields=("elapsed_workdays", "concluded_on", "on_commitment", "decision_reason"),
    )
    issue_certificate(application=app, issued_on=on, valid_until=valid_until)
    if on_commitment:
        PostCheck.objects.create(
            application=app, due_on=get_calendar().add_workdays(on, conf.get("POST_CHECK_DAYS"))
        )
    _open_waiting(app, on=on)
    # The project's milestone tied to this item (if it has a timetable) completes by itself.
    from devzone.projects.services import milestones_on_approval_granted

    milestones_on_approval_granted(project=app.project, item_code=app.item.code, on=on, actor=actor)
    return app


@transaction.atomic
def application_deny(
    *,
    actor,
    application: Application,
    reason: str,
    expected_version: int | None = None,
    on: dt.date | None = None,
) -> Application:
    on = on or today()
    app = lock(application, actor, expected_version, "change")
    _require_reviewer(actor, app, _("作出不予许可决定"))
    require_status(app, Status.IN_REVIEW, doing=_("不予许可"))
    require_text(reason, "reason", _("不予许可须说明理由"))
    _conclude(app, on)
    app.decision_reason = reason
    return transition(
        app,
        actor=actor,
        to=Status.DENIED,
        action="不予许可",
        on=on,
        note=reason,
        fields=("elapsed_workdays", "concluded_on", "decision_reason"),
    )


# --- 容缺 and 告知承诺 -------------------------------------------------------------------------------------
@transaction.atomic
def tolerated_supply(
    *, actor, application: Application, material_id: int, name: str, data: bytes, on: dt.date | None = None
) -> Application:
    on = on or today()
    app = lock(application, actor, None)
    require_owner(actor, app, _("补交容缺材料"))
    owed = app.tolerated.filter(material_id=material_id, supplied_on__isnull=True).first()
    if owed is None:
        raise DomainError(_("该材料无需补交"))
    _store_uploads(app, actor, [(material_id, name, data)])
    owed.supplied_on = on
    owed.save(update_fields=["supplied_on"])
    if (
        app.status == Status.SUSPENDED
        and not app.tolerated.filter(supplied_on__isnull=True, due_on__lt=on).exists()
    ):
        clocks.clock_resume(clock=app.clock, on=on)
        return transition(app, actor=actor, to=Status.IN_REVIEW, action="容缺材料已补交，恢复审查", on=on)
    return transition(app, actor=actor, to=None, action="补交容缺材料", on=on, note=owed.material.name)


@transaction.atomic
def post_check_record(
    *, actor, application: Application, conforms: bool, finding: str, on: dt.date | None = None
) -> Application:
    """The check after a grant on commitment. A breach revokes the grant and its certificate and bars the
    enterprise from commitments for 6 months (configurable)."""
    from devzone.approvals.certificates import revoke_certificate

    on = on or today()
    app = lock(application, actor, None, "change")
    require_role(actor, Role.REVIEWER, Role.ZONE_LEADER, doing=_("登记核查结果"))
    check = PostCheck.objects.select_for_update().filter(application=app).first()
    if check is None or check.result != PostCheckResult.PENDING:
        raise DomainError(_("该件没有待核查的承诺"))
    require_text(finding, "finding", _("请填写核查情况"))
    check.result = PostCheckResult.CONFORMS if conforms else PostCheckResult.BREACH
    check.checked_on, check.checked_by, check.finding = on, actor, finding
    check.save()
    if conforms:
        return transition(app, actor=actor, to=None, action="核查符合承诺", on=on, note=finding)
    certificate = Certificate.objects.filter(application=app).first()
    if certificate is not None:
        revoke_certificate(certificate=certificate, on=on, reason=_("违反告知承诺：%(f)s") % {"f": finding})
    CommitmentBar.objects.create(
        enterprise=app.enterprise,
        application=app,
        reason=finding[:200],
        until=add_months(on, conf.get("COMMITMENT_BAR_MONTHS")),
    )
    return transition(app, actor=actor, to=Status.REVOKED, action="违反承诺，撤销许可", on=on, note=finding)


# --- scans (periodic jobs) ----------------------------------------------------------------------------
def deemed_acceptance_scan(on: dt.date) -> int:
    """Applications left without acceptance or a supplement request past 5 working days are accepted as of
    the day they came (行政许可法第32条)."""
    cal = get_calendar()
    n = 0
    candidates = Application.objects.filter(
        status=Status.SUBMITTED, supplement_requests__isnull=True, submitted_on__lt=on
    ).select_related("item", "project")
    for app in candidates.iterator(chunk_size=500):
        if cal.add_workdays(app.submitted_on, conf.get("PRE_ACCEPTANCE_DAYS")) < on:
            try:
                with transaction.atomic():
                    locked = Application.objects.select_for_update().get(pk=app.pk)
                    if locked.status == Status.SUBMITTED:
                        application_accept(actor=None, application=locked, deemed=True)
                        n += 1
            except DomainError:
                continue  # e.g. no verified project code: stays for the clerk, who sees why
    return n


def tolerated_scan(on: dt.date) -> int:
    """Suspend applications whose 容缺 material is overdue."""
    n = 0
    late = ToleratedMaterial.objects.filter(
        supplied_on__isnull=True, due_on__lt=on, application__status=Status.IN_REVIEW
    ).values_list("application_id", flat=True)
    for app_id in set(late):
        with transaction.atomic():
            app = Application.objects.select_for_update().get(pk=app_id)
            if app.status != Status.IN_REVIEW:
                continue
            clocks.clock_pause(clock=app.clock, on=on, reason=_("容缺材料逾期未补交"))
            transition(app, actor=None, to=Status.SUSPENDED, action="容缺材料逾期，中止审查", on=on)
            n += 1
    return n
