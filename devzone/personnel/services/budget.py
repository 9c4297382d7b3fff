"""员额 and 特岗特薪: the reserved share of the quota, hires by channel, special pay agreements (drafted by the
personnel officer, approved or ended by a zone leader with a note)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core import audit
from devzone.core.access import reach_of
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import (
    DomainError,
    PermissionDeniedError,
    clean,
    require,
    require_role,
    require_text,
)
from devzone.core.locking import locked
from devzone.core.templatetags.devzone import show
from devzone.core.transitions import Move, Transitions
from devzone.personnel.choices import (
    HIRE_STEP_ORDER,
    HireChannel,
    HireStepKind,
    HireStepOutcome,
    RegistrationStatus,
)
from devzone.personnel.choices import SpecialPayStatus as P
from devzone.personnel.models import Hire, HireStep, QuotaReserve, Registration, SpecialPay
from devzone.personnel.services import site_label, zone_in_reach
from devzone.personnel.services.registrations import refuse_recused

OFFICE = (Role.ZONE_LEADER, Role.PERSONNEL_OFFICER, Role.SYSTEM)
DECIDERS = (Role.ZONE_LEADER, Role.SYSTEM)  # approve or end a special pay agreement
PAY_MOVES = Transitions(
    moves={
        "approve": Move(sources={P.DRAFT}, target=P.APPROVED, label=site_label(gettext_lazy("批准"))),
        "end": Move(sources={P.DRAFT, P.APPROVED}, target=P.ENDED, label=site_label(gettext_lazy("终止"))),
    }
)


@transaction.atomic
def reserve_set(*, actor, zone, year: int, percent) -> QuotaReserve:
    require_role(actor, Role.ZONE_LEADER, Role.SYSTEM, doing=_("设置市场化选聘员额比例"))
    zone_in_reach(actor, zone)
    row, _made = QuotaReserve.objects.get_or_create(zone=zone, year=year)
    before = audit.snapshot(row)
    row.reserved_percent = percent
    clean(row)
    row.save()
    audit.updated(actor, row, before)
    return row


# 入职日期 is a day already come or planned: an offer is not made more than a year ahead.
HIRE_AHEAD_DAYS = 366


@transaction.atomic
def hire_record(*, actor, zone, staff, channel: str, hired_on, registration=None, agency: str = "") -> Hire:
    """登记聘用 through a channel: headhunting with its agency; open recruitment with the zone's proposed hire
    (拟聘用) who has passed 体检、考察 and 公示 — dated on or after the day the publicity concluded 期满无异议
    (聘用 follows the publicity, never inside it). 入职日期 is at most a year ahead."""
    require_role(actor, *OFFICE, doing=_("登记市场化选聘"))
    require(channel in HireChannel.values, _("请选择渠道"), "channel")
    require(staff.zone_id == zone.pk, _("该工作人员不属于本开发区"), "staff")
    require(isinstance(hired_on, dt.date), _("请填写入职日期"), "hired_on")
    latest = timezone.localdate() + dt.timedelta(days=HIRE_AHEAD_DAYS)
    require(hired_on <= latest, _("入职日期不能晚于%(d)s") % {"d": show(latest)}, "hired_on")
    if channel == HireChannel.HEADHUNTING:
        agency = require_text(agency, "agency", _("请填写猎聘机构"), max_length=80)
        registration = None
    else:
        # read again under a lock: a candidate's 放弃报名 at the same moment either comes first (and the hire is
        # refused) or finds the hire recorded (and is refused, registrations.withdrawal_refusal)
        if isinstance(registration, Registration):
            registration = Registration.objects.select_for_update().filter(pk=registration.pk).first()
        require(
            isinstance(registration, Registration)
            and registration.zone_id == zone.pk
            and registration.status == RegistrationStatus.HIRED,
            _("公开招聘须对应本开发区的拟聘用报名"),
            "registration",
        )
        # 回避: the hire of a candidate one declared a conflict with is another officer's to record
        refuse_recused(actor, registration)
        # the staff record is the candidate's own: a wrong 工号 would put another person on the seat, and the
        # candidate — recorded as hired — could no longer give up (``registrations.withdrawal_refusal``)
        candidate = registration.candidate
        require(
            "".join(staff.name.split()) == "".join(candidate.name.split())
            and staff.birth_date == candidate.birth_date,
            _("登记聘用的工作人员须为该报名的考生本人（姓名、出生日期一致）"),
            "staff",
        )
        passed = set(
            HireStep.objects.filter(registration=registration, outcome=HireStepOutcome.PASSED).values_list(
                "kind", flat=True
            )
        )
        require(
            passed >= set(HIRE_STEP_ORDER),
            _("该拟聘用人员尚未通过体检、考察和公示，不能登记聘用"),
            "registration",
        )
        concluded = (
            HireStep.objects.filter(registration=registration, kind=HireStepKind.PUBLICITY)
            .values_list("concluded_on", flat=True)
            .first()
        )
        require(
            concluded is None or hired_on >= concluded,
            _("入职日期不能早于公示期满无异议的日期（%(d)s）") % {"d": show(concluded)},
            "hired_on",
        )
    try:
        with transaction.atomic():
            hire = Hire.objects.create(
                zone=zone,
                staff=staff,
                channel=channel,
                registration=registration,
                agency=agency,
                hired_on=hired_on,
            )
    except IntegrityError:
        if registration is not None and Hire.objects.filter(registration=registration).exists():
            raise DomainError.on("registration", _("该报名已登记过聘用")) from None
        raise DomainError.on("staff", _("该工作人员已登记过")) from None
    audit.record(actor=actor, action=AuditAction.CREATE, obj=hire)
    return hire


def _fen(yuan) -> int:
    try:
        value = Decimal(str(yuan))
    except InvalidOperation:
        raise DomainError.on("annual_pay", _("请填写年薪（元）")) from None
    require(value.is_finite() and 0 < value < Decimal(10) ** 8, _("请填写年薪（元）"), "annual_pay")
    require(value == value.quantize(Decimal("0.01")), _("年薪最多保留两位小数"), "annual_pay")
    return int(value * 100)


def _recused(actor, staff_id: int, refusal: str) -> None:
    """回避: nobody drafts or decides their own 特岗特薪 (their own post, pay and targets), as nobody decides their
    own annual grade, elimination case or 竞聘 score."""
    if reach_of(actor).staff_id == staff_id:
        raise PermissionDeniedError(refusal)


@transaction.atomic
def special_pay_draft(
    *, actor, zone, staff, post: str, term_from, term_until, annual_pay, targets: str, review_dates=()
) -> SpecialPay:
    require_role(actor, *OFFICE, doing=_("拟订特岗特薪"))
    _recused(actor, staff.pk, _("本人的特岗特薪须回避，由其他人员拟订"))
    require(staff.zone_id == zone.pk, _("该工作人员不属于本开发区"), "staff")
    require(
        term_from is not None and term_until is not None and term_until > term_from,
        _("聘期届满须晚于聘期开始"),
        "term_until",
    )
    for day in review_dates:
        require(term_from <= day <= term_until, _("考核时间须在聘期内"), "review_dates")
    pay = SpecialPay(
        zone=zone,
        staff=staff,
        post=require_text(post, "post", _("请填写特设岗位"), max_length=60),
        term_from=term_from,
        term_until=term_until,
        annual_pay_fen=_fen(annual_pay),
        targets=require_text(targets, "targets", _("请填写目标任务"), max_length=2000),
        review_dates=[d.isoformat() for d in review_dates],
    )
    clean(pay)
    pay.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=pay)
    return pay


@transaction.atomic
def special_pay_decide(
    *,
    actor,
    pay,
    move: str,
    note: str,
    decision_ref: str = "",
    ended_on=None,
    version: int | None = None,
) -> SpecialPay:
    """A zone leader approves a draft (一事一议, with the meeting's note and the decision's reference, which the pay
    sheet shows) or ends an agreement (on a date, today by default: the pay sheet pays the term up to it)."""
    require_role(actor, *DECIDERS, doing=_("审批特岗特薪"))
    require(move in PAY_MOVES.moves, _("请选择审批结论"), "move")
    row = locked(SpecialPay, pay, actor=actor, version=version, what=_("特岗特薪"))
    _recused(actor, row.staff_id, _("本人的特岗特薪须回避，由其他负责人审批"))
    row.approval_note = require_text(note, "note", _("请填写审批意见"), max_length=300)
    fields = ["approval_note", "approved_by"]
    if move == "approve":
        row.approved_by = actor
        row.decision_ref = require_text(
            decision_ref, "decision_ref", _("请填写批准决定的文号"), max_length=60
        )
        fields.append("decision_ref")
    else:
        row.ended_on = ended_on or timezone.localdate()
        require(row.ended_on >= row.term_from, _("终止日期不能早于聘期开始"), "ended_on")
        fields.append("ended_on")
    return PAY_MOVES.apply(row, move, actor=actor, note=row.approval_note, fields=tuple(fields))
