"""市级统筹 on the city officer's desk (core.desk): zones without an industry plan in force this year (none,
or only an expired or a future one), and the assessments scored but not yet published (their pay pools do
not count until then)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from devzone.core import desk
from devzone.core.access import can
from devzone.core.choices import Role
from devzone.planning import selectors
from devzone.planning.choices import AssessmentStatus
from devzone.planning.models import Assessment, IndustryPlan


@desk.item(60, Role.CITY_OFFICER)
def planning_gaps(request):
    if not can(request.user, "view", IndustryPlan):
        return None
    data = selectors.city_map(request.user)
    return desk.Entry(
        key="planning.gaps",
        label=_("没有现行产业规划的开发区"),
        count=len(data["gaps"]),
        url=reverse("planning:home"),
        tone="yellow",
        hint=_("重叠产业%(n)d个") % {"n": len(data["overlaps"])},
    )


@desk.item(61, Role.CITY_OFFICER)
def planning_unpublished(request):
    if not can(request.user, "view", Assessment):
        return None
    drafts = Assessment.objects.for_user(request.user).filter(status=AssessmentStatus.DRAFT)
    first = drafts.order_by("-scheme__year").first()
    return desk.Entry(
        key="planning.unpublished",
        label=_("已评分待公布的开发区考核"),
        count=drafts.count(),
        url=reverse("planning:scheme_detail", args=[first.scheme_id]) if first else reverse("planning:home"),
        hint=_("公布后确定各区绩效奖金池"),
    )
