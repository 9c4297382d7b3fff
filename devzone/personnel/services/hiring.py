"""After 拟聘用: 体检, 考察 and 公示 as recorded steps per proposed hire, in that order. The publicity period is the
campaign's, counted in working days by the calendar. A failed step takes the registration out (未聘用) and the next
in rank moves up (递补, ``selection.hire_list`` with the failed and withdrawn excluded); a tie across the freed seat
is decided by the 加试 (the tied candidates' additional-test scores, ``standing``; still equal, another round),
never by chance. The candidate is told of each step and sees it on the portal."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core import audit
from devzone.core.calendar import CalendarError
from devzone.core.choices import AuditAction
from devzone.core.errors import DomainError, require, require_role, require_text
from devzone.core.locking import locked
from devzone.core.notify import Text, notify, stored
from devzone.core.templatetags.devzone import show
from devzone.core.workdays import get_calendar
from devzone.personnel import selection
from devzone.personnel.choices import HIRE_STEP_ORDER, CampaignStatus, HireStepKind, HireStepOutcome
from devzone.personnel.choices import RegistrationStatus as S
from devzone.personnel.models import HireStep, Opening, Registration, RegistrationEvent
from devzone.personnel.services.registrations import SCREENERS, refuse_recused

K, R = HireStepKind, HireStepOutcome


def _date(value, field: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise DomainError.on(field, _("请填写日期（年-月-日）")) from None


def _event(reg, before, after, actor, note: str) -> None:
    """The registration's event; ``note`` written in the site's language (``stored``), not the actor's."""
    RegistrationEvent.objects.create(
        registration=reg, from_status=before, to_status=after, actor=actor, note=note[:300]
    )


def _tell(reg, title: Text, key: str) -> None:
    """The candidate is told in their own language, not the clerk's (``core.notify.Text``)."""
    notify([reg.candidate.user_id], kind="personnel.hiring", title=title, url=reg.get_absolute_url(), key=key)


def proposed_on(reg: Registration) -> dt.date | None:
    """The day (Beijing time) the registration became 拟聘用 — by the ranking, the 加试 or a 递补: its latest event
    to that status. No hiring step is dated before it."""
    at = (
        RegistrationEvent.objects.filter(registration=reg, to_status=S.HIRED)
        .order_by("-at", "-pk")
        .values_list("at", flat=True)
        .first()
    )
    return timezone.localdate(at) if at is not None else None


def publicity_period_end(start: dt.date, days: int) -> dt.date:
    """The last day of a 公示 begun on ``start``: ``days`` working days later by the calendar as it stands now
    (the start itself not counted). A day the calendar cannot count is refused on the step's date."""
    try:
        return get_calendar().add_workdays(start, days)
    except CalendarError:
        raise DomainError.on(
            "on", _("%(year)d年的工作日历未加载，无法计算公示期，请核对日期") % {"year": start.year}
        ) from None


def next_step(reg: Registration, steps: dict[str, HireStep]) -> str | None:
    """The step the proposed hire is waiting for (None when all have passed or one failed)."""
    for kind in HIRE_STEP_ORDER:
        step = steps.get(kind)
        if step is None or step.outcome == R.PENDING:
            return kind
        if step.outcome == R.FAILED:
            return None
    return None


def step_due(reg: Registration, steps: dict[str, HireStep]) -> str | None:
    """The step to record now for the registration (its page's form): none before 拟聘用, after the last step or
    a failed one, or once the campaign has finished (``hire_step_record`` refuses it)."""
    if reg.status != S.HIRED or reg.campaign.status == CampaignStatus.FINISHED:
        return None
    return next_step(reg, steps)


