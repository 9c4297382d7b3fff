"""The home page: 我的工作台 (the user's own work, core.desk) first, then the totals of the user's reach, and for
the city in its all-zones mode a row per zone that drills down into it."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from devzone.core.access import reach_of
from devzone.core.desk import desk_for
from devzone.core.zones import active_zone
from devzone.dashboard import selectors

# reaches whose home shows only their own work, no zone totals under the desk: an enterprise, and a candidate
# (应聘人员, reach "self"), for whom every figure of the city's zones would be scoped to nothing and read 0
TOTALS_HIDDEN = {"enterprise", "self"}


@login_required
def home(request):
    reach = reach_of(request.user)
    ctx = {"desk": desk_for(request)}
    if reach.kind not in TOTALS_HIDDEN:
        ctx.update(selectors.totals(request))
        if reach.kind in ("city", "system") and active_zone(request) is None:
            ctx["per_zone"] = selectors.per_zone(user=request.user)
    return render(request, "dashboard/home.html", ctx)
