"""After 拟聘用: 体检, 考察 and 公示 as recorded steps per proposed hire, in that order. The publicity period is the
campaign's, counted in working days by the calendar. A failed step takes the registration out (未聘用) and the next
in rank moves up (递补, ``selection.hire_list`` with the failed and withdrawn excluded); a tie across the freed seat
is reported, never broken by chance. The candidate is told of each step and sees it on the portal."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.core import audit
from devzone.core.choices import AuditAction
from devzone.core.errors import DomainError, require, require_role, require_text
from devzone.core.locking import locked
from devzone.core.notify import notify
from devzone.core.workdays import get_calendar
from devzone.personnel import selection
from devzone.personnel.choices import HIRE_STEP_ORDER, HireStepKind, HireStepOutcome
from devzone.personnel.choices import RegistrationStatus as S
from devzone.personnel.models import HireStep, Opening, Registration, RegistrationEvent
from devzone.personnel.services.registrations import SCREENERS

K, R = HireStepKind, HireStepOutcome


def _date(value, field: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise DomainError.on(field, _("请填写日期（年-月-日）")) from None


def _event(reg, before, after, actor, note) -> None:
    RegistrationEvent.objects.create(
        registration=reg, from_status=before, to_status=after, actor=actor, note=note[:300]
    )


def _tell(reg, title: str, key: str) -> None:
    notify([reg.candidate.user_id], kind="personnel.hiring", title=title, url=reg.get_absolute_url(), key=key)


def next_step(reg: Registration, steps: dict[str, HireStep]) -> str | None:
    """The step the proposed hire is waiting for (None when all have passed or one failed)."""
    for kind in HIRE_STEP_ORDER:
        step = steps.get(kind)
        if step is None or step.outcome == R.PENDING:
            return kind
        if step.outcome == R.FAILED:
            return None
    return None


@transaction.atomic
def hire_step_record(*, actor, registration, kind: str, outcome: str, on, note: str = "") -> HireStep:
    """Record the next step of a proposed hire:

    - 体检 / 考察: ``passed`` or ``failed`` (with a reason) on a date;
    - 公示: ``pending`` starts it on ``on`` (the period ends the campaign's number of working days later);
      ``passed`` concludes it after the period; ``failed`` (a report found true) concludes it at any time.

    A failure takes the registration out and moves the next in rank up (递补)."""
    require_role(actor, *SCREENERS, doing=_("录入体检、考察和公示"))
    require(kind in HIRE_STEP_ORDER, _("请选择环节"), "kind")
    require(outcome in R.values, _("请选择结论"), "outcome")
    day = _date(on, "on")
    require(day <= timezone.localdate(), _("日期不能晚于今天"), "on")
    reg = locked(Registration, registration, actor=actor, what=_("报名"), related=("campaign", "opening"))
    require(reg.status == S.HIRED, _("只有拟聘用人员才办理体检、考察和公示"))
    steps = {s.kind: s for s in HireStep.objects.select_for_update().filter(registration=reg)}
    expected = next_step(reg, steps)
    require(
        kind == expected,
        _("请先完成%(step)s") % {"step": K(expected).label} if expected else _("各环节已办结"),
        "kind",
    )
    if outcome == R.FAILED:
        note = require_text(note, "note", _("请填写不合格的原因"), max_length=300)
    previous = [steps[k] for k in HIRE_STEP_ORDER[: HIRE_STEP_ORDER.index(kind)]]
    for p in previous:
        require(day >= (p.concluded_on or p.on), _("日期不能早于上一环节"), "on")
    if kind == K.PUBLICITY:
        step = _publicity(reg, steps.get(kind), outcome, day, note, actor)
    else:
        require(outcome != R.PENDING, _("体检和考察的结论为合格或不合格"), "outcome")
        step = HireStep.objects.create(
            registration=reg, kind=kind, outcome=outcome, on=day, note=note, actor=actor
        )
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=reg,
        note=f"{step.get_kind_display()}：{step.get_outcome_display()}" + (f"（{note}）" if note else ""),
    )
    label = {"kind": step.get_kind_display(), "outcome": step.get_outcome_display()}
    _tell(reg, _("%(kind)s：%(outcome)s") % label, f"personnel-step-{reg.pk}-{kind}-{step.outcome}")
    if step.outcome == R.FAILED:
        _drop_and_move_up(reg, step, actor)
    return step


def _publicity(reg, step, outcome, day, note, actor) -> HireStep:
    if step is None:
        require(outcome == R.PENDING, _("请先开始公示"), "outcome")
        until = get_calendar().add_workdays(day, reg.campaign.publicity_days)
        return HireStep.objects.create(
            registration=reg,
            kind=K.PUBLICITY,
            outcome=R.PENDING,
            on=day,
            publicity_until=until,
            note=note,
            actor=actor,
        )
    require(outcome != R.PENDING, _("公示已经开始"), "outcome")
    if outcome == R.PASSED:
        require(
            day > step.publicity_until,
            _("公示期至%(d)s，期满后才能确认无异议") % {"d": f"{step.publicity_until:%Y-%m-%d}"},
            "on",
        )
    step.outcome, step.concluded_on, step.note, step.actor = outcome, day, note or step.note, actor
    step.version += 1
    step.save()
    return step


def _drop_and_move_up(reg, step, actor) -> list[Registration]:
    """The failed hire leaves; the seats go down the ranking again without the failed and withdrawn (递补)."""
    reason = _("%(kind)s不合格：%(note)s") % {"kind": step.get_kind_display(), "note": step.note}
    _event(reg, reg.status, S.NOT_HIRED, actor, reason)
    reg.status = S.NOT_HIRED
    reg.version += 1
    reg.save(update_fields=["status", "version", "updated_at"])
    return move_up(opening=reg.opening, actor=actor)


def move_up(*, opening, actor) -> list[Registration]:
    """Fill the opening's free seats from the ranking (递补). Returns the registrations that moved up."""
    opening = Opening.objects.select_for_update().get(pk=opening.pk)
    regs = {
        str(r.pk): r
        for r in opening.registrations.select_for_update().filter(
            status__in=[S.RANKED, S.HIRED, S.NOT_HIRED, S.WITHDRAWN], composite__isnull=False
        )
    }
    ranked = selection.rank(
        [selection.Scored(k, r.written_score, r.interview_score) for k, r in regs.items()],
        written_weight=opening.campaign.written_weight,
    )
    out = [k for k, r in regs.items() if r.status in (S.NOT_HIRED, S.WITHDRAWN)]
    hires = selection.hire_list(ranked, headcount=opening.seats, excluded=out)
    moved = []
    for key in hires.hired:
        r = regs[key]
        if r.status == S.RANKED:
            _event(r, r.status, S.HIRED, actor, _("递补为拟聘用人选，进入体检、考察和公示"))
            r.status = S.HIRED
            r.version += 1
            r.save(update_fields=["status", "version", "updated_at"])
            _tell(r, _("您已递补为%(o)s的拟聘用人选") % {"o": opening.title}, f"personnel-moveup-{r.pk}")
            moved.append(r)
    if hires.undecided:
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=opening,
            note=_("递补时末位成绩并列 %(n)d 人，须加试确定") % {"n": len(hires.undecided)},
        )
    return moved


def steps_of(reg: Registration) -> list[HireStep]:
    return list(HireStep.objects.filter(registration=reg).order_by("on", "pk"))
