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

# The modules the zones run themselves (大审批、项目、大招商、大服务、绩效): on the city's desk their items are the
# zones' operations the city watches, not the city's own to-dos (考核待公布, 开考比例, 资格审核, 竞聘公示 …).
ZONE_OPERATIONS = ("approvals.", "projects.", "investment.", "services.", "performance.")


def split_desk(entries: list) -> tuple[list, list]:
    """The city's desk as two groups, each in the desk's own order: the city's own work first, then the zones'
    operations it watches (``ZONE_OPERATIONS``)."""
    watched = [e for e in entries if e.key.startswith(ZONE_OPERATIONS)]
    return [e for e in entries if not e.key.startswith(ZONE_OPERATIONS)], watched


@login_required
def home(request):
    reach = reach_of(request.user)
    ctx = {"desk": desk_for(request)}
    if reach.kind == "city":  # the city's own work first, the zones' operations after it, under their heading
        own, watched = split_desk(ctx["desk"])
        ctx.update(desk=own + watched, desk_own=own, desk_zones=watched)
    else:
        ctx["desk_own"] = ctx["desk"]
    if reach.kind not in TOTALS_HIDDEN:
        ctx.update(selectors.totals(request))
        if reach.kind in ("city", "system") and active_zone(request) is None:
            ctx["per_zone"] = selectors.per_zone(user=request.user)
    return render(request, "dashboard/home.html", ctx)
