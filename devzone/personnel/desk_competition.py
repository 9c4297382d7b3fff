"""竞聘上岗 on each person's desk, registered through ``personnel.desk`` (which core discovers): the zone's
人事专员's entries to score, the city office's competitions in their publicity period, the zone leader's ties
across a post's last seat waiting for the leaders' decision (党工委/管委会研究确定), and — after everyone's own work —
every staff member's own competitions: those they may still apply to and their entries under way.

Each item reads a fixed number of queries whatever the zone's size: a tie is found from one read of the entries of
every competition being scored and one of the decisions, never a query per competition or post."""

from __future__ import annotations

import functools

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.core import desk
from devzone.core.access import can, reach_of
from devzone.core.choices import Role
from devzone.core.models import Staff
from devzone.core.workdays import get_calendar
from devzone.core.zones import narrow
from devzone.personnel import selection, selectors
from devzone.personnel.access import SELF_APPLICANTS
from devzone.personnel.choices import CompetitionStatus, EntryStatus
from devzone.personnel.desk import CITY, _day
from devzone.personnel.models import Competition, CompetitionEntry, CompetitionPost, TieDecision
from devzone.personnel.services.competition import entered


@desk.item(74, Role.PERSONNEL_OFFICER)
def entries_to_score(request):
    """竞聘评分: the zone's eligible competition entries not yet scored, in competitions whose scoring is open."""
    qs = (
        narrow(CompetitionEntry.objects.for_user(request.user, "change"), request, "competition__zone")
        .filter(status=EntryStatus.APPLIED, competition__status=CompetitionStatus.SCORING)
        .exclude(competition__in=entered(request.user))  # 回避: an entrant scores none of their competition
        .select_related("staff", "target__post", "competition")
        .order_by("competition", "target", "pk")
    )
    found = qs.aggregate(
        n=Count("pk"), competitions=Count("competition", distinct=True), one=Min("competition")
    )
    if (
        found["competitions"] == 1
    ):  # that competition's page: its entries, scored or not, with the score forms
        url = reverse("personnel:competition_detail", args=[found["one"]])
    else:
        url = reverse("personnel:competition_list")
    rows = tuple(
        desk.Row(f"{e.staff.name} · {e.target.post}", e.competition.get_absolute_url(), e.competition.title)
        for e in (qs[: desk.NEAREST] if found["n"] else ())
    )
    return desk.Entry(
        key="personnel.competition_scores",
        label=_("待评分的竞聘报名"),
        count=found["n"],
        url=url,
        tone="yellow",
        rows=rows,
    )


@desk.item(84, *CITY)
def competitions_in_publicity(request):
    """竞聘上岗 in the zones: competitions ranked and in their publicity period, which the city reviews before
    the zones appoint (正式任用 after the period), the one ending first first."""
    if not can(request.user, "view", Competition):
        return None
    today = timezone.localdate()
    qs = (
        narrow(Competition.objects.for_user(request.user), request)
        .filter(status=CompetitionStatus.PUBLICITY)
        .select_related("zone")
        .order_by("publicity_until", "pk")
    )
    found = qs.aggregate(n=Count("pk"), one=Min("pk"))

    calendar = functools.cache(get_calendar)  # read once, for the rows that need it

    def row(c):
        until = c.publicity_end(calendar())
        note = _("公示至%(on)s") % {"on": _day(until, today)} if until else ""
        if until and until < today:
            note = _("公示期已满（%(on)s），待正式任用") % {"on": _day(until, today)}
        return desk.Row(f"{c.title} · {c.zone}", c.get_absolute_url(), note)

    url = (
        reverse("personnel:competition_detail", args=[found["one"]])
        if found["n"] == 1
        else reverse("personnel:competition_list")
    )
    return desk.Entry(
        key="personnel.city_competitions",
        label=_("公示中的竞聘"),
        count=found["n"],
        url=url,
        rows=tuple(row(c) for c in qs[: desk.NEAREST]) if found["n"] else (),
        hint=_("各区竞聘结果公示期间"),
    )


