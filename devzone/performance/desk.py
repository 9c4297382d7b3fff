"""季度考核 on each person's desk (core.desk): the round under way and its step (tally staff, leaders); the
department head's staff still to grade in the published round; the appeals the person decides (a zone leader's,
or the city officer's when 回避 leaves the zone no leader to decide one); for the city officer, the departments
no leader of their zone may score (回避), theirs to score."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from devzone.core import desk
from devzone.core.access import can, reach_of
from devzone.core.choices import Role
from devzone.core.models import Staff
from devzone.core.zones import narrow
from devzone.performance import selectors
from devzone.performance import services as svc
from devzone.performance.choices import STEP_ORDER, RoundStatus
from devzone.performance.models import Appeal, Round
from devzone.performance.services.rounds import city_scored_departments


@desk.item(50, Role.TALLY_STAFF, Role.ZONE_LEADER)
@desk.reading(Round, selectors.round_list)
def round_step(request, rounds):
    under_way = rounds.exclude(status=RoundStatus.PUBLISHED)
    current = under_way.order_by("-year", "-quarter", "-id").first()
    if current is None:
        return desk.Entry(
            key="performance.round",
            label=_("进行中的季度考核"),
            count=0,
            url=reverse("performance:round_list"),
            hint=_("没有进行中的考核"),
        )
    step = STEP_ORDER.index(current.status) + 1
    return desk.Entry(
        key="performance.round",
        label=_("%(year)d年第%(quarter)d季度考核") % {"year": current.year, "quarter": current.quarter},
        count=step,
        figure=f"{step}/{len(STEP_ORDER)}",
        url=reverse("performance:round_detail", args=[current.pk]),
        hint=_("第%(n)d步（共%(of)d步）：%(step)s")
        % {"n": step, "of": len(STEP_ORDER), "step": current.get_status_display()},
    )


@desk.item(50, Role.DEPARTMENT_HEAD)
def grades_pending(request):
    """The staff of the head's department (the heads themselves excepted) without a grade in the newest published round whose pay is open."""
    r = reach_of(request.user)
    if not r.department_id or not can(request.user, "view", Round):
        return None
    rnd = (
        selectors.round_list(user=request.user)
        .filter(status=RoundStatus.PUBLISHED, pay_closed_at__isnull=True)
        .order_by("-year", "-quarter", "-id")
        .first()
    )
    if rnd is None:
        return None
    # the people the round counted in the department (a leaver or a person moved on since included)
    res = rnd.results.filter(department_id=r.department_id).first()
    members = Staff.objects.for_user(request.user).filter(
        zone_id=rnd.zone_id, pk__in=res.members if res else []
    )
    pending = members.exclude(pk__in=rnd.grades.filter(department_id=r.department_id).values("staff_id"))
    # 回避: the heads' own records are the zone leader's to grade, not on the head's desk
    pending = pending.exclude(pk__in=svc.head_staff_ids(rnd.zone_id, r.department_id))
    return desk.Entry(
        key="performance.grades",
        label=_("待评定个人等次"),
        count=pending.count(),
        url=reverse("performance:grades", args=[rnd.pk, r.department_id]),
        tone="yellow",
        hint=_("%(year)d年第%(quarter)d季度") % {"year": rnd.year, "quarter": rnd.quarter},
    )


@desk.item(51, Role.ZONE_LEADER, Role.CITY_OFFICER)
def appeals_to_decide(request):
    """The pending appeals the person decides (``selectors.appeals_to_decide``), narrowed to the switcher's zone
    for the city officer; none pending, no item."""
    if not can(request.user, "view", Appeal):
        return None
    appeals = narrow(selectors.appeal_list(user=request.user), request, "round__zone")
    pending = selectors.appeals_to_decide(user=request.user, appeals=appeals)
    n = pending.count()
    if not n:
        return None
    return desk.Entry(
        key="performance.appeals",
        label=_("待处理的等次申诉"),
        count=n,
        url=reverse("performance:appeal_list") + "?todo=1",
        tone="yellow",
    )


@desk.item(52, Role.CITY_OFFICER)
@desk.reading(Round, selectors.round_list)
def departments_to_score(request, rounds):
    """The departments of the rounds at 民主测评 or 领导评分 that every leader of their zone is recused from
    (``city_scored_departments``) and no city officer has scored yet: the city officers' to score (one is
    enough, as the notice says); linked to the round with the most of them. None such, no item."""
    to_score = {}
    for r in rounds.filter(status__in=(RoundStatus.VOTING, RoundStatus.LEADER)).select_related("zone"):
        if depts := city_scored_departments(r):
            scored = set(
                r.leader_scores.filter(department_id__in=depts).values_list("department_id", flat=True)
            )
            if left := depts - scored:
                to_score[r] = len(left)
    if not to_score:
        return None
    first = max(to_score, key=lambda r: (to_score[r], -r.pk))
    return desk.Entry(
        key="performance.city_scores",
        label=_("待市级评分的部门（本区领导均须回避）"),
        count=sum(to_score.values()),
        url=first.get_absolute_url(),
        tone="yellow",
        hint=_("%(zone)s %(year)d年第%(quarter)d季度")
        % {"zone": first.zone.name, "year": first.year, "quarter": first.quarter},
    )