@transaction.atomic
def hire_step_record(*, actor, registration, kind: str, outcome: str, on, note: str = "") -> HireStep:
    """Record the next step of a proposed hire:

    - 体检 / 考察: ``passed`` or ``failed`` (with a reason) on a date;
    - 公示: ``pending`` starts it on ``on`` (the period ends the campaign's number of working days later);
      ``passed`` concludes it after the period; ``failed`` (a report found true) concludes it at any time.

    A failure takes the registration out and moves the next in rank up (递补). A finished campaign records no
    more steps (``step_due``), as it takes no more withdrawals."""
    require_role(actor, *SCREENERS, doing=_("录入体检、考察和公示"))
    require(kind in HIRE_STEP_ORDER, _("请选择环节"), "kind")
    require(outcome in R.values, _("请选择结论"), "outcome")
    day = _date(on, "on")
    recorded_on = today()
    require(day <= recorded_on, _("日期不能晚于今天"), "on")
    lock_opening_of(registration)  # a failed step re-ranks the opening (``move_up``): the opening first
    reg = locked(Registration, registration, actor=actor, what=_("报名"), related=("campaign", "opening"))
    refuse_recused(actor, reg)  # 回避: nobody related to the candidate records their hiring steps
    require(reg.campaign.status != CampaignStatus.FINISHED, _("招聘已结束，不能再办理体检、考察和公示"))
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
    since = proposed_on(reg)
    require(
        since is None or day >= since,
        _("日期不能早于确定为拟聘用人选的日期（%(d)s）") % {"d": show(since)},
        "on",
    )
    if kind == K.PUBLICITY:
        step = _publicity(reg, steps.get(kind), outcome, day, note, actor, recorded_on)
    else:
        require(outcome != R.PENDING, _("体检和考察的结论为合格或不合格"), "outcome")
        step = HireStep.objects.create(
            registration=reg, kind=kind, outcome=outcome, on=day, note=note, actor=actor
        )
    # the step's and outcome's labels in the candidate's language in the notice, in the site's in the audit row
    label = {"kind": lazy(step.get_kind_display, str)(), "outcome": lazy(step.get_outcome_display, str)()}
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=reg,
        note=stored(gettext_lazy("%(kind)s：%(outcome)s"), **label) + (f"（{note}）" if note else ""),
    )
    _tell(
        reg,
        Text(gettext_lazy("%(kind)s：%(outcome)s"), **label),
        f"personnel-step-{reg.pk}-{kind}-{step.outcome}",
    )
    if step.outcome == R.FAILED:
        _drop_and_move_up(reg, step, actor)
    return step


def today() -> dt.date:
    """The day (Beijing time) a step is recorded on: what a 公示 may not start before (tests set it)."""
    return timezone.localdate()


def _publicity(reg, step, outcome, day, note, actor, recorded_on: dt.date) -> HireStep:
    """公示 (暂行规定第二十五条): it runs in public from the day it is recorded — never from a day gone by, which
    nobody saw — and is concluded 期满无异议 only after its period, in working days by the calendar, has run; a
    report found true (``failed``) ends it at any time."""
    if step is None:
        require(outcome == R.PENDING, _("请先开始公示"), "outcome")
        require(
            day >= recorded_on,
            _("公示自登记之日起开始，开始日期不能早于今天（%(d)s）") % {"d": show(recorded_on)},
            "on",
        )
        until = publicity_period_end(day, reg.campaign.publicity_days)
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
    require(day >= step.on, _("结束日期不能早于公示开始日期"), "on")
    # the period by the calendar as it stands now: a correction made while it ran moves its end
    until = publicity_period_end(step.on, reg.campaign.publicity_days)
    if outcome == R.PASSED:
        require(
            day > until,
            _("公示期至%(d)s，期满后才能确认无异议") % {"d": show(until)},
            "on",
        )
    step.publicity_until = until  # the period as it ran, kept with the concluded step
    step.outcome, step.concluded_on, step.note, step.actor = outcome, day, note or step.note, actor
    step.version += 1
    step.save()
    return step


def _drop_and_move_up(reg, step, actor) -> list[Registration]:
    """The failed hire leaves; the seats go down the ranking again without the failed and withdrawn (递补)."""
    reason = stored(gettext_lazy("%(kind)s不合格：%(note)s"), kind=K(step.kind).label, note=step.note)
    _event(reg, reg.status, S.NOT_HIRED, actor, reason)
    reg.status = S.NOT_HIRED
    reg.version += 1
    reg.save(update_fields=["status", "version", "updated_at"])
    return move_up(opening=reg.opening, actor=actor)