# --- the zone's leaders: ties across a post's last seat ----------------------------------------------------------
RANKED = (
    EntryStatus.SCORED,
    EntryStatus.APPOINTED,
    EntryStatus.NOT_APPOINTED,
)  # what ``post_standing`` ranks


def _ties(competitions, recused: int | None = None) -> dict[int, list[tuple[str, list[str], bool]]]:
    """The posts of ``competitions`` (being scored) whose last seat is tied and not settled by a decision of this
    very tie, per competition: [(post name, the tied names, whether a decision was taken for another tie)]; a tie
    the staff member ``recused`` is one of is left out (回避: another leader decides it).

    A post counts once every entry of it is scored (the leaders may decide then: ``services.competition.
    tie_decide``). The ranking is ``post_standing``'s (total, then the evaluation score; equal on both share a
    place) and the seats ``selection.hire_list``'s, from two queries: every entry of the competitions, and the
    decisions."""
    rows = (
        CompetitionEntry.objects.filter(competition__in=competitions)
        .exclude(status__in=(EntryStatus.INELIGIBLE, EntryStatus.WITHDRAWN))
        .values_list(
            "pk",
            "competition_id",
            "target_id",
            "target__seats",
            "target__post__name",
            "status",
            "total",
            "evaluation_score",
            "staff__employee_no",
            "staff__name",
            "staff_id",
        )
        .order_by("target_id", "pk")
    )
    posts: dict[int, dict] = {}
    staff_of = {}
    for pk, comp, target, seats, post, status, total, evaluation, number, name, staff in rows:
        staff_of[str(pk)] = staff
        p = posts.setdefault(
            target, {"comp": comp, "seats": seats, "post": post, "open": False, "ranked": []}
        )
        if status == EntryStatus.APPLIED:
            p["open"] = True  # not all scored: no decision can be taken yet
        elif status in RANKED:
            p["ranked"].append((-total, -evaluation, number, str(pk), name))
    decided = dict(TieDecision.objects.filter(competition__in=competitions).values_list("target_id", "tied"))
    out: dict[int, list] = {}
    for target, p in posts.items():
        if p["open"] or len(p["ranked"]) <= p["seats"]:
            continue
        ranked = sorted(p["ranked"])
        places = selection.places([r[:2] for r in ranked])
        hires = selection.hire_list(
            [selection.Placed(r[3], place) for r, place in zip(ranked, places, strict=True)],
            headcount=p["seats"],
        )
        if not hires.undecided or recused in {staff_of[i] for i in hires.undecided}:
            continue
        decision = decided.get(target)
        if decision is not None and sorted(str(i) for i in decision) == sorted(hires.undecided):
            continue
        names = [r[4] for r in ranked if r[3] in hires.undecided]
        out.setdefault(p["comp"], []).append((p["post"], names, decision is not None))
    return out


@desk.item(85, Role.ZONE_LEADER)
def ties_to_decide(request):
    """竞聘末位并列待研究确定: competitions being scored in which a post's last seat is tied on both scores and the
    leaders have recorded no decision of that tie (``TieDecision``; one taken before a score changed no longer
    counts): publication waits for it. Shown only when there is one; linked to the competition's page, where the
    leader records the decision."""
    if not can(request.user, "change", TieDecision):
        return None
    scoring = narrow(Competition.objects.for_user(request.user, "change"), request).filter(
        status=CompetitionStatus.SCORING
    )
    scoring = scoring.exclude(pk__in=entered(request.user))  # 回避: an entrant sees none of their ties
    ties = _ties(scoring, recused=reach_of(request.user).staff_id)
    if not ties:
        return None
    shown = list(scoring.filter(pk__in=sorted(ties)).order_by("created_at", "pk")[: desk.NEAREST])

    def row(c):
        notes = []
        for post, names, stale in ties[c.pk]:
            what = _("%(post)s：%(names)s并列末位") % {"post": post, "names": "、".join(names)}
            notes.append(what + (_("（并列人员已变化，须重新研究确定）") if stale else ""))
        return desk.Row(c.title, c.get_absolute_url(), "；".join(notes), "red")

    one = next(iter(ties)) if len(ties) == 1 else None
    return desk.Entry(
        key="personnel.competition_ties",
        label=_("竞聘末位并列待研究确定"),
        count=len(ties),
        url=reverse("personnel:competition_detail", args=[one])
        if one
        else reverse("personnel:competition_list"),
        tone="red",
        rows=tuple(row(c) for c in shown),
        hint=_("末位得分并列，由党工委研究确定人选后方可公布"),
    )


