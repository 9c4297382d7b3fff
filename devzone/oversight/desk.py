"""The city officer's desk (core.desk): the city dashboard with the number of zones, and the reform bulletin
with the number of its figures whose data is still missing."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from devzone.core import desk
from devzone.core.choices import Role
from devzone.core.models import City
from devzone.oversight import selectors
from devzone.oversight.access import may_view


@desk.item(62, Role.CITY_OFFICER)
def city_dashboard(request):
    if not may_view(request.user):
        return None
    return desk.Entry(
        key="oversight.dashboard",
        label=_("领导驾驶舱：各开发区对比"),
        count=selectors.zones_of(request.user).count(),
        url=reverse("oversight:dashboard"),
        hint=_("招商、审批、满意度、考核名次、规划进度"),
    )


@desk.item(63, Role.CITY_OFFICER)
def reform_bulletin(request):
    if not may_view(request.user, "oversight.bulletin"):
        return None
    city = City.objects.for_user(request.user).first()
    if city is None:
        return None
    figures = [f for s in selectors.bulletin(city) for f in s.figures]
    missing = sum(1 for f in figures if f.value is None)
    return desk.Entry(
        key="oversight.bulletin",
        label=_("改革简报：数据缺失的数字"),
        count=missing,
        url=reverse("oversight:bulletin"),
        tone="yellow",
        hint=_("共%(n)d个数字，由平台数据实时计算") % {"n": len(figures)},
    )
