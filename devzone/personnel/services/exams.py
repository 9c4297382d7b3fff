"""考试: admission tickets and seats, scores entered twice by two clerks, the interview shortlist by ratio, the
composite and ranking with the tie rules of ``personnel.selection``, the list of proposed hires, and the 加试 of
the candidates tied across the last seat (entered like every score; it decides the tie)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core import audit
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import DomainError, require, require_role
from devzone.core.locking import locked
from devzone.core.notify import Text, notify, stored
from devzone.personnel import selection
from devzone.personnel.choices import CampaignStatus, ExamStage, OpeningStatus
from devzone.personnel.choices import RegistrationStatus as S
from devzone.personnel.models import Opening, RecruitmentCampaign, Registration, RegistrationEvent, ScoreEntry
from devzone.personnel.services import hiring
from devzone.personnel.services.registrations import SCREENERS, refuse_recused

ROOM_SEATS = 30
SCORE_CLERKS = (Role.PERSONNEL_OFFICER, Role.CITY_OFFICER)  # who enter scores (each by two of them)
STAGE_FIELD = {
    ExamStage.WRITTEN: "written_score",
    ExamStage.INTERVIEW: "interview_score",
    ExamStage.EXTRA: "extra_score",
}
# 加试: a ranked candidate tied across the last (or a freed) seat (``hiring.extra_test_open`` checks the tie)
STAGE_STATUS = {
    ExamStage.WRITTEN: {S.QUALIFIED},
    ExamStage.INTERVIEW: {S.SHORTLISTED},
    ExamStage.EXTRA: {S.RANKED},
}


def _moved(regs, status, actor, note="") -> None:
    """Set the status of many registrations with one event each (a whole opening moves at once)."""
    events = [
        RegistrationEvent(registration=r, from_status=r.status, to_status=status, actor=actor, note=note)
        for r in regs
        if r.status != status
    ]
    for r in regs:
        r.status = status
        r.version += 1
    Registration.objects.bulk_update(regs, ["status", "version", "rank", "composite", "tied"])
    RegistrationEvent.objects.bulk_create(events)


@transaction.atomic
def tickets_assign(*, actor, campaign) -> int:
    """Admission ticket numbers, rooms of 30 and seats for every qualified registration of the open or cut
    openings, in opening and registration order; numbers already given are kept."""
    require_role(actor, Role.CITY_OFFICER, Role.SYSTEM, doing=_("编排考场"))
    campaign = locked(RecruitmentCampaign, campaign, actor=actor, what=_("招聘公告"))
    require(campaign.status == CampaignStatus.CLOSED, _("报名结束后才能编排考场"))
    # Only the openings whose exam ratio has been applied (开考比例核定): an opening still waiting for it gets its
    # tickets when it is decided (tickets first would bar the ratio for good, and its scores with it).
    regs = list(
        Registration.objects.filter(
            campaign=campaign,
            status=S.QUALIFIED,
            opening__status__in=[OpeningStatus.OPEN, OpeningStatus.CUT],
            opening__final_headcount__isnull=False,
        ).order_by("opening__code", "pk")
    )
    # New numbers continue after the highest ever given in the campaign (a withdrawn candidate's number and seat
    # stay theirs: the numbers are printed on tickets already handed out).
    last = (
        Registration.objects.filter(campaign=campaign)
        .exclude(ticket="")
        .order_by("-ticket")
        .values_list("ticket", flat=True)
        .first()
    )
    start = int(last[-5:]) if last else 0
    fresh = [r for r in regs if not r.ticket]
    for n, reg in enumerate(fresh, start=start):
        reg.ticket = f"{campaign.pk:03d}{n + 1:05d}"
        reg.room = f"{n // ROOM_SEATS + 1:03d}"
        reg.seat = n % ROOM_SEATS + 1
    Registration.objects.bulk_update(fresh, ["ticket", "room", "seat"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=campaign,
        note=stored(gettext_lazy("编排考场 %(n)d 人"), n=len(regs)),
    )
    return len(fresh)


def _score(raw) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise DomainError.on("score", _("请填写成绩（0–100）")) from None
    require(value.is_finite() and 0 <= value <= 100, _("成绩应在0到100之间"), "score")
    require(value == value.quantize(Decimal("0.01")), _("成绩最多保留两位小数"), "score")
    return value


@transaction.atomic
def score_enter(*, actor, registration, stage: str, score) -> str:
    """One clerk's entry. Returns ``waiting`` (the other clerk has not entered it), ``confirmed`` (two clerks
    agree: the score counts) or ``mismatch`` (they differ: nothing counts until one corrects theirs).

    The 加试 (``ExamStage.EXTRA``) is entered the same way, for the candidates tied across the last or a freed
    seat; once it counts it is final, and when every tied candidate's counts the ranking decides the tie by it
    (``hiring.move_up``: places published, the seat filled, the candidates told). Still equal, those tied sit
    another round (``hiring.extra_due``): its entries are the round's own (``ScoreEntry.round``), its agreed score
    is added to ``extra_retests`` — the earlier rounds' entries and scores are kept.

    Every entry locks the opening first, then the registration (``hiring.lock_opening_of``, the module's one lock
    order): the shortlist and the ranking lock the opening before they read its registrations, so a score
    confirmed or corrected at the same moment is either in before they read it or waits until they are done —
    never a ranking on a score that no longer counts.

    A finished campaign (结束招聘) takes no score, of any stage: refused with the reason."""
    require_role(actor, *SCORE_CLERKS, doing=_("录入成绩"))
    require(stage in STAGE_FIELD, _("请选择考试环节"), "stage")
    value = _score(score)
    hiring.lock_opening_of(registration)
    reg = locked(Registration, registration, actor=actor, what=_("报名"), related=("opening", "campaign"))
    refuse_recused(actor, reg)  # 回避: a clerk related to the candidate enters none of their scores
    # a finished campaign's record is closed: no score is written into it, a 加试 included (it would move
    # nobody — ``hiring.move_up`` is idle there — but the score would stand in the record), as no hiring step is
    require(
        reg.campaign.status != CampaignStatus.FINISHED,
        _("招聘已结束，不能再录入%(stage)s成绩") % {"stage": ExamStage(stage).label},
    )
    if stage == ExamStage.INTERVIEW and reg.status == S.QUALIFIED:
        raise DomainError.on("__all__", _("该岗位尚未确定面试人选，不能录入面试成绩"))
    require(reg.status in STAGE_STATUS[stage], _("该考生不参加此环节考试"))
    if stage == ExamStage.WRITTEN:
        _written_exam_held(reg.opening)
        require(bool(reg.ticket), _("该考生尚未编排考场、没有准考证号，不能录入笔试成绩"))
    round_ = hiring.extra_test_open(reg, actor=actor) if stage == ExamStage.EXTRA else 1
    ScoreEntry.objects.update_or_create(
        registration=reg, stage=stage, round=round_, clerk=actor, defaults={"score": value}
    )
    entries = list(
        ScoreEntry.objects.filter(registration=reg, stage=stage, round=round_)
        # an entry made before its clerk declared 回避 counts for nothing: two other clerks must agree
        .exclude(clerk_id__in=reg.recusals.values("user_id"))
        .values_list("clerk_id", "score")
    )
    if len(entries) < 2:
        outcome, counted = "waiting", None
    else:
        values = {s for _, s in entries}
        outcome, counted = ("confirmed", value) if len(values) == 1 else ("mismatch", None)
    if round_ == 1:
        setattr(reg, STAGE_FIELD[stage], counted)
        reg.save(update_fields=[STAGE_FIELD[stage], "updated_at"])
    elif counted is not None:  # 再次加试: the round's agreed score joins the earlier ones, which stay
        reg.extra_retests = [*reg.extra_retests, str(counted.quantize(Decimal("0.01")))]
        reg.save(update_fields=["extra_retests", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=reg,
        note=stored(gettext_lazy("录入%(stage)s成绩"), stage=ExamStage(stage).label)
        if round_ == 1
        else stored(gettext_lazy("录入第%(n)d轮加试成绩"), n=round_),
    )
    if stage == ExamStage.EXTRA and outcome == "confirmed":
        hiring.move_up(opening=reg.opening, actor=actor)
    return outcome


def _written_exam_held(opening: Opening) -> None:
    """The written exam of an opening follows the exam ratio: applied (开考比例核定), and not cancelled by it."""
    require(
        opening.final_headcount is not None, _("该岗位尚未按开考比例核定，不能录入笔试成绩或确定面试人选")
    )
    require(opening.status != OpeningStatus.CANCELLED, _("该岗位已取消"))


def _opening_for(actor, opening) -> Opening:
    require_role(actor, *SCREENERS, doing=_("确定人选"))
    return locked(Opening, opening, actor=actor, what=_("招聘岗位"), related=("campaign",))


def _locked_registrations(opening: Opening, status: str):
    """The opening's registrations in ``status``, locked (``select_for_update``) after the opening itself, with
    their candidates (read for the notices)."""
    return (
        opening.registrations.select_for_update(of=("self",))
        .select_related("candidate")
        .filter(status=status)
        .order_by("pk")
    )


@transaction.atomic
def shortlist_opening(*, actor, opening) -> list[str]:
    """面试人选 by the written scores: ratio × seats at or above the pass line, with ties at the last place. The
    opening locked first, then its registrations (``hiring.lock_opening_of``): a written score entered at the same
    moment is in before they are read, or waits."""
    opening = _opening_for(actor, opening)
    _written_exam_held(opening)
    regs = list(_locked_registrations(opening, S.QUALIFIED))
    require(bool(regs), _("没有参加笔试的考生"))
    refuse_recused(actor, *regs)  # 回避: the list decides each of them
    require(all(r.ticket for r in regs), _("还有考生尚未编排考场、没有准考证号，不能确定面试人选"))
    require(all(r.written_score is not None for r in regs), _("还有考生的笔试成绩未经两人一致录入"))
    chosen = set(
        selection.shortlist(
            [(str(r.pk), r.written_score) for r in regs],
            headcount=opening.seats,
            ratio=opening.campaign.exam_ratio,
            pass_line=opening.campaign.written_pass_line,
        )
    )
    _moved([r for r in regs if str(r.pk) in chosen], S.SHORTLISTED, actor)
    _moved([r for r in regs if str(r.pk) not in chosen], S.NOT_SHORTLISTED, actor)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=opening,
        note=stored(gettext_lazy("确定面试人选 %(n)d 人"), n=len(chosen)),
    )
    return sorted(chosen)


@transaction.atomic
def rank_opening(*, actor, opening) -> selection.HireList:
    """综合成绩 and 排名 for everyone interviewed, then the proposed hires (拟聘用) down the ranking; a tie across
    the last seat is left for the additional test and reported. The opening locked first, then its registrations
    (``hiring.lock_opening_of``): an interview score corrected or a candidate giving up at the same moment is
    in before they are read, or waits until the ranking is done."""
    opening = _opening_for(actor, opening)
    require(
        not opening.registrations.filter(rank__isnull=False).exists(),
        _("该岗位的综合成绩和排名已经公布，不能重新排名；空出的名额按名次递补"),
    )
    require(
        not opening.registrations.filter(status=S.QUALIFIED).exists(),
        _("该岗位尚未确定面试人选，不能排名"),
    )
    regs = {str(r.pk): r for r in _locked_registrations(opening, S.SHORTLISTED)}
    require(bool(regs), _("没有进入面试的考生"))
    refuse_recused(actor, *regs.values())  # 回避: the ranking decides each of them
    require(
        all(r.interview_score is not None for r in regs.values()), _("还有考生的面试成绩未经两人一致录入")
    )
    ranked = selection.rank(
        [selection.Scored(k, r.written_score, r.interview_score) for k, r in regs.items()],
        written_weight=opening.campaign.written_weight,
    )
    for row in ranked:
        reg = regs[row.key]
        reg.composite, reg.rank, reg.tied = row.composite, row.rank, row.tied
    hires = selection.hire_list(ranked, headcount=opening.seats)
    _moved([regs[k] for k in hires.hired], S.HIRED, actor, note=stored(gettext_lazy("进入体检、考察和公示")))
    _moved([r for k, r in regs.items() if k not in hires.hired], S.RANKED, actor)
    notify(
        [r.candidate.user_id for r in regs.values()],
        kind="personnel.ranked",
        # in each candidate's own language, not the clerk's (core.notify.Text)
        title=Text(gettext_lazy("%(o)s 的综合成绩和排名已发布"), o=opening.title),
        key=f"personnel-ranked-{opening.pk}",
    )
    hiring.tell_extra_test([regs[k] for k in hires.undecided], opening)
    return hires