def lock_opening_of(registration) -> None:
    """Lock the registration's opening before the registration itself: every score entry (written, interview,
    加试), a failed hiring step and a candidate's withdrawal — a confirmed 加试 score, a failed step and a withdrawal
    after the ranking re-rank the whole opening (``move_up`` locks the opening, then its registrations), and a
    written or interview score is what the shortlist and the ranking read. Two of them at once — two clerks
    confirming the scores of two tied candidates, a clerk's score and a tied candidate giving up, a score
    correction and the ranking — queue on the opening instead of deadlocking on each other's rows or ranking on a
    score that no longer counts. The one lock order of the module: the opening, then its registrations
    (``exams.shortlist_opening`` and ``rank_opening`` lock the opening, then read its registrations
    ``select_for_update``)."""
    try:
        pk = int(getattr(registration, "pk", registration))
    except (TypeError, ValueError):
        return  # ``locked`` refuses it with the usual message
    list(Opening.objects.select_for_update(of=("self",)).filter(registrations__pk=pk).only("pk"))


# The registrations a ranking places: ranked, proposed, and those who left it after ranking (their seat freed).
IN_STANDING = Q(status__in=[S.RANKED, S.HIRED, S.NOT_HIRED, S.WITHDRAWN], composite__isnull=False)
# Those who left the running after the ranking: they keep their published place (nobody's rank closes up) but no
# longer count for a seat, and tie nobody (``selection.rank``).
OUT_OF_RUNNING = (S.NOT_HIRED, S.WITHDRAWN)


def standing(opening, *, lock: bool = False) -> tuple[dict[str, Registration], selection.HireList]:
    """The ranked registrations of the opening (by id) and the seats as the ranking gives them now: the failed
    and withdrawn left out (and counted in no tie), ties decided by the 加试 scores that count, round by round
    (``selection.rank``); ``undecided`` are the candidates tied across the last (or a freed) seat — the ones who
    sit the 加试."""
    qs = opening.registrations.filter(IN_STANDING)
    return standing_of(opening, qs.select_for_update() if lock else qs)


def standing_of(opening, registrations) -> tuple[dict[str, Registration], selection.HireList]:
    """``standing`` from the opening's registrations ``IN_STANDING`` read already (the desk reads those of
    several openings in one query)."""
    regs = {str(r.pk): r for r in registrations}
    out = {k for k, r in regs.items() if r.status in OUT_OF_RUNNING}
    ranked = selection.rank(
        [
            selection.Scored(k, r.written_score, r.interview_score, r.extra_score, r.extra_rounds[1:])
            for k, r in regs.items()
        ],
        written_weight=opening.campaign.written_weight,
        excluded=out,
    )
    for row in ranked:
        regs[row.key].standing = row
    return regs, selection.hire_list(ranked, headcount=opening.seats, excluded=out)


def _without_extra(opening, regs) -> tuple[dict[str, selection.Ranked], selection.HireList]:
    """The standing as the three scores alone give it, with the same candidates out: what it would be had nobody
    sat the 加试. A seat or a place that differs from it was decided by the 加试; one that does not, by the
    candidates who left (递补, a tie that no longer is one)."""
    out = {k for k, r in regs.items() if r.status in OUT_OF_RUNNING}
    ranked = selection.rank(
        [selection.Scored(k, r.written_score, r.interview_score) for k, r in regs.items()],
        written_weight=opening.campaign.written_weight,
        excluded=out,
    )
    return {row.key: row for row in ranked}, selection.hire_list(
        ranked, headcount=opening.seats, excluded=out
    )


