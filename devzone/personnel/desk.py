"""公开招聘 on each person's desk (core.desk): the candidate's registrations under way with the next date each asks
of them, and the openings they may still apply to; the zone's 人事专员's registrations to screen, scores waiting
for their entry (the second of two, or theirs to correct), proposed hires waiting for a step, and ties waiting for
the additional test (加试, also on the city office's desk).

The module's other desk items live beside this one, by concept, and are registered when core discovers this
module (``registry.discover("desk")`` imports ``<app>.desk``; the imports at the end bring in the rest):
``desk_city`` — the city's personnel office (市级管理人员); ``desk_competition`` — 竞聘上岗 (the office's entries to
score, the city's competitions in publicity, every staff member's own competitions, the leaders' ties).

The module has no page that lists registrations across openings: an officer's item links to the one opening's
list (filtered by status) when every counted row is in one opening, else to 公开招聘 (the campaigns); its rows
link to the registrations themselves, where the officer acts. The elimination cases are not on the officer's
desk: the zone's leaders decide them (``services.staffing.DECIDERS``)."""

from __future__ import annotations

import functools

from django.db.models import Case, Count, Exists, IntegerField, Min, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.core import desk
from devzone.core.access import reach_of
from devzone.core.choices import Role
from devzone.core.workdays import get_calendar
from devzone.core.zones import narrow
from devzone.personnel.choices import CampaignStatus, ExamStage, HireStepKind, HireStepOutcome, OpeningStatus
from devzone.personnel.choices import RegistrationStatus as S
from devzone.personnel.models import HireStep, Opening, Registration, ScoreEntry
from devzone.personnel.models.recruitment import RegistrationRecusal
from devzone.personnel.selectors import resubmit_deadline, short_day
from devzone.personnel.services.exams import STAGE_STATUS
from devzone.personnel.services.hiring import IN_STANDING, extra_due, next_step, standing_of

UNDER_WAY = [CampaignStatus.PUBLISHED, CampaignStatus.CLOSED]  # a campaign between publication and its end
OUT = [S.REJECTED, S.NOT_SHORTLISTED, S.NOT_HIRED, S.WITHDRAWN]  # a registration that has left the campaign


def _day(on, today) -> str:
    return short_day(on, today)


# --- the candidate -------------------------------------------------------------------------------------------
def _next_for_candidate(reg: Registration, today) -> tuple[str, str]:
    """What the candidate reads under a registration, and its tone: the status and, when there is one, the next
    date it asks of them (the deadline to resubmit, the exam or interview day) or the published result with the
    hiring step."""
    detail, tone = _detail_for_candidate(reg, today)
    status = reg.get_status_display()
    return (_("%(status)s：%(detail)s") % {"status": status, "detail": detail} if detail else status), tone


def _detail_for_candidate(reg: Registration, today) -> tuple[str, str]:
    campaign = reg.campaign
    if reg.status == S.RETURNED:  # the registration's page tells the same deadline (``resubmit_deadline``)
        deadline = resubmit_deadline(campaign)
        return deadline.note, "" if deadline.passed else "red"
    if reg.status == S.QUALIFIED and campaign.written_exam_on and campaign.written_exam_on >= today:
        exam = _("%(on)s笔试") % {"on": _day(campaign.written_exam_on, today)}
        if not reg.ticket:
            return exam, ""
        return f"{exam} · " + _("准考证已可打印"), "yellow"
    if reg.status == S.SHORTLISTED and campaign.interview_on and campaign.interview_on >= today:
        return _("%(on)s面试") % {"on": _day(campaign.interview_on, today)}, "yellow"
    if reg.rank is not None and reg.status in (S.RANKED, S.HIRED):
        result = _("综合成绩%(c)s，第%(n)d名") % {"c": reg.composite, "n": reg.rank}
        if reg.status == S.HIRED:
            return f"{result} · {_hire_note(reg, today)}", "green"
        return result, ""
    return "", ""


def _hire_note(reg: Registration, today) -> str:
    steps = {s.kind: s for s in reg.hire_steps.all()}
    kind = next_step(reg, steps)
    if kind is None:
        return _("体检、考察和公示已完成")
    step = steps.get(kind)
    if (
        step is not None and step.publicity_until
    ):  # the publicity has begun: its end by the calendar as it stands
        return _("公示至%(on)s") % {"on": _day(step.period_end(reg.campaign.publicity_days), today)}
    return _("待%(step)s") % {"step": HireStepKind(kind).label}


