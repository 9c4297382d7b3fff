"""班子: the leadership teams of the zones in reach, and the figures before and after the reform date."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date

from devzone.core.access import can
from devzone.core.models import Zone
from devzone.core.web import page_of
from devzone.core.zones import narrow
from devzone.personnel import selectors
from devzone.personnel.models import TeamMember


def _day(raw, default):
    try:
        return parse_date(raw or "") or default
    except ValueError:
        return default


@login_required
def teams(request):
    if not can(request.user, "view", TeamMember):
        raise PermissionDenied
    members = narrow(TeamMember.objects.for_user(request.user), request)
    today = timezone.localdate()
    reform_on = _day(request.GET.get("reform"), selectors.reform_day(members) or today)
    after_on = _day(request.GET.get("after"), reform_on)  # by default the team as appointed on the reform day
    zones = Zone.objects.for_user(request.user).filter(pk__in=members.values("zone")).order_by("pk")
    rows = [
        (zone, selectors.team_comparison(members.filter(zone=zone), reform_on=reform_on, after_on=after_on))
        for zone in zones
    ]
    return render(
        request,
        "personnel/teams.html",
        {
            "total": selectors.team_comparison(members, reform_on=reform_on, after_on=after_on),
            "rows": rows,
            "reform_on": reform_on,
            "after_on": after_on,
            "page": page_of(
                request,
                members.filter(left_on__isnull=True)
                .select_related("zone")
                .order_by("zone", "joined_on", "pk"),
            ),
        },
    )