def extra_due(regs, hires) -> dict[str, int]:
    """Who owes a 加试 score now, with the round (1, 2 …): the candidates tied across the last (or a freed) seat
    whose score of the tie's current round has not counted. A round is over when every one of them has an agreed
    score for it; still equal, the next round is due for them all (再次加试) — the earlier rounds' scores stay."""
    if not hires.undecided:
        return {}
    done = min(len(regs[k].extra_rounds) for k in hires.undecided)
    return {k: done + 1 for k in hires.undecided if len(regs[k].extra_rounds) == done}


def extra_test_of(opening) -> list[Registration]:
    """The candidates of the opening who sit (or sat) the 加试 now: tied across the last or a freed seat; each
    with ``due_round``, the round whose score they owe (None when theirs of the current round counts)."""
    regs, hires = standing(opening)
    due = extra_due(regs, hires)
    for k in hires.undecided:
        regs[k].due_round = due.get(k)
    return sorted((regs[k] for k in hires.undecided), key=lambda r: r.pk)


def extra_test_open(reg: Registration, *, actor) -> int:
    """The 加试 round a score may be entered for now (1, 2 …): only for a candidate tied across the last (or a
    freed) seat whose score of the current round does not count yet (once two clerks agree it is final: it may
    already have placed someone). The 加试 decides between everyone tied for the seat, so a clerk who declared
    回避 on any of them enters none of their scores (``refuse_recused`` over the tie, as the shortlist and the
    ranking pass every registration they decide)."""
    regs, hires = standing(reg.opening)
    require(str(reg.pk) in hires.undecided, _("只有末位成绩并列的考生参加加试"))
    refuse_recused(actor, *(int(k) for k in hires.undecided))
    due = extra_due(regs, hires).get(str(reg.pk))
    require(due is not None, _("加试成绩已经两人一致确认，不能更改"))
    return due


def tell_extra_test(regs, opening) -> None:
    """Each candidate who owes a 加试 score (``extra_due``) is told to sit the round (once per round)."""
    for r in regs:
        n = len(r.extra_rounds) + 1
        if n == 1:
            title = Text(gettext_lazy("您在%(o)s的成绩与其他考生并列，须参加加试"), o=opening.title)
            key = f"personnel-extra-test-{r.pk}"
        else:
            title = Text(
                gettext_lazy("您在%(o)s的加试成绩与其他考生仍然相同，须参加第%(n)d轮加试"),
                o=opening.title,
                n=n,
            )
            key = f"personnel-extra-test-{r.pk}-{n}"
        _tell(r, title, key)


def _publish_places(regs, plain, opening, actor, seated=frozenset()) -> None:
    """The places as they stand now, published: rank and tie flag of the candidates still in the running. A
    place the 加试 decided (its candidate was tied, on the three scores, with another still in the running:
    ``plain``) is told to the candidate — unless they take a seat now (``seated``): ``move_up``'s one notice then
    tells both, one notice per person for one decision; a tie that is gone because the others in it left (放弃,
    a failed hiring step) only loses its flag (并列) — the rank stays as published, and the seat, if it follows,
    is told by ``move_up``. Both are audited, in the site's language (``stored``)."""
    changed = [
        r
        for r in regs.values()
        if r.status in (S.RANKED, S.HIRED) and (r.rank, r.tied) != (r.standing.rank, r.standing.tied)
    ]
    for r in changed:
        r.rank, r.tied = r.standing.rank, r.standing.tied
        r.version += 1
        r.save(update_fields=["rank", "tied", "version", "updated_at"])
    by_test = [r for r in changed if plain[str(r.pk)].tied]
    for r in by_test:
        if str(r.pk) in seated:
            continue
        _tell(
            r,
            Text(gettext_lazy("%(o)s的加试成绩已确认，您的名次为第%(n)d名"), o=opening.title, n=r.rank),
            f"personnel-extra-rank-{r.pk}-{r.rank}",
        )
    for rows, note in (
        (by_test, gettext_lazy("按加试成绩确定名次：%(who)s")),
        ([r for r in changed if r not in by_test], gettext_lazy("并列的考生已退出，名次不再并列：%(who)s")),
    ):
        if rows:
            who = "，".join(
                stored(gettext_lazy("%(name)s 第%(n)d名"), name=r.candidate.name, n=r.rank)
                for r in sorted(rows, key=lambda r: r.rank)
            )
            audit.record(actor=actor, action=AuditAction.UPDATE, obj=opening, note=stored(note, who=who))


