"""市级统筹 on the city officer's desk (core.desk): zones without an industry plan in force this year (none,
or only an expired or a future one), and the assessments scored but not yet published (their pay pools do
not count until then). Both follow the zone switcher, and each count is what its link opens."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from devzone.core import desk
from devzone.core.access import can
from devzone.core.choices import Role
from devzone.core.zones import active_zone, narrow
from devzone.planning import selectors
from devzone.planning.choices import AssessmentStatus
from devzone.planning.models import Assessment, IndustryPlan


@desk.item(60, Role.CITY_OFFICER)
def planning_gaps(request):
    """All zones: the gaps, linked to 市级统筹 (its 重叠与空白 lists each). One zone picked: that zone, if it is a
    gap, linked to its plan (制定规划) where the city may plan, else to 市级统筹."""
    if not can(request.user, "view", IndustryPlan):
        return None
    data = selectors.city_map(request.user)
    gaps, url = data["gaps"], reverse("planning:home")
    zone = active_zone(request)
    if zone is not None:
        gaps = [z for z in gaps if z.pk == zone.pk]
        if gaps and can(request.user, "create", IndustryPlan):
            url = reverse("planning:plan_edit", args=[zone.pk])
    return desk.Entry(
        key="planning.gaps",
        label=_("没有现行产业规划的开发区"),
        count=len(gaps),
        url=url,
        tone="yellow",
        hint=_("重叠产业%(n)d个") % {"n": len(data["overlaps"])},
    )


@desk.item(61, Role.CITY_OFFICER)
def planning_unpublished(request):
    """The drafts (评分中) in the zone picked, counted per scheme in one query. The count is the newest scheme's,
    linked to that scheme's page, where they are published; each older scheme with drafts is a row with its own
    count and link."""
    if not can(request.user, "view", Assessment):
        return None
    drafts = narrow(Assessment.objects.for_user(request.user).filter(status=AssessmentStatus.DRAFT), request)
    schemes = list(
        drafts.values("scheme_id", "scheme__year", "scheme__name")
        .annotate(n=Count("id"))
        .order_by("-scheme__year", "-scheme_id")
    )
    newest = schemes[0] if schemes else None
    return desk.Entry(
        key="planning.unpublished",
        label=_("已评分待公布的开发区考核"),
        count=newest["n"] if newest else 0,
        url=reverse("planning:scheme_detail", args=[newest["scheme_id"]])
        if newest
        else reverse("planning:home"),
        rows=tuple(
            desk.Row(
                _("%(year)s年 · %(name)s") % {"year": s["scheme__year"], "name": s["scheme__name"]},
                reverse("planning:scheme_detail", args=[s["scheme_id"]]),
                _("%(n)d个待公布") % {"n": s["n"]},
                "yellow",
            )
            for s in schemes[1 : 1 + desk.NEAREST]
        ),
        hint=(
            _("%(year)s年 · %(name)s；公布后确定各区绩效奖金池")
            % {"year": newest["scheme__year"], "name": newest["scheme__name"]}
            if newest
            else _("公布后确定各区绩效奖金池")
        ),
    )