@desk.item(70, Role.CANDIDATE)
def my_registrations(request):
    """The candidate's registrations still under way (campaign not ended, not out of it), the one waiting for
    their correction first."""
    today = timezone.localdate()
    qs = (
        Registration.objects.for_user(request.user)
        .filter(campaign__status__in=UNDER_WAY)
        .exclude(status__in=OUT)
        .select_related("campaign", "opening", "opening__zone")
        .prefetch_related("hire_steps")
        .order_by(
            Case(When(status=S.RETURNED, then=Value(0)), default=Value(1), output_field=IntegerField()),
            "-submitted_at",
            "-pk",
        )
    )

    def row(reg):
        note, tone = _next_for_candidate(reg, today)
        label = f"{reg.opening.code} {reg.opening.title} · {reg.opening.zone}"
        return desk.Row(label, reverse("personnel:my_registration", args=[reg.pk]), note, tone)

    return desk.listing(
        qs,
        row,
        key="personnel.mine",
        label=_("进行中的报名"),
        url=reverse("personnel:my"),
        hint=_("审核、笔试、面试和聘用的进展"),
    )


@desk.item(71, Role.CANDIDATE)
def openings_to_apply(request):
    """The openings the candidate may still apply to: registration open now in a campaign of their city they have
    not applied in (one opening per campaign). Not shown when there is none."""
    now = timezone.now()
    user = request.user
    found = (
        Opening.objects.filter(
            campaign__city_id=reach_of(user).city_id,
            campaign__status=CampaignStatus.PUBLISHED,
            campaign__registration_opens__lte=now,
            campaign__registration_closes__gt=now,
            status=OpeningStatus.OPEN,
        )
        .exclude(campaign__in=Registration.objects.for_user(user).values("campaign"))
        .aggregate(n=Count("pk"), closes=Min("campaign__registration_closes"))
    )
    if not found["n"]:
        return None
    closes = timezone.localtime(found["closes"])
    return desk.Entry(
        key="personnel.openings",
        label=_("可报考的岗位"),
        count=found["n"],
        url=reverse("personnel:my"),
        tone="blue",
        hint=_("报名截止：%(on)s") % {"on": f"{_day(closes.date(), timezone.localdate())} {closes:%H:%M}"},
    )


# --- the zone's 人事专员 --------------------------------------------------------------------------------------------
def _recused(request, registration: str = "pk") -> Exists:
    """Whether the officer declared 回避 on the row's registration (``registration``: the path from the row to the
    registration's key), read from the declarations ``registrations.refuse_recused`` reads: every step of that
    registration refuses them, so it is not on their desk — another officer's."""
    return Exists(RegistrationRecusal.objects.filter(registration=OuterRef(registration), user=request.user))


def _officer_rows(request, model=Registration, path: str = "zone"):
    """The officer's rows of ``model`` in the zone picked: registrations they may change (screen, score, record a
    step), score entries of their zone's registrations; none of a registration they declared 回避 on."""
    action = "change" if model is Registration else "view"
    rows = narrow(model.objects.for_user(request.user, action), request, path)
    return rows.filter(~_recused(request, "pk" if model is Registration else "registration"))


def _officer_item(qs, row, *, registration: str = "", **entry) -> desk.Entry:
    """An officer's item: the count, the list behind it and its first ``NEAREST`` rows (two queries).

    The list is the opening's registrations in the counted rows' status when they all lie in one opening (one
    opening's counted rows share a status: an opening moves through the exam as a whole), else the campaigns
    (公开招聘); ``registration`` is the path from ``qs``'s rows to their registration. The count, the openings and
    the status are read in one query."""
    found = qs.aggregate(
        n=Count("pk"),
        openings=Count(f"{registration}opening", distinct=True),
        opening=Min(f"{registration}opening"),
        status=Min(f"{registration}status"),
    )
    if found["openings"] == 1:
        url = reverse("personnel:opening_detail", args=[found["opening"]]) + f"?status={found['status']}"
    else:
        url = reverse("personnel:home")
    rows = tuple(row(obj) for obj in qs[: desk.NEAREST]) if found["n"] else ()
    return desk.Entry(count=found["n"], url=url, rows=rows, **entry)


def _who(reg: Registration) -> str:
    return f"{reg.candidate.name} · {reg.opening.code} {reg.opening.title}"