def move_up(*, opening, actor) -> list[Registration]:
    """Fill the opening's free seats from the ranking (递补), with the ties the 加试 has decided; publishes the
    places that changed; asks for the next 加试 round when one ended equal. Returns the registrations that moved
    up, each told once what gave them the seat: the 加试 when it separated them from a candidate still in the
    running (with the place it gave them), else the seat freed or the tie gone (递补). In a finished campaign
    nothing moves any more (as nobody may give up there: ``registrations.withdrawal_refusal``).

    The notes it stores are in the site's language (``stored``): it runs inside whoever's request caused it — a
    candidate giving up, a clerk's score — and writes onto other candidates' records."""
    opening = Opening.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=opening.pk)
    if opening.campaign.status == CampaignStatus.FINISHED:
        return []
    regs, hires = standing(opening, lock=True)
    plain, plain_hires = _without_extra(opening, regs)
    seated = {k for k in hires.hired if regs[k].status == S.RANKED}
    _publish_places(regs, plain, opening, actor, seated=seated)
    moved = []
    for key in hires.hired:
        r = regs[key]
        if key in seated:
            by_test = key in plain_hires.undecided
            _event(
                r,
                r.status,
                S.HIRED,
                actor,
                stored(gettext_lazy("经加试确定为拟聘用人选，进入体检、考察和公示"))
                if by_test
                else stored(gettext_lazy("递补为拟聘用人选，进入体检、考察和公示")),
            )
            r.status = S.HIRED
            r.version += 1
            r.save(update_fields=["status", "version", "updated_at"])
            title = (
                Text(
                    gettext_lazy("经加试，您已确定为%(o)s的拟聘用人选，名次为第%(n)d名"),
                    o=opening.title,
                    n=r.rank,
                )
                if by_test
                else Text(gettext_lazy("您已递补为%(o)s的拟聘用人选"), o=opening.title)
            )
            _tell(r, title, f"personnel-moveup-{r.pk}")
            moved.append(r)
    if hires.undecided:
        _ask_extra_test(regs, hires, opening, actor)
    return moved


def _ask_extra_test(regs, hires, opening, actor) -> None:
    """The tie across the seat, audited as it stands, and each candidate who owes a score of the round told. A
    round that ended equal is recorded with its scores (they stay: ``extra_score``, ``extra_retests`` and the
    clerks' entries of that round) before the next is asked for."""
    tied = sorted((regs[k] for k in hires.undecided), key=lambda r: r.pk)
    due = extra_due(regs, hires)
    waiting = [regs[k] for k in sorted(due, key=int)]
    done = min(len(r.extra_rounds) for r in tied)
    names = "、".join(r.candidate.name for r in tied)
    if not done:
        note = stored(gettext_lazy("末位成绩并列 %(n)d 人，须加试确定"), n=len(tied))
    elif len(waiting) == len(tied):
        note = stored(
            gettext_lazy("第%(r)d轮加试成绩仍然相同（%(s)s）%(n)d 人：%(who)s，须进行第%(next)d轮加试"),
            r=done,
            s=tied[0].extra_rounds[-1],
            n=len(tied),
            who=names,
            next=done + 1,
        )
    else:
        note = stored(
            gettext_lazy("末位成绩并列 %(n)d 人，第%(next)d轮加试成绩待录入"), n=len(tied), next=done + 1
        )
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=opening, note=note)
    tell_extra_test(waiting, opening)


def steps_of(reg: Registration) -> list[HireStep]:
    # with the campaign: a running 公示 reads its period's end from it (``HireStep.period_end``)
    return list(
        HireStep.objects.filter(registration=reg)
        .select_related("registration__campaign")
        .order_by("on", "pk")
    )
