"""竞聘上岗 pages: the zone's competitions, and one competition with its posts, entries, scores and figures."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from devzone.core.access import reach_of, require_right
from devzone.core.web import page_of, refusals, row_post, scoped_or_404
from devzone.core.zones import narrow
from devzone.personnel import selectors
from devzone.personnel.models import Competition, CompetitionEntry
from devzone.personnel.services import competition as svc


@login_required
def competition_list(request):
    require_right(request.user, "view", Competition)
    rows = narrow(Competition.objects.for_user(request.user).select_related("zone"), request)
    return render(request, "personnel/competition_list.html", {"page": page_of(request, rows)})


@login_required
def competition_detail(request, pk):
    comp = scoped_or_404(Competition.objects, pk, user=request.user)
    entries = (
        CompetitionEntry.objects.for_user(request.user)
        .filter(competition=comp)
        .select_related("staff", "target__post", "previous_post")
    )
    return render(
        request,
        "personnel/competition_detail.html",
        {
            "comp": comp,
            "entries": entries,
            "figures": selectors.competition_figures(comp),
            "may_change": (
                may_change := Competition.objects.for_user(request.user, "change").filter(pk=pk).exists()
            ),
            "may_decide": may_change and reach_of(request.user).role in svc.DECIDERS,
        },
    )


@row_post(Competition, "change")
def competition_action(request, comp, action):
    moves = {
        "close": (svc.competition_close, _("已截止报名，开始评分")),
        "publish": (svc.competition_publish, _("已公布拟任用人选，公示开始")),
        "finalize": (svc.competition_finalize, _("已正式任用")),
    }
    if action == "score":
        entry = scoped_or_404(
            CompetitionEntry.objects, request.POST.get("entry"), user=request.user, action="change"
        )
        service = lambda **kw: svc.entry_score(  # noqa: E731
            entry=entry, speech=request.POST.get("speech"), evaluation=request.POST.get("evaluation"), **kw
        )
        done = _("已评分")
    elif action in moves:
        move, done = moves[action]
        service = lambda **kw: move(competition=comp, **kw)  # noqa: E731
    else:
        raise PermissionDenied
    with refusals(request) as outcome:
        service(actor=request.user)
    if outcome.ok:
        messages.success(request, done)
    return redirect(comp.get_absolute_url())