@desk.item(70, Role.PERSONNEL_OFFICER)
def to_screen(request):
    """资格审核: the zone's registrations submitted (or resubmitted) in a campaign under way, first come first."""
    today = timezone.localdate()
    qs = (
        _officer_rows(request)
        .filter(status=S.SUBMITTED, campaign__status__in=UNDER_WAY)
        .select_related("candidate", "opening")
        .order_by("submitted_at", "pk")
    )

    def row(reg):
        note = _("%(on)s提交") % {"on": _day(timezone.localtime(reg.submitted_at).date(), today)}
        if reg.precheck:
            note += " · " + _("预审提示%(n)d项") % {"n": len(reg.precheck)}
        return desk.Row(_who(reg), reg.get_absolute_url(), note, "yellow" if reg.precheck else "")

    return _officer_item(
        qs,
        row,
        key="personnel.screening",
        label=_("待资格审核的报名"),
        tone="yellow",
        hint=_("先提交的在前"),
    )


def _stage_open() -> Q:
    """A score entry whose registration still sits that stage's exam (its score may still be entered)."""
    q = Q()
    for stage, statuses in STAGE_STATUS.items():
        q |= Q(stage=stage, registration__status__in=list(statuses))
    return q


def _entries(request):
    return (
        _officer_rows(request, ScoreEntry, "registration__zone")
        .filter(_stage_open())
        .select_related("registration__candidate", "registration__opening")
        .order_by("at", "pk")
    )


def _entry_row(note: str, tone: str = ""):
    """A score entry's row: ``note`` names the stage as ``%(stage)s``."""

    def row(entry):
        stage = ExamStage(entry.stage).label
        reg = entry.registration
        return desk.Row(_who(reg), reg.get_absolute_url(), note % {"stage": stage}, tone)

    return row


@desk.item(71, Role.PERSONNEL_OFFICER)
def second_entries(request):
    """成绩两人录入: scores another clerk has entered alone, which this officer can enter as the second."""
    others = ScoreEntry.objects.filter(
        registration=OuterRef("registration"), stage=OuterRef("stage"), round=OuterRef("round")
    ).exclude(pk=OuterRef("pk"))
    qs = _entries(request).exclude(clerk=request.user).filter(~Exists(others))
    return _officer_item(
        qs,
        _entry_row(_("%(stage)s成绩待第二人录入")),
        registration="registration__",
        key="personnel.second_entry",
        label=_("待我录入的第二份成绩"),
        tone="yellow",
        hint=_("两人录入一致，成绩才计入"),
    )


@desk.item(72, Role.PERSONNEL_OFFICER)
def mismatched_entries(request):
    """The officer's own score entries that another clerk's entry contradicts: neither counts until one corrects
    theirs. An exception, not a daily task: shown only when there is one."""
    differing = ScoreEntry.objects.filter(
        registration=OuterRef("registration"), stage=OuterRef("stage"), round=OuterRef("round")
    ).exclude(score=OuterRef("score"))
    qs = _entries(request).filter(clerk=request.user).filter(Exists(differing))
    entry = _officer_item(
        qs,
        _entry_row(_("%(stage)s成绩与另一人录入不一致"), "red"),
        registration="registration__",
        key="personnel.score_mismatch",
        label=_("录入不一致的成绩"),
        tone="red",
        hint=_("请核对试卷后更正"),
    )
    return entry if entry.count else None


@desk.item(73, Role.PERSONNEL_OFFICER)
def hires_to_step(request):
    """拟聘用 waiting for the officer: the next of 体检、考察、公示 to record, or a publicity period that has ended
    and waits for its conclusion (one still running is not theirs to act on yet) — in a campaign under way: a
    finished one records no more steps (``hiring.hire_step_record``)."""
    today = timezone.localdate()
    waiting = HireStep.objects.filter(registration=OuterRef("pk"), kind=HireStepKind.PUBLICITY).filter(
        Q(outcome=HireStepOutcome.PASSED) | Q(outcome=HireStepOutcome.PENDING, publicity_until__gte=today)
    )
    qs = (
        _officer_rows(request)
        .filter(status=S.HIRED, campaign__status__in=UNDER_WAY)
        .filter(~Exists(waiting))
        .select_related("candidate", "opening", "campaign")
        .prefetch_related("hire_steps")
        .order_by("pk")
    )
    calendar = functools.cache(get_calendar)  # read once, for the rows in their publicity

    def row(reg):
        steps = {s.kind: s for s in reg.hire_steps.all()}
        kind = next_step(reg, steps)
        step = steps.get(kind) if kind else None
        if step is not None and step.publicity_until:
            ends = step.period_end(reg.campaign.publicity_days, calendar())
            if ends >= today:  # a calendar correction made while it ran moved its end on
                note = _("公示至%(on)s") % {"on": _day(ends, today)}
            else:
                note = _("公示期已满（%(on)s），待确认结果") % {"on": _day(ends, today)}
        else:
            note = _("待%(step)s") % {"step": HireStepKind(kind).label} if kind else ""
        return desk.Row(_who(reg), reg.get_absolute_url(), note)

    return _officer_item(
        qs,
        row,
        key="personnel.hire_steps",
        label=_("待办理聘用环节的拟聘用人员"),
        hint=_("体检、考察、公示依次办理"),
    )


