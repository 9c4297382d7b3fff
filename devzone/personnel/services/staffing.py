"""年度考核 and 刚性淘汰: the zone prepares the year's reviews from the published quarters, decides each grade
(a grade other than the quarters' result needs a reason), flags the elimination cases by rule, decides each
(转岗/待岗/降岗/解聘, with reasons), tells the person with the deadline to appeal (``AppealWindow``: the law as
data with its source), answers their appeal, and makes a decision final once the window has passed without one
(``cases_finalize``, the daily job)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core import audit
from devzone.core.access import reach_of
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import (
    DomainError,
    PermissionDeniedError,
    check_id,
    require,
    require_role,
    require_text,
)
from devzone.core.locking import locked
from devzone.core.models import Profile
from devzone.core.notify import Text, notify, reader_day, stored, zone_users
from devzone.core.transitions import Move, Transitions
from devzone.core.workdays import get_calendar
from devzone.performance.selectors import annual_results
from devzone.personnel.choices import ADJUSTMENTS, COUNTED_CASES, EliminationAction, EliminationTrigger
from devzone.personnel.choices import CaseStatus as C
from devzone.personnel.models import (
    AnnualReview,
    AppealWindow,
    DismissalRule,
    EliminationCase,
    EliminationShare,
    TermTarget,
)
from devzone.personnel.models.staffing import ANNUAL_GRADES
from devzone.personnel.services import site_label, zone_in_reach

DECIDERS = (Role.ZONE_LEADER, Role.SYSTEM)
CASE_MOVES = Transitions(
    moves={
        # a refused post adjustment goes back to the leaders, who decide again (解聘 open now, ``DismissalRule``)
        "decide": Move(
            sources={C.FLAGGED, C.REFUSED}, target=C.DECIDED, label=site_label(gettext_lazy("作出处理决定"))
        ),
        "clear": Move(
            sources={C.FLAGGED, C.REFUSED}, target=C.CLEARED, label=site_label(gettext_lazy("不予处理"))
        ),
        "refuse": Move(
            sources={C.DECIDED, C.FINAL},
            target=C.REFUSED,
            label=site_label(gettext_lazy("本人不同意调整工作岗位")),
        ),
        "appeal": Move(sources={C.DECIDED}, target=C.APPEALED, label=site_label(gettext_lazy("提出申诉"))),
        "uphold": Move(sources={C.APPEALED}, target=C.FINAL, label=site_label(gettext_lazy("维持决定"))),
        "revoke": Move(sources={C.APPEALED}, target=C.CLEARED, label=site_label(gettext_lazy("撤销决定"))),
        "finalize": Move(sources={C.DECIDED}, target=C.FINAL, label=site_label(gettext_lazy("决定生效"))),
    }
)


@transaction.atomic
def share_set(*, actor, low_percent, high_percent, basis: str, effective_from: dt.date) -> EliminationShare:
    """The city's personnel office sets its 刚性淘汰比例 from a date (a new row; the same date again corrects that
    row). A year is measured by the rule in force on its last day, so a year already counted keeps its rule:
    the date may not lie in a year that has ended."""
    require_role(actor, Role.CITY_OFFICER, doing=_("设定刚性淘汰比例"))
    city_id = reach_of(actor).city_id
    require(city_id is not None, _("只有市级管理人员可以设定本市的刚性淘汰比例"))
    basis = require_text(basis, "basis", _("请写明依据（文件名称、文号或条款）"), max_length=300)
    require(low_percent is not None and 0 <= low_percent <= 100, _("比例下限应在0–100%之间"), "low_percent")
    require(high_percent is not None and 0 < high_percent <= 100, _("比例上限应在0–100%之间"), "high_percent")
    require(low_percent <= high_percent, _("比例下限不能高于上限"), "high_percent")
    require(
        effective_from.year >= timezone.localdate().year,
        _("已结束年度的淘汰比例不能再改（该年度已按当时的比例计算）"),
        "effective_from",
    )
    row = EliminationShare.objects.filter(city_id=city_id, effective_from=effective_from).first()
    before = audit.snapshot(row) if row else None
    row = row or EliminationShare(city_id=city_id, effective_from=effective_from)
    row.low_percent, row.high_percent, row.basis, row.set_by = low_percent, high_percent, basis, actor
    audit.saved(actor, row, before, note=basis)
    return row


@transaction.atomic
def reviews_prepare(*, actor, zone, year: int) -> int:
    """One review per staff member graded in the year's published quarters, proposed from them; a decided
    review keeps its grade (only the proposal is refreshed). Returns how many were created."""
    require_role(actor, Role.ZONE_LEADER, Role.PERSONNEL_OFFICER, Role.SYSTEM, doing=_("生成年度考核"))
    require(
        reach_of(actor).kind == "system" or reach_of(actor).zone_id == zone.pk,
        _("只能办理本开发区的年度考核"),
    )
    created = 0
    for row in annual_results(zone, year):
        review, made = AnnualReview.objects.get_or_create(
            staff_id=row.staff_id,
            year=year,
            defaults={"zone": zone, "quarters": row.quarters, "proposed": row.result.grade},
        )
        if not made:
            review.quarters, review.proposed = row.quarters, row.result.grade
            review.save(update_fields=["quarters", "proposed", "updated_at"])
        created += made
    audit.record(
        actor=actor,
        action=AuditAction.IMPORT,
        obj=zone,
        note=stored(gettext_lazy("生成%(y)d年度考核"), y=year),
    )
    return created


def _recused(actor, row, refusal: str = ""):
    """回避: nobody decides their own annual grade or term target (either can open an elimination case), their
    own case, or answers their own appeal."""
    if row.staff_id is not None and reach_of(actor).staff_id == row.staff_id:
        raise PermissionDeniedError(refusal or _("本人的刚性淘汰事项须回避，由其他负责人处理"))
    return row


@transaction.atomic
def review_decide(*, actor, review, grade: str, note: str = "", version: int | None = None) -> AnnualReview:
    require_role(actor, *DECIDERS, doing=_("确定年度考核等次"))
    require(grade in dict(ANNUAL_GRADES), _("请选择年度等次"), "grade")
    row = _recused(
        actor,
        locked(AnnualReview, review, actor=actor, version=version, what=_("年度考核")),
        _("本人的年度考核等次须回避，由其他负责人确定"),
    )
    if row.grade == "incompetent" and grade != row.grade:
        _refuse_decided_basis(row.staff_id, row.year, EliminationTrigger.INCOMPETENT, "grade")
    if grade != row.proposed:
        note = require_text(note, "note", _("年度等次与季度考核结果不同，须写明理由"), max_length=300)
    before = audit.snapshot(row)
    row.grade, row.note, row.decided_by = grade, note, actor
    row.version += 1
    row.save()
    audit.updated(actor, row, before, note=note)
    return row


def _refuse_decided_basis(staff_id: int, year: int, trigger: str, field: str) -> None:
    """A 不称职 grade or an unmet term target that a 刚性淘汰 decision stands on — the person's case of the year and
    situation decided, refused, under appeal or final (``COUNTED_CASES``) — is not changed under it: the decision
    (a transfer, a dismissal) and the band would stand on a grade or an assessment that no longer says so. A
    wrong decision is undone on the case itself (申诉, 撤销决定)."""
    require(
        not EliminationCase.objects.filter(
            staff_id=staff_id, year=year, trigger=trigger, status__in=COUNTED_CASES
        ).exists(),
        _("本年度的刚性淘汰决定以此为依据，不能再修改；决定有误的，请通过申诉程序撤销决定"),
        field,
    )


@transaction.atomic
def cases_flag(*, actor, zone, year: int) -> int:
    """Open a case for each 不称职 review of the year and each term target found unmet in it (competition
    failures are flagged by the competitive appointment when it is built). Idempotent."""
    require_role(actor, Role.ZONE_LEADER, Role.PERSONNEL_OFFICER, Role.SYSTEM, doing=_("筛查刚性淘汰情形"))
    found = [
        (r.staff_id, EliminationTrigger.INCOMPETENT)
        for r in AnnualReview.objects.filter(zone=zone, year=year, grade="incompetent")
    ] + [
        (t.staff_id, EliminationTrigger.TERM_TARGET)
        for t in TermTarget.objects.filter(zone=zone, met=False, term_end__year=year)
    ]
    made = 0
    for staff_id, trigger in found:
        _case, created = EliminationCase.objects.get_or_create(
            staff_id=staff_id, year=year, trigger=trigger, defaults={"zone": zone}
        )
        made += created
    return made


def _tell(case: EliminationCase, title: Text) -> None:
    """The person concerned is told, in their own language (``core.notify.Text``: the daily job has none)."""
    user_id = Profile.objects.filter(staff_id=case.staff_id).values_list("user_id", flat=True).first()
    notify(
        [user_id],
        kind="personnel.case",
        title=title,
        url=case.get_absolute_url(),
        zone_id=case.zone_id,
        # a case may be decided twice (a refused post adjustment, then 解聘): each move's notice is its own
        key=f"personnel-case-{case.pk}-{case.version}-{case.status}",
    )


@dataclass(frozen=True)
class DismissalTerms:
    """What the law (``DismissalRule``) lets the leaders do about 解聘 on a case, on a given day: ``open`` when the
    person refused the post adjustment decided on the case, or the situation held ``rule.consecutive_years`` years
    in a row (``years``, this one included); the dismissal then takes effect on ``earliest`` at the soonest (the
    written notice given that day)."""

    rule: DismissalRule
    years: int
    refused: bool
    earliest: dt.date

    @property
    def open(self) -> bool:
        return self.refused or self.years >= self.rule.consecutive_years


def dismissal_rule(trigger: str, on: dt.date) -> DismissalRule | None:
    """The rule in force on ``on`` for cases of ``trigger``; None: the law sets no condition there (the decision
    stays free, as the reform's 刚性淘汰 had it)."""
    return DismissalRule.in_force(on, trigger=trigger)


def years_in_a_row(case: EliminationCase) -> int:
    """How many years up to the case's own the person was in its situation without a break: for 年度考核不称职 the
    annual reviews graded 不称职 (the law counts the reviews, whatever became of an earlier case); for the others
    the cases of the same situation not cleared."""
    if case.trigger == EliminationTrigger.INCOMPETENT:
        years = AnnualReview.objects.filter(staff_id=case.staff_id, grade="incompetent", year__lte=case.year)
    else:
        years = EliminationCase.objects.filter(
            staff_id=case.staff_id, trigger=case.trigger, year__lte=case.year
        ).exclude(status=C.CLEARED)
    found = set(years.values_list("year", flat=True))
    n = 0
    while case.year - n in found:
        n += 1
    return n


def dismissal_terms(case: EliminationCase, on: dt.date) -> DismissalTerms | None:
    """The 解聘 terms of ``case`` if notice were given on ``on`` (a Beijing date); None without a rule."""
    rule = dismissal_rule(case.trigger, on)
    if rule is None:
        return None
    return DismissalTerms(
        rule=rule,
        years=years_in_a_row(case),
        refused=case.status == C.REFUSED,
        earliest=on + dt.timedelta(days=rule.notice_days),
    )


def _dismissal_day(terms: DismissalTerms | None, told_on: dt.date, effective_on: dt.date | None) -> dt.date:
    """The day a dismissal takes effect: the one asked, at least the rule's notice period after the notice (and
    within a year), or the earliest the rule allows."""
    earliest = terms.earliest if terms else told_on
    day = effective_on or earliest
    if terms is not None:
        require(
            day >= earliest,
            _("解除聘用合同须提前%(n)d日书面通知：生效日期不得早于%(d)s（%(basis)s）")
            % {"n": terms.rule.notice_days, "d": _day(earliest), "basis": terms.rule.basis},
            "effective_on",
        )
    require(day >= told_on, _("解除聘用合同的日期不能早于告知日期"), "effective_on")
    require(
        day <= told_on + dt.timedelta(days=366), _("解除聘用合同的日期应在告知后一年之内"), "effective_on"
    )
    return day


@transaction.atomic
def case_decide(
    *, actor, case, action: str, reason: str, version: int | None = None, effective_on: dt.date | None = None
) -> EliminationCase:
    """转岗/待岗/降岗/解聘 (or 不予处理), with the reason; the person is told. 解聘 follows the law where it sets
    conditions (``DismissalRule``, e.g. 条例第十八条 for 年度考核不称职): only after the person refused a post
    adjustment decided on the case, or in the rule's consecutive year, and taking effect ``effective_on`` at
    least the notice period after this notice (the earliest day when not given)."""
    require_role(actor, *DECIDERS, doing=_("作出刚性淘汰决定"))
    row = _recused(actor, locked(EliminationCase, case, actor=actor, version=version, what=_("刚性淘汰")))
    if action == "clear":
        row.reason = require_text(reason, "reason", _("请写明不予处理的理由"), max_length=500)
        return CASE_MOVES.apply(row, "clear", actor=actor, note=row.reason, fields=("reason",))
    require(action in EliminationAction.values, _("请选择处理方式"), "action")
    now = timezone.now()
    told_on = timezone.localdate(now)
    row.effective_on, row.dismissal_basis = None, ""
    if action == EliminationAction.DISMISS:
        terms = dismissal_terms(row, told_on)
        if terms is not None:
            require(
                terms.open,
                _(
                    "不能直接解聘：须先作出调整工作岗位（转岗或降岗）的决定，本人不同意调整的，"
                    "或连续%(n)d年%(t)s的，方可解除聘用合同（%(basis)s）"
                )
                % {
                    "n": terms.rule.consecutive_years,
                    "t": row.get_trigger_display(),
                    "basis": terms.rule.basis,
                },
                "action",
            )
            row.dismissal_basis = terms.rule.basis
        row.effective_on = _dismissal_day(terms, told_on, effective_on)
    row.action = action
    row.reason = require_text(reason, "reason", _("请写明决定理由"), max_length=500)
    row.notified_at = now
    row.appeal_until, row.appeal_basis = appeal_deadline(told_on)
    CASE_MOVES.apply(
        row,
        "decide",
        actor=actor,
        note=row.reason,
        fields=(
            "action",
            "reason",
            "notified_at",
            "appeal_until",
            "appeal_basis",
            "effective_on",
            "dismissal_basis",
        ),
    )
    _tell(row, _decision_notice(row))
    return row


def _decision_notice(row: EliminationCase) -> Text:
    """The person's written notice of the decision, in their own language: the action, for 解聘 the day the
    contract ends, and the last day to appeal."""
    if row.action == EliminationAction.DISMISS:
        return Text(
            gettext_lazy(
                "刚性淘汰决定：解聘，自%(e)s起解除聘用合同。如有异议，可在%(d)s前提出申诉，逾期决定生效。"
            ),
            e=reader_day(row.effective_on),
            d=reader_day(row.appeal_until),
        )
    return Text(
        gettext_lazy("刚性淘汰决定：%(a)s。如有异议，可在%(d)s前提出申诉，逾期决定生效。"),
        a=lazy(row.get_action_display, str)(),
        d=reader_day(row.appeal_until),
    )


@transaction.atomic
def case_refuse(*, actor, case, statement: str, version: int | None = None) -> EliminationCase:
    """本人不同意调整工作岗位: the person refuses the post adjustment (转岗/降岗) decided on their case — from their own
    account, or a zone leader records their written statement. The case goes back to the leaders (不同意调整岗位),
    who decide again: 解聘 is open now where the law asks for a refused adjustment (``DismissalRule``)."""
    staff_id = reach_of(actor).staff_id
    pk = check_id(getattr(case, "pk", case))
    row = (
        EliminationCase.objects.select_for_update().filter(pk=pk, staff_id=staff_id).first()
        if staff_id
        else None
    )
    if row is None:  # not the person: a leader records their written statement
        require_role(actor, *DECIDERS, doing=_("登记本人不同意调整工作岗位"))
        row = _recused(actor, locked(EliminationCase, case, actor=actor, version=version, what=_("刚性淘汰")))
    require(
        row.action in ADJUSTMENTS and row.status in (C.DECIDED, C.FINAL),
        _("只有调整工作岗位（转岗、降岗）的决定，本人才能表示不同意"),
    )
    row.adjustment_refusal = require_text(statement, "statement", _("请写明本人的意见"), max_length=500)
    row.adjustment_refused_at = timezone.now()
    CASE_MOVES.apply(
        row,
        "refuse",
        actor=actor,
        note=row.adjustment_refusal,
        fields=("adjustment_refusal", "adjustment_refused_at"),
    )
    notify(
        zone_users(row.zone_id, roles=[Role.ZONE_LEADER]),
        kind="personnel.case",
        title=Text(gettext_lazy("%(s)s不同意调整工作岗位，刚性淘汰事项待重新决定"), s=row.staff.name),
        url=row.get_absolute_url(),
        zone_id=row.zone_id,
        key=f"personnel-case-refused-{row.pk}-{row.version}",
    )
    return row


def _day(day: dt.date) -> str:
    """A date as the person reads it (2026年12月7日)."""
    from django.utils.formats import date_format

    return date_format(day, "DATE_FORMAT")


def appeal_deadline(told_on: dt.date) -> tuple[dt.date, str]:
    """The last day to appeal a decision the person was told of on ``told_on`` (a Beijing date), and its legal
    basis: the ``AppealWindow`` in force that day, counted in natural days from the day after, moved to the next
    working day when it ends on a rest day."""
    rule = AppealWindow.in_force(told_on)
    if rule is None:
        raise DomainError.on("__all__", _("尚未设置刚性淘汰的申诉期限及其依据，不能作出决定"))
    return get_calendar().natural_period_end(told_on, rule.days), rule.basis


def _appeal_closed(row: EliminationCase, today: dt.date) -> bool:
    return row.appeal_until is not None and today > row.appeal_until


@transaction.atomic
def case_appeal(*, actor, case, appeal: str) -> EliminationCase:
    """The person concerned appeals a decision (only they may)."""
    staff_id = reach_of(actor).staff_id
    row = (
        EliminationCase.objects.select_for_update()
        .filter(pk=getattr(case, "pk", case), staff_id=staff_id)
        .first()
    )
    if staff_id is None or row is None:
        raise DomainError.on("__all__", _("只能对本人的决定提出申诉"))
    if row.status == C.DECIDED and _appeal_closed(row, timezone.localdate()):
        raise DomainError.on(
            "appeal",
            _("申诉期限已于%(d)s届满，不能再提出申诉（%(basis)s）")
            % {"d": _day(row.appeal_until), "basis": row.appeal_basis},
        )
    row.appeal = require_text(appeal, "appeal", _("请写明申诉理由"), max_length=500)
    return CASE_MOVES.apply(row, "appeal", actor=actor, note=row.appeal, fields=("appeal",))


@transaction.atomic
def case_answer(*, actor, case, upheld: bool, answer: str, version: int | None = None) -> EliminationCase:
    require_role(actor, *DECIDERS, doing=_("处理申诉"))
    row = _recused(actor, locked(EliminationCase, case, actor=actor, version=version, what=_("刚性淘汰")))
    row.appeal_answer = require_text(answer, "answer", _("请写明申诉处理意见"), max_length=500)
    CASE_MOVES.apply(
        row, "uphold" if upheld else "revoke", actor=actor, note=row.appeal_answer, fields=("appeal_answer",)
    )
    _tell(row, Text(gettext_lazy("您的申诉已处理：%(s)s"), s=lazy(row.get_status_display, str)()))
    return row


def cases_finalize(*, actor, today: dt.date | None = None) -> int:
    """决定生效: each decided case whose appeal window ended before ``today`` (Beijing date) without an appeal
    becomes final, audited as a transition, and the person is told. Run daily by the job as the system actor;
    each case in its own transaction, locked and checked again (an appeal filed meanwhile wins)."""
    require_role(actor, Role.SYSTEM, doing=_("确认刚性淘汰决定生效"))
    today = today or timezone.localdate()
    due = EliminationCase.objects.filter(status=C.DECIDED, appeal_until__lt=today).values_list(
        "pk", flat=True
    )
    done = 0
    for pk in list(due):
        with transaction.atomic():
            row = locked(EliminationCase, pk, actor=actor, what=_("刚性淘汰"))
            if row.status != C.DECIDED or not _appeal_closed(row, today):
                continue
            CASE_MOVES.apply(
                row,
                "finalize",
                actor=actor,
                note=stored(gettext_lazy("申诉期限%(d)s届满，未提出申诉"), d=reader_day(row.appeal_until)),
            )
            _tell(
                row,
                Text(
                    gettext_lazy("刚性淘汰决定已生效：%(a)s（申诉期限届满，未提出申诉）"),
                    a=lazy(row.get_action_display, str)(),
                ),
            )
            done += 1
    return done


@transaction.atomic
def term_target_add(*, actor, zone, staff, term_end, target: str) -> TermTarget:
    require_role(actor, Role.ZONE_LEADER, Role.PERSONNEL_OFFICER, Role.SYSTEM, doing=_("登记聘期目标"))
    zone_in_reach(actor, zone)
    require(staff.zone_id == zone.pk, _("该工作人员不属于本开发区"), "staff")
    row = TermTarget.objects.create(
        zone=zone,
        staff=staff,
        term_end=term_end,
        target=require_text(target, "target", _("请填写聘期目标"), max_length=300),
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=row)
    return row


@transaction.atomic
def term_target_assess(
    *, actor, target, met: bool, assessment: str, version: int | None = None
) -> TermTarget:
    """考核 (or 更正) a term target, at the ``version`` the leader's form showed: an assessment another leader took
    since is not overwritten unseen (409)."""
    require_role(actor, Role.ZONE_LEADER, Role.SYSTEM, doing=_("考核聘期目标"))
    row = _recused(
        actor,
        locked(TermTarget, target, actor=actor, version=version, what=_("聘期目标")),
        _("本人的聘期目标考核须回避，由其他负责人考核"),
    )
    if row.met is False and met is not False:
        # the year's case stands on it, unless another unmet target of the person's year remains
        others = TermTarget.objects.filter(
            staff_id=row.staff_id, term_end__year=row.term_end.year, met=False
        ).exclude(pk=row.pk)
        if not others.exists():
            _refuse_decided_basis(row.staff_id, row.term_end.year, EliminationTrigger.TERM_TARGET, "met")
    before = audit.snapshot(row)
    row.met = met
    row.assessment = require_text(assessment, "assessment", _("请填写考核意见"), max_length=300)
    row.version += 1
    row.save()
    audit.updated(actor, row, before)
    return row