# --- every staff member's own competitions (after their own work) -----------------------------------------------
def _own_staff(request, staff_id: int):
    """The person's active staff record in their zone, or None (then nobody may apply: ``own_staff``)."""
    if not can(request.user, "view", CompetitionPost):
        return None
    return Staff.objects.for_user(request.user).filter(pk=staff_id, is_active=True).first()


@desk.item(86, *SELF_APPLICANTS)
@desk.own_work
def competitions_to_apply(request, staff_id):
    """可报名的竞聘: the open competitions (报名中) of the person's zone with a post they meet the conditions for
    and which they have not entered; each row names those posts. Shown only when there is one."""
    staff = _own_staff(request, staff_id)
    if staff is None or not can(request.user, "create", CompetitionEntry):
        return None
    posts: dict[int, list] = {}
    for target in selectors.posts_open_to(request.user, staff, timezone.localdate()):
        posts.setdefault(target.competition_id, []).append(target)
    if not posts:
        return None
    url = reverse("personnel:my_competitions")
    rows = tuple(
        desk.Row(
            targets[0].competition.title,
            url,
            _("可报%(posts)s") % {"posts": "、".join(t.post.name for t in targets)},
            "blue",
        )
        for targets in list(posts.values())[: desk.NEAREST]
    )
    return desk.Entry(
        key="personnel.competitions_open",
        label=_("可报名的竞聘"),
        count=len(posts),
        url=url,
        tone="blue",
        rows=rows,
        hint=_("符合报名条件、尚未报名；每次竞聘只能报一个岗位"),
    )


def _entry_note(entry, today) -> tuple[str, str]:
    """What the person reads of their entry: its status with the competition's stage, and a tone."""
    comp = entry.competition
    if entry.status == EntryStatus.WITHDRAWN:
        return _("已撤回（%(on)s）") % {"on": _day(timezone.localtime(entry.withdrawn_at).date(), today)}, ""
    if entry.status == EntryStatus.INELIGIBLE:
        return _("不符合条件：%(why)s") % {"why": "；".join(entry.eligibility)}, "red"
    if entry.status == EntryStatus.APPOINTED and comp.publicity_until:
        return _("拟任用，公示至%(on)s") % {"on": _day(comp.publicity_ends, today)}, "green"
    if entry.status in (EntryStatus.APPOINTED, EntryStatus.NOT_APPOINTED):
        return entry.get_status_display(), "green" if entry.status == EntryStatus.APPOINTED else ""
    return f"{entry.get_status_display()} · {comp.get_status_display()}", ""


@desk.item(87, *SELF_APPLICANTS)
@desk.own_work
def my_competition_entries(request, staff_id):
    """我的竞聘报名: the person's own entries in competitions not yet concluded (报名中, 评分中, 公示中), newest
    first, each with its status. Shown only when there is one."""
    if not can(request.user, "view", CompetitionPost):
        return None
    today = timezone.localdate()
    qs = (
        selectors.own_entries(request.user)
        .exclude(competition__status=CompetitionStatus.FINAL)
        .select_related("competition", "target__post")
        .order_by("-competition__created_at", "-pk")
    )
    url = reverse("personnel:my_competitions")

    def row(e):
        note, tone = _entry_note(e, today)
        return desk.Row(f"{e.target.post.name} · {e.competition.title}", url, note, tone)

    entry = desk.listing(qs, row, key="personnel.competition_mine", label=_("我的竞聘报名"), url=url)
    return entry if entry.count else None