CITY = (Role.CITY_OFFICER,)  # the city's personnel office (市级管理人员): its items are in ``desk_city``


def _link(found: dict, campaign_key: str = "campaign", opening_key: str = "") -> str:
    """The page behind a city item: the one opening's page when every counted row is in one opening, the one
    campaign's page when they are in one campaign, else 公开招聘 (the campaigns)."""
    if opening_key and found.get(f"{opening_key}s") == 1:
        return reverse("personnel:opening_detail", args=[found[opening_key]])
    if found.get(f"{campaign_key}s") == 1:
        return reverse("personnel:campaign_detail", args=[found[campaign_key]])
    return reverse("personnel:home")


@desk.item(83, Role.PERSONNEL_OFFICER, *CITY)
def tied_for_additional_test(request):
    """加试成绩待录入: the candidates who sit the 加试 — tied across the last (or a freed) seat as the ranking
    stands now (``hiring.standing``; candidates merely equal below the seats sit none) — in a campaign under way,
    whose score of the round (the first, or another when the last ended equal: ``hiring.extra_due``) has not
    counted yet (two clerks agree): the seat is not given until it decides. Shown only when there is one; the
    scores themselves are entered on each registration's page.

    One query, however many openings: the standing registrations of every opening in reach where a tied
    candidate waits (``Registration.tied``, which ``rank_opening`` also sets below the seats), each opening's
    standing then computed from them."""
    waiting = _officer_rows(request).filter(
        tied=True, campaign__status__in=UNDER_WAY, status__in=[S.RANKED, S.HIRED]
    )
    by_opening: dict[int, list[Registration]] = {}
    for r in (
        Registration.objects.filter(IN_STANDING, opening__in=waiting.values("opening"))
        .select_related("candidate", "opening__campaign")
        .annotate(recused=_recused(request))
        .order_by("pk")
    ):
        by_opening.setdefault(r.opening_id, []).append(r)
    tied = []
    for regs in by_opening.values():
        found, hires = standing_of(regs[0].opening, regs)
        if any(found[k].recused for k in hires.undecided):
            continue  # 回避 on one of the tied: the 加试 decides between them all (``hiring.extra_test_open``)
        for k, due in extra_due(found, hires).items():
            if found[k].status in (S.RANKED, S.HIRED):
                found[k].due_round = due
                tied.append(found[k])
    if not tied:
        return None
    tied.sort(key=lambda r: (r.opening_id, r.rank or 0, r.pk))
    openings = {r.opening_id for r in tied}
    # a tie spans ranked and proposed registrations of one opening: its page unfiltered, not one status
    found = {"openings": len(openings), "opening": min(openings)}
    return desk.Entry(
        key="personnel.tied",
        label=_("加试成绩待录入的考生"),
        count=len(tied),
        url=_link(found, opening_key="opening"),
        tone="red",
        rows=tuple(
            desk.Row(_who(r), r.get_absolute_url(), _due_note(r), "red") for r in tied[: desk.NEAREST]
        ),
        hint=_("并列不以抽签决定，加试定名次"),
    )


def _due_note(reg: Registration) -> str:
    if reg.due_round > 1:  # 再次加试: the last round ended equal
        return _("第%(n)d名并列，待第%(r)d轮加试") % {"n": reg.rank or 0, "r": reg.due_round}
    return _("第%(n)d名并列，待加试") % {"n": reg.rank or 0}


# The module's other desk items, registered with these (see the docstring): imported last, as they read the
# helpers above.
from devzone.personnel import desk_city, desk_competition  # noqa: E402, F401
